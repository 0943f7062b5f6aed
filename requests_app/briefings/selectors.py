"""Every read of briefings that depends on who is asking: lists, details, offers, notices and records."""
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q

from complaints.selectors import user_ids_related_to
from members.models import Member, MemberKind
from officers.models import Officer
from protocol_portal.audit.models import AuditEvent
from protocol_portal.council.errors import NotFound
from protocol_portal.council.selectors import person_of
from protocol_portal.deadlines.models import DeadlineAction, Level

from .models import Attribution, Briefing, BriefingNotice, EqualOffer, GroupRecord, OfferStatus, ReportCopy
from .policy import may_speak_for_audience

BRIEFING_TYPE = Briefing._meta.label_lower


def audience_of(member):
    """Return the Q over a model's ``group``/``member`` fields that matches ``member``'s audience:
    their group, or themselves when they belong to none."""
    return Q(group_id=member.group_id) if member.group_id else Q(group__isnull=True, member=member)


def speaks_for_audience(member):
    """Return whether ``member`` may request briefings and answer offers for their audience (BRF-REQUEST)."""
    return may_speak_for_audience(in_group=member.group_id is not None, group_roles=member.group_roles,
                                  elected=member.kind == MemberKind.ELECTED)


def _briefings():
    return Briefing.objects.select_related(
        "group", "member__user", "requested_by__user", "department", "meeting__body", "approver__user",
        "officer__user", "attending_officer__user", "deadline", "original")


def briefings_visible_to(user):
    """Return the briefings ``user`` may see, newest first; any other answers 404 (ACC-GROUP's rule for groups).

    A member: their group's, or, in no group, their own (BRF-CONFIDENTIAL). An officer: those they
    approve, are assigned to or attend, and those escalated to them for a late decision
    (BRF-APPROVE); never one asked for by a member they have a declared relationship with
    (REL-CONFLICT). Nobody else, whatever their role: other groups hear only that a briefing
    happened, through its notice (BRF-NOTIFY).
    """
    person = person_of(user)
    briefings = _briefings()
    if person.member:
        return briefings.filter(audience_of(person.member))
    officer = person.officer
    if officer is None:
        return briefings.none()
    escalated = Exists(DeadlineAction.objects.filter(deadline=OuterRef("deadline"), recipient=officer,
                                                     level__gte=Level.DIRECTOR))
    visible = briefings.filter(Q(approver=officer) | Q(officer=officer) | Q(attending_officer=officer) | Q(escalated))
    related = user_ids_related_to(user.pk)
    return visible.exclude(requested_by__user_id__in=related) if related else visible


def briefing_for(user, public_id):
    """Return one briefing ``user`` may see, or raise NotFound (missing and secret alike)."""
    try:
        return briefings_visible_to(user).get(public_id=public_id)
    except (Briefing.DoesNotExist, ValidationError):
        raise NotFound()


def briefing_queue(user):
    """Return the briefings waiting on an officer: to approve, or to deliver, soonest first."""
    officer = person_of(user).officer
    if officer is None:
        return Briefing.objects.none()
    return briefings_visible_to(user).filter(
        Q(approver=officer, status="awaiting_approval")
        | Q(status="approved") & (Q(officer=officer) | Q(attending_officer=officer))
    ).order_by("requested_date", "requested_at")


def offers_for(user):
    """Return the equal offers made to ``user``'s audience, newest first (BRF-EQUAL)."""
    member = person_of(user).member
    if member is None:
        return EqualOffer.objects.none()
    return (EqualOffer.objects.filter(audience_of(member))
            .select_related("briefing__group", "briefing__member__user", "briefing__department",
                            "briefing__attending_officer__user", "briefing__officer__user", "group",
                            "member__user", "result")
            .order_by("-offered_at", "-pk"))


def offer_for(user, public_id):
    """Return one offer made to ``user``'s audience, or raise NotFound."""
    try:
        return offers_for(user).get(public_id=public_id)
    except (EqualOffer.DoesNotExist, ValidationError):
        raise NotFound()


def notices_for(user):
    """Return what ``user``'s audience has been told of other groups' briefings (BRF-NOTIFY), newest first.

    Members only; each notice carries ``copy_given`` if the report was given to their audience.
    """
    member = person_of(user).member
    if member is None:
        return BriefingNotice.objects.none()
    own = Briefing.objects.filter(audience_of(member), pk=OuterRef("briefing_id"))
    copy = ReportCopy.objects.filter(audience_of(member), notice=OuterRef("pk"))
    return (BriefingNotice.objects.exclude(Exists(own)).annotate(copy_given=Exists(copy))
            .select_related("briefing").order_by("-held_on", "-created_at", "-pk"))


def notice_for(user, public_id):
    """Return one notice ``user``'s audience was given, or raise NotFound."""
    try:
        return notices_for(user).get(public_id=public_id)
    except (BriefingNotice.DoesNotExist, ValidationError):
        raise NotFound()


