"""What the enquiries API reads and writes (API.md): parsing and shapes only, no rules.

The bodies check only the shape of what was sent (JSON types, dates, unknown fields); what the
values mean (a required subject, a ward the member may ask about, a revised date after the target,
a member who may be copied) is checked by the actions, which list every bad field themselves.
"""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from requests_app.serializers import LondonDateTimeField, RequestEventSerializer

from .actions import MAX_TEXT, SUBJECT_LENGTH
from .models import CopyReason, EnquiryStatus, MessageKind
from .rules import DECLINE_RULES

# ENQ-TRIAGE: the order enquiries are answered in is not the member's to choose.
PRIORITY_MESSAGE = ("Members cannot set an enquiry's priority (ENQ-TRIAGE): Democratic Services or the department "
                    "decides who answers it, and enquiries are answered in the order their targets fall. "
                    "Leave priority out.")


def _text(what, **kwargs):
    # No max_length here: the action checks lengths along with everything else, so that a too-long
    # subject and a missing question are listed together in one answer.
    return serializers.CharField(required=False, default="", allow_blank=True, trim_whitespace=False,
                                 error_messages={"invalid": f"Write {what} as text.",
                                                 "null": f"Write {what} as text, or leave it out."}, **kwargs)


def _usernames(what, **kwargs):
    return serializers.ListField(
        child=serializers.CharField(max_length=150, error_messages={"invalid": "Give each member by their username."}),
        required=False, default=list, max_length=100,
        error_messages={"not_a_list": f"Give {what} as a list of members' usernames.",
                        "null": f"Give {what} as a list of members' usernames, or leave it out.",
                        "max_length": f"Give no more than 100 usernames in {what}."}, **kwargs)


class _Body(serializers.Serializer):
    """Fields not listed here are refused: each is named as a bad field (400), with any others."""

    unknown_field_messages = {}

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, dict):
            for name in data:
                # A browser session's form post carries its CSRF token in the body: not a field, not an error.
                if name not in self.fields and name != "csrfmiddlewaretoken":
                    unknown[name] = [self.unknown_field_messages.get(name) or (
                        f"{name} is not a field of this request; the fields are {', '.join(self.fields)}.")]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({**error.detail, **unknown}) if isinstance(error.detail, dict) \
                else error
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class OnBehalfOfSerializer(serializers.Serializer):
    """The constituent an enquiry is for (ENQ-ON-BEHALF). Used for the schema; the action checks it."""

    name = serializers.CharField(max_length=200, help_text="The constituent's name.")
    ward = serializers.CharField(help_text="The code of the ward the matter concerns: one of the member's wards, "
                                 "unless a role the Council gave the member covers it.")
    consent = serializers.BooleanField(help_text="That the constituent has agreed to the member asking for them; "
                                       "must be true.")


@extend_schema_field(OnBehalfOfSerializer(allow_null=True))
class OnBehalfOfField(serializers.JSONField):
    """Passed to the action as sent, so its errors name ``on_behalf_of.name``, ``.ward`` and ``.consent``."""


class EnquiryCreateSerializer(_Body):
    """A member's enquiry. There is no priority: members cannot set one (ENQ-TRIAGE), and sending it, or any
    other field not listed here, is refused (400)."""

    unknown_field_messages = {"priority": PRIORITY_MESSAGE}

    subject = _text("the subject", help_text=f"A few words, e.g. \"Fly-tipping on Canal Path\"; up to {SUBJECT_LENGTH} "
                    "characters.")
    question = _text("the question", help_text=f"What the member needs to know, and why; up to {MAX_TEXT} characters.")
    department = serializers.CharField(
        required=False, default=None, allow_null=True, allow_blank=True,
        error_messages={"invalid": "Give the department by its code, e.g. ENV, or null."},
        help_text="The department's code, or null for Democratic Services to route it (ENQ-TRIAGE).")
    confidential = serializers.BooleanField(
        required=False, default=False, error_messages={
            "invalid": "Write confidential as true or false.", "null": "Write confidential as true or false."},
        help_text="Keep the advice confidential from other members (ENQ-CONFIDENTIAL).")
    on_behalf_of = OnBehalfOfField(required=False, default=None, allow_null=True,
                                   help_text="The constituent the enquiry is for, with their consent (ENQ-ON-BEHALF).")


class AssignSerializer(_Body):
    officer = _text("the officer", help_text="The username of the officer to answer it (ENQ-TRIAGE); "
                    "never one with a declared relationship with the member (REL-CONFLICT).")


class RouteSerializer(_Body):
    department = _text("the department", help_text="The code of the department to answer it instead (ENQ-TRIAGE).")


class _Reply(_Body):
    copy_to = _usernames("copy_to", help_text="Other members to copy the reply to; the member who asked is told "
                         "in the reply itself (COR-COPY). Not allowed on a confidential enquiry (ENQ-CONFIDENTIAL).")
    concerns = _usernames("concerns", help_text="Members the reply contains information about: they are copied "
                          "(COR-CONCERNS), even on a confidential enquiry.")


