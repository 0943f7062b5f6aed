"""What the briefings API reads and writes (API.md): parsing and shapes only, no rules.

The bodies check only the shape of what was sent (JSON types, dates, unknown fields); what the
values mean (a senior officer, a reason with non-council attendees, a department that exists) is
checked by the actions, which list every bad field themselves.
"""
from rest_framework import serializers

from requests_app.enquiries.serializers import _Body
from requests_app.serializers import LondonDateTimeField, RequestEventSerializer

from .actions import SUBJECT_LENGTH
from .models import AttributionStatus, BriefingStatus, OfferStatus, RecordStatus

DATE_MESSAGE = "Write the date as YYYY-MM-DD, e.g. 2027-01-15."


def _text(what, **kwargs):
    # No max_length here: the action checks lengths along with everything else, so that every bad
    # field is listed in one answer.
    return serializers.CharField(required=False, default="", allow_blank=True, trim_whitespace=False,
                                 error_messages={"invalid": f"Write {what} as text.",
                                                 "null": f"Write {what} as text, or leave it out."}, **kwargs)


def _boolean(name, default, **kwargs):
    return serializers.BooleanField(required=False, default=default, error_messages={
        "invalid": f"Write {name} as true or false.", "null": f"Write {name} as true or false."}, **kwargs)


def _code(what, **kwargs):
    return serializers.CharField(required=False, default=None, allow_null=True, allow_blank=True,
                                 error_messages={"invalid": f"Give {what} as text."}, **kwargs)


class BriefingCreateSerializer(_Body):
    """A group's request for an officer briefing (BRF-REQUEST); any field not listed here is refused (400)."""

    subject = _text("the subject", help_text=f"A few words, e.g. \"The draft local plan\"; up to {SUBJECT_LENGTH} "
                    "characters.")
    question = _text("the question", help_text="What the group would like the officer to brief it on.")
    department = _code("the department by its code, e.g. PLAN",
                       help_text="The code of the department whose business the briefing concerns; its Director, "
                                 "or the Chief Executive, approves it (BRF-APPROVE).")
    non_council_attendees = _boolean("non_council_attendees", False,
                                     help_text="Whether people who are not council members will attend "
                                               "(BRF-NON-COUNCIL).")
    requested_date = serializers.DateField(
        required=False, default=None, allow_null=True, input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_MESSAGE, "datetime": f"{DATE_MESSAGE} Leave out the time."},
        help_text="The date the group would like the briefing, today or later.")
    meeting = _code("the meeting by its ref", help_text="The ref of the meeting the briefing prepares for, or null.")
    council_business = _boolean("council_business", True,
                                help_text="That the briefing is on Council business, not party business; false "
                                          "is refused (BRF-SCOPE).")


class BriefingApproveSerializer(_Body):
    officer = _text("the officer", help_text="The username of the senior officer (service manager grade or above) "
                    "who gives the briefing (BRF-SENIOR); never one related to the member asking (REL-CONFLICT).")
    reason = _text("the reason", help_text="Why an officer should attend; required when people who are not council "
                   "members will attend (BRF-NON-COUNCIL).")


class BriefingRejectSerializer(_Body):
    reason = _text("the reason", help_text="Why the request is not approved; the group sees it (BRF-APPROVE).")


class BriefingNominateSerializer(_Body):
    officer = _text("the officer", help_text="The username of the officer to attend on the senior officer's behalf "
                    "(BRF-SENIOR).")
    reason = _text("the reason", help_text="Why, recorded with the nomination (BRF-SENIOR).")


class BriefingDeclineSerializer(_Body):
    reason = _text("the reason", help_text="Why the officer declines, e.g. it is party business (BRF-SCOPE).")


class BriefingDeliverSerializer(_Body):
    advice = _text("the advice", help_text="The advice given; other groups on the same matter receive substantially "
                   "the same (BRF-SAME-ADVICE).")
    report = _text("the report", help_text="A written report prepared for the group; any other group may ask for a "
                   "copy (BRF-NOTIFY).")
    advice_differences = _text("the differences", help_text="How and why the advice differs from that already given "
                               "to another group on the same matter (BRF-SAME-ADVICE).")


class BriefingOfferRespondSerializer(_Body):
    accept = serializers.BooleanField(error_messages={
        "required": "Say whether you accept the offer: accept is true or false.",
        "invalid": "Write accept as true or false.", "null": "Write accept as true or false."},
        help_text="true to accept the equal offer, false to decline it (BRF-EQUAL).")


class BriefingRecordWriteSerializer(_Body):
    notes = _text("the notes", help_text="The group's notes of the briefing, seen only by the group and the officers "
                  "who attended (BRF-CONFIDENTIAL).")


class BriefingAttributionAddSerializer(_Body):
    text = _text("the text", help_text="A comment or advice the record attributes to the officer who attended, for "
                 "them to verify (BRF-VERIFY).")


class BriefingAttributionVerifySerializer(_Body):
    correction = _text("the correction", help_text="Empty to verify the text as written; otherwise what the officer "
                       "actually said (BRF-VERIFY).")


class BriefingNoFieldsSerializer(_Body):
    """No fields: for the endpoints that take no body; anything sent is refused (400)."""


# Answers

