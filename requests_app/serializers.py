"""What the documents and access-request API reads and writes (API.md): parsing and shapes only, no rules."""
from django.utils import timezone
from rest_framework import serializers

from .actions import MAX_TEXT
from .models import AccessRequest, AccessStatus, Classification

SCRUTINY_REFERENCE_LENGTH = AccessRequest._meta.get_field("scrutiny_reference").max_length


def _boolean(name):
    return serializers.BooleanField(default=False, error_messages={
        "invalid": f"Write {name} as true or false.", "null": f"Write {name} as true or false."})


def _text(what, *, max_length=MAX_TEXT, required_message="", **kwargs):
    return serializers.CharField(allow_blank=True, max_length=max_length, error_messages={
        "max_length": f"Keep {what} under {max_length} characters.", "required": required_message,
        "invalid": f"Write {what} as text.", "null": f"Write {what} as text, or leave it out."}, **kwargs)


class LondonDateTimeField(serializers.DateTimeField):
    """ISO 8601 in Europe/London with its offset, e.g. ``2026-12-07T23:59:59+00:00`` (never ``Z``)."""

    def to_representation(self, value):
        # The council's zone from settings, whatever zone a request may have activated.
        return timezone.localtime(value, timezone.get_default_timezone()).isoformat() if value else None


# Queries and bodies

class DocumentQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=200,
                              help_text="Words in the title, ref or summary.")
    body = serializers.CharField(required=False, default="", allow_blank=True, max_length=64,
                                 help_text="Only documents about this body's business, by code, e.g. CABINET.")
    meeting = serializers.CharField(required=False, default="", allow_blank=True, max_length=64,
                                    help_text="Only documents for this meeting, by ref.")


class AccessRequestCreateSerializer(serializers.Serializer):
    document = serializers.CharField(max_length=64, help_text="The document's ref, e.g. DOC-0014.", error_messages={
        "required": "Give the ref of the document you want to see, e.g. DOC-0014.",
        "blank": "Give the ref of the document you want to see, e.g. DOC-0014.",
        "null": "Give the ref of the document you want to see, e.g. DOC-0014.",
        "invalid": "Write the document's ref as text, e.g. DOC-0014."})
    justification = _text("the justification", required_message=(
        "Say why you need this document to carry out your role as a member."), help_text=(
        "Why you need the document for your role as a member (ACC-NO-ROVING): name the role and what it is for."))
    on_behalf_of_constituent = _boolean("on_behalf_of_constituent")
    declared_interest = _boolean("declared_interest")
    scrutiny_reference = _text("the scrutiny reference", max_length=SCRUTINY_REFERENCE_LENGTH, default="",
                               help_text="The scrutiny item or work-programme review it serves (ACC-SCRUTINY).")


class DeterminationSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("grant", "Grant"), ("refuse", "Refuse")], error_messages={
        "required": "Choose whether to grant or refuse: decision is grant or refuse.",
        "invalid_choice": "decision must be grant or refuse.",
        "null": "decision must be grant or refuse."})
    reasons = _text("the reasons", default="", help_text="Required to refuse, and to settle a dispute either way.")


class ReferSerializer(serializers.Serializer):
    reasons = _text("the reasons", default="", help_text="Why you are handing it to the Monitoring Officer.")


class DisputeSerializer(serializers.Serializer):
    grounds = _text("the grounds", default="", help_text="Why you think the refusal is wrong.")


# Answers

class DocumentSerializer(serializers.Serializer):
    ref = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    classification = serializers.ChoiceField(choices=Classification.choices, read_only=True)
    exempt_paragraphs = serializers.ListField(child=serializers.IntegerField(), read_only=True,
                                              help_text="Schedule 12A paragraphs that make it exempt.")
    body = serializers.CharField(source="body.code", allow_null=True, read_only=True)
    meeting = serializers.CharField(source="meeting.ref", allow_null=True, read_only=True)
    department = serializers.CharField(source="department.code", read_only=True, help_text="The holding department.")
    summary = serializers.CharField(read_only=True)
    can_read = serializers.BooleanField(read_only=True, help_text="Whether the caller may read its content now.")


class DocumentContentSerializer(serializers.Serializer):
    ref = serializers.CharField(read_only=True)
    body_text = serializers.CharField(read_only=True)
    notice = serializers.CharField(read_only=True, help_text="The ACC-USE notice for a non-public document; empty "
                                   "for a published one.")


class RequestEventSerializer(serializers.Serializer):
    at = LondonDateTimeField(source="occurred_at", read_only=True)
    actor = serializers.CharField(source="actor_username", allow_null=True, read_only=True,
                                  help_text="Username, or null for the system itself.")
    verb = serializers.CharField(read_only=True)
    rules = serializers.ListField(source="rule_ids", child=serializers.CharField(), read_only=True)
    reasons = serializers.CharField(read_only=True)

    def to_representation(self, instance):
        answer = super().to_representation(instance)
        answer["actor"] = answer["actor"] or None
        return answer


class AccessRequestSerializer(serializers.Serializer):
    """One request as its requester, its assignee and the Monitoring Officer see it."""

    # ``audit_events`` is loaded on each instance by the view: one query for a whole page.
    id = serializers.UUIDField(source="public_id", read_only=True)
    document = serializers.CharField(source="document.ref", read_only=True)
    member = serializers.CharField(source="member.user.username", read_only=True)
    status = serializers.ChoiceField(choices=AccessStatus.choices, read_only=True)
    rules = serializers.ListField(source="rule_ids", child=serializers.CharField(), read_only=True)
    reasons = serializers.CharField(read_only=True)
    assigned_to = serializers.CharField(source="assigned_to.user.username", allow_null=True, read_only=True)
    due_at = LondonDateTimeField(allow_null=True, read_only=True)
    final = serializers.BooleanField(read_only=True)
    events = RequestEventSerializer(source="audit_events", many=True, read_only=True)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
