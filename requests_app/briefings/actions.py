"""Every change to a briefing: atomic, with its audit event, its clock and its emails (BRF-*).

Who may see a briefing is the selectors' to say; who may do each thing to it is decided here, so
the pages and the API refuse alike.
"""
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaints.selectors import user_ids_related_to
from members.models import Meeting, Member, MemberKind, PoliticalGroup
from officers.models import Department, Officer
from officers.selectors import chief_executive as find_chief_executive
from protocol_portal.audit.actions import record_event
from protocol_portal.council.errors import Conflict, Invalid, NotAllowed, clean_text, raise_if_invalid
from protocol_portal.council.models import BriefingApprover
from protocol_portal.council.selectors import current_council, person_of
from protocol_portal.deadlines.actions import deadline_close, deadline_start
from protocol_portal.deadlines.models import Clock
from protocol_portal.deadlines.policy import first_free_recipient
from protocol_portal.notify.actions import Message, notify

from .models import (
    Attribution,
    AttributionStatus,
    Briefing,
    BriefingNotice,
    BriefingStatus,
    EqualOffer,
    GroupRecord,
    OfferStatus,
    RecordStatus,
    ReportCopy,
)
from .policy import advice_differs, approval_problems, request_refusal
from .selectors import audience_of, audience_speakers, given_on_the_same_matter, speakers_of, speaks_for_audience

SUBJECT_LENGTH = Briefing._meta.get_field("subject").max_length


def _path(briefing):
    return reverse("briefings:briefing", args=[briefing.public_id])


def _record(briefing, *, acting_user, verb, rule_ids, reasons="", data=None, now):
    record_event(acting_user=acting_user, verb=verb, target=briefing, rule_ids=rule_ids, reasons=reasons, now=now,
                 data={"audience": briefing.group.code if briefing.group_id else briefing.member.user.username,
                       "status": briefing.status,
                       "officer": briefing.officer.user.username if briefing.officer_id else None,
                       **(data or {})})


def _day(value):
    return f"{value:%-d %B %Y}"


def _locked(briefing):
    return Briefing.objects.select_for_update(of=("self",)).select_related(
        "group", "member__user", "requested_by__user", "department__directorate__director__user",
        "approver__user", "officer__user", "attending_officer__user", "deadline", "original").get(pk=briefing.pk)


def _member_of(acting_user, doing):
    member = person_of(acting_user).member
    if member is None:
        raise NotAllowed(f"Only members can {doing}.")
    return member


def _in_audience(member, briefing):
    return briefing.group_id == member.group_id if briefing.group_id else briefing.member_id == member.pk


# Asking (BRF-REQUEST) ----------------------------------------------------------------------------

def _approver_for(department, requester):
    """Return who approves a briefing on ``department``'s business (BRF-APPROVE): the council's
    ``briefing_approver``, or the other of the two if they are related to the member (REL-CONFLICT)."""
    council = current_council()
    director = department.directorate.director
    chief_executive = find_chief_executive()
    chain = [director, chief_executive] if council and council.briefing_approver == BriefingApprover.CHIEF_OFFICER \
        else [chief_executive, director]
    return first_free_recipient(chain, related_user_ids=user_ids_related_to(requester.user_id))


