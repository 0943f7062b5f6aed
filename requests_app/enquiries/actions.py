"""Every change to an enquiry: atomic, with its audit event, its clock and its emails (ENQ-*, COR-*)."""
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaints.selectors import user_ids_related_to
from members.models import Member, Ward
from officers.models import Department, Officer
from protocol_portal.audit.actions import record_event
from protocol_portal.council.errors import MAX_TEXT, Conflict, Invalid, NotAllowed, clean_text, raise_if_invalid
from protocol_portal.council.selectors import council_calendar, current_council, person_of
from protocol_portal.council.working_days import working_days_between
from protocol_portal.deadlines.actions import deadline_close, deadline_move, deadline_reassign, deadline_start
from protocol_portal.deadlines.models import Clock
from protocol_portal.notify.actions import Message, notify

from .models import OPEN_STATUSES, CopyReason, Enquiry, EnquiryMessage, EnquiryStatus, MessageCopy, MessageKind
from .policy import TriageFacts, holding_reply_in_time, may_triage, on_behalf_basis
from .rules import DECLINE_RULES

SUBJECT_LENGTH = Enquiry._meta.get_field("subject").max_length


_invalid = raise_if_invalid
_text = clean_text


def _path(enquiry):
    return reverse("enquiries:enquiry", args=[enquiry.public_id])


def _record(enquiry, *, acting_user, verb, rule_ids, reasons="", data=None, now):
    record_event(acting_user=acting_user, verb=verb, target=enquiry, rule_ids=rule_ids, reasons=reasons, now=now,
                 data={"member": enquiry.member.user.username, "status": enquiry.status,
                       "department": enquiry.department.code,
                       "assigned_to": enquiry.assigned_to.user.username if enquiry.assigned_to else None,
                       **(data or {})})


def _on_behalf(member, on_behalf_of, errors):
    """Return (name, ward, basis) for an enquiry for a constituent, checked under ENQ-ON-BEHALF."""
    if not on_behalf_of:
        return "", None, ""
    if not isinstance(on_behalf_of, dict):
        errors["on_behalf_of"] = ["Give the constituent as {name, ward, consent}, or leave it out."]
        return "", None, ""
    name = _text(on_behalf_of.get("name"), "on_behalf_of.name", errors, max_length=200,
                 required="Give the name of the constituent you are asking for (ENQ-ON-BEHALF).")
    if on_behalf_of.get("consent") is not True:
        errors["on_behalf_of.consent"] = ["Confirm that the constituent has agreed to you asking for them "
                                          "(ENQ-ON-BEHALF)."]
    ward_code = on_behalf_of.get("ward")
    # A code with a NUL in it names no ward, and PostgreSQL cannot even compare one.
    ward = Ward.objects.filter(code=ward_code, is_active=True).first() \
        if isinstance(ward_code, str) and "\x00" not in ward_code else None
    if ward is None:
        errors["on_behalf_of.ward"] = ["Choose the ward the constituent's matter concerns, by its code."]
        return name, None, ""
    basis = on_behalf_basis(ward_code=ward.code, member_ward_codes={w.code for w in member.wards.all()},
                            member_council_roles=member.council_roles)
    if basis is None:
        errors["on_behalf_of.ward"] = [
            f"{ward.name} is not one of your wards, and you have no Council role that covers it: a member may ask "
            "for a constituent only about their own ward or a role the Council gave them (ENQ-ON-BEHALF)."]
    return name, ward, basis or ""


