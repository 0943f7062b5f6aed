"""What the Monitoring Officer sees across the council: every figure an aggregate in the database (issue 7).

Each function runs a fixed number of queries whatever the number of enquiries, requests or
complaints: GROUP BY in SQL, and only the grouped rows (departments, months, distinct working-day
counts) reach Python.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from complaints.models import Category, Complaint, ComplaintStatus, Outcome
from officers.models import Department, StatutoryRole
from protocol_portal.audit.models import AuditEvent
from protocol_portal.council.errors import NotFound
from protocol_portal.council.selectors import person_of
from protocol_portal.council.working_days import LONDON
from protocol_portal.deadlines.models import Clock, Deadline
from requests_app.enquiries.models import Enquiry, EnquiryStatus
from requests_app.models import AccessRequest, AccessStatus

from .models import OversightAccess
from .policy import percentile, share


def may_oversee(user):
    """Return whether ``user`` may open the oversight pages: the Monitoring Officer, the deputy, or staff
    she has authorised."""
    if not user.is_authenticated:
        return False
    person = person_of(user)
    if person.is_monitoring_officer or person.is_deputy_monitoring_officer:
        return True
    return OversightAccess.objects.filter(user=user, revoked_at__isnull=True).exists()


def require_oversight(user):
    """Raise NotFound unless ``user`` may oversee: to anyone else the pages do not exist."""
    if not may_oversee(user):
        raise NotFound()


def may_authorise(user):
    """Return whether ``user`` may authorise staff: the Monitoring Officer and deputy only."""
    person = person_of(user)
    return person.is_monitoring_officer or person.is_deputy_monitoring_officer


def oversight_grants():
    """Return every authorisation, live ones first, newest first."""
    return OversightAccess.objects.select_related("user", "granted_by").order_by("revoked_at", "-granted_at")


@dataclass(frozen=True)
class Filters:
    """The statistics' date range (inclusive, London days) and department."""

    start: date | None = None
    end: date | None = None
    department: Department | None = None

    def moments(self):
        start = datetime.combine(self.start, time.min, tzinfo=LONDON) if self.start else None
        end = datetime.combine(self.end, time.max, tzinfo=LONDON) if self.end else None
        return start, end

    def between(self, field):
        start, end = self.moments()
        q = Q()
        if start:
            q &= Q(**{f"{field}__gte": start})
        if end:
            q &= Q(**{f"{field}__lte": end})
        return q


# The dashboard --------------------------------------------------------------------------------------

def _monitoring_officers():
    from officers.models import StatutoryAppointment

    return list(StatutoryAppointment.objects.filter(
        role__in=[StatutoryRole.MONITORING_OFFICER, StatutoryRole.DEPUTY_MONITORING_OFFICER]).values_list(
        "officer_id", flat=True))


def awaiting_monitoring_officer():
    """Return access disputes and referrals assigned to the Monitoring Officer or deputy, soonest due first."""
    return (AccessRequest.objects.filter(status__in=[AccessStatus.DISPUTED, AccessStatus.REFERRED],
                                         assigned_to_id__in=_monitoring_officers())
            .select_related("document", "member__user", "assigned_to__user").order_by("due_at", "pk"))


def complaints_by_stage():
    """Return [(status label, count)] for every complaint stage, in the order a complaint moves."""
    counts = dict(Complaint.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(label, counts.get(value, 0)) for value, label in ComplaintStatus.choices]


LATE_CLOCKS = (Clock.ENQUIRY_RESPONSE, Clock.ACCESS_DETERMINATION, Clock.ACCESS_DISPUTE)


def late_work(now):
    """Return the open clocks for enquiries and determinations that are overdue or escalated, most overdue first."""
    return (Deadline.objects.filter(Q(target_at__lt=now) | Q(escalation_level__gte=1), closed_at__isnull=True,
                                    clock__in=LATE_CLOCKS)
            .select_related("department", "assignee__user").order_by("target_at", "pk"))


def late_work_by_department(now):
    """Return [{department, clock counts…, total}] of overdue or escalated enquiries and determinations."""
    rows = (late_work(now).order_by().values("department__name", "clock")
            .annotate(overdue=Count("pk", filter=Q(target_at__lt=now)),
                      escalated=Count("pk", filter=Q(escalation_level__gte=1))))
    table = defaultdict(lambda: {"enquiries": 0, "determinations": 0, "escalated": 0})
    for row in rows:
        entry = table[row["department__name"] or "No department"]
        kind = "enquiries" if row["clock"] == Clock.ENQUIRY_RESPONSE else "determinations"
        entry[kind] += row["overdue"]
        entry["escalated"] += row["escalated"]
    return [{"department": name, **counts} for name, counts in sorted(table.items())]


# Statistics -------------------------------------------------------------------------------------------

def _answered(filters):
    enquiries = Enquiry.objects.filter(status__in=[EnquiryStatus.ANSWERED, EnquiryStatus.DECLINED],
                                       answered_at__isnull=False).filter(filters.between("received_at"))
    if filters.department:
        enquiries = enquiries.filter(department=filters.department)
    return enquiries


def enquiries_in_time(filters):
    """Return [{department, month, answered, in_time, share}] of enquiries answered, by the month received."""
    rows = (_answered(filters).annotate(month=TruncMonth("received_at", tzinfo=LONDON))
            .values("department__name", "month")
            .annotate(answered=Count("pk"), in_time=Count("pk", filter=Q(answered_in_time=True)))
            .order_by("department__name", "month"))
    return [{"department": r["department__name"], "month": r["month"].date() if isinstance(r["month"], datetime)
             else r["month"], "answered": r["answered"], "in_time": r["in_time"],
             "share": share(r["in_time"], r["answered"])} for r in rows]