@transaction.atomic
def briefing_request(*, acting_user, subject="", question="", department=None, requested_date=None,
                     non_council_attendees=False, meeting=None, council_business=True, now=None):
    """Ask for an officer's briefing of the member's group, or of a member of no group (BRF-REQUEST).

    Nobody is assigned yet: the approver decides (BRF-APPROVE), on a clock the sweep watches.
    ``department`` is a department code, ``meeting`` a meeting ref, ``requested_date`` a date.
    """
    now = now or timezone.now()
    member = _member_of(acting_user, "ask for a party-group briefing")
    if not member.in_term_on(timezone.localdate(now)):
        raise NotAllowed("Your term of office has ended, so you cannot ask for briefings as a member.")
    refusal = request_refusal(in_group=member.group_id is not None, group_roles=member.group_roles,
                              elected=member.kind == MemberKind.ELECTED)
    if refusal:
        raise NotAllowed(refusal)
    errors = {}
    subject = clean_text(subject, "subject", errors, max_length=SUBJECT_LENGTH,
                         required="Give a subject, e.g. \"The draft local plan\".")
    question = clean_text(question, "question", errors,
                          required="Say what the group would like the officer to brief it on.")
    target = Department.objects.filter(code=department, is_active=True).select_related(
        "directorate__director__user").first() if isinstance(department, str) and department else None
    if target is None:
        errors["department"] = ["Choose the department whose business the briefing concerns, by its code."]
    if not isinstance(requested_date, date):
        errors["requested_date"] = ["Give the date you would like the briefing, e.g. 2027-01-15."]
    elif requested_date < timezone.localdate(now):
        errors["requested_date"] = [f"The date you would like the briefing must be today or later, not "
                                    f"{_day(requested_date)}."]
    meeting_row = None
    if meeting not in (None, ""):
        meeting_row = Meeting.objects.filter(ref=meeting, is_active=True).first() if isinstance(meeting, str) else None
        if meeting_row is None:
            errors["meeting"] = ["No meeting has that ref; give a meeting's ref, or leave it out."]
    if not isinstance(non_council_attendees, bool):
        errors["non_council_attendees"] = ["Write non_council_attendees as true or false."]
    if council_business is not True:
        errors["council_business"] = [
            "Officers brief groups on Council business only, never party business (BRF-SCOPE): confirm that "
            "this briefing is about Council business."]
    approver = _approver_for(target, member) if target is not None else None
    if target is not None and approver is None:
        errors["department"] = ["Nobody can approve a briefing on this department's business: the council has no "
                                "Chief Executive or Director free to do so. Ask the Monitoring Officer."]
    raise_if_invalid(errors)
    briefing = Briefing.objects.create(
        group=member.group, member=None if member.group_id else member, requested_by=member, subject=subject,
        question=question, department=target, requested_date=requested_date, meeting=meeting_row,
        non_council_attendees=non_council_attendees, council_business_declared=True, approver=approver,
        requested_at=now, updated_at=now)
    briefing.deadline = deadline_start(
        clock=Clock.BRIEFING_APPROVAL, item=briefing, title=f"Briefing for {briefing.audience_name}: {subject}",
        path=_path(briefing), department=target, member_user=member.user, assignee=approver, now=now)
    briefing.save(update_fields=["deadline"])
    _record(briefing, acting_user=acting_user, verb="briefing.requested",
            rule_ids=["BRF-REQUEST", "BRF-SCOPE", "BRF-APPROVE"]
            + (["BRF-NON-COUNCIL"] if non_council_attendees else []),
            now=now, data={"subject": subject, "department": target.code, "requested_date": requested_date.isoformat(),
                           "non_council_attendees": non_council_attendees, "approver": approver.user.username})
    notify([Message(
        recipient=approver.user, subject=f"Briefing request to approve: {subject}"[:300],
        greeting=f"Dear {approver.user.name},",
        paragraphs=(f"{member.user.name} asks for an officer briefing of {briefing.audience_name} on \"{subject}\" "
                    f"({target.name}), on or after {_day(requested_date)}.",
                    "Approve it, naming a senior officer, or reject it with reasons (protocol 002 §31.10). On "
                    "approval every other group is offered the same briefing."),
        path=_path(briefing), link_text="Decide on the request", reason="briefing.requested")], now=now)
    return briefing


# Deciding (BRF-APPROVE) --------------------------------------------------------------------------

def _approver(acting_user, briefing):
    officer = person_of(acting_user).officer
    if officer is None or officer.pk != briefing.approver_id:
        raise NotAllowed(f"Only the approver, {briefing.approver.user.name}, can approve or reject this briefing "
                         "(BRF-APPROVE).")
    return officer


def _require(briefing, status, doing):
    if briefing.status != status:
        raise Conflict(f"This briefing is {briefing.get_status_display().lower()}, so you cannot {doing}.")


