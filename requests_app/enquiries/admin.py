from django.contrib import admin

from protocol_portal.council.admin import ReadOnlyAdmin

from .models import Enquiry
from .selectors import enquiries_visible_to


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnlyAdmin):
    """Lists enquiries through the same selector as the pages: staff see what their role lets them see."""

    list_display = ["public_id", "subject", "member", "department", "status", "assigned_to", "received_at"]
    list_filter = ["status"]
    exclude = ["question", "on_behalf_name"]

    def get_queryset(self, request):
        return enquiries_visible_to(request.user)
