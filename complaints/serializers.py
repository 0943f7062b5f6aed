"""What the complaints and relationships API reads and writes (API.md): parsing and shapes only, no rules.

The bodies check only the shape of what was sent (JSON types, unknown fields); what the values mean
(a person who exists and is not the caller, a category, an outcome the law allows, the Independent
Person's views before a decision) is checked by the actions, which list every bad field themselves.
"""
from rest_framework import serializers

from requests_app.enquiries.serializers import _Body
from requests_app.serializers import LondonDateTimeField, RequestEventSerializer

from . import policy
from .models import Category, ComplaintStatus, Finding, Outcome, PersonKind, RelationshipKind


def _text(what, **kwargs):
    # No max_length here: the action checks lengths along with everything else, so that every bad
    # field is listed in one answer.
    return serializers.CharField(required=False, default="", allow_blank=True, trim_whitespace=False,
                                 error_messages={"invalid": f"Write {what} as text.",
                                                 "null": f"Write {what} as text, or leave it out."}, **kwargs)


def _choices(choices):
    return ", ".join(value for value, _ in choices)


class _ChoiceOrNull(serializers.ChoiceField):
    """A choice, or null while none has been made (stored as an empty string)."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None


# Bodies

class ComplaintCreateSerializer(_Body):
    """A member's or officer's complaint about a named member or officer; any other field is refused (400)."""

    about = _text("the username", help_text="The username of the member or officer the complaint is about; not "
                  "yourself. Who handles it follows from the council data (CMP-ROUTE-OFFICER, CMP-ROUTE-MEMBER, "
                  "CMP-CONFLICT).")
    category = _text("the category", help_text=f"One of {_choices(Category.choices)} (bullying covers "
                     "harassment: CMP-BULLYING).")
    details = _text("the details", help_text="What happened: what was said or done, when, and who was there.")
    formal = serializers.BooleanField(required=False, default=False, error_messages={
        "invalid": "Write formal as true or false.", "null": "Write formal as true or false."},
        help_text="A formal complaint; one about the Chief Executive is also told to the chair of the employment "
                  "committee (CMP-ROUTE-OFFICER).")


class ComplaintAcknowledgeSerializer(_Body):
    note = _text("the note", help_text="Anything to tell the complainant with the acknowledgement (CMP-TIMES).")


class ComplaintAssessSerializer(_Body):
    assessment = _text("the assessment", help_text="The initial assessment: what the complaint alleges and how it "
                       "will be dealt with (CMP-TIMES); the complainant is told it was made.")


class ComplaintEscalateSerializer(_Body):
    reasons = _text("the reasons", help_text="Why the difficulty could not be resolved at your level; it passes to "
                    "the next step of the route (CMP-ARBITRATE).")


class ComplaintOutcomeSerializer(_Body):
    outcome = _text("the outcome", help_text=f"About a member: one of {', '.join(policy.MEMBER_OUTCOMES)}; about an "
                    f"officer: one of {', '.join(policy.OFFICER_OUTCOMES)}. Suspension is not an available sanction "
                    "(CMP-OUTCOMES).")
    reasons = _text("the reasons", help_text="The reasons for the outcome; the complainant sees them.")


class ComplaintIndependentPersonSerializer(_Body):
    independent_person = _text("the username", help_text="The username of the Independent Person whose views these "
                               "are (CMP-OUTCOMES; Localism Act 2011 s.28(7)).")
    views = _text("the views", help_text="The Independent Person's views on the investigated allegation.")


class ComplaintDecisionSerializer(_Body):
    finding = _text("the finding", help_text=f"One of {_choices(Finding.choices)}; only once the Independent "
                    "Person's views are recorded (CMP-OUTCOMES).")
    reasons = _text("the reasons", help_text="The reasons for the decision; the complainant sees them.")


class RelationshipDeclareSerializer(_Body):
    other = _text("the username", help_text="The username of the member or officer you have the relationship with: "
                  "an officer if you are a member, a member if you are an officer (REL-DECLARE).")
    kind = _text("the kind", help_text=f"One of {_choices(RelationshipKind.choices)} (REL-DECLARE).")


class NoFieldsSerializer(_Body):
    """No fields: for the endpoints that take no body; anything sent is refused (400)."""


# Answers

class RouteStepSerializer(serializers.Serializer):
    """One step of the route a complaint may climb (CMP-ROUTE-*, CMP-CONFLICT, CMP-ARBITRATE)."""

    step = serializers.ChoiceField(choices=[(policy.LINE, "The management line"),
                                            (policy.MONITORING_OFFICER, "The Monitoring Officer or deputy"),
                                            (policy.CHIEF_EXECUTIVE, "The Chief Executive"),
                                            (policy.STANDARDS, "The Standards Committee")], read_only=True)
    username = serializers.CharField(allow_null=True, read_only=True,
                                     help_text="Who takes this step; null for the Standards Committee.")
    name = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True)
    skipped = serializers.CharField(read_only=True, help_text="Why this person does not handle it (CMP-CONFLICT), "
                                    "or empty.")


class ComplaintSerializer(serializers.Serializer):
    """One complaint as those CMP-PRIVACY lets see it see it."""

    # The view sets ``audit_events`` on each instance (selectors.with_events): one query for a page.
    id = serializers.UUIDField(source="public_id", read_only=True)
    complainant = serializers.CharField(source="complainant.username", read_only=True)
    about = serializers.CharField(source="subject.username", read_only=True)
    about_kind = serializers.ChoiceField(source="subject_kind", choices=PersonKind.choices, read_only=True)
    category = serializers.ChoiceField(choices=Category.choices, read_only=True)
    formal = serializers.BooleanField(read_only=True)
    details = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=ComplaintStatus.choices, read_only=True)
    handler = serializers.CharField(source="handler.username", allow_null=True, read_only=True,
                                    help_text="Who handles it now; null once it is with the Standards Committee.")
    route = RouteStepSerializer(many=True, read_only=True)
    route_position = serializers.IntegerField(read_only=True, help_text="The index in route of the step it has "
                                              "reached (CMP-ARBITRATE).")
    ack_due_at = LondonDateTimeField(source="acknowledgement_deadline.target_at", allow_null=True, read_only=True,
                                     help_text="When acknowledgement is due (CMP-TIMES); null with no handler.")
    assess_due_at = LondonDateTimeField(source="assessment_deadline.target_at", allow_null=True, read_only=True,
                                        help_text="When the initial assessment is due (CMP-TIMES); null with no "
                                                  "handler.")
    acknowledged_at = LondonDateTimeField(allow_null=True, read_only=True)
    assessment = serializers.CharField(read_only=True)
    subject_notified_at = LondonDateTimeField(allow_null=True, read_only=True,
                                              help_text="When the person complained about was told; they see it "
                                                        "from then on (CMP-PRIVACY).")
    outcome = _ChoiceOrNull(choices=Outcome.choices, help_text="The outcome (CMP-OUTCOMES), or null.")
    outcome_reasons = serializers.CharField(read_only=True)
    decision_reasons = serializers.CharField(read_only=True, help_text="Why the investigated allegation was decided "
                                             "so (CMP-OUTCOMES).")
    independent_person = serializers.CharField(source="independent_person.user.username", allow_null=True,
                                               read_only=True)
    independent_person_views = serializers.CharField(read_only=True)
    finding = _ChoiceOrNull(choices=Finding.choices, help_text="The decision on an investigated allegation "
                            "(CMP-OUTCOMES), or null.")
    received_at = LondonDateTimeField(read_only=True)
    events = RequestEventSerializer(source="audit_events", many=True, read_only=True)


class RelationshipSerializer(serializers.Serializer):
    """One of the caller's declared relationships (REL-DECLARE); ``with`` needs ``context["user"]``."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = serializers.ChoiceField(choices=RelationshipKind.choices, read_only=True)
    active = serializers.BooleanField(source="is_active", read_only=True)
    declared_by = serializers.CharField(source="declared_by.username", allow_null=True, read_only=True,
                                        help_text="Who declared it in the portal; null for one in the council's own "
                                                  "records.")
    declared_at = LondonDateTimeField(allow_null=True, read_only=True)
    withdrawn_at = LondonDateTimeField(allow_null=True, read_only=True)

    def get_fields(self):
        # "with" is a Python keyword, so it cannot be declared in the class body.
        fields = super().get_fields()
        fields = {"id": fields.pop("id"), "with": serializers.SerializerMethodField(
            method_name="get_with", help_text="The username of the other person."), **fields}
        return fields

    def get_with(self, relationship) -> str:
        mine = self.context["user"].pk
        return (relationship.person_b if relationship.person_a_id == mine else relationship.person_a).username


class RegisterEntrySerializer(serializers.Serializer):
    """One entry in the register of declared relationships (REL-DECLARE), for the Monitoring Officer."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    person_a = serializers.CharField(source="person_a.username", read_only=True)
    person_b = serializers.CharField(source="person_b.username", read_only=True)
    kind = serializers.ChoiceField(choices=RelationshipKind.choices, read_only=True)
    active = serializers.BooleanField(source="is_active", read_only=True)
    declared_by = serializers.CharField(source="declared_by.username", allow_null=True, read_only=True)
    declared_at = LondonDateTimeField(allow_null=True, read_only=True)
    withdrawn_at = LondonDateTimeField(allow_null=True, read_only=True)
