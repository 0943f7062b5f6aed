from django.contrib import admin

from protocol_portal.council.admin import ReadOnlyAdmin

from .models import DeclaredRelationship


@admin.register(DeclaredRelationship)
class DeclaredRelationshipAdmin(ReadOnlyAdmin):
    list_display = ["person_a", "person_b", "kind", "is_active"]
    list_select_related = ["person_a", "person_b"]