def _offer_audiences(briefing):
    """Return (group, member) for everyone BRF-EQUAL offers the same briefing to: every other active group
    with an active member, and every elected member of no group, but the briefing's own audience."""
    groups = PoliticalGroup.objects.filter(is_active=True, members__is_active=True).exclude(
        pk=briefing.group_id).distinct().order_by("name")
    loners = Member.objects.filter(is_active=True, group__isnull=True, kind=MemberKind.ELECTED).exclude(
        pk=briefing.member_id).select_related("user").order_by("user__name")
    return [(group, None) for group in groups] + [(None, member) for member in loners]


@transaction.atomic
def briefing_approve(*, acting_user, briefing, officer="", reason="", now=None):
    """Approve the briefing, naming the senior officer who gives it (BRF-APPROVE, BRF-SENIOR), and offer
    the same briefing to every other group and member of no group (BRF-EQUAL).

    With people who are not council members attending, ``reason`` is required (BRF-NON-COUNCIL).
    """
    now = now or timezone.now()
    locked = _locked(briefing)
    _approver(acting_user, locked)
    _require(locked, BriefingStatus.AWAITING_APPROVAL, "approve it")
    errors = {}
    reason = clean_text(reason, "reason", errors)
    chosen = Officer.objects.select_related("user").filter(user__username=officer, is_active=True).first() \
        if isinstance(officer, str) and officer else None
    if chosen is None:
        errors["officer"] = ["Choose the senior officer who will give the briefing, by their username (BRF-SENIOR)."]
    else:
        errors.update(approval_problems(
            officer_grade=chosen.grade, officer_is_political_assistant=chosen.political_assistant_to_id is not None,
            officer_related_to_requester=chosen.user_id in user_ids_related_to(locked.requested_by.user_id),
            non_council_attendees=locked.non_council_attendees, reason=reason))
    raise_if_invalid(errors)
    locked.status = BriefingStatus.APPROVED
    locked.officer = locked.attending_officer = chosen
    locked.decision_reason = reason
    locked.decided_at = locked.updated_at = now
    locked.save(update_fields=["status", "officer", "attending_officer", "decision_reason", "decided_at",
                               "updated_at"])
    deadline_close(locked.deadline, now=now)
    offers = EqualOffer.objects.bulk_create([EqualOffer(briefing=locked, group=group, member=member, offered_at=now)
                                             for group, member in _offer_audiences(locked)])
    rule_ids = ["BRF-APPROVE", "BRF-SENIOR", "BRF-EQUAL", "REL-CONFLICT"] + (
        ["BRF-NON-COUNCIL"] if locked.non_council_attendees else [])
    _record(locked, acting_user=acting_user, verb="briefing.approved", rule_ids=rule_ids, reasons=reason, now=now,
            data={"offered_to": [o.group.code if o.group_id else o.member.user.username for o in offers]})
    messages = [Message(
        recipient=member.user, subject=f"Briefing approved: {locked.subject}"[:300],
        greeting=f"Dear {member.user.name},",
        paragraphs=(f"The briefing of {locked.audience_name} on \"{locked.subject}\" is approved. {chosen.user.name} "
                    f"({chosen.post}) will give it.",
                    "As the protocol requires, every other group and the members of no group are offered the same "
                    "briefing (002 §31.10)."),
        path=_path(locked), link_text="Open the briefing", reason="briefing.approved")
        for member in audience_speakers(locked.group, locked.member)]
    messages.append(Message(
        recipient=chosen.user, subject=f"You are to brief {locked.audience_name}: {locked.subject}"[:300],
        greeting=f"Dear {chosen.user.name},",
        paragraphs=(f"{locked.approver.user.name} has approved a briefing of {locked.audience_name} on "
                    f"\"{locked.subject}\" and named you to give it.",
                    "Give factual information and professional advice on Council business only (003 ¶83). You may "
                    "decline, or nominate another officer to attend on your behalf (003 ¶82, ¶92). Record the advice "
                    "you give: other groups that accept the equal offer receive substantially the same (003 ¶91)."),
        path=_path(locked), link_text="Open the briefing", reason="briefing.assigned"))
    speakers = speakers_of([(offer.group, offer.member) for offer in offers])
    for offer, offer_speakers in zip(offers, speakers):
        for member in offer_speakers:
            messages.append(Message(
                recipient=member.user, subject=f"Offer of an officer briefing: {locked.subject}"[:300],
                greeting=f"Dear {member.user.name},",
                paragraphs=(f"An officer briefing on \"{locked.subject}\" ({locked.department.name}) has been approved "
                            f"for {locked.audience_name}. {offer.audience_name} is offered an equivalent briefing "
                            "by the same officer, with substantially the same advice (002 §31.10; 003 ¶91).",
                            "Accept or decline the offer in the Protocol Portal."),
                path=reverse("briefings:briefings"), link_text="See the offer", reason="briefing.offered"))
    notify(messages, now=now)
    return locked


