"""Every change to a complaint or a declared relationship: atomic, with its audit event and emails (CMP-*, REL-*).

Acting on a complaint you do not handle answers 404, as for one that does not exist (issue 6):
whether someone may see a complaint at all is private (CMP-PRIVACY).
"""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import BodyKind, BodyMembership, Member, MemberKind, Position
from officers.models import Grade, Officer, StatutoryRole
from officers.selectors import chief_executive, statutory_officer
from protocol_portal.audit.actions import record_event
from protocol_portal.council.errors import Conflict, NotAllowed, NotFound, clean_text, raise_if_invalid
from protocol_portal.council.models import User
from protocol_portal.council.selectors import current_council, person_of
from protocol_portal.deadlines.actions import deadline_close, deadline_reassign, deadline_start
from protocol_portal.deadlines.models import Clock
from protocol_portal.notify.actions import Message, notify

from . import policy
from .models import (
    Category,
    Complaint,
    ComplaintHandler,
    ComplaintStatus,
    DeclaredRelationship,
    HandlerRole,
    PersonKind,
    RelationshipKind,
)
from .selectors import complaints_visible_to, relationships_among


def _path(complaint):
    return reverse("complaints:complaint", args=[complaint.public_id])


def _day(moment):
    return f"{timezone.localtime(moment):%-d %B %Y}"


def _record(complaint, *, acting_user, verb, rule_ids, reasons="", data=None, now):
    record_event(acting_user=acting_user, verb=verb, target=complaint, rule_ids=rule_ids, reasons=reasons, now=now,
                 data={"status": complaint.status, "handler": complaint.handler.username if complaint.handler else None,
                       **(data or {})})


def _kind_of(user):
    """Return whether ``user`` is a member or an officer for complaints and declarations; None for anyone
    else, an Independent Person included (they advise on complaints; they are not a party to them)."""
    person = person_of(user)
    if person.member is not None:
        return PersonKind.MEMBER if person.member.kind != MemberKind.INDEPENDENT_PERSON else None
    return PersonKind.OFFICER if person.officer else None


def may_complain(user):
    """Return whether ``user`` may make a complaint: a member or an officer, not an Independent Person."""
    return _kind_of(user) is not None


def _as_route_officer(officer):
    return policy.Officer(user_id=officer.user_id, username=officer.user.username, name=officer.user.name,
                          post=officer.post, grade=officer.grade)


def _management_line(officer):
    """Return the officer's managers, nearest first (one query per level; lines are a handful deep)."""
    line, seen = [], {officer.pk}
    current = officer
    while current.manager_id and current.manager_id not in seen:
        current = Officer.objects.select_related("user").get(pk=current.manager_id)
        seen.add(current.pk)
        if current.is_active:
            line.append(current)
    return line


def route_facts(complainant, subject):
    """Read what the route depends on from the council data (CMP-ROUTE-*, CMP-CONFLICT)."""
    subject_officer = Officer.objects.select_related("user").filter(user=subject, is_active=True).first()
    monitoring = statutory_officer(StatutoryRole.MONITORING_OFFICER)
    deputy = statutory_officer(StatutoryRole.DEPUTY_MONITORING_OFFICER)
    chief = chief_executive()
    line = _management_line(subject_officer) if subject_officer else []
    people = {o.user_id for o in [monitoring, deputy, chief, *line] if o is not None}
    return policy.RouteFacts(
        complainant_user_id=complainant.pk, subject_user_id=subject.pk,
        subject_kind=policy.OFFICER if subject_officer else policy.MEMBER,
        subject_grade=subject_officer.grade if subject_officer else None,
        subject_line=tuple(_as_route_officer(o) for o in line),
        monitoring_officer=_as_route_officer(monitoring) if monitoring else None,
        deputy_monitoring_officer=_as_route_officer(deputy) if deputy else None,
        chief_executive=_as_route_officer(chief) if chief else None,
        related=relationships_among(people))


