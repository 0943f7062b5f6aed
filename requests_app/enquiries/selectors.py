"""Every read of enquiries that depends on who is asking: lists, details and queues alike."""
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from complaints.selectors import user_ids_related_to, users_related_to
from members.models import Member
from officers.models import Officer
from protocol_portal.audit.models import AuditEvent
from protocol_portal.council.errors import NotFound
from protocol_portal.council.models import Council
from protocol_portal.council.selectors import person_of
from protocol_portal.deadlines.models import DeadlineAction, Level

from .models import OPEN_STATUSES, Enquiry, EnquiryMessage, MessageCopy

ENQUIRY_TYPE = Enquiry._meta.label_lower
# What a queue's table shows of each enquiry (enquiries/enquiry_queue.html and its tags), and no more: seven
# tables, not the eight a detail page joins, and a quarter of their columns (issue 8, benchmarks/visibility.py).
QUEUE_RELATED = ("member__user", "department", "assigned_to__user", "deadline")
QUEUE_FIELDS = ("public_id", "subject", "status", "confidential", "received_at", "member", "member__user__name",
                "department__name", "assigned_to", "assigned_to__user__name", "deadline__target_at",
                "deadline__remind_at", "deadline__escalation_level")
ESCALATED_FIELDS = ("public_id", "subject", "member", "member__user__name", "deadline__target_at")


def _enquiries():
    # Not the constituent's ward, which lists do not show and few enquiries have: PostgreSQL's time to plan
    # a join grows steeply with its tables (7 ms with the ward, 3 ms without it; issue 8). The API list
    # loads it for a page at once.
    return Enquiry.objects.select_related("member__user", "department", "assigned_to__user", "deadline")


# The parts of who-sees-what, as conditions the database checks in the list's own query: each was a
# query of its own, run again for every tab of the queue page (issue 8, benchmarks/visibility.py).

def _is_democratic_services(department_id):
    """Return whether the department is the council's Democratic Services (checked once per query)."""
    return Exists(Council.objects.filter(democratic_services_id=department_id))


def _escalated_to(officer):
    """Return the clocks escalated to ``officer`` (ENQ-ESCALATE).

    For ``deadline_id__in``: PostgreSQL hashes the ids once. An EXISTS beside an OR is costed as if run
    once a row (1.2 million for 100,000 enquiries), which turned on its JIT compiler, 1-2 s of work for a
    query of 50 ms.
    """
    return DeadlineAction.objects.filter(recipient=officer, level__gte=Level.DIRECTOR).values("deadline_id")


def _related_members(user):
    """Return the members ``user`` has an active declared relationship with (REL-CONFLICT), as a subquery."""
    return Member.objects.filter(user_id__in=users_related_to(user)).values("pk")


def enquiries_visible_to(user):
    """Return the enquiries ``user`` may see, newest first.

    A member: their own, and those with a reply copied to them (COR-COPY, COR-CONCERNS). An officer:
    those assigned to them, their department's, and those escalated to them (ENQ-ESCALATE); an
    officer of Democratic Services, every one (they route and assign them, ENQ-TRIAGE); never one
    from a member they have a declared relationship with (REL-CONFLICT). A political assistant sees only what is assigned to them: other groups'
    members' enquiries are not for a group's adviser (ENQ-CONFIDENTIAL).
    """
    person = person_of(user)
    enquiries = _enquiries()
    if person.member:
        copied = Exists(MessageCopy.objects.filter(message__enquiry=OuterRef("pk"), member=person.member))
        return enquiries.filter(Q(member=person.member) | Q(copied))
    officer = person.officer
    if officer is None:
        return enquiries.none()
    visible = Q(assigned_to=officer) | Q(deadline_id__in=_escalated_to(officer))
    if officer.department_id and officer.political_assistant_to_id is None:
        # Democratic Services route and assign every enquiry (ENQ-TRIAGE, API.md).
        visible = Q(_is_democratic_services(officer.department_id)) | visible | Q(department_id=officer.department_id)
    return enquiries.filter(visible).exclude(member_id__in=_related_members(user))


def enquiry_for(user, public_id):
    """Return one enquiry ``user`` may see, or raise NotFound (missing and secret alike)."""
    try:
        return enquiries_visible_to(user).get(public_id=public_id)
    except (Enquiry.DoesNotExist, ValidationError):  # an id that is not even a UUID is just as unknown
        raise NotFound()


QUEUES = ("mine", "department", "triage")


def _queue(officer, queue):
    """Return the condition an open enquiry meets to be in ``officer``'s ``queue``, or None if they have none."""
    if queue == "mine":
        return Q(assigned_to=officer)
    if queue == "department":
        return Q(department_id=officer.department_id)
    if officer.department_id is None:
        return None
    return Q(_is_democratic_services(officer.department_id), department_id=officer.department_id,
             via_democratic_services=True, assigned_to__isnull=True)


def enquiry_queue(user, queue):
    """Return an officer's open enquiries in ``queue``, soonest target first (ENQ-TRIAGE: no member priority),
    with what the queue's table shows.

    ``mine``: assigned to them; ``department``: their department's; ``triage``: sent to no department
    and not yet assigned, for Democratic Services to route.
    """
    officer = person_of(user).officer
    in_queue = _queue(officer, queue) if officer else None
    if in_queue is None:
        return Enquiry.objects.none()
    return (enquiries_visible_to(user).filter(in_queue, status__in=OPEN_STATUSES)
            .select_related(None).select_related(*QUEUE_RELATED).only(*QUEUE_FIELDS)
            .order_by("deadline__target_at", "received_at"))