@transaction.atomic
def briefing_reject(*, acting_user, briefing, reason="", now=None):
    """Reject the request, with reasons the group sees (BRF-APPROVE)."""
    now = now or timezone.now()
    locked = _locked(briefing)
    _approver(acting_user, locked)
    _require(locked, BriefingStatus.AWAITING_APPROVAL, "reject it")
    errors = {}
    reason = clean_text(reason, "reason", errors, required="Give the reasons for rejecting the request; the group "
                        "sees them (BRF-APPROVE).")
    raise_if_invalid(errors)
    locked.status = BriefingStatus.REJECTED
    locked.decision_reason = reason
    locked.decided_at = locked.updated_at = now
    locked.save(update_fields=["status", "decision_reason", "decided_at", "updated_at"])
    deadline_close(locked.deadline, now=now)
    _record(locked, acting_user=acting_user, verb="briefing.rejected", rule_ids=["BRF-APPROVE"], reasons=reason,
            now=now)
    notify([Message(
        recipient=member.user, subject=f"Briefing not approved: {locked.subject}"[:300],
        greeting=f"Dear {member.user.name},",
        paragraphs=(f"{locked.approver.user.name} did not approve the briefing of {locked.audience_name} on "
                    f"\"{locked.subject}\".", f"The reasons: {reason}"),
        path=_path(locked), link_text="Open the briefing", reason="briefing.rejected")
        for member in audience_speakers(locked.group, locked.member)], now=now)
    return locked


# The officer (BRF-SENIOR, BRF-SCOPE) -------------------------------------------------------------

def _briefing_officer(acting_user, briefing, doing, *, attending_too=False):
    officer = person_of(acting_user).officer
    allowed = {briefing.officer_id} | ({briefing.attending_officer_id} if attending_too else set())
    if officer is None or officer.pk not in allowed:
        raise NotAllowed(f"Only the officer named to give this briefing can {doing}.")
    return officer


@transaction.atomic
def briefing_nominate(*, acting_user, briefing, officer="", reason="", now=None):
    """Let the senior officer nominate another officer to attend on their behalf, recorded (BRF-SENIOR, 003 ¶92)."""
    now = now or timezone.now()
    locked = _locked(briefing)
    senior = _briefing_officer(acting_user, locked, "nominate another officer")
    _require(locked, BriefingStatus.APPROVED, "nominate another officer")
    errors = {}
    reason = clean_text(reason, "reason", errors)
    nominee = Officer.objects.select_related("user").filter(user__username=officer, is_active=True).first() \
        if isinstance(officer, str) and officer else None
    if nominee is None:
        errors["officer"] = ["Choose the officer to attend on your behalf, by their username."]
    elif nominee.pk == senior.pk:
        errors["officer"] = ["Choose someone other than yourself: you are already named to give it."]
    elif nominee.political_assistant_to_id is not None:
        errors["officer"] = ["A political assistant advises one group and cannot give an impartial officer briefing."]
    elif nominee.user_id in user_ids_related_to(locked.requested_by.user_id):
        errors["officer"] = ["That officer has declared a relationship with the member who asked (REL-CONFLICT); "
                             "choose someone else."]
    raise_if_invalid(errors)
    if nominee.pk == locked.attending_officer_id:
        raise Conflict(f"{nominee.user.name} is already attending on your behalf.")
    locked.attending_officer = nominee
    locked.nomination_reason = reason
    locked.updated_at = now
    locked.save(update_fields=["attending_officer", "nomination_reason", "updated_at"])
    _record(locked, acting_user=acting_user, verb="briefing.nominated", rule_ids=["BRF-SENIOR"], reasons=reason,
            now=now, data={"attending_officer": nominee.user.username})
    notify([Message(
        recipient=nominee.user, subject=f"You are to attend a party-group briefing: {locked.subject}"[:300],
        greeting=f"Dear {nominee.user.name},",
        paragraphs=(f"{senior.user.name} has nominated you to brief {locked.audience_name} on \"{locked.subject}\" "
                    "on their behalf (003 ¶92).",
                    "Give factual information and professional advice on Council business only, and record the "
                    "advice you give."),
        path=_path(locked), link_text="Open the briefing", reason="briefing.nominated")], now=now)
    return locked