def _employment_chair():
    """Return the chair of the employment committee (told of a formal complaint about the Chief Executive)."""
    seat = BodyMembership.objects.filter(body__kind=BodyKind.EMPLOYMENT, body__is_active=True,
                                         position=Position.CHAIR, member__is_active=True).select_related(
        "member__user").first()
    return seat.member.user if seat else None


def _days(council, name, default):
    return getattr(council, name, None) or default


@transaction.atomic
def complaint_raise(*, acting_user, about="", category="", details="", formal=False, now=None):
    """Raise a complaint about a named member or officer; route it at once from the council data.

    CMP-ROUTE-OFFICER / CMP-ROUTE-MEMBER decide who handles it, CMP-CONFLICT skips anyone
    conflicted, and CMP-TIMES starts the acknowledgement and assessment clocks on the shared sweep.
    """
    now = now or timezone.now()
    complainant_kind = _kind_of(acting_user)
    if complainant_kind is None:
        raise NotFound()  # only members and officers complain; to anyone else the page does not exist
    errors = {}
    subject = None
    if not isinstance(about, str) or not about.strip():
        errors["about"] = ["Name the member or officer the complaint is about, by their username."]
    else:
        subject = User.objects.filter(username=about.strip(), is_active=True).first()
        if subject is None or _kind_of(subject) is None:
            errors["about"] = [f"There is no member or officer with the username \"{about.strip()}\". Check the "
                               "name and try again."]
            subject = None
        elif subject.pk == acting_user.pk:
            errors["about"] = ["You cannot complain about yourself. Name the member or officer the complaint is about."]
            subject = None
    if category not in Category.values:
        errors["category"] = ["Choose the kind of complaint: conduct, protocol (a breach of the Member/Officer "
                              "Protocol), bullying (bullying or harassment) or service."]
    details = clean_text(details, "details", errors, required="Say what happened: what was said or done, when, and "
                         "who was there.")
    if not isinstance(formal, bool):
        errors["formal"] = ["Write formal as true or false."]
    raise_if_invalid(errors)
    subject_kind = _kind_of(subject)
    facts = route_facts(acting_user, subject)
    steps = policy.complaint_route(facts)
    position = policy.first_handler_index(steps)
    handler_step = steps[position]
    handler = User.objects.get(pk=handler_step.officer.user_id) if handler_step.officer else None
    complaint = Complaint.objects.create(
        complainant=acting_user, complainant_kind=complainant_kind, subject=subject, subject_kind=subject_kind,
        category=category, formal=formal, details=details,
        status=ComplaintStatus.RECEIVED if handler else ComplaintStatus.STANDARDS,
        route=[s.as_dict() for s in steps], route_position=position, handler=handler, received_at=now,
        updated_at=now)
    informed = []
    if handler:
        ComplaintHandler.objects.create(complaint=complaint, user=handler, since=now)
        _start_clocks(complaint, handler, now)
    chair = _employment_chair() if (formal and subject_kind == PersonKind.OFFICER
                                    and facts.subject_grade == Grade.CHIEF_EXECUTIVE) else None
    if chair is not None and chair.pk not in (acting_user.pk, subject.pk):
        # CMP-ROUTE-OFFICER: a formal complaint about the Chief Executive also goes to the chair of the
        # employment committee.
        ComplaintHandler.objects.create(complaint=complaint, user=chair, role=HandlerRole.INFORMED, since=now)
        informed.append(chair)
    rule = "CMP-ROUTE-MEMBER" if subject_kind == PersonKind.MEMBER else "CMP-ROUTE-OFFICER"
    skipped = [s for s in steps if s.skipped]
    rule_ids = [rule, "CMP-TIMES", "CMP-PRIVACY"] + (["CMP-CONFLICT", "REL-CONFLICT"] if skipped else []) + (
        ["CMP-BULLYING"] if category == Category.BULLYING else [])
    _record(complaint, acting_user=acting_user, verb="complaint.raised", rule_ids=rule_ids, now=now,
            data={"about": subject.username, "category": category, "formal": formal,
                  "route": [s.as_dict() for s in steps]})
    messages = []
    if handler:
        messages.append(Message(
            recipient=handler, subject=f"A complaint for you to handle: {complaint.get_category_display()}"[:300],
            greeting=f"Dear {handler.name},",
            paragraphs=(f"{acting_user.name} has made a {'formal' if formal else 'informal'} complaint about "
                        f"{subject.name}, and under the protocol it comes to you as {handler_step.role}.",
                        f"Acknowledge it by the end of {_day(complaint.acknowledgement_deadline.due_at)} and make an "
                        f"initial assessment by the end of {_day(complaint.assessment_deadline.due_at)}."),
            path=_path(complaint), link_text="Open the complaint", reason="complaint.raised"))
    for user in informed:
        messages.append(Message(
            recipient=user, subject="A formal complaint about the Chief Executive", greeting=f"Dear {user.name},",
            paragraphs=("A formal complaint has been made about the Chief Executive. As chair of the employment "
                        "committee you are told of it (protocol 002 §31.3(3)); the Monitoring Officer handles it.",),
            path=_path(complaint), link_text="Open the complaint", reason="complaint.informed"))
    notify(messages, now=now)
    return complaint


