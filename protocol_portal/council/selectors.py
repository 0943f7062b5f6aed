"""Reads of the council record and its people."""
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from members.models import CouncilRole, GroupRole, Member
from officers.models import Officer, StatutoryRole

from .models import Council
from .working_days import CouncilCalendar


def current_council():
    """Return the council this portal serves, or None before one is imported."""
    return Council.objects.select_related("democratic_services").first()


def council_calendar(council=None):
    """Return the working calendar of ``council`` (default: the current one) (WD-WORKING)."""
    council = council if council is not None else current_council()
    if council is None:
        return CouncilCalendar()
    return CouncilCalendar(
        bank_holidays=council.bank_holidays,
        closure_days=frozenset(date.fromisoformat(str(d)) for d in council.closure_days),
        clear_days_exclude_non_working=council.clear_days_exclude_non_working,
    )


@dataclass(frozen=True)
class Person:
    """Who a signed-in user is in the council: what every page and ``/api/v1/me`` say about them."""

    user: object
    member: object = None
    officer: object = None
    statutory_roles: tuple = ()

    @property
    def kind(self):
        return "member" if self.member else "officer" if self.officer else "staff"

    @property
    def is_monitoring_officer(self):
        return StatutoryRole.MONITORING_OFFICER in self.statutory_roles

    @property
    def is_deputy_monitoring_officer(self):
        return StatutoryRole.DEPUTY_MONITORING_OFFICER in self.statutory_roles

    @property
    def role_description(self):
        """Return the person's role in plain English, e.g. "Head of Planning, Monitoring Officer"."""
        if self.member:
            parts = [self.member.get_kind_display()]
            parts += [CouncilRole(r).label for r in self.member.council_roles]
            if self.member.group_id:
                parts += [f"{GroupRole(r).label}, {self.member.group.name}" for r in self.member.group_roles] or [self.member.group.name]
            else:
                parts.append("No group")
            return ", ".join(parts)
        if self.officer:
            # A post is often titled with its statutory role already ("Head of Legal and Monitoring Officer").
            roles = [StatutoryRole(r).label for r in self.statutory_roles]
            return ", ".join([self.officer.post, *(r for r in roles if r.lower() not in self.officer.post.lower())])
        return "Portal administrator" if self.user.is_superuser else "Staff"


def person_of(user):
    """Return the Person for a signed-in user, loading their member or officer record once per request."""
    cached = getattr(user, "_portal_person", None)
    if cached is not None:
        return cached
    member = Member.objects.select_related("group").filter(user=user, is_active=True).first()
    officer = None
    roles = ()
    if member is None:
        officer = (
            Officer.objects.select_related("department", "department__directorate", "manager__user")
            .prefetch_related("statutory_appointments")
            .filter(user=user, is_active=True)
            .first()
        )
        if officer:
            roles = tuple(a.role for a in officer.statutory_appointments.all())
    person = Person(user=user, member=member, officer=officer, statutory_roles=roles)
    user._portal_person = person
    return person


@dataclass(frozen=True)
class HomePage:
    """What the home page shows a person: the parts of the council that are theirs."""

    person: Person
    memberships: tuple = ()
    wards: tuple = ()
    reports: tuple = ()
    council_figures: tuple = ()
    latest_chain_check: object = None
    recent_requests: tuple = ()  # a member's latest requests to see documents (ACC)
    awaiting_decision: int = 0  # requests waiting for an officer to decide (ACC-DETERMINE, ACC-DISPUTE)
    recent_enquiries: tuple = ()  # a member's latest enquiries (ENQ-DUE)
    enquiries_assigned: int = 0  # open enquiries assigned to an officer (ENQ-TRIAGE)


