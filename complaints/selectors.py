"""Reads of declared relationships (REL-DECLARE) and complaints (CMP-PRIVACY), for whoever is asking."""
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, F, OuterRef, Q, When

from protocol_portal.council.errors import NotFound

from .models import Complaint, ComplaintHandler, DeclaredRelationship

COMPLAINT_TYPE = "complaints.complaint"


def user_ids_related_to(user_id):
    """Return the ids of every user with whom ``user_id`` has an active declared relationship."""
    pairs = DeclaredRelationship.objects.filter(Q(person_a_id=user_id) | Q(person_b_id=user_id), is_active=True)
    return {a if b == user_id else b for a, b in pairs.values_list("person_a_id", "person_b_id")}


def users_related_to(user):
    """Return the same ids as ``user_ids_related_to``, as a subquery for a list's own query (REL-CONFLICT)."""
    return (DeclaredRelationship.objects.filter(Q(person_a=user) | Q(person_b=user), is_active=True)
            .annotate(other=Case(When(person_a=user, then=F("person_b")), default=F("person_a")))
            .values("other"))


def relationships_among(user_ids):
    """Return {user id: ids of users they have an active declared relationship with} for ``user_ids``, in one query."""
    related = {user_id: set() for user_id in user_ids}
    pairs = DeclaredRelationship.objects.filter(Q(person_a_id__in=user_ids) | Q(person_b_id__in=user_ids),
                                                is_active=True).values_list("person_a_id", "person_b_id")
    for a, b in pairs:
        if a in related:
            related[a].add(b)
        if b in related:
            related[b].add(a)
    return related


def _is_monitoring_officer(user):
    from protocol_portal.council.selectors import person_of

    person = person_of(user)
    return person.is_monitoring_officer or person.is_deputy_monitoring_officer


def _complaints():
    return Complaint.objects.select_related("complainant", "subject", "handler", "acknowledgement_deadline",
                                            "assessment_deadline", "independent_person__user")


def complaints_visible_to(user):
    """Return the complaints ``user`` may see, newest first (CMP-PRIVACY).

    The complainant; everyone who handles or handled it (and a chair told of it by rule); the
    Monitoring Officer and deputy; the person complained about once the handler has notified them.
    Anyone else gets 404, exactly as for a complaint that does not exist.
    """
    complaints = _complaints()
    handled = Exists(ComplaintHandler.objects.filter(complaint=OuterRef("pk"), user=user))
    mine = Q(complainant=user) | Q(handled) | Q(subject=user, subject_notified_at__isnull=False)
    if _is_monitoring_officer(user):
        # Every complaint, but one about herself only once she is told, like anyone else (CMP-PRIVACY).
        return complaints.filter(mine | ~Q(subject=user))
    return complaints.filter(mine)


def complaint_for(user, public_id):
    """Return one complaint ``user`` may see, or raise NotFound (missing and secret alike)."""
    try:
        return complaints_visible_to(user).get(public_id=public_id)
    except (Complaint.DoesNotExist, ValidationError):
        raise NotFound()


def complaint_queue(user):
    """Return the open complaints ``user`` handles now, soonest acknowledgement first; for the Monitoring
    Officer and deputy, also those with the Standards Committee."""
    open_ones = complaints_visible_to(user).filter(status__in=["received", "acknowledged", "assessed",
                                                                "investigating", "standards"])
    mine = Q(handler=user)
    if _is_monitoring_officer(user):
        mine |= Q(status="standards") & ~Q(complainant=user) & ~Q(subject=user)
    return open_ones.filter(mine).order_by("received_at")


def complaint_events(complaint):
    from protocol_portal.audit.models import AuditEvent

    return AuditEvent.objects.filter(target_type=COMPLAINT_TYPE, target_id=str(complaint.pk)).order_by("sequence")


def with_events(complaints):
    """Set ``audit_events`` on each of many complaints in one query; return them."""
    from protocol_portal.audit.models import AuditEvent

    by_id = {str(c.pk): c for c in complaints}
    for complaint in complaints:
        complaint.audit_events = []
    if by_id:
        events = AuditEvent.objects.filter(target_type=COMPLAINT_TYPE, target_id__in=list(by_id))
        for event in events.order_by("sequence"):
            by_id[event.target_id].audit_events.append(event)
    return complaints


def relationships_of(user):
    """Return the relationships ``user`` has declared or been declared in, active first (REL-DECLARE)."""
    return (DeclaredRelationship.objects.filter(Q(person_a=user) | Q(person_b=user))
            .select_related("person_a", "person_b", "declared_by").order_by("-is_active", "-declared_at", "pk"))


def relationship_for(user, public_id):
    """Return one relationship ``user`` is in, or raise NotFound."""
    try:
        return relationships_of(user).get(public_id=public_id)
    except (DeclaredRelationship.DoesNotExist, ValidationError):  # an id that is not even a UUID is just as unknown
        raise NotFound()


def relationship_register(user):
    """Return every declared relationship (REL-DECLARE), for the Monitoring Officer, the deputy and the staff
    they authorised to oversee the protocol (issue 7); anyone else: NotFound."""
    from protocol_portal.oversight.selectors import may_oversee

    if not may_oversee(user):
        raise NotFound()
    return (DeclaredRelationship.objects.select_related("person_a", "person_b", "declared_by")
            .order_by("-is_active", "person_a__name", "person_b__name", "pk"))