def _start_clocks(complaint, handler, now):
    """CMP-TIMES: acknowledgement and initial assessment, due in the council's working days."""
    council = current_council()
    officer = Officer.objects.select_related("department").filter(user=handler).first()
    member_user = complaint.subject if complaint.subject_kind == PersonKind.MEMBER else (
        complaint.complainant if complaint.complainant_kind == PersonKind.MEMBER else None)
    # No names: a Director told the acknowledgement is late must not learn who complained about whom (CMP-PRIVACY).
    title = f"Complaint {str(complaint.public_id)[:8]}"
    common = {"item": complaint, "title": title, "path": _path(complaint),
              "department": officer.department if officer else None, "member_user": member_user,
              "assignee": officer, "now": now}
    complaint.acknowledgement_deadline = deadline_start(
        clock=Clock.COMPLAINT_ACKNOWLEDGEMENT, days=_days(council, "complaint_ack_days", 5), **common)
    complaint.assessment_deadline = deadline_start(
        clock=Clock.COMPLAINT_ASSESSMENT, days=_days(council, "complaint_assess_days", 20), **common)
    complaint.save(update_fields=["acknowledgement_deadline", "assessment_deadline"])


def _locked(complaint):
    return Complaint.objects.select_for_update(of=("self",)).select_related(
        "complainant", "subject", "handler", "acknowledgement_deadline", "assessment_deadline").get(pk=complaint.pk)


def _handler(acting_user, complaint, *, standards_too=False):
    """Return the acting user if they handle ``complaint`` now; else NotAllowed to someone who may see it
    (CMP-PRIVACY: the complainant, earlier handlers, the Monitoring Officer), NotFound to everyone else,
    exactly as for a missing complaint. The same split as every other action in the portal (issue 9).

    With ``standards_too``, the Monitoring Officer and deputy act for a complaint with the Standards
    Committee (they serve it).
    """
    if complaint.handler_id == acting_user.pk:
        return acting_user
    person = person_of(acting_user)
    if (standards_too and complaint.status == ComplaintStatus.STANDARDS
            and (person.is_monitoring_officer or person.is_deputy_monitoring_officer)
            and acting_user.pk not in (complaint.complainant_id, complaint.subject_id)):
        return acting_user
    if complaints_visible_to(acting_user).filter(pk=complaint.pk).exists():
        raise NotAllowed("Only the person handling this complaint now can do this. You may read it, but not act on "
                         "it (CMP-PRIVACY).")
    raise NotFound()