@transaction.atomic
def enquiry_create(*, acting_user, subject="", question="", department=None, confidential=False,
                   on_behalf_of=None, submission_key=None, now=None):
    """Receive a member's enquiry and start its clock (ENQ-DUE, WD-COUNT): the due date is stored now.

    ``department`` is a department code, or None to send it to Democratic Services to route
    (ENQ-TRIAGE). There is no priority: members cannot set one (ENQ-TRIAGE). ``submission_key`` (a UUID)
    names the form that sent it: sent again, it returns the enquiry that form made, and changes nothing.
    """
    now = now or timezone.now()
    person = person_of(acting_user)
    if person.member is None:
        raise NotAllowed("Only members can send enquiries to officers.")
    member = person.member
    if not member.in_term_on(timezone.localdate(now)):
        raise NotAllowed("Your term of office has ended, so you cannot send enquiries as a member.")
    if submission_key is not None:
        already = _already_sent(member, submission_key)
        if already is not None:
            return already
    errors = {}
    subject = _text(subject, "subject", errors, max_length=SUBJECT_LENGTH,
                    required="Give a subject, e.g. \"Fly-tipping on Canal Path\".")
    question = _text(question, "question", errors, required="Write your question for the officers.")
    council = current_council()
    via_ds = department in (None, "")
    if via_ds:
        target = council.democratic_services if council else None
        if target is None:
            errors["department"] = ["This council has no Democratic Services to route enquiries; choose a department."]
    else:
        target = Department.objects.filter(code=department, is_active=True).select_related("directorate").first() \
            if isinstance(department, str) else None
        if target is None:
            errors["department"] = ["Choose a department by its code, or leave it empty for Democratic Services "
                                    "to route your enquiry."]
    if not isinstance(confidential, bool):
        errors["confidential"] = ["Write confidential as true or false."]
    name, ward, basis = _on_behalf(member, on_behalf_of, errors)
    _invalid(errors)
    enquiry = Enquiry(member=member, subject=subject, question=question, department=target,
                      via_democratic_services=via_ds, confidential=confidential, on_behalf_name=name,
                      on_behalf_ward=ward, on_behalf_consent=bool(name), on_behalf_basis=basis,
                      received_at=now, updated_at=now, submission_key=submission_key)
    enquiry.save()
    # ENQ-DUE, WD-COUNT: the due date is computed and stored now, on the enquiry's clock.
    enquiry.deadline = deadline_start(
        clock=Clock.ENQUIRY_RESPONSE, item=enquiry, title=f"Enquiry from {member.user.name}: {subject}",
        path=_path(enquiry), department=target, member_user=member.user, now=now)
    enquiry.save(update_fields=["deadline"])
    rule_ids = ["ENQ-DUE", "WD-COUNT"] + (["ENQ-TRIAGE"] if via_ds else []) + \
        (["ENQ-CONFIDENTIAL"] if confidential else []) + (["ENQ-ON-BEHALF"] if name else [])
    _record(enquiry, acting_user=acting_user, verb="enquiry.received", rule_ids=rule_ids, now=now,
            data={"subject": subject, "confidential": confidential, "via_democratic_services": via_ds,
                  "due_at": enquiry.deadline.due_at.isoformat(),
                  "on_behalf_of": {"name": name, "ward": ward.code, "basis": basis} if name else None})
    return enquiry


def _already_sent(member, submission_key):
    """Return the enquiry ``member`` already sent with ``submission_key``, or None, holding the member's row.

    Two clicks arrive as two requests at once: the lock makes the second wait for the first to commit,
    then find its enquiry (the unique constraint is the backstop should anything bypass this).
    """
    Member.objects.select_for_update().filter(pk=member.pk).values_list("pk", flat=True).first()
    return Enquiry.objects.filter(member=member, submission_key=submission_key).first()


def _locked(enquiry):
    return Enquiry.objects.select_for_update(of=("self",)).select_related(
        "member__user", "department", "assigned_to__user", "deadline").get(pk=enquiry.pk)


def _require_open(enquiry, doing):
    if enquiry.status not in OPEN_STATUSES:
        raise Conflict(f"This enquiry has already been {enquiry.get_status_display().lower()}, so you cannot {doing}.")


def _triager(acting_user, enquiry):
    """Return the acting officer if they may route and assign ``enquiry`` (ENQ-TRIAGE, REL-CONFLICT)."""
    officer = person_of(acting_user).officer
    council = current_council()
    if officer is None or officer.political_assistant_to_id is not None or not may_triage(TriageFacts(
            officer_department_id=officer.department_id, officer_grade=officer.grade,
            enquiry_department_id=enquiry.department_id,
            democratic_services_id=council.democratic_services_id if council else None,
            related_to_member=officer.user_id in user_ids_related_to(enquiry.member.user_id))):
        raise NotAllowed("Only Democratic Services or a manager in the enquiry's department can assign it (ENQ-TRIAGE).")
    return officer


