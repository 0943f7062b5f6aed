"""Every read of enquiries that depends on who is asking: lists, details and queues alike."""
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q

from complaints.selectors import user_ids_related_to
from members.models import Member
from officers.models import Officer
from protocol_portal.audit.models import AuditEvent
from protocol_portal.council.errors import NotFound
from protocol_portal.council.selectors import current_council, person_of
from protocol_portal.deadlines.models import DeadlineAction, Level

from .models import OPEN_STATUSES, Enquiry, EnquiryMessage, MessageCopy

ENQUIRY_TYPE = Enquiry._meta.label_lower


def _enquiries():
    return Enquiry.objects.select_related("member__user", "member__group", "department", "assigned_to__user",
                                          "deadline", "on_behalf_ward")


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
    escalated = Exists(DeadlineAction.objects.filter(deadline=OuterRef("deadline"), recipient=officer,
                                                     level__gte=Level.DIRECTOR))
    visible = Q(assigned_to=officer) | Q(escalated)
    if officer.department_id and officer.political_assistant_to_id is None:
        council = current_council()
        if council is not None and officer.department_id == council.democratic_services_id:
            visible = Q()  # Democratic Services route and assign every enquiry (ENQ-TRIAGE, API.md)
        else:
            visible |= Q(department_id=officer.department_id)
    related = user_ids_related_to(user.pk)
    return enquiries.filter(visible).exclude(member__user_id__in=related) if related else enquiries.filter(visible)


def enquiry_for(user, public_id):
    """Return one enquiry ``user`` may see, or raise NotFound (missing and secret alike)."""
    try:
        return enquiries_visible_to(user).get(public_id=public_id)
    except (Enquiry.DoesNotExist, ValidationError):  # an id that is not even a UUID is just as unknown
        raise NotFound()


QUEUES = ("mine", "department", "triage")


def enquiry_queue(user, queue):
    """Return an officer's open enquiries in ``queue``, soonest target first (ENQ-TRIAGE: no member priority).

    ``mine``: assigned to them; ``department``: their department's; ``triage``: sent to no department
    and not yet assigned, for Democratic Services to route.
    """
    person = person_of(user)
    officer = person.officer
    open_enquiries = enquiries_visible_to(user).filter(status__in=OPEN_STATUSES)
    if officer is None:
        return open_enquiries.none()
    if queue == "mine":
        open_enquiries = open_enquiries.filter(assigned_to=officer)
    elif queue == "department":
        open_enquiries = open_enquiries.filter(department_id=officer.department_id)
    else:
        council = current_council()
        ds_id = council.democratic_services_id if council else None
        if officer.department_id is None or officer.department_id != ds_id:
            return open_enquiries.none()
        open_enquiries = open_enquiries.filter(department_id=ds_id, via_democratic_services=True,
                                               assigned_to__isnull=True)
    return open_enquiries.order_by("deadline__target_at", "received_at")


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
    for event in AuditEvent.objects.filter(target_type=ENQUIRY_TYPE, target_id__in=list(by_id)).order_by("sequence"):
        by_id[event.target_id].audit_events.append(event)
    by_deadline = {e.deadline_id: e for e in enquiries}
    actions = DeadlineAction.objects.filter(deadline_id__in=list(by_deadline), level__gte=Level.DIRECTOR,
                                            recipient__isnull=False).select_related("recipient__user")
    for action in actions.order_by("level"):
        by_deadline[action.deadline_id].escalated_to.append(action.recipient.user.username)
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