def _require(complaint, statuses, doing):
    if complaint.status not in statuses:
        raise Conflict(f"This complaint is {complaint.get_status_display().lower()}, so you cannot {doing}.")


def _tell(users, complaint, subject, paragraphs, reason, now):
    notify([Message(recipient=user, subject=subject[:300], greeting=f"Dear {user.name},", paragraphs=paragraphs,
                    path=_path(complaint), link_text="Open the complaint", reason=reason) for user in users], now=now)


@transaction.atomic
def complaint_acknowledge(*, acting_user, complaint, note="", now=None):
    """Acknowledge the complaint to the complainant (CMP-TIMES)."""
    now = now or timezone.now()
    locked = _locked(complaint)
    _handler(acting_user, locked)
    _require(locked, [ComplaintStatus.RECEIVED], "acknowledge it")
    errors = {}
    note = clean_text(note, "note", errors)
    raise_if_invalid(errors)
    locked.status = ComplaintStatus.ACKNOWLEDGED
    locked.acknowledged_at = locked.updated_at = now
    locked.save(update_fields=["status", "acknowledged_at", "updated_at"])
    deadline_close(locked.acknowledgement_deadline, now=now)
    _record(locked, acting_user=acting_user, verb="complaint.acknowledged", rule_ids=["CMP-TIMES"], reasons=note,
            now=now)
    _tell([locked.complainant], locked, "Your complaint has been acknowledged",
          (f"{acting_user.name} has acknowledged your complaint about {locked.subject.name} and will make an initial "
           f"assessment by the end of {_day(locked.assessment_deadline.target_at)}.",) + ((note,) if note else ()),
          "complaint.acknowledged", now)
    return locked


@transaction.atomic
def complaint_assess(*, acting_user, complaint, assessment="", now=None):
    """Record the initial assessment (CMP-TIMES); it is acknowledged too, if it was not yet."""
    now = now or timezone.now()
    locked = _locked(complaint)
    _handler(acting_user, locked)
    _require(locked, [ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED], "assess it")
    errors = {}
    assessment = clean_text(assessment, "assessment", errors, required="Write your initial assessment: what the "
                            "complaint alleges, and how you will deal with it.")
    raise_if_invalid(errors)
    if locked.acknowledged_at is None:
        locked.acknowledged_at = now
        deadline_close(locked.acknowledgement_deadline, now=now)
    locked.status = ComplaintStatus.ASSESSED
    locked.assessment = assessment
    locked.assessed_at = locked.updated_at = now
    locked.save(update_fields=["status", "acknowledged_at", "assessment", "assessed_at", "updated_at"])
    deadline_close(locked.assessment_deadline, now=now)
    _record(locked, acting_user=acting_user, verb="complaint.assessed", rule_ids=["CMP-TIMES"], now=now)
    _tell([locked.complainant], locked, "Your complaint has been assessed",
          (f"{acting_user.name} has made an initial assessment of your complaint about {locked.subject.name}.",),
          "complaint.assessed", now)
    return locked


@transaction.atomic
def complaint_notify_subject(*, acting_user, complaint, now=None):
    """Tell the person complained about; from now on they can see it (CMP-PRIVACY)."""
    now = now or timezone.now()
    locked = _locked(complaint)
    _handler(acting_user, locked, standards_too=True)
    if locked.subject_notified_at is not None:
        raise Conflict(f"{locked.subject.name} was told of this complaint on {_day(locked.subject_notified_at)}.")
    locked.subject_notified_at = locked.updated_at = now
    locked.save(update_fields=["subject_notified_at", "updated_at"])
    _record(locked, acting_user=acting_user, verb="complaint.subject_notified", rule_ids=["CMP-PRIVACY"], now=now)
    _tell([locked.subject], locked, "A complaint has been made about you",
          (f"A {locked.get_category_display().lower()} complaint has been made about you. {acting_user.name} is "
           "handling it; you can read it, and follow what happens, in the Protocol Portal.",),
          "complaint.subject_notified", now)
    return locked