@transaction.atomic
def enquiry_assign(*, acting_user, enquiry, officer, now=None):
    """Assign the enquiry to an officer (ENQ-TRIAGE); never one related to the member (REL-CONFLICT).

    ``officer`` is a username. An officer in another department takes the enquiry, and its
    escalation, into their department.
    """
    now = now or timezone.now()
    locked = _locked(enquiry)
    _triager(acting_user, locked)
    _require_open(locked, "assign it")
    assignee = Officer.objects.select_related("user", "department").filter(
        user__username=officer, is_active=True).first() if isinstance(officer, str) else None
    if assignee is None:
        raise Invalid("Choose an officer by their username.", fields={"officer": ["Choose an officer by their username."]})
    if assignee.user_id in user_ids_related_to(locked.member.user_id):
        message = (f"{assignee.user.name} cannot handle this enquiry: they have declared a relationship with the "
                   "member (REL-CONFLICT). Choose someone else.")
        raise Invalid(message, fields={"officer": [message]})
    if assignee.political_assistant_to_id is not None:
        message = f"{assignee.user.name} is a political assistant and cannot answer members' enquiries; choose someone else."
        raise Invalid(message, fields={"officer": [message]})
    if locked.assigned_to_id == assignee.pk:
        raise Conflict(f"This enquiry is already assigned to {assignee.user.name}.")
    locked.assigned_to = assignee
    if assignee.department_id and assignee.department_id != locked.department_id:
        locked.department = assignee.department
    locked.updated_at = now
    locked.save(update_fields=["assigned_to", "department", "updated_at"])
    deadline_reassign(locked.deadline, assignee=assignee, department=locked.department)
    _record(locked, acting_user=acting_user, verb="enquiry.assigned", rule_ids=["ENQ-TRIAGE", "REL-CONFLICT"], now=now)
    target = f"{timezone.localtime(locked.deadline.target_at):%-d %B %Y}"
    notify([Message(
        recipient=assignee.user, subject=f"Enquiry assigned to you: {locked.subject}"[:300],
        greeting=f"Dear {assignee.user.name},",
        paragraphs=(f"{locked.member.user.name} has asked: \"{locked.subject}\". It has been assigned to you.",
                    f"A full response is due by the end of {target} (protocol 002 §31.15). If you cannot answer "
                    "in time, send a holding reply with reasons and a revised date before then."),
        path=_path(locked), link_text="Open the enquiry", reason="enquiry.assigned")], now=now)
    return locked


@transaction.atomic
def enquiry_route(*, acting_user, enquiry, department, now=None):
    """Send the enquiry to another department to answer, unassigned (ENQ-TRIAGE)."""
    now = now or timezone.now()
    locked = _locked(enquiry)
    _triager(acting_user, locked)
    _require_open(locked, "route it")
    target = Department.objects.filter(code=department, is_active=True).first() if isinstance(department, str) else None
    if target is None:
        raise Invalid("Choose a department by its code.", fields={"department": ["Choose a department by its code."]})
    if target.pk == locked.department_id:
        raise Conflict(f"This enquiry is already with {target.name}.")
    locked.department = target
    locked.assigned_to = None
    locked.updated_at = now
    locked.save(update_fields=["department", "assigned_to", "updated_at"])
    deadline_reassign(locked.deadline, assignee=None, department=target)
    _record(locked, acting_user=acting_user, verb="enquiry.routed", rule_ids=["ENQ-TRIAGE"], now=now)
    return locked


def _assignee(acting_user, enquiry, doing):
    officer = person_of(acting_user).officer
    if officer is None or enquiry.assigned_to_id != officer.pk:
        raise NotAllowed(f"Only the officer the enquiry is assigned to can {doing}.")
    return officer


def _copies(enquiry, copy_to, concerns, errors):
    """Return [(member, reason)] for a reply's copies, checked under COR-COPY, COR-CONCERNS, ENQ-CONFIDENTIAL."""
    wanted = {}
    for field, usernames, reason in (("copy_to", copy_to, CopyReason.COPY), ("concerns", concerns, CopyReason.CONCERNS)):
        if not usernames:
            continue
        if not isinstance(usernames, (list, tuple)) or not all(isinstance(u, str) for u in usernames):
            errors[field] = ["Give a list of members' usernames."]
            continue
        found = {m.user.username: m for m in Member.objects.filter(user__username__in=usernames, is_active=True)
                 .select_related("user")}
        unknown = [u for u in usernames if u not in found]
        if unknown:
            errors[field] = [f"No member with username {', '.join(repr(u) for u in unknown)}."]
            continue
        if enquiry.member.user.username in found:
            errors[field] = ["The member who asked receives every reply already; do not list them."]
            continue
        if reason == CopyReason.COPY and enquiry.confidential:
            errors[field] = ["This enquiry is confidential (ENQ-CONFIDENTIAL): it cannot be copied to other members. "
                             "A member the reply is about is still copied under COR-CONCERNS."]
            continue
        for username in usernames:
            # COR-CONCERNS wins over a plain copy: the member is copied because it is about them.
            if wanted.get(username, (None, None))[1] != CopyReason.CONCERNS:
                wanted[username] = (found[username], reason)
    return list(wanted.values())


