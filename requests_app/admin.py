from django.contrib import admin
from django.utils import timezone

from protocol_portal.council.admin import ReadOnlyAdmin

from .models import AccessRequest, Document
from .selectors import access_requests_visible_to, documents_visible_to


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Lists catalogue entries only, through the same selector as every page: group papers stay with
    their group, and a document's text is read through the portal, where every read is recorded."""

    list_display = ["ref", "title", "classification", "department", "body", "meeting", "is_active"]
    list_filter = ["classification", "department", "is_active"]
    search_fields = ["ref", "title"]
    exclude = ["body_text"]

    def get_queryset(self, request):
        return documents_visible_to(request.user, today=timezone.localdate())


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "document", "member", "status", "assigned_to", "due_at", "final"]
    list_filter = ["status", "final"]
    exclude = ["justification", "dispute_grounds"]

    def get_queryset(self, request):
        return access_requests_visible_to(request.user)
