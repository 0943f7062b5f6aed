"""Every change to an access request: atomic, with its audit event and its object permission."""
from django.db import transaction
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from complaints.selectors import user_ids_related_to
from officers.models import StatutoryRole
from protocol_portal.audit.actions import record_event
from protocol_portal.council.errors import Conflict, Invalid, NotAllowed, NotFound
from protocol_portal.council.selectors import council_calendar, current_council, person_of
from protocol_portal.deadlines.actions import deadline_close, deadline_reassign, deadline_start
from protocol_portal.deadlines.models import Clock

from .models import AccessRequest, AccessStatus, Classification, DocumentUserObjectPermission
from .policy import (
    GRANTED,
    HEAD_OF_SERVICE,
    REFERRED,
    RequestFacts,
    decide_access,
    first_unconflicted,
    may_know_of,
)
from .selectors import READ_PERMISSION_ID, document_facts, member_facts, statutory_officers

READ_PERMISSION = "requests_app.read_document"
MAX_TEXT = 5000


def _start_clock(access_request, *, clock, department, now):
    """Start the request's determination or dispute clock (ACC-DETERMINE: due as ENQ-DUE, escalating as
    ENQ-ESCALATE), and store its due date on the request."""
    access_request.deadline = deadline_start(
        clock=clock, item=access_request, department=department, member_user=access_request.member.user,
        assignee=access_request.assigned_to, now=now,
        title=f"Request from {access_request.member.user.name} to see {access_request.document.ref}",
        path=reverse("requests_app:request", args=[access_request.public_id]))
    access_request.due_at = access_request.deadline.due_at
    access_request.save(update_fields=["deadline", "due_at"])


def _management_line(officer):
    line = []
    while officer is not None and officer not in line:
        line.append(officer)
        officer = officer.manager
    return line


def head_of_service_for(document, member_user_id):
    """Return who determines need to know: the holding department's head, or the next up the line (REL-CONFLICT)."""
    department = document.department
    start = department.head or department.directorate.director
    related = user_ids_related_to(member_user_id)
    chain = [o for o in _management_line(start) if o.is_active]
    return first_unconflicted(chain, {o for o in chain if o.user_id in related})


def monitoring_officer_for(document, member_user_id, *, refused_by=None):
    """Return who acts as Monitoring Officer on this request (ACC-MO-CONFLICT, REL-CONFLICT).

    The deputy stands in where the Monitoring Officer heads the holding department, made the
    refusal being disputed, or has a declared relationship with the member.
    """
    holders = statutory_officers(StatutoryRole.MONITORING_OFFICER, StatutoryRole.DEPUTY_MONITORING_OFFICER,
                                 StatutoryRole.HEAD_OF_PAID_SERVICE)
    mo = holders.get(StatutoryRole.MONITORING_OFFICER)
    deputy = holders.get(StatutoryRole.DEPUTY_MONITORING_OFFICER)
    related = user_ids_related_to(member_user_id)

    def conflicted(officer):
        return officer.user_id in related or (refused_by is not None and officer.pk == refused_by.pk)

    mo_conflicted = mo is not None and (
        conflicted(mo) or (document.department.head_id is not None and document.department.head_id == mo.pk))
    chain = [mo, deputy, holders.get(StatutoryRole.HEAD_OF_PAID_SERVICE)]
    return first_unconflicted(chain, {o for o in chain if o is not None and (conflicted(o) or (o is mo and mo_conflicted))})


def _record(access_request, *, acting_user, verb, rule_ids, reasons="", data=None, now=None):
    record_event(acting_user=acting_user, verb=verb, target=access_request, rule_ids=rule_ids, reasons=reasons,
                 data={"document": access_request.document.ref, "member": access_request.member.user.username,
                       "status": access_request.status,
                       "assigned_to": access_request.assigned_to.user.username if access_request.assigned_to else None,
                       **(data or {})}, now=now)


def _grant(access_request):
    assign_perm(READ_PERMISSION, access_request.member.user, access_request.document)


def _clean_text(value, field, *, required_message=None, max_length=MAX_TEXT):
    text = (value or "").strip()
    if required_message and not text:
        raise Invalid(required_message, fields={field: [required_message]})
    if len(text) > max_length:
        message = f"Keep this to {max_length} characters or fewer; it has {len(text)}."
        raise Invalid(message, fields={field: [message]})
    return text