def _send_reply(locked, *, acting_user, kind, text, copies, now, revised_date=None, in_time=None, decline_rule=""):
    """Write a reply and its copies, and email it to the member and everyone copied (COR-NO-BLIND)."""
    message = EnquiryMessage.objects.create(enquiry=locked, kind=kind, author=acting_user, text=text,
                                            revised_date=revised_date, in_time=in_time, decline_rule=decline_rule,
                                            sent_at=now)
    MessageCopy.objects.bulk_create([MessageCopy(message=message, member=m, reason=r) for m, r in copies])
    copied = [f"{m.user.name} ({'it is about them' if r == CopyReason.CONCERNS else 'copied'})" for m, r in copies]
    # COR-COPY, COR-NO-BLIND: the reply itself says who else has it, to everyone who has it.
    recipients_line = (f"This reply is also sent to: {'; '.join(copied)}." if copied
                       else "This reply is sent to you only.")
    what = {MessageKind.HOLDING: "a holding reply to", MessageKind.RESPONSE: "a full response to",
            MessageKind.DECLINE: "declined"}[kind]
    officer = person_of(acting_user).officer
    author = f"{acting_user.name} ({officer.post})" if officer else acting_user.name
    extra = ((f"Revised date: {revised_date:%-d %B %Y}.",) if revised_date else ())
    messages = [Message(recipient=member.user, subject=f"{kind_label(kind)}: {locked.subject}"[:300],
                        greeting=f"Dear {member.user.name},",
                        paragraphs=(f"{author} has sent {what} the enquiry \"{locked.subject}\" from "
                                    f"{locked.member.user.name}.", text, *extra, recipients_line),
                        path=_path(locked), link_text="Read it in the Protocol Portal", reason=f"enquiry.{kind}")
                for member in [locked.member, *(m for m, _ in copies)]]
    notify(messages, now=now)
    return message, [{"member": m.user.username, "reason": r} for m, r in copies]


def kind_label(kind):
    return {MessageKind.HOLDING: "Holding reply", MessageKind.RESPONSE: "Response",
            MessageKind.DECLINE: "Enquiry declined"}[kind]


@transaction.atomic
def enquiry_holding_reply(*, acting_user, enquiry, reasons="", revised_date=None, copy_to=(), concerns=(), now=None):
    """Send a holding reply with reasons and a revised date (ENQ-HOLDING).

    Sent before the target passes, it moves the target to the revised date; sent later, it is
    recorded and sent, but the escalation goes on (ENQ-ESCALATE).
    """
    now = now or timezone.now()
    locked = _locked(enquiry)
    _assignee(acting_user, locked, "send a holding reply")
    _require_open(locked, "send a holding reply")
    errors = {}
    reasons = _text(reasons, "reasons", errors, required="Give the reasons why a full response cannot be sent "
                    "in time; the member sees them (ENQ-HOLDING).")
    target_day = timezone.localdate(locked.deadline.target_at)
    if not isinstance(revised_date, date):
        errors["revised_date"] = ["Give the revised date by which you will send a full response, e.g. 2027-01-15."]
    elif revised_date <= target_day:
        errors["revised_date"] = [f"The revised date must be after the current target, {target_day:%-d %B %Y} "
                                  "(ENQ-HOLDING)."]
    copies = _copies(locked, copy_to, concerns, errors)
    _invalid(errors)
    in_time = holding_reply_in_time(now=now, target_at=locked.deadline.target_at)
    previous_target = locked.deadline.target_at
    if in_time:
        deadline_move(locked.deadline, target_day=revised_date)
    locked.status = EnquiryStatus.HOLDING
    locked.updated_at = now
    locked.save(update_fields=["status", "updated_at"])
    message, copied = _send_reply(locked, acting_user=acting_user, kind=MessageKind.HOLDING, text=reasons,
                                  copies=copies, now=now, revised_date=revised_date, in_time=in_time)
    rule_ids = ["ENQ-HOLDING"] + ([] if in_time else ["ENQ-ESCALATE"]) + _copy_rules(copied)
    _record(locked, acting_user=acting_user, verb="enquiry.holding_reply" if in_time else "enquiry.late_holding_reply",
            rule_ids=rule_ids, reasons=reasons, now=now,
            data={"revised_date": revised_date.isoformat(), "in_time": in_time,
                  "previous_target_at": previous_target.isoformat(), "target_at": locked.deadline.target_at.isoformat(),
                  "copies": copied})
    return locked


