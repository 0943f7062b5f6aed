from django.contrib import admin

from protocol_portal.council.admin import ReadOnlyAdmin

from .models import Body, BodyMembership, Meeting, Member, PoliticalGroup, Ward


class BodyMembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 0
    can_delete = False
    readonly_fields = ["member", "position"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "group", "term_start", "term_end", "is_active"]
    list_filter = ["kind", "group", "is_active"]
    search_fields = ["user__username", "user__name"]
    list_select_related = ["user", "group"]


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind"]
    inlines = [BodyMembershipInline]
    list_select_related = ["parent"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["ref", "body", "date", "public"]
    list_select_related = ["body"]


@admin.register(PoliticalGroup)
class PoliticalGroupAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "is_active"]


@admin.register(Ward)
class WardAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "is_active"]