@transaction.atomic
def access_request_create(*, acting_user, document, justification="", on_behalf_of_constituent=False,
                          declared_interest=False, scrutiny_reference="", now=None):
    """Decide a member's request at once under the ACC rules and record it (with a grant, if granted)."""
    now = now or timezone.now()
    person = person_of(acting_user)
    if person.member is None:
        raise NotAllowed("Only members can ask to see documents.")
    member = person.member
    if not document.is_active or not may_know_of(member.group.code if member.group_id else None, document_facts(document)):
        raise NotFound()  # ACC-GROUP, ACC-ADVISER: to this member the document does not exist
    request_facts = RequestFacts(
        justification=_clean_text(justification, "justification"),
        on_behalf_of_constituent=bool(on_behalf_of_constituent),
        declared_interest=bool(declared_interest),
        scrutiny_reference=_clean_text(scrutiny_reference, "scrutiny_reference", max_length=300),
    )
    decision = decide_access(member_facts(member), document_facts(document), request_facts, timezone.localdate(now))
    assignee = due_at = None
    if decision.outcome == REFERRED:
        assignee = (head_of_service_for(document, member.user_id) if decision.refer_to == HEAD_OF_SERVICE
                    else monitoring_officer_for(document, member.user_id))
    access_request = AccessRequest.objects.create(
        document=document, member=member, justification=request_facts.justification,
        on_behalf_of_constituent=request_facts.on_behalf_of_constituent,
        declared_interest=request_facts.declared_interest, scrutiny_reference=request_facts.scrutiny_reference,
        status=decision.outcome, rule_ids=list(decision.rule_ids), deciding_rule=decision.rule_ids[0], reasons=decision.reasons, flags=list(decision.flags),
        assigned_to=assignee, due_at=due_at, created_at=now, updated_at=now,
    )
    if decision.outcome == GRANTED:
        _grant(access_request)
    if decision.outcome == REFERRED:
        _start_clock(access_request, clock=Clock.ACCESS_DETERMINATION, department=document.department, now=now)
    _record(access_request, acting_user=acting_user, verb=f"access_request.{decision.outcome}",
            rule_ids=decision.rule_ids, reasons=decision.reasons, now=now,
            data={"justification": request_facts.justification, "flags": list(decision.flags)})
    return access_request


def _locked_for_assignee(acting_user, access_request):
    """Re-read the request under a row lock and check ``acting_user`` is the officer it waits for."""
    locked = AccessRequest.objects.select_for_update(of=("self",)).select_related(
        "document__department__directorate__director", "member__user", "assigned_to__user", "deadline").get(pk=access_request.pk)
    officer = person_of(acting_user).officer
    if officer is None:
        raise NotAllowed("Only the officer this request is assigned to can decide it.")
    if not locked.is_open:
        raise Conflict(f"This request has already been {locked.get_status_display().lower()}"
                       f"{' and the decision is final' if locked.final else ''}; it cannot be decided again.")
    if locked.assigned_to_id != officer.pk:
        raise NotAllowed("Only the officer this request is assigned to can decide it.")
    return locked, officer


@transaction.atomic
def access_request_determine(*, acting_user, access_request, decision, reasons="", now=None):
    """Grant or refuse a referred request (ACC-DETERMINE), or settle a dispute, finally (ACC-DISPUTE)."""
    now = now or timezone.now()
    if decision not in ("grant", "refuse"):
        raise Invalid("Choose whether to grant or refuse the request.", fields={"decision": ["Choose grant or refuse."]})
    locked, officer = _locked_for_assignee(acting_user, access_request)
    disputed = locked.status == AccessStatus.DISPUTED
    if decision == "refuse" or disputed:
        needed = ("Give the reasons for your decision on the dispute; they are sent to the member." if disputed
                  else "Give written reasons for refusing; the member sees them and may dispute them.")
        reasons = _clean_text(reasons, "reasons", required_message=needed)
    else:
        reasons = _clean_text(reasons, "reasons")
    rule_ids = ["ACC-DISPUTE"] if disputed else ["ACC-DETERMINE"]
    locked.status = AccessStatus.GRANTED if decision == "grant" else AccessStatus.REFUSED
    # The rules behind the current outcome: the automatic step's, then each person's determination.
    locked.rule_ids = list(dict.fromkeys([*locked.rule_ids, *rule_ids]))
    locked.reasons = reasons or "Granted by the Head of Service: you need to know what it contains."
    locked.final = disputed
    locked.refused_by = officer if decision == "refuse" else None
    locked.assigned_to = None
    locked.due_at = None
    locked.updated_at = now
    locked.save()
    deadline_close(locked.deadline, now=now)
    if decision == "grant":
        _grant(locked)
    verb = ("access_request.dispute_" + ("overturned" if decision == "grant" else "upheld")) if disputed \
        else f"access_request.determined_{'granted' if decision == 'grant' else 'refused'}"
    _record(locked, acting_user=acting_user, verb=verb, rule_ids=rule_ids, reasons=reasons, now=now)
    if decision == "refuse" and not disputed:
        _send_refusal_to_scrutiny(locked, acting_user=acting_user, now=now)
    return locked