@transaction.atomic
def complaint_escalate(*, acting_user, complaint, reasons="", now=None):
    """Pass an unresolved complaint up the arbitration line (CMP-ARBITRATE): Head of Service or Director,
    then the Monitoring Officer, then the Chief Executive, and last the Standards Committee."""
    now = now or timezone.now()
    locked = _locked(complaint)
    _handler(acting_user, locked)
    _require(locked, [ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.ASSESSED],
             "pass it on")
    errors = {}
    reasons = clean_text(reasons, "reasons", errors, required="Say why the difficulty could not be resolved at "
                         "your level (CMP-ARBITRATE).")
    raise_if_invalid(errors)
    position = policy.next_handler_index(locked.route, locked.route_position)
    step = locked.route[position]
    handler = User.objects.get(username=step["username"]) if step["username"] else None
    locked.route_position = position
    locked.handler = handler
    locked.status = locked.status if handler else ComplaintStatus.STANDARDS
    locked.updated_at = now
    locked.save(update_fields=["route_position", "handler", "status", "updated_at"])
    if handler is not None:
        ComplaintHandler.objects.get_or_create(complaint=locked, user=handler, defaults={"since": now})
        officer = Officer.objects.select_related("department").filter(user=handler).first()
        for deadline in (locked.acknowledgement_deadline, locked.assessment_deadline):
            if deadline is not None and deadline.closed_at is None:
                deadline_reassign(deadline, assignee=officer, department=officer.department if officer else None)
    else:
        for deadline in (locked.acknowledgement_deadline, locked.assessment_deadline):
            deadline_close(deadline, now=now)
    _record(locked, acting_user=acting_user, verb="complaint.escalated", rule_ids=["CMP-ARBITRATE"], reasons=reasons,
            now=now, data={"to": step["role"]})
    if handler is not None:
        _tell([handler], locked, "A complaint passed to you to resolve",
              (f"{acting_user.name} could not resolve a complaint about {locked.subject.name} and has passed it to "
               f"you as {step['role']} (protocol 000 §11.1).", f"Their reasons: {reasons}"),
              "complaint.escalated", now)
    return locked


def _independent_person(username):
    return Member.objects.select_related("user").filter(
        user__username=username, kind=MemberKind.INDEPENDENT_PERSON, is_active=True).first() \
        if isinstance(username, str) and username else None


@transaction.atomic
def complaint_outcome(*, acting_user, complaint, outcome="", reasons="", now=None):
    """Record the handler's outcome (CMP-OUTCOMES): for a complaint about a member, the Monitoring
    Officer's outcomes (investigation and a Standards Committee referral keep it open); about an
    officer, resolved, upheld or not upheld under the council's procedures."""
    now = now or timezone.now()
    locked = _locked(complaint)
    _handler(acting_user, locked, standards_too=True)
    _require(locked, [ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.ASSESSED,
                      ComplaintStatus.STANDARDS], "record an outcome")
    errors = {}
    reasons = clean_text(reasons, "reasons", errors, required="Give the reasons for the outcome; the complainant sees "
                         "them.")
    problems = policy.outcome_problems(subject_kind=locked.subject_kind, outcome=outcome,
                                       status=locked.status if locked.status != "standards" else "assessed",
                                       independent_person_views=locked.independent_person_views, finding="")
    errors = {**problems, **errors}
    raise_if_invalid(errors)
    locked.outcome = outcome
    locked.outcome_reasons = reasons
    if outcome == "investigation":
        locked.status = ComplaintStatus.INVESTIGATING
        if locked.handler_id is None:
            # Recorded for the Standards Committee: whoever recorded it carries the investigation.
            locked.handler = acting_user
            ComplaintHandler.objects.get_or_create(complaint=locked, user=acting_user, defaults={"since": now})
    elif outcome == "standards_referral":
        locked.status, locked.handler = ComplaintStatus.STANDARDS, None
    else:
        locked.status = ComplaintStatus.CLOSED
        locked.decided_at = now
    if locked.acknowledged_at is None:
        locked.acknowledged_at = now
    locked.updated_at = now
    locked.save(update_fields=["outcome", "outcome_reasons", "status", "handler", "decided_at", "acknowledged_at",
                               "updated_at"])
    for deadline in (locked.acknowledgement_deadline, locked.assessment_deadline):
        deadline_close(deadline, now=now)
    _record(locked, acting_user=acting_user, verb="complaint.outcome", rule_ids=["CMP-OUTCOMES"], reasons=reasons,
            now=now, data={"outcome": outcome})
    people = [locked.complainant] + ([locked.subject] if locked.subject_notified_at else [])
    _tell(people, locked, f"Complaint outcome: {locked.get_outcome_display()}",
          (f"The outcome of the complaint about {locked.subject.name}: {locked.get_outcome_display()}.",
           f"The reasons: {reasons}"), "complaint.outcome", now)
    return locked


