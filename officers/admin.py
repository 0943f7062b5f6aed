from django.contrib import admin

from protocol_portal.council.admin import ReadOnlyAdmin

from .models import Department, Directorate, Officer, StatutoryAppointment


@admin.register(Officer)
class OfficerAdmin(ReadOnlyAdmin):
    list_display = ["user", "post", "grade", "department", "manager", "is_active"]
    list_filter = ["grade", "department", "is_active"]
    search_fields = ["user__username", "user__name", "post"]
    list_select_related = ["user", "department", "manager__user"]


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "directorate", "head"]
    list_select_related = ["directorate", "head__user"]


@admin.register(Directorate)
class DirectorateAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "director"]
    list_select_related = ["director__user"]


@admin.register(StatutoryAppointment)
class StatutoryAppointmentAdmin(ReadOnlyAdmin):
    list_display = ["role", "officer"]
    list_select_related = ["officer__user"]