def _send_refusal_to_scrutiny(access_request, *, acting_user, now):
    """ACC-SCRUTINY: a scrutiny member refused an executive document: the reasons go to their committee."""
    facts = member_facts(access_request.member)
    document = access_request.document
    if facts.scrutiny_bodies and document.body_id and document.body.kind == "cabinet":
        _record(access_request, acting_user=acting_user, verb="access_request.reasons_sent_to_scrutiny",
                rule_ids=["ACC-SCRUTINY"], reasons=access_request.reasons, now=now,
                data={"committees": sorted(facts.scrutiny_bodies)})


@transaction.atomic
def access_request_refer(*, acting_user, access_request, reasons="", now=None):
    """Hand a referred request to the Monitoring Officer (003 ¶113), or the deputy (ACC-MO-CONFLICT)."""
    now = now or timezone.now()
    locked, _ = _locked_for_assignee(acting_user, access_request)
    if locked.status != AccessStatus.REFERRED:
        raise Conflict("A disputed request is already with the Monitoring Officer; decide it instead.")
    reasons = _clean_text(reasons, "reasons", required_message="Say why you are referring this request to the "
                          "Monitoring Officer, e.g. what you are unsure about.")
    mo = monitoring_officer_for(locked.document, locked.member.user_id)
    if mo is None or mo.pk == locked.assigned_to_id:
        raise Conflict("You are acting as Monitoring Officer for this request already; decide it instead.")
    locked.assigned_to = mo
    locked.updated_at = now
    locked.save(update_fields=["assigned_to", "updated_at"])
    if locked.deadline is not None:
        deadline_reassign(locked.deadline, assignee=mo)
    _record(locked, acting_user=acting_user, verb="access_request.referred_to_monitoring_officer",
            rule_ids=["ACC-DETERMINE", "ACC-MO-CONFLICT"], reasons=reasons, now=now)
    return locked


@transaction.atomic
def access_request_dispute(*, acting_user, access_request, grounds="", now=None):
    """Let the member dispute a refusal; the Monitoring Officer (or deputy) decides, finally (ACC-DISPUTE)."""
    now = now or timezone.now()
    locked = AccessRequest.objects.select_for_update(of=("self",)).select_related(
        "document__department", "member__user", "refused_by").get(pk=access_request.pk)
    person = person_of(acting_user)
    if person.member is None or person.member.pk != locked.member_id:
        raise NotAllowed("Only the member who made the request can dispute it.")
    if locked.status != AccessStatus.REFUSED or locked.final:
        raise Conflict("Only a refusal can be disputed, once; this request is "
                       f"{locked.get_status_display().lower()}{' and final' if locked.final else ''}.")
    grounds = _clean_text(grounds, "grounds", required_message="Say why you think the refusal is wrong, e.g. the "
                          "role you need the document for.")
    locked.status = AccessStatus.DISPUTED
    locked.rule_ids = list(dict.fromkeys([*locked.rule_ids, "ACC-DISPUTE"]))
    locked.dispute_grounds = grounds
    locked.assigned_to = monitoring_officer_for(locked.document, locked.member.user_id, refused_by=locked.refused_by)
    locked.updated_at = now
    locked.save()
    # A new clock: the Monitoring Officer's own Director is told if the dispute is not settled in time.
    _start_clock(locked, clock=Clock.ACCESS_DISPUTE, now=now,
                 department=locked.assigned_to.department if locked.assigned_to else locked.document.department)
    _record(locked, acting_user=acting_user, verb="access_request.disputed", rule_ids=["ACC-DISPUTE", "ACC-MO-CONFLICT"],
            reasons=grounds, now=now)
    return locked