@transaction.atomic
def complaint_record_independent_person(*, acting_user, complaint, independent_person="", views="", now=None):
    """Record the Independent Person's views on an investigated allegation (CMP-OUTCOMES; Localism Act 2011
    s.28(7)), which must come before the decision."""
    now = now or timezone.now()
    locked = _locked(complaint)
    _handler(acting_user, locked)
    _require(locked, [ComplaintStatus.INVESTIGATING], "record the Independent Person's views")
    errors = {}
    person = _independent_person(independent_person)
    if person is None:
        errors["independent_person"] = ["Choose the Independent Person whose views these are, by their username."]
    views = clean_text(views, "views", errors, required="Write the Independent Person's views on the allegation.")
    raise_if_invalid(errors)
    locked.independent_person = person
    locked.independent_person_views = views
    locked.independent_person_views_at = locked.updated_at = now
    locked.save(update_fields=["independent_person", "independent_person_views", "independent_person_views_at",
                               "updated_at"])
    _record(locked, acting_user=acting_user, verb="complaint.independent_person_views", rule_ids=["CMP-OUTCOMES"],
            now=now, data={"independent_person": person.user.username})
    return locked


@transaction.atomic
def complaint_decide(*, acting_user, complaint, finding="", reasons="", now=None):
    """Decide an investigated allegation about a member, once the Independent Person's views are recorded
    (CMP-OUTCOMES)."""
    now = now or timezone.now()
    locked = _locked(complaint)
    _handler(acting_user, locked)
    _require(locked, [ComplaintStatus.INVESTIGATING], "decide it")
    errors = {}
    reasons = clean_text(reasons, "reasons", errors, required="Give the reasons for the decision.")
    problems = policy.outcome_problems(subject_kind=locked.subject_kind, outcome=locked.outcome,
                                       status=locked.status, independent_person_views=locked.independent_person_views,
                                       finding=finding)
    errors = {**problems, **errors}
    raise_if_invalid(errors)
    locked.finding = finding
    locked.decision_reasons = reasons
    locked.status = ComplaintStatus.CLOSED
    locked.decided_at = locked.updated_at = now
    locked.save(update_fields=["finding", "decision_reasons", "status", "decided_at", "updated_at"])
    _record(locked, acting_user=acting_user, verb="complaint.decided", rule_ids=["CMP-OUTCOMES"], reasons=reasons,
            now=now, data={"finding": finding})
    people = [locked.complainant] + ([locked.subject] if locked.subject_notified_at else [])
    _tell(people, locked, f"Complaint decided: {locked.get_finding_display()}",
          (f"The investigated complaint about {locked.subject.name} has been decided: "
           f"{locked.get_finding_display().lower()}.", f"The reasons: {reasons}"), "complaint.decided", now)
    return locked


