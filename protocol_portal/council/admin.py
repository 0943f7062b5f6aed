"""The Django admin for council data: staff only, and read-mostly.

The council file (``import_council``) is how council data changes, so that every change is
validated as a whole and audited; the admin lets staff look, search and follow links.
"""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Council, User


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, search and follow links; change nothing. The Monitoring Officer's staff may look too."""

    def has_view_permission(self, request, obj=None):
        from .admin_site import may_use_admin

        return super().has_view_permission(request, obj) or may_use_admin(request.user)

    def has_module_permission(self, request):
        from .admin_site import may_use_admin

        return super().has_module_permission(request) or may_use_admin(request.user)

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

    def has_view_permission(self, request, obj=None):
        from .admin_site import may_use_admin

        return super().has_view_permission(request, obj) or may_use_admin(request.user)

    def has_module_permission(self, request):
        from .admin_site import may_use_admin

        return super().has_module_permission(request) or may_use_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser  # people come from the council file; only a superuser edits accounts

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate, never delete: history points at people


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ["name", "nation", "bank_holidays", "enquiry_response_days", "briefing_approver"]
