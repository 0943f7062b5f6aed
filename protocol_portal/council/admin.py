"""The Django admin for council data: staff only, and read-mostly.

The council file (``import_council``) is how council data changes, so that every change is
validated as a whole and audited; the admin lets staff look, search and follow links.
"""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Council, User


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "name", "email", "is_active", "is_staff"]
    search_fields = ["username", "name", "email"]
    fieldsets = [(None, {"fields": ["username", "password"]}), ("Person", {"fields": ["name", "email"]}),
                 ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]})]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate, never delete: history points at people


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ["name", "nation", "bank_holidays", "enquiry_response_days", "briefing_approver"]