class BriefingEqualOfferSerializer(serializers.Serializer):
    group = serializers.CharField(source="group.code", allow_null=True, read_only=True)
    member = serializers.CharField(source="member.user.username", allow_null=True, read_only=True,
                                   help_text="The member of no group offered it, or null.")
    # One enum for both components (settings: ENUM_NAME_OVERRIDES names it BriefingOfferStatusEnum).
    status = serializers.ChoiceField(choices=OfferStatus.choices, read_only=True,
                                     help_text="offered, accepted or declined (BRF-EQUAL).")


class BriefingSerializer(serializers.Serializer):
    """One briefing as its group, its approver and its officers see it."""

    # The view sets ``offers`` and ``audit_events`` on each instance (selectors.with_offers_and_events),
    # in a fixed number of queries for a whole page.
    id = serializers.UUIDField(source="public_id", read_only=True)
    group = serializers.CharField(source="group.code", allow_null=True, read_only=True,
                                  help_text="The group briefed, or null for a member of no group.")
    member = serializers.CharField(source="member.user.username", allow_null=True, read_only=True,
                                   help_text="The member of no group briefed, or null for a group.")
    requested_by = serializers.CharField(source="requested_by.user.username", read_only=True)
    subject = serializers.CharField(read_only=True)
    question = serializers.CharField(read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    requested_date = serializers.DateField(read_only=True)
    meeting = serializers.CharField(source="meeting.ref", allow_null=True, read_only=True)
    non_council_attendees = serializers.BooleanField(read_only=True)
    status = serializers.ChoiceField(choices=BriefingStatus.choices, read_only=True)
    approver = serializers.CharField(source="approver.user.username", read_only=True)
    officer = serializers.CharField(source="officer.user.username", allow_null=True, read_only=True,
                                    help_text="The senior officer assigned on approval (BRF-SENIOR).")
    attending_officer = serializers.CharField(source="attending_officer.user.username", allow_null=True,
                                              read_only=True,
                                              help_text="Who attends: the senior officer, or the officer they "
                                                        "nominated (BRF-SENIOR).")
    nomination_reason = serializers.CharField(read_only=True)
    decision_reason = serializers.CharField(read_only=True)
    declined_reason = serializers.CharField(read_only=True)
    advice = serializers.SerializerMethodField(help_text="The advice given, once delivered (BRF-SAME-ADVICE); empty "
                                                         "until then.")
    advice_differences = serializers.CharField(read_only=True)
    report = serializers.CharField(read_only=True)
    original = serializers.UUIDField(source="original.public_id", allow_null=True, read_only=True,
                                     help_text="The briefing whose equal offer this came from, or null (BRF-EQUAL).")
    equal_offers = BriefingEqualOfferSerializer(source="offers", many=True, read_only=True)
    events = RequestEventSerializer(source="audit_events", many=True, read_only=True)
    due_at = LondonDateTimeField(source="deadline.target_at", allow_null=True, read_only=True,
                                 help_text="When the approver's decision is due (BRF-APPROVE), or null.")
    requested_at = LondonDateTimeField(read_only=True)

    def get_advice(self, briefing) -> str:
        return briefing.advice if briefing.status == BriefingStatus.DELIVERED else ""


class BriefingOfferSerializer(serializers.Serializer):
    """An equal offer made to the caller's audience (BRF-EQUAL)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    briefing_subject = serializers.CharField(source="briefing.subject", read_only=True)
    offered_to_group = serializers.CharField(source="group.code", allow_null=True, read_only=True)
    offered_to_member = serializers.CharField(source="member.user.username", allow_null=True, read_only=True)
    from_group = serializers.CharField(source="briefing.audience_name", read_only=True,
                                       help_text="Who the original briefing was approved for.")
    status = serializers.ChoiceField(choices=OfferStatus.choices, read_only=True)
    result = serializers.UUIDField(source="result.public_id", allow_null=True, read_only=True,
                                   help_text="The id of the briefing an accepted offer became, or null.")


class BriefingNoticeSerializer(serializers.Serializer):
    """What another group is told of a briefing: that it happened and its subject, never the advice (BRF-NOTIFY)."""

    # ``copy_given`` is annotated by selectors.notices_for.
    id = serializers.UUIDField(source="public_id", read_only=True)
    subject = serializers.CharField(read_only=True)
    group = serializers.CharField(source="audience_name", read_only=True, help_text="Who was briefed.")
    officer = serializers.CharField(source="officer_name", read_only=True)
    held_on = serializers.DateField(read_only=True)
    has_report = serializers.BooleanField(read_only=True,
                                          help_text="A report was prepared; ask for a copy with …/report.")
    report = serializers.SerializerMethodField(help_text="The report, once a copy was given to the caller's group; "
                                                         "null until then.")

    def get_report(self, notice) -> str | None:
        return notice.briefing.report if notice.copy_given else None


class BriefingAttributionSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    officer = serializers.CharField(source="officer.user.username", read_only=True)
    text = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=AttributionStatus.choices, read_only=True)
    correction = serializers.CharField(read_only=True)


class BriefingRecordSerializer(serializers.Serializer):
    """The group's record of a briefing (BRF-CONFIDENTIAL), and what it attributes to the officer (BRF-VERIFY)."""

    notes = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=RecordStatus.choices, read_only=True)
    attributions = BriefingAttributionSerializer(source="attributions.all", many=True, read_only=True)

