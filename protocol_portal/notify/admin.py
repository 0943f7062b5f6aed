from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by actions and emptied by the sweep."""

    list_display = ["subject", "email", "reason", "created_at", "sent_at", "attempts"]
    list_filter = ["reason"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
