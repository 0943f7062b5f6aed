from django.contrib import admin, messages

from protocol_portal.council.admin import ReadOnlyAdmin
from protocol_portal.council.errors import ActionError, NotFound

from . import actions
from .models import OversightAccess


@admin.register(OversightAccess)
class OversightAccessAdmin(ReadOnlyAdmin):
    """Staff authorised to see the oversight pages. Withdrawing goes through the same action as the page."""

    list_display = ["user", "granted_by", "granted_at", "revoked_at"]
    list_select_related = ["user", "granted_by"]
    actions = ["withdraw"]

    @admin.action(description="Withdraw the selected authorisations")
    def withdraw(self, request, queryset):
        for grant in queryset.filter(revoked_at__isnull=True):
            try:
                actions.oversight_revoke(acting_user=request.user, grant=grant)
            except NotFound:
                self.message_user(request, "Only the Monitoring Officer or deputy can withdraw an authorisation.",
                                  messages.ERROR)
                return
            except ActionError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
        self.message_user(request, "Withdrawn.", messages.SUCCESS)
