from django.contrib import admin

from protocol_portal.council.admin import ReadOnlyAdmin

from .models import Deadline


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    """The clocks the sweep watches, without their titles (an enquiry's subject may be confidential)."""

    list_display = ["clock", "item_type", "item_id", "department", "target_at", "escalation_level", "closed_at"]
    list_filter = ["clock", "escalation_level"]
    list_select_related = ["department"]
    exclude = ["title", "path"]