def queue_counts(user, queues):
    """Return {queue: how many open enquiries are in it} for an officer's ``queues``, in one query."""
    officer = person_of(user).officer
    conditions = {queue: _queue(officer, queue) for queue in queues} if officer else {}
    conditions = {queue: condition for queue, condition in conditions.items() if condition is not None}
    counts = {}
    if conditions:
        # Only the enquiries in some queue, so the queues' indexes find them.
        counts = (enquiries_visible_to(user).filter(reduce(or_, conditions.values()), status__in=OPEN_STATUSES)
                  .aggregate(**{f"in_{queue}": Count("pk", filter=c) for queue, c in conditions.items()}))
    return {queue: counts.get(f"in_{queue}", 0) for queue in queues}


def enquiries_escalated_to(user):
    """Return the open enquiries escalated to ``user`` (ENQ-ESCALATE), soonest target first."""
    officer = person_of(user).officer
    if officer is None:
        return Enquiry.objects.none()
    return (enquiries_visible_to(user).filter(deadline_id__in=_escalated_to(officer), status__in=OPEN_STATUSES)
            .select_related(None).select_related("member__user", "deadline").only(*ESCALATED_FIELDS)
            .order_by("deadline__target_at"))


def _messages_visible_to(user, enquiry_ids):
    """Return the replies ``user`` may read on the enquiries ``enquiry_ids``, each with its copies (COR-NO-BLIND).

    All of them to officers and to the member who asked; to any other member, only those copied to
    them (COR-COPY, COR-CONCERNS).
    """
    messages = EnquiryMessage.objects.filter(enquiry_id__in=enquiry_ids).select_related("author").prefetch_related(
        Prefetch("copies", MessageCopy.objects.select_related("member__user")))
    member = person_of(user).member
    if member is not None:
        copied = Exists(MessageCopy.objects.filter(message=OuterRef("pk"), member=member))
        messages = messages.filter(Q(enquiry__member=member) | Q(copied))
    return messages.order_by("sent_at", "pk")


def enquiry_messages(enquiry, user):
    """Return the replies ``user`` may read on ``enquiry``, each with its copies."""
    return _messages_visible_to(user, [enquiry.pk])


def with_visible_messages(enquiries, user):
    """Set ``visible_messages`` and ``copy_reader`` on a page of enquiries in two queries; return them."""
    by_id = {enquiry.pk: enquiry for enquiry in enquiries}
    for enquiry in enquiries:
        enquiry.visible_messages = []
        enquiry.copy_reader = is_copy_reader(enquiry, user)
    if by_id:
        for message in _messages_visible_to(user, list(by_id)):
            by_id[message.enquiry_id].visible_messages.append(message)
    return enquiries


def is_copy_reader(enquiry, user):
    """Return whether ``user`` sees ``enquiry`` only because a reply was copied to them."""
    person = person_of(user)
    return person.member is not None and person.member.pk != enquiry.member_id


def enquiry_events(enquiry):
    """Return the audit events about an enquiry, oldest first."""
    return AuditEvent.objects.filter(target_type=ENQUIRY_TYPE, target_id=str(enquiry.pk)).order_by("sequence")


def with_events_and_escalations(enquiries):
    """Set ``audit_events`` and ``escalated_to`` on each of many enquiries in two queries; return them."""
    by_id = {str(e.pk): e for e in enquiries}
    for enquiry in enquiries:
        enquiry.audit_events, enquiry.escalated_to = [], []
    # Only what an answer shows of each (RequestEventSerializer), not the event's data or its hashes.
    events = (AuditEvent.objects.filter(target_type=ENQUIRY_TYPE, target_id__in=list(by_id))
              .only("target_id", "occurred_at", "actor_username", "verb", "rule_ids", "reasons").order_by("sequence"))
    for event in events:
        by_id[event.target_id].audit_events.append(event)
    by_deadline = {e.deadline_id: e for e in enquiries}
    escalations = (DeadlineAction.objects.filter(deadline_id__in=list(by_deadline), level__gte=Level.DIRECTOR,
                                                 recipient__isnull=False)
                   .order_by("level").values_list("deadline_id", "recipient__user__username"))
    for deadline_id, username in escalations:
        by_deadline[deadline_id].escalated_to.append(username)
    return enquiries


def assignable_officers(enquiry):
    """Return who may be assigned the enquiry: its department's active officers, none related to the
    member (REL-CONFLICT) and no political assistant."""
    related = user_ids_related_to(enquiry.member.user_id)
    return (Officer.objects.filter(department_id=enquiry.department_id, is_active=True,
                                   political_assistant_to__isnull=True)
            .exclude(user_id__in=related).select_related("user").order_by("user__name"))


def copyable_members(enquiry):
    """Return the members a reply may be copied to: every active member but the one who asked."""
    return Member.objects.filter(is_active=True).exclude(pk=enquiry.member_id).select_related("user").order_by("user__name")
