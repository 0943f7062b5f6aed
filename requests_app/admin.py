from django.contrib import admin

from protocol_portal.council.admin import ReadOnlyAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Lists titles and classifications only: a document's text is read through the portal,
    where the access rules decide and every read is recorded."""

    list_display = ["ref", "title", "classification", "department", "body", "meeting", "is_active"]
    list_filter = ["classification", "department", "is_active"]
    search_fields = ["ref", "title"]
    list_select_related = ["department", "body", "meeting"]
    exclude = ["body_text"]