@transaction.atomic
def briefing_decline(*, acting_user, briefing, reason="", now=None):
    """Let the officer decline to give the briefing, with reasons (BRF-SCOPE, 003 ¶82).

    Not an equivalent briefing, though, while the original stands: an officer who advises one group
    may not decline to advise another on the same matter (BRF-EQUAL, 003 ¶91).
    """
    now = now or timezone.now()
    locked = _locked(briefing)
    _briefing_officer(acting_user, locked, "decline it", attending_too=True)
    _require(locked, BriefingStatus.APPROVED, "decline it")
    if locked.original_id and locked.original.status in (BriefingStatus.APPROVED, BriefingStatus.DELIVERED):
        raise NotAllowed(f"You cannot decline this briefing: the same briefing was given, or is to be given, to "
                         f"{locked.original.audience_name}, and an officer who advises one group on a matter may not "
                         "decline to advise another on it (BRF-EQUAL, protocol 003 ¶91).")
    errors = {}
    reason = clean_text(reason, "reason", errors, required="Say why you decline, e.g. people who are not council "
                        "members will attend, or it is party business (BRF-SCOPE).")
    raise_if_invalid(errors)
    locked.status = BriefingStatus.DECLINED
    locked.declined_reason = reason
    locked.updated_at = now
    locked.save(update_fields=["status", "declined_reason", "updated_at"])
    _record(locked, acting_user=acting_user, verb="briefing.declined", rule_ids=["BRF-SCOPE"], reasons=reason, now=now)
    recipients = [m.user for m in audience_speakers(locked.group, locked.member)] + [locked.approver.user]
    notify([Message(
        recipient=user, subject=f"Briefing declined by the officer: {locked.subject}"[:300],
        greeting=f"Dear {user.name},",
        paragraphs=(f"{acting_user.name} has declined to brief {locked.audience_name} on \"{locked.subject}\".",
                    f"The reasons: {reason}"),
        path=_path(locked), link_text="Open the briefing", reason="briefing.declined") for user in recipients], now=now)
    return locked


# Equal offers (BRF-EQUAL) ------------------------------------------------------------------------