def home_for(person, *, today=None):
    """Return the home page contents for ``person``: a member's seats and wards, an officer's team,
    and, for the Monitoring Officer and deputy, the council's figures and the audit chain's last check."""
    from members.models import BodyMembership
    from protocol_portal.audit.models import AuditEvent
    from requests_app.enquiries.models import OPEN_STATUSES, Enquiry
    from requests_app.enquiries.selectors import enquiries_visible_to
    from requests_app.models import Document
    from requests_app.selectors import access_requests_visible_to, requests_awaiting

    memberships = wards = reports = figures = recent_requests = ()
    latest_check = None
    awaiting = assigned = 0
    recent_enquiries = ()
    today = today or timezone.localdate()
    if person.member:
        memberships = tuple(
            BodyMembership.objects.filter(member=person.member, body__is_active=True).select_related("body")
        )
        wards = tuple(person.member.wards.filter(is_active=True))
        recent_requests = tuple(access_requests_visible_to(person.user)[:5])
        recent_enquiries = tuple(enquiries_visible_to(person.user).filter(member=person.member)[:5])
    if person.officer:
        reports = tuple(
            Officer.objects.filter(manager=person.officer, is_active=True).select_related("user").order_by("user__name")
        )
        awaiting = requests_awaiting(person.officer).count()
        assigned = Enquiry.objects.filter(assigned_to=person.officer, status__in=OPEN_STATUSES).count()
    if person.is_monitoring_officer or person.is_deputy_monitoring_officer:
        figures = (
            ("Members in office", Member.objects.filter(is_active=True, term_start__lte=today, term_end__gte=today).count()),
            ("Officers", Officer.objects.filter(is_active=True).count()),
            ("Documents", Document.objects.filter(is_active=True).count()),
            ("Audit events", AuditEvent.objects.count()),
        )
        latest_check = AuditEvent.objects.filter(verb__in=["audit.verified", "audit.broken"]).order_by("-sequence").first()
    return HomePage(person=person, memberships=memberships, wards=wards, reports=reports,
                    council_figures=figures, latest_chain_check=latest_check,
                    recent_requests=recent_requests, awaiting_decision=awaiting,
                    recent_enquiries=recent_enquiries, enquiries_assigned=assigned)


def demo_sign_ins(*, today=None):
    """Return (role, username, name) for one person in each role the demo can show, in a useful order."""
    today = today or date.today()
    members = list(Member.objects.filter(is_active=True).select_related("user", "group").order_by("user__username"))
    officers = list(
        Officer.objects.filter(is_active=True).select_related("user").prefetch_related("statutory_appointments")
        .order_by("user__username")
    )

    def first(people, test):
        return next((p for p in people if test(p)), None)

    def has_role(officer, role):
        return any(a.role == role for a in officer.statutory_appointments.all())

    in_term = [m for m in members if m.in_term_on(today)]
    wanted = [
        ("Leader of the Council", first(in_term, lambda m: CouncilRole.LEADER_OF_COUNCIL in m.council_roles)),
        ("Cabinet member", first(in_term, lambda m: CouncilRole.CABINET_MEMBER in m.council_roles
                                 and CouncilRole.LEADER_OF_COUNCIL not in m.council_roles)),
        ("Opposition group leader", first(in_term, lambda m: GroupRole.LEADER in m.group_roles
                                          and CouncilRole.LEADER_OF_COUNCIL not in m.council_roles)),
        ("Group spokesperson", first(in_term, lambda m: GroupRole.SPOKESPERSON in m.group_roles)),
        ("Backbench member", first(in_term, lambda m: m.group_id and not m.group_roles and not m.council_roles
                                   and m.kind == "elected")),
        ("Member of no group", first(in_term, lambda m: m.group_id is None and m.kind == "elected")),
        ("Co-opted member", first(in_term, lambda m: m.kind == "co_opted")),
        ("Independent Person", first(in_term, lambda m: m.kind == "independent_person")),
        ("Former member (term ended)", first(members, lambda m: m.term_end < today)),
        ("Chief Executive", first(officers, lambda o: o.grade == "chief_executive")),
        ("Monitoring Officer", first(officers, lambda o: has_role(o, StatutoryRole.MONITORING_OFFICER))),
        ("Deputy Monitoring Officer", first(officers, lambda o: has_role(o, StatutoryRole.DEPUTY_MONITORING_OFFICER))),
        ("Director", first(officers, lambda o: o.grade == "director")),
        ("Head of Service", first(officers, lambda o: o.grade == "head_of_service" and not o.statutory_appointments.all())),
        ("Service manager", first(officers, lambda o: o.grade == "service_manager" and not o.statutory_appointments.all())),
        ("Officer", first(officers, lambda o: o.grade == "officer" and o.political_assistant_to_id is None)),
        ("Political assistant", first(officers, lambda o: o.political_assistant_to_id is not None)),
    ]
    return [(role, p.user.username, p.user.name) for role, p in wanted if p is not None]