def response_times(filters):
    """Return [{department, answered, median, p90}] in working days, and the same for the whole council last.

    One query counts the answered enquiries per (department, working days); the percentiles are read
    off those counts.
    """
    rows = (_answered(filters).filter(response_working_days__isnull=False)
            .values_list("department__name", "response_working_days").annotate(n=Count("pk"))
            .order_by())
    by_department, council = defaultdict(dict), defaultdict(int)
    for department, days, n in rows:
        by_department[department][days] = n
        council[days] += n
    result = [{"department": name, "answered": sum(h.values()), "median": percentile(h, 0.5),
               "p90": percentile(h, 0.9)} for name, h in sorted(by_department.items())]
    result.append({"department": "Whole council", "answered": sum(council.values()),
                   "median": percentile(council, 0.5), "p90": percentile(council, 0.9)})
    return result


def _requests(filters):
    requests = AccessRequest.objects.filter(filters.between("created_at"))
    if filters.department:
        requests = requests.filter(document__department=filters.department)
    return requests


def access_by_outcome(filters):
    """Return [(status label, count)] of access requests by their current outcome."""
    counts = dict(_requests(filters).order_by().values_list("status").annotate(n=Count("pk")))
    return [(label, counts.get(value, 0)) for value, label in AccessStatus.choices]


def access_by_rule(filters):
    """Return [(rule id, count)] of access requests by the rule that decided them at once, commonest first."""
    rows = (_requests(filters).exclude(deciding_rule="").order_by().values_list("deciding_rule")
            .annotate(n=Count("pk")))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def disputes(filters):
    """Return {"upheld": n, "overturned": n, "open": n}: disputes the Monitoring Officer decided, and those waiting."""
    counts = _requests(filters).filter(Q(final=True) | Q(status=AccessStatus.DISPUTED)).aggregate(
        upheld=Count("pk", filter=Q(final=True, status=AccessStatus.REFUSED)),
        overturned=Count("pk", filter=Q(final=True, status=AccessStatus.GRANTED)),
        open=Count("pk", filter=Q(status=AccessStatus.DISPUTED)))
    return counts


def complaints_by_category_and_outcome(filters):
    """Return [{category, outcomes: {outcome label: n}, open, total}] of complaints, for every category."""
    complaints = Complaint.objects.filter(filters.between("received_at"))
    if filters.department:
        complaints = complaints.filter(Q(subject__officer__department=filters.department)
                                       | Q(complainant__officer__department=filters.department))
    rows = complaints.order_by().values_list("category", "outcome").annotate(n=Count("pk"))
    table = {value: defaultdict(int) for value, _ in Category.choices}
    for category, outcome, n in rows:
        table[category][outcome or ""] += n
    labels = dict(Outcome.choices)
    return [{"category": label,
             "outcomes": {labels[o]: table[value][o] for o in labels if table[value][o]},
             "undecided": table[value][""], "total": sum(table[value].values())}
            for value, label in Category.choices]


# Audit ---------------------------------------------------------------------------------------------------

READ_VERBS = ("document.viewed",)


@dataclass(frozen=True)
class AuditQuery:
    """What the audit search looks for; every part optional."""

    actor: str = ""
    kind: str = ""            # "reads" (who read which non-public document), "requests" (decisions on requests)
    target: str = ""          # a document ref, or an id as recorded
    start: date | None = None
    end: date | None = None


def audit_search(query, *, user):
    """Return the audit events matching ``query`` that ``user`` may see, newest first (AUD-VIEW reads, every
    decision on a request).

    Events about complaints and declared relationships are the Monitoring Officer's and deputy's only, not
    their staff's (CMP-PRIVACY).
    """
    events = AuditEvent.objects.select_related("actor").order_by("-sequence")
    if not may_authorise(user):
        events = events.exclude(target_type__startswith="complaints.")
    if query.actor:
        events = events.filter(actor_username=query.actor)
    if query.kind == "reads":
        events = events.filter(verb__in=READ_VERBS)
    elif query.kind == "requests":
        events = events.filter(verb__startswith="access_request.")
    if query.target:
        # A read records the document's ref, a decision on a request the document it asked for.
        events = events.filter(Q(data__ref=query.target) | Q(data__document=query.target) | Q(target_id=query.target))
    filters = Filters(start=query.start, end=query.end)
    return events.filter(filters.between("occurred_at"))


def last_verification():
    """Return the newest recorded result of the audit chain check (AUD-CHAIN), or None."""
    return AuditEvent.objects.filter(verb__in=["audit.verified", "audit.broken"]).order_by("-sequence").first()


def authorisable_officers():
    """Return the active officers who are not the Monitoring Officer or deputy and hold no live authorisation."""
    from officers.models import Officer

    live = OversightAccess.objects.filter(revoked_at__isnull=True).values("user")
    return (Officer.objects.filter(is_active=True, user__is_active=True).select_related("user")
            .exclude(statutory_appointments__role__in=[StatutoryRole.MONITORING_OFFICER,
                                                       StatutoryRole.DEPUTY_MONITORING_OFFICER])
            .exclude(user__in=live).order_by("user__name"))