def _copy_rules(copied):
    reasons = {c["reason"] for c in copied}
    return (["COR-NO-BLIND"] if copied else []) + (["COR-COPY"] if CopyReason.COPY in reasons else []) + \
        (["COR-CONCERNS"] if CopyReason.CONCERNS in reasons else [])


@transaction.atomic
def enquiry_respond(*, acting_user, enquiry, text="", copy_to=(), concerns=(), now=None):
    """Send the full response (ENQ-DUE): the clock stops, and nothing more escalates."""
    now = now or timezone.now()
    locked = _locked(enquiry)
    _assignee(acting_user, locked, "respond")
    _require_open(locked, "respond again")
    errors = {}
    text = _text(text, "text", errors, required="Write the response to the member's question.")
    copies = _copies(locked, copy_to, concerns, errors)
    _invalid(errors)
    return _close_with(locked, acting_user=acting_user, kind=MessageKind.RESPONSE, text=text, copies=copies, now=now,
                       verb="enquiry.answered", rule_ids=["ENQ-DUE"])


@transaction.atomic
def enquiry_decline(*, acting_user, enquiry, reason="", rule="", copy_to=(), concerns=(), now=None):
    """Decline work of a purely political or personal nature, citing the protocol (ENQ-DECLINE)."""
    now = now or timezone.now()
    locked = _locked(enquiry)
    _assignee(acting_user, locked, "decline it")
    _require_open(locked, "decline it")
    errors = {}
    reason = _text(reason, "reason", errors, required="Say why this is political or personal work that officers "
                   "cannot do; the member sees it (ENQ-DECLINE).")
    if rule not in DECLINE_RULES:
        errors["rule"] = [f"Cite the rule you decline under: {', '.join(DECLINE_RULES)}."]
    copies = _copies(locked, copy_to, concerns, errors)
    _invalid(errors)
    return _close_with(locked, acting_user=acting_user, kind=MessageKind.DECLINE, text=reason, copies=copies, now=now,
                       verb="enquiry.declined", rule_ids=["ENQ-DECLINE"], decline_rule=rule)


def _close_with(locked, *, acting_user, kind, text, copies, now, verb, rule_ids, decline_rule=""):
    locked.status = EnquiryStatus.ANSWERED if kind == MessageKind.RESPONSE else EnquiryStatus.DECLINED
    locked.answered_at = now
    locked.updated_at = now
    in_time = now <= locked.deadline.target_at
    locked.answered_in_time = in_time
    locked.response_working_days = working_days_between(
        council_calendar(), timezone.localdate(locked.received_at), timezone.localdate(now))
    locked.save(update_fields=["status", "answered_at", "answered_in_time", "response_working_days", "updated_at"])
    deadline_close(locked.deadline, now=now)
    message, copied = _send_reply(locked, acting_user=acting_user, kind=kind, text=text, copies=copies, now=now,
                                  decline_rule=decline_rule)
    _record(locked, acting_user=acting_user, verb=verb, rule_ids=rule_ids + _copy_rules(copied), reasons=text, now=now,
            data={"in_time": in_time, "copies": copied})
    return locked


@transaction.atomic
def enquiry_note_guidance(*, acting_user, enquiry, note="", now=None):
    """Record that the Chief Officer's guidance was sought before answering (ENQ-RESOURCES)."""
    now = now or timezone.now()
    locked = _locked(enquiry)
    _assignee(acting_user, locked, "record that guidance was sought")
    _require_open(locked, "record guidance")
    errors = {}
    note = _text(note, "note", errors, required="Say whose guidance you sought and why answering needs significant "
                 "resources (ENQ-RESOURCES).")
    _invalid(errors)
    locked.guidance_sought_at = now
    locked.updated_at = now
    locked.save(update_fields=["guidance_sought_at", "updated_at"])
    _record(locked, acting_user=acting_user, verb="enquiry.guidance_sought", rule_ids=["ENQ-RESOURCES"], reasons=note,
            now=now)
    return locked
