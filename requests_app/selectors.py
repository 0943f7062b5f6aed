"""Who may know of, and read, which documents and requests: one place for lists, pages and the API."""
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from members.models import BodyKind, BodyMembership
from officers.models import Officer
from protocol_portal.audit.models import AuditEvent
from protocol_portal.council.errors import NotFound
from protocol_portal.council.selectors import person_of
from protocol_portal.deadlines.models import DeadlineAction, Level

from .models import (
    GROUP_CLASSIFICATIONS,
    AccessRequest,
    AccessStatus,
    Classification,
    Document,
    DocumentUserObjectPermission,
)
from .policy import DocumentFacts, MemberFacts

# The grant's permission as an uncorrelated subquery: the database resolves it once, and the lookup
# by (user, permission, document) then uses guardian's unique index whole, instead of scanning
# every grant the member holds for each document.
READ_PERMISSION_ID = Permission.objects.filter(
    codename="read_document", content_type__app_label="requests_app").values("pk")[:1]


def member_facts(member):
    """Return the policy's view of a member: kind, group, term and the bodies they sit on."""
    seats = BodyMembership.objects.filter(member=member, body__is_active=True).values_list(
        "body__code", "body__kind", "body__parent__kind")
    bodies, scrutiny = set(), set()
    for code, kind, parent_kind in seats:
        bodies.add(code)
        if kind == BodyKind.OVERVIEW_SCRUTINY or (kind == BodyKind.SUB_COMMITTEE and parent_kind == BodyKind.OVERVIEW_SCRUTINY):
            scrutiny.add(code)
    return MemberFacts(
        kind=member.kind, group=member.group.code if member.group_id else None,
        term_start=member.term_start, term_end=member.term_end, bodies=frozenset(bodies),
        scrutiny_bodies=frozenset(scrutiny), council_roles=frozenset(member.council_roles),
    )


def document_facts(document):
    """Return the policy's view of a document (its body, meeting and group loaded with it)."""
    return DocumentFacts(
        classification=document.classification,
        group=document.group.code if document.group_id else None,
        body=document.body.code if document.body_id else None,
        body_kind=document.body.kind if document.body_id else None,
        meeting_date=document.meeting.date if document.meeting_id else None,
        exempt_paragraphs=frozenset(document.exempt_paragraphs),
        contract_terms=document.contract_terms,
        personal_data=document.personal_data,
    )


def _officer_may_decide(officer):
    """Documents with a request about them that is ``officer``'s to decide now (ACC-OFFICER)."""
    return Exists(AccessRequest.objects.filter(
        document=OuterRef("pk"), assigned_to=officer, status__in=[AccessStatus.REFERRED, AccessStatus.DISPUTED]))


def documents_visible_to(user, *, today):
    """Return the catalogue ``user`` may know of, each annotated with ``can_read``, in one query.

    ACC-GROUP and ACC-ADVISER: another group's papers are left out entirely, for members and
    officers alike; only the group's members and its political assistant know they exist.
    """
    person = person_of(user)
    # The meeting's body too: a meeting is named with its committee (the admin's changelist, issue 8).
    documents = Document.objects.filter(is_active=True).select_related("department", "body", "meeting__body", "group")
    public = Q(classification=Classification.PUBLIC)
    if person.member:
        member = person.member
        own_group = Q(group_id=member.group_id) if member.group_id else Q(pk__in=[])
        documents = documents.filter(~Q(classification__in=GROUP_CLASSIFICATIONS) | own_group)
        if not member.in_term_on(today):  # ACC-TERM, ACC-EXPIRY: only what is published
            return documents.annotate(can_read=_flag(public))
        granted = Exists(DocumentUserObjectPermission.objects.filter(
            user=user, permission_id=Subquery(READ_PERMISSION_ID), content_object=OuterRef("pk")))
        return documents.annotate(can_read=_flag(public | (Q(classification__in=GROUP_CLASSIFICATIONS) & own_group) | Q(granted)))
    if person.officer:
        officer = person.officer
        assistant_to = Q(group_id=officer.political_assistant_to_id) if officer.political_assistant_to_id else Q(pk__in=[])
        documents = documents.filter(~Q(classification__in=GROUP_CLASSIFICATIONS) | assistant_to)
        own_department = Q(department_id=officer.department_id) if officer.department_id else Q(pk__in=[])
        return documents.annotate(can_read=_flag(
            public | (Q(classification__in=GROUP_CLASSIFICATIONS) & assistant_to)
            | (~Q(classification__in=GROUP_CLASSIFICATIONS) & own_department) | Q(_officer_may_decide(officer))
        ))
    if user.is_staff:
        # Portal administrators (the admin) see the catalogue's entries, never group papers or any text.
        return documents.exclude(classification__in=GROUP_CLASSIFICATIONS).annotate(
            can_read=Value(False, output_field=BooleanField()))
    return documents.none().annotate(can_read=Value(False, output_field=BooleanField()))


def _flag(condition):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


# What the catalogue page and the API list show of each document: not its text, which a list never
# shows and which may be long (issue 8, benchmarks/visibility.py).
LIST_RELATED = ("department", "body", "meeting")
LIST_FIELDS = ("ref", "title", "classification", "exempt_paragraphs", "summary", "department__code", "body__code",
               "body__name", "meeting__ref", "meeting__date")