@transaction.atomic
def offer_respond(*, acting_user, offer, accept, now=None):
    """Accept or decline an equal offer for the member's audience (BRF-EQUAL).

    Accepting makes it a briefing of that audience with the same officer, already approved, to be
    given substantially the same advice (BRF-SAME-ADVICE).
    """
    now = now or timezone.now()
    member = _member_of(acting_user, "answer an offer of a briefing")
    if not member.in_term_on(timezone.localdate(now)):
        raise NotAllowed("Your term of office has ended, so you cannot answer offers of briefings as a member.")
    locked = EqualOffer.objects.select_for_update(of=("self",)).select_related(
        "briefing__department", "briefing__approver__user", "briefing__officer__user",
        "briefing__attending_officer__user", "briefing__group", "briefing__member__user", "group",
        "member__user").get(pk=offer.pk)
    if not speaks_for_audience(member):
        raise NotAllowed("Only your group's leader or a spokesperson can accept or decline an offer of a briefing "
                         "for the group (BRF-REQUEST).")
    if not isinstance(accept, bool):
        raise Invalid("Say whether you accept the offer.", fields={"accept": ["Write accept as true or false."]})
    if locked.status != OfferStatus.OFFERED:
        raise Conflict(f"This offer has already been {locked.get_status_display().lower()}.")
    original = locked.briefing
    if accept and original.status not in (BriefingStatus.APPROVED, BriefingStatus.DELIVERED):
        raise Conflict(f"The original briefing was {original.get_status_display().lower()}, so there is no briefing "
                       "to give an equivalent of.")
    locked.status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    locked.responded_by = member
    locked.responded_at = now
    if accept:
        locked.result = Briefing.objects.create(
            group=locked.group, member=locked.member, requested_by=member, subject=original.subject,
            question=original.question, department=original.department, requested_date=original.requested_date,
            council_business_declared=True, status=BriefingStatus.APPROVED, approver=original.approver,
            decision_reason=f"The equal offer of the briefing given to {original.audience_name} was accepted "
                            "(BRF-EQUAL).",
            decided_at=now, officer=original.officer, attending_officer=original.attending_officer,
            original=original, requested_at=now, updated_at=now)
    locked.save(update_fields=["status", "responded_by", "responded_at", "result"])
    verb = "briefing.offer_accepted" if accept else "briefing.offer_declined"
    _record(original, acting_user=acting_user, verb=verb, rule_ids=["BRF-EQUAL"], now=now,
            data={"offer_to": locked.group.code if locked.group_id else locked.member.user.username})
    if not accept:
        return locked
    result = locked.result
    _record(result, acting_user=acting_user, verb="briefing.from_offer", rule_ids=["BRF-EQUAL", "BRF-SAME-ADVICE"],
            now=now, data={"original": str(original.public_id)})
    officers = {o.pk: o for o in (result.officer, result.attending_officer) if o is not None}
    notify([Message(
        recipient=o.user, subject=f"Equal offer accepted: brief {result.audience_name} on {result.subject}"[:300],
        greeting=f"Dear {o.user.name},",
        paragraphs=(f"{result.audience_name} has accepted the offer of the briefing on \"{result.subject}\" that was "
                    f"approved for {original.audience_name}.",
                    "Give them substantially the same advice (protocol 003 ¶91), and record it."),
        path=_path(result), link_text="Open the briefing", reason="briefing.offer_accepted")
        for o in officers.values()], now=now)
    return locked


# Delivery (BRF-SAME-ADVICE, BRF-NOTIFY) ----------------------------------------------------------

@transaction.atomic
def briefing_deliver(*, acting_user, briefing, advice="", report="", advice_differences="", now=None):
    """Record that the briefing was given and the advice given (BRF-SAME-ADVICE), and tell every other group
    that it happened and its subject, never its content (BRF-NOTIFY).

    If the same matter was already briefed to another group with different advice, say how and why
    it differs (``advice_differences``). A ``report`` written for the group can be copied to any
    other group that asks (003 ¶97).
    """
    now = now or timezone.now()
    locked = _locked(briefing)
    officer = _briefing_officer(acting_user, locked, "record that it was given", attending_too=True)
    _require(locked, BriefingStatus.APPROVED, "record that it was given")
    errors = {}
    advice = clean_text(advice, "advice", errors, required="Record the advice you gave: other groups on the same "
                        "matter receive substantially the same (BRF-SAME-ADVICE).")
    report = clean_text(report, "report", errors)
    advice_differences = clean_text(advice_differences, "advice_differences", errors)
    already_given = [b.advice for b in given_on_the_same_matter(locked)]
    if advice and not advice_differences and advice_differs(advice, already_given):
        errors["advice_differences"] = [
            "This advice differs from the advice already given to another group on the same matter. Each group "
            "receives substantially the same advice (BRF-SAME-ADVICE): give the same advice, or say how and why "
            "it differs."]
    raise_if_invalid(errors)
    locked.status = BriefingStatus.DELIVERED
    locked.advice, locked.report, locked.advice_differences = advice, report, advice_differences
    locked.attending_officer = locked.attending_officer or officer
    locked.delivered_at = locked.updated_at = now
    locked.save(update_fields=["status", "advice", "report", "advice_differences", "attending_officer",
                               "delivered_at", "updated_at"])
    notice = BriefingNotice.objects.create(
        briefing=locked, subject=locked.subject, audience_name=locked.audience_name,
        officer_name=f"{locked.attending_officer.user.name}, {locked.attending_officer.post}", has_report=bool(report),
        held_on=timezone.localdate(now), created_at=now)
    _record(locked, acting_user=acting_user, verb="briefing.delivered",
            rule_ids=["BRF-SAME-ADVICE", "BRF-NOTIFY"], reasons=advice_differences, now=now,
            data={"report": bool(report), "notice": str(notice.public_id)})
    # BRF-NOTIFY (003 ¶97): every other audience hears that it happened and its subject; never the advice.
    what = "An officer has briefed" + (" and prepared a report for" if report else "")
    messages = []
    for speakers in speakers_of(_offer_audiences(locked)):
        for speaker in speakers:
            messages.append(Message(
                recipient=speaker.user, subject=f"Officer briefing of another group: {locked.subject}"[:300],
                greeting=f"Dear {speaker.user.name},",
                paragraphs=(f"{what} {locked.audience_name} on \"{locked.subject}\" ({_day(notice.held_on)}).",
                            "What was discussed stays with that group (003 ¶87)."
                            + (" Your group may have a copy of the report: ask for it in the Protocol Portal."
                               if report else "")),
                path=reverse("briefings:notice", args=[notice.public_id]), link_text="See the notice",
                reason="briefing.notice"))
    notify(messages, now=now)
    return locked


