from django.contrib import admin

from protocol_portal.council.admin import ReadOnlyAdmin

from .models import Briefing
from .selectors import briefings_visible_to


@admin.register(Briefing)
class BriefingAdmin(ReadOnlyAdmin):
    """Lists briefings through the same selector as the pages (BRF-CONFIDENTIAL): staff see only what their
    role lets them see, and never the question, the advice, the report or a group's record."""

    list_display = ["public_id", "subject", "group", "member", "department", "status", "approver", "officer",
                    "requested_at"]
    list_filter = ["status"]
    exclude = ["question", "advice", "advice_differences", "report"]

    def get_queryset(self, request):
        return briefings_visible_to(request.user)