def catalogue_facets(documents):
    """Return (body code, body name, meeting ref, meeting date, meeting's body, classification) for the
    catalogue's filters: one document of each combination among ``documents``.

    Grouped on the three ids and only then joined to the names, instead of DISTINCT over every visible
    document's names: at 50,000 documents 22 ms instead of 65 ms, most of the page's time (issue 8,
    benchmarks/load.py).
    """
    one_of_each = documents.order_by().values("body_id", "meeting_id", "classification").annotate(first=Min("pk"))
    return Document.objects.filter(pk__in=one_of_each.values("first")).order_by().values_list(
        "body__code", "body__name", "meeting__ref", "meeting__date", "meeting__body__name", "classification")


def search_documents(documents, *, q="", body="", meeting="", classification=""):
    """Narrow a catalogue by free text and the filters the catalogue page and API offer, loading what a
    list shows of each document."""
    documents = documents.select_related(None).select_related(*LIST_RELATED).only(*LIST_FIELDS)
    if q:
        documents = documents.filter(Q(title__icontains=q) | Q(ref__icontains=q) | Q(summary__icontains=q))
    if body:
        documents = documents.filter(body__code=body)
    if meeting:
        documents = documents.filter(meeting__ref=meeting)
    if classification:
        documents = documents.filter(classification=classification)
    return documents


def document_for(user, ref, *, today):
    """Return the document ``ref`` as ``user`` may know it, or raise NotFound (missing and secret alike)."""
    if "\x00" in ref:
        # No reference has a NUL in it, and PostgreSQL refuses to even compare one (a 500, found by fuzzing).
        raise NotFound()
    document = documents_visible_to(user, today=today).filter(ref=ref).first()
    if document is None:
        raise NotFound()
    return document


def statutory_officers(*roles):
    """Return {role: the active officer holding it} for the statutory roles asked for, in one query."""
    holders = (Officer.objects.filter(statutory_appointments__role__in=roles, is_active=True)
               .select_related("user", "department").annotate(held_role=F("statutory_appointments__role")))
    return {officer.held_role: officer for officer in holders}


def access_requests_visible_to(user):
    """Return the requests ``user`` may see: their own, those assigned to them, and all for the MO and deputy."""
    person = person_of(user)
    requests = AccessRequest.objects.select_related(
        "document", "document__department", "member__user", "assigned_to__user")
    if person.member:
        return requests.filter(member=person.member)
    if person.officer:
        if person.is_monitoring_officer or person.is_deputy_monitoring_officer:
            # ACC-GROUP, ACC-ADVISER: requests about a group's papers do not exist to officers outside it.
            return requests.exclude(document__classification__in=GROUP_CLASSIFICATIONS)
        # The officer it waits for, any officer who has acted on it (decided, referred), and the
        # Director or Chief Executive it was escalated to (ENQ-ESCALATE) may look.
        acted = Exists(AuditEvent.objects.filter(target_type=AccessRequest._meta.label_lower,
                                                 target_id=Cast(OuterRef("pk"), CharField()), actor=user))
        escalated = Exists(DeadlineAction.objects.filter(
            deadline__item_type=AccessRequest._meta.label_lower, deadline__item_id=OuterRef("pk"),
            recipient=person.officer, level__gte=Level.DIRECTOR))
        return requests.filter(Q(assigned_to=person.officer) | Q(acted) | Q(escalated))
    return requests.none()


# What requests_app/request_list.html (and its status tag) shows of each of a member's own requests.
MY_REQUESTS_FIELDS = ("public_id", "status", "final", "revoked_at", "due_at", "created_at", "document__ref",
                      "document__title")


def own_requests_listed(user):
    """Return a member's requests with what "My requests" shows of each.

    The visibility selector also joins the member, the assignee and the document's department: 350
    model objects a page that nothing reads (rows and template 14 ms, now 8.5; issue 8, load.py).
    """
    return access_requests_visible_to(user).select_related(None).select_related("document").only(*MY_REQUESTS_FIELDS)


def access_request_for(user, public_id):
    """Return one request ``user`` may see, or raise NotFound."""
    try:
        return access_requests_visible_to(user).get(public_id=public_id)
    except (AccessRequest.DoesNotExist, ValidationError):  # an id that is not even a UUID is just as unknown
        raise NotFound()


def requests_awaiting(officer):
    """Return the referred and disputed requests waiting for ``officer`` to decide, soonest due first."""
    return (AccessRequest.objects.filter(assigned_to=officer, status__in=[AccessStatus.REFERRED, AccessStatus.DISPUTED])
            .select_related("document", "member__user").order_by("due_at", "created_at"))


def request_events(access_request):
    """Return the audit events about a request, oldest first."""
    return AuditEvent.objects.filter(target_type=AccessRequest._meta.label_lower,
                                     target_id=str(access_request.pk)).order_by("sequence")


def with_events(access_requests):
    """Set ``audit_events`` on each of many requests (a page of a list), in one query, and return them."""
    by_target = {str(r.pk): [] for r in access_requests}
    for event in AuditEvent.objects.filter(target_type=AccessRequest._meta.label_lower,
                                           target_id__in=list(by_target)).order_by("sequence"):
        by_target[event.target_id].append(event)
    for access_request in access_requests:
        access_request.audit_events = by_target[str(access_request.pk)]
    return access_requests