class HoldingReplySerializer(_Reply):
    reasons = _text("the reasons", help_text="Why a full response cannot be sent in time; the member sees them "
                    "(ENQ-HOLDING).")
    revised_date = serializers.DateField(
        required=False, default=None, allow_null=True, input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Write the revised date as YYYY-MM-DD, e.g. 2027-01-15.",
                        "datetime": "Write the revised date as YYYY-MM-DD, e.g. 2027-01-15, without a time."},
        help_text="When the full response will be sent, after the current target. Sent before the target passes, "
                  "the holding reply moves the target to this date (ENQ-HOLDING).")


class ResponseSerializer(_Reply):
    text = _text("the response", help_text="The full response to the member's question (ENQ-DUE).")


class DeclineSerializer(_Reply):
    reason = _text("the reason", help_text="Why this is work of a purely political or personal nature; the member "
                   "sees it (ENQ-DECLINE).")
    rule = _text("the rule", help_text=f"The rule declined under: {', '.join(DECLINE_RULES)}.")


class GuidanceSerializer(_Body):
    note = _text("the note", help_text="Whose guidance was sought and why answering needs significant resources "
                 "(ENQ-RESOURCES).")


# Answers

class OnBehalfOfAnswerSerializer(serializers.Serializer):
    name = serializers.CharField(source="on_behalf_name", read_only=True)
    ward = serializers.CharField(source="on_behalf_ward.code", read_only=True)
    consent = serializers.BooleanField(source="on_behalf_consent", read_only=True)


class MessageCopySerializer(serializers.Serializer):
    member = serializers.CharField(source="member.user.username", read_only=True)
    reason = serializers.ChoiceField(choices=CopyReason.choices, read_only=True,
                                     help_text="copy: at the officer's choice (COR-COPY); concerns: it is about them "
                                               "(COR-CONCERNS).")


class EnquiryMessageSerializer(serializers.Serializer):
    """A reply, with everyone it went to besides the member who asked (COR-NO-BLIND)."""

    kind = serializers.ChoiceField(choices=MessageKind.choices, read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    text = serializers.CharField(read_only=True)
    revised_date = serializers.DateField(allow_null=True, read_only=True, help_text="A holding reply's revised date.")
    in_time = serializers.BooleanField(allow_null=True, read_only=True,
                                       help_text="A holding reply sent before the target passed (ENQ-HOLDING).")
    sent_at = LondonDateTimeField(read_only=True)
    copied_to = MessageCopySerializer(source="copies.all", many=True, read_only=True)


class EnquirySerializer(serializers.Serializer):
    """One enquiry as the caller may see it. A member who sees it only because a reply was copied to them
    (COR-COPY, COR-CONCERNS) is shown only those replies: not the question, the constituent or the history."""

    # The view sets ``audit_events``, ``escalated_to``, ``visible_messages`` and ``copy_reader`` on each
    # instance, in a fixed number of queries for a whole page.

    id = serializers.UUIDField(source="public_id", read_only=True)
    member = serializers.CharField(source="member.user.username", read_only=True)
    subject = serializers.CharField(read_only=True)
    question = serializers.CharField(read_only=True, help_text="Empty for a member who was only copied a reply.")
    department = serializers.CharField(source="department.code", read_only=True)
    confidential = serializers.BooleanField(read_only=True)
    on_behalf_of = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=EnquiryStatus.choices, read_only=True)
    received_at = LondonDateTimeField(read_only=True)
    due_at = LondonDateTimeField(source="deadline.due_at", read_only=True,
                                 help_text="When the full response is due (ENQ-DUE, WD-COUNT); never moves.")
    target_at = LondonDateTimeField(source="deadline.target_at", read_only=True,
                                    help_text="The current target; a holding reply in time moves it (ENQ-HOLDING).")
    escalation_level = serializers.IntegerField(source="deadline.escalation_level", read_only=True,
                                                help_text="0 none, 1 the Director told, 2 the Chief Executive told "
                                                          "(ENQ-ESCALATE).")
    assigned_to = serializers.CharField(source="assigned_to.user.username", allow_null=True, read_only=True)
    escalated_to = serializers.ListField(child=serializers.CharField(), read_only=True,
                                         help_text="Usernames of those the enquiry was escalated to (ENQ-ESCALATE).")
    messages = EnquiryMessageSerializer(source="visible_messages", many=True, read_only=True,
                                        help_text="The replies the caller may read.")
    events = RequestEventSerializer(source="audit_events", many=True, read_only=True)

    @extend_schema_field(OnBehalfOfAnswerSerializer(allow_null=True))
    def get_on_behalf_of(self, enquiry):
        if not enquiry.on_behalf or enquiry.copy_reader:
            return None
        return OnBehalfOfAnswerSerializer(enquiry).data

    def to_representation(self, instance):
        answer = super().to_representation(instance)
        if instance.copy_reader:
            answer["question"] = ""
            answer["events"] = []
        return answer