@transaction.atomic
def access_grant_revoke(*, acting_user, access_request, reasons="", now=None):
    """Let the Monitoring Officer or deputy take back a grant, with reasons."""
    now = now or timezone.now()
    person = person_of(acting_user)
    if not (person.is_monitoring_officer or person.is_deputy_monitoring_officer):
        raise NotAllowed("Only the Monitoring Officer or deputy can revoke access.")
    locked = AccessRequest.objects.select_for_update(of=("self",)).select_related("document", "member__user").get(pk=access_request.pk)
    if person.officer.user_id in user_ids_related_to(locked.member.user_id):
        raise NotAllowed("You have a declared relationship with this member; the other of the Monitoring Officer "
                         "and deputy must decide (ACC-MO-CONFLICT).")
    if locked.document.classification == Classification.PUBLIC:
        raise Conflict("A published document cannot be withheld; there is nothing to revoke.")
    if locked.status != AccessStatus.GRANTED or locked.revoked_at is not None:
        raise Conflict("Only access that is currently granted can be revoked.")
    reasons = _clean_text(reasons, "reasons", required_message="Give the reasons for revoking access; the member sees them.")
    remove_perm(READ_PERMISSION, locked.member.user, locked.document)
    locked.revoked_at = now
    locked.updated_at = now
    locked.save(update_fields=["revoked_at", "updated_at"])
    _record(locked, acting_user=acting_user, verb="access_request.revoked", rule_ids=["ACC-USE"], reasons=reasons, now=now)
    return locked


@transaction.atomic
def document_open(*, acting_user, document, now=None):
    """Return the document's text for someone who may read it, recording the view (AUD-VIEW)."""
    if not getattr(document, "can_read", False):
        raise NotAllowed("You cannot read this document yet. Ask to see it, saying why you need it.")
    if document.classification != Classification.PUBLIC:
        record_event(acting_user=acting_user, verb="document.viewed", target=document, rule_ids=["AUD-VIEW", "ACC-USE"],
                     data={"ref": document.ref, "classification": document.classification}, now=now)
    return document.body_text


def use_notice(document, *, for_member=True):
    """Return the ACC-USE notice shown with a non-public document, or "" for a published one."""
    if document.classification == Classification.PUBLIC:
        return ""
    if for_member:
        notice = ("You may use this document only for the purpose you gave when you asked for it, and you must not "
                  "disclose it to anyone (ACC-USE).")
    else:
        notice = ("This document is not published: use it only for your work on it, and do not disclose it to "
                  "anyone not entitled to see it (ACC-USE).")
    if document.classification == Classification.EXEMPT:
        paragraphs = ", ".join(str(p) for p in document.exempt_paragraphs)
        notice = (f"NOT FOR PUBLICATION: exempt information under Schedule 12A, paragraph{'s' if len(document.exempt_paragraphs) > 1 else ''} "
                  f"{paragraphs}, Local Government Act 1972. It may be released only with the permission of the "
                  "Cabinet Member or Chair, after advice. " + notice)
    return notice




@transaction.atomic
def access_expire_ended_terms(*, now=None):
    """Take back the grants of members whose term has ended (ACC-EXPIRY); return how many went.

    Reading already checks the term, so this tidies the permissions and records the ending;
    set-based and safe to run any number of times.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    expired = DocumentUserObjectPermission.objects.filter(
        permission_id=Subquery(READ_PERMISSION_ID), user__member__term_end__lt=today)
    rows = list(expired.values_list("user__username", "content_object__ref"))
    if not rows:
        return 0
    expired.delete()
    by_member = {}
    for username, ref in rows:
        by_member.setdefault(username, []).append(ref)
    record_event(acting_user=None, verb="access.expired", target_type="requests_app.document", rule_ids=["ACC-EXPIRY"],
                 reasons="Access granted to these members ended with their term of office.",
                 data={"documents_by_member": by_member}, now=now)
    return len(rows)