def may_read_record(user, briefing):
    """Return whether ``user`` may read the group's record of ``briefing`` (BRF-CONFIDENTIAL): the
    group's members and the officers who attended, nobody else."""
    person = person_of(user)
    if person.member is not None:
        return (briefing.group_id == person.member.group_id if briefing.group_id
                else briefing.member_id == person.member.pk)
    return person.officer is not None and person.officer.pk in attended_by(briefing)


def attended_by(briefing):
    """Return the ids of the officers who attended ``briefing``: the one who attended, and the senior
    officer if they went themselves."""
    return {briefing.attending_officer_id} - {None} if briefing.status == "delivered" else set()


def record_of(user, briefing):
    """Return the group's record of ``briefing`` with its attributions, or None (none yet, or not for ``user``)."""
    if not may_read_record(user, briefing):
        return None
    return (GroupRecord.objects.filter(briefing=briefing).select_related("written_by")
            .prefetch_related(Prefetch("attributions", Attribution.objects.select_related("officer__user")))
            .first())


def attribution_for(user, briefing, attribution_id):
    """Return one attribution in the group's record of ``briefing`` that ``user`` may read, or raise NotFound."""
    record = record_of(user, briefing)
    attribution = record and next((a for a in record.attributions.all() if str(a.public_id) == str(attribution_id)),
                                  None)
    if attribution is None:
        raise NotFound()
    return attribution


def given_on_the_same_matter(briefing):
    """Return the other briefings on the same matter (the original and its equivalents) already given, first
    given first, so the officer gives substantially the same advice (BRF-SAME-ADVICE)."""
    root = briefing.original_id or briefing.pk
    return (Briefing.objects.filter(Q(pk=root) | Q(original_id=root), status="delivered").exclude(pk=briefing.pk)
            .select_related("group", "member__user").order_by("delivered_at", "pk"))


def briefing_events(briefing):
    """Return the audit events about a briefing, oldest first."""
    return AuditEvent.objects.filter(target_type=BRIEFING_TYPE, target_id=str(briefing.pk)).order_by("sequence")


def with_offers_and_events(briefings):
    """Set ``offers`` and ``audit_events`` on each of many briefings in two queries; return them."""
    by_id = {b.pk: b for b in briefings}
    for briefing in briefings:
        briefing.offers, briefing.audit_events = [], []
    if by_id:
        for offer in EqualOffer.objects.filter(briefing_id__in=list(by_id)).select_related("group", "member__user"):
            by_id[offer.briefing_id].offers.append(offer)
        for event in AuditEvent.objects.filter(target_type=BRIEFING_TYPE,
                                               target_id__in=[str(pk) for pk in by_id]).order_by("sequence"):
            by_id[int(event.target_id)].audit_events.append(event)
    return briefings


def senior_officers(briefing):
    """Return who may be assigned ``briefing``: active senior officers of its department first, then every
    other, none a political assistant or related to the member asking (BRF-SENIOR, REL-CONFLICT)."""
    related = user_ids_related_to(briefing.requested_by.user_id)
    officers = (Officer.objects.filter(is_active=True, political_assistant_to__isnull=True,
                                       grade__in=["chief_executive", "director", "head_of_service",
                                                  "service_manager"])
                .exclude(user_id__in=related).select_related("user", "department"))
    return sorted(officers, key=lambda o: (o.department_id != briefing.department_id, o.user.name))


def nominable_officers(briefing):
    """Return who a senior officer may nominate to attend instead: any active officer but themselves,
    no political assistant, none related to the member asking (BRF-SENIOR)."""
    related = user_ids_related_to(briefing.requested_by.user_id)
    return (Officer.objects.filter(is_active=True, political_assistant_to__isnull=True)
            .exclude(pk=briefing.officer_id).exclude(user_id__in=related)
            .select_related("user").order_by("user__name"))


def speakers_of(audiences):
    """Return the members who speak for each audience (group, member) (its leader and spokespersons, or the
    member of no group), in order, for emails about offers and notices: one query for every group."""
    group_ids = [group.pk for group, member in audiences if member is None]
    by_group = {}
    for candidate in Member.objects.filter(group_id__in=group_ids, is_active=True).select_related("user"):
        if speaks_for_audience(candidate):
            by_group.setdefault(candidate.group_id, []).append(candidate)
    return [[member] if member is not None else by_group.get(group.pk, []) for group, member in audiences]


def audience_speakers(group=None, member=None):
    """Return the members who speak for one audience (see ``speakers_of``)."""
    return speakers_of([(group, member)])[0]


def open_offer_count(user):
    member = person_of(user).member
    return 0 if member is None else EqualOffer.objects.filter(audience_of(member), status=OfferStatus.OFFERED).count()