@transaction.atomic
def report_copy_request(*, acting_user, notice, now=None):
    """Give the member's audience a copy of a report prepared for another group, on request (BRF-NOTIFY, 003 ¶97).

    Asking again gives the same copy, and changes nothing.
    """
    now = now or timezone.now()
    member = _member_of(acting_user, "ask for a copy of a group's report")
    if not notice.has_report:
        raise Conflict("No report was prepared for this briefing, so there is nothing to copy.")
    # Two requests from one group at once: the second waits here, then finds the first one's copy.
    BriefingNotice.objects.select_for_update().filter(pk=notice.pk).first()
    existing = ReportCopy.objects.filter(audience_of(member), notice=notice).first()
    if existing is not None:
        return existing
    copy = ReportCopy.objects.create(notice=notice, group=member.group, member=None if member.group_id else member,
                                     requested_by=acting_user, requested_at=now)
    record_event(acting_user=acting_user, verb="briefing.report_copied", target=notice.briefing,
                 rule_ids=["BRF-NOTIFY"], now=now,
                 data={"to": member.group.code if member.group_id else member.user.username})
    return copy


# The group's record (BRF-CONFIDENTIAL, BRF-VERIFY) -----------------------------------------------

def _audience_member(acting_user, briefing, doing):
    member = _member_of(acting_user, doing)
    if not _in_audience(member, briefing):
        raise NotAllowed(f"Only members of {briefing.audience_name} can {doing}.")
    return member


def _locked_record(briefing):
    return GroupRecord.objects.select_for_update().filter(briefing=briefing).first()


@transaction.atomic
def record_write(*, acting_user, briefing, notes="", now=None):
    """Write or rewrite the group's record of a delivered briefing, seen only by the group and the officers
    who attended (BRF-CONFIDENTIAL)."""
    now = now or timezone.now()
    _audience_member(acting_user, briefing, "write the group's record")
    if briefing.status != BriefingStatus.DELIVERED:
        raise Conflict("The group's record is written after the briefing has been given.")
    record = _locked_record(briefing)
    if record is not None and record.status == RecordStatus.FINAL:
        raise Conflict("The record is final and cannot be changed.")
    errors = {}
    notes = clean_text(notes, "notes", errors, required="Write the group's notes of the briefing.")
    raise_if_invalid(errors)
    if record is None:
        record = GroupRecord.objects.create(briefing=briefing, notes=notes, written_by=acting_user, updated_at=now)
    else:
        record.notes, record.written_by, record.updated_at = notes, acting_user, now
        record.save(update_fields=["notes", "written_by", "updated_at"])
    record_event(acting_user=acting_user, verb="briefing.record_written", target=briefing,
                 rule_ids=["BRF-CONFIDENTIAL"], now=now)
    return record


