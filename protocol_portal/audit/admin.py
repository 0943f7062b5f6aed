from django.contrib import admin

from protocol_portal.council.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: AUD-CHAIN forbids changing or removing history, here as everywhere."""

    list_display = ["sequence", "occurred_at", "actor_username", "verb", "target_type", "target_id", "rules"]
    list_filter = ["verb", "target_type"]
    search_fields = ["actor_username", "verb", "target_id", "reasons"]
    list_select_related = False
    date_hierarchy = "occurred_at"

    @admin.display(description="Rules")
    def rules(self, event):
        return ", ".join(event.rule_ids)