# Declared relationships (REL-DECLARE) --------------------------------------------------------------

@transaction.atomic
def relationship_declare(*, acting_user, other="", kind="", now=None):
    """Declare a close personal, family or business relationship between a member and an officer (REL-DECLARE).

    From then on neither handles anything that concerns the other (REL-CONFLICT).
    """
    now = now or timezone.now()
    mine = _kind_of(acting_user)
    if mine is None:
        raise NotFound()
    errors = {}
    person = None
    if not isinstance(other, str) or not other.strip():
        errors["other"] = ["Name the member or officer you have the relationship with, by their username."]
    else:
        person = User.objects.filter(username=other.strip(), is_active=True).first()
        theirs = _kind_of(person) if person else None
        if person is None or theirs is None:
            errors["other"] = [f"There is no member or officer with the username \"{other.strip()}\"."]
        elif person.pk == acting_user.pk:
            errors["other"] = ["Name someone other than yourself."]
        elif theirs == mine:
            errors["other"] = [f"The protocol asks for relationships between members and officers; {person.name} is "
                               f"{'a member' if mine == PersonKind.MEMBER else 'an officer'} like you (REL-DECLARE)."]
    if kind not in RelationshipKind.values:
        errors["kind"] = ["Choose the kind of relationship: family, personal (close personal) or business."]
    raise_if_invalid(errors)
    first, second = sorted((acting_user.pk, person.pk))
    relationship = (DeclaredRelationship.objects.select_for_update()
                    .filter(person_a_id=first, person_b_id=second).first())
    if relationship is not None and relationship.is_active:
        raise Conflict(f"A relationship with {person.name} is already declared.")
    if relationship is None:
        relationship = DeclaredRelationship(person_a_id=first, person_b_id=second)
    relationship.kind, relationship.is_active = kind, True
    relationship.declared_by, relationship.declared_at, relationship.withdrawn_at = acting_user, now, None
    relationship.save()
    record_event(acting_user=acting_user, verb="relationship.declared", target=relationship,
                 rule_ids=["REL-DECLARE", "REL-CONFLICT"], now=now, data={"with": person.username, "kind": kind})
    monitoring = statutory_officer(StatutoryRole.MONITORING_OFFICER)
    if monitoring is not None and monitoring.user_id not in (acting_user.pk, person.pk):
        notify([Message(recipient=monitoring.user, subject="A relationship has been declared",
                        greeting=f"Dear {monitoring.user.name},",
                        paragraphs=(f"{acting_user.name} has declared a {relationship.get_kind_display().lower()} "
                                    f"relationship with {person.name} (protocol 003 ¶45-46, ¶56-57).",),
                        path=reverse("complaints:register"), link_text="See the register",
                        reason="relationship.declared")], now=now)
    return relationship


@transaction.atomic
def relationship_withdraw(*, acting_user, relationship, now=None):
    """Withdraw a relationship one of the two declared in the portal; it stays in the register, inactive."""
    now = now or timezone.now()
    locked = DeclaredRelationship.objects.select_for_update().select_related("person_a", "person_b").get(
        pk=relationship.pk)
    if acting_user.pk not in (locked.person_a_id, locked.person_b_id):
        raise NotFound()
    if not locked.is_active:
        raise Conflict("This relationship has already been withdrawn.")
    if locked.declared_by_id is None:
        raise Conflict("This relationship is in the council's own records; ask the Monitoring Officer to change it.")
    locked.is_active = False
    locked.withdrawn_at = now
    locked.save(update_fields=["is_active", "withdrawn_at"])
    other = locked.person_b if locked.person_a_id == acting_user.pk else locked.person_a
    record_event(acting_user=acting_user, verb="relationship.withdrawn", target=locked, rule_ids=["REL-DECLARE"],
                 now=now, data={"with": other.username})
    return locked