@transaction.atomic
def record_attribute(*, acting_user, briefing, text="", now=None):
    """Add to the record a comment or advice attributed to the officer who attended, for them to verify
    or correct before the record is final (BRF-VERIFY)."""
    now = now or timezone.now()
    _audience_member(acting_user, briefing, "add to the group's record")
    record = _locked_record(briefing)
    if record is None:
        raise Conflict("Write the group's notes first; then add what they attribute to the officer.")
    if record.status == RecordStatus.FINAL:
        raise Conflict("The record is final and cannot be changed.")
    errors = {}
    text = clean_text(text, "text", errors,
                      required="Write the comment or advice the record attributes to the officer.")
    raise_if_invalid(errors)
    officer = briefing.attending_officer
    attribution = Attribution.objects.create(record=record, officer=officer, text=text, added_at=now)
    record_event(acting_user=acting_user, verb="briefing.attribution_added", target=briefing,
                 rule_ids=["BRF-VERIFY", "BRF-CONFIDENTIAL"], now=now, data={"officer": officer.user.username})
    notify([Message(
        recipient=officer.user, subject=f"Please verify what a group's record says you said: {briefing.subject}"[:300],
        greeting=f"Dear {officer.user.name},",
        paragraphs=(f"{briefing.audience_name}'s record of your briefing on \"{briefing.subject}\" attributes a "
                    "comment to you. Verify it, or correct it, before the record is final (protocol 003 ¶93).",),
        path=_path(briefing), link_text="Verify it", reason="briefing.attribution")], now=now)
    return attribution


@transaction.atomic
def attribution_verify(*, acting_user, attribution, correction="", now=None):
    """Let the officer verify a comment attributed to them, or correct it (BRF-VERIFY)."""
    now = now or timezone.now()
    locked = Attribution.objects.select_for_update(of=("self",)).select_related(
        "record__briefing", "officer__user").get(pk=attribution.pk)
    officer = person_of(acting_user).officer
    if officer is None or officer.pk != locked.officer_id:
        raise NotAllowed("Only the officer a comment is attributed to can verify or correct it (BRF-VERIFY).")
    if locked.record.status == RecordStatus.FINAL:
        raise Conflict("The record is final and cannot be changed.")
    errors = {}
    correction = clean_text(correction, "correction", errors)
    raise_if_invalid(errors)
    locked.status = AttributionStatus.CORRECTED if correction else AttributionStatus.VERIFIED
    locked.correction = correction
    locked.verified_at = now
    locked.save(update_fields=["status", "correction", "verified_at"])
    record_event(acting_user=acting_user, verb=f"briefing.attribution_{locked.status}", target=locked.record.briefing,
                 rule_ids=["BRF-VERIFY"], now=now)
    return locked


@transaction.atomic
def record_finalise(*, acting_user, briefing, now=None):
    """Make the group's record final, once the officer has verified or corrected everything it
    attributes to them (BRF-VERIFY)."""
    now = now or timezone.now()
    _audience_member(acting_user, briefing, "make the group's record final")
    record = _locked_record(briefing)
    if record is None:
        raise Conflict("There is no record to make final yet.")
    if record.status == RecordStatus.FINAL:
        raise Conflict("The record is already final.")
    waiting = record.attributions.filter(status=AttributionStatus.AWAITING).count()
    if waiting:
        raise Invalid(f"The officer has not yet verified {waiting} comment{'s' if waiting != 1 else ''} the record "
                      "attributes to them. It cannot be final until they verify or correct each one (BRF-VERIFY).",
                      fields={"record": ["Wait for the officer to verify or correct what is attributed to them "
                                         "(BRF-VERIFY)."]})
    record.status = RecordStatus.FINAL
    record.finalised_at = record.updated_at = now
    record.save(update_fields=["status", "finalised_at", "updated_at"])
    record_event(acting_user=acting_user, verb="briefing.record_final", target=briefing,
                 rule_ids=["BRF-VERIFY", "BRF-CONFIDENTIAL"], now=now)
    return record
