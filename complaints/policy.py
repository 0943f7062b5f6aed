"""Who handles a complaint, worked out from plain facts about the council (CMP-ROUTE-*, CMP-CONFLICT,
CMP-ARBITRATE, CMP-OUTCOMES): pure, no database."""
from dataclasses import dataclass, field

from officers.models import GRADE_RANK, Grade

MEMBER = "member"
OFFICER = "officer"

# Steps of the route, in the order a complaint may climb them (CMP-ARBITRATE).
LINE = "line"
MONITORING_OFFICER = "monitoring_officer"
CHIEF_EXECUTIVE = "chief_executive"
STANDARDS = "standards_committee"


@dataclass(frozen=True)
class Officer:
    """An officer as the route sees them."""

    user_id: int
    username: str
    name: str
    post: str
    grade: str


@dataclass(frozen=True)
class RouteFacts:
    """Everything the route depends on, read from the council data by the caller."""

    complainant_user_id: int
    subject_user_id: int
    subject_kind: str                  # MEMBER or OFFICER
    subject_grade: str | None          # an officer subject's grade
    subject_line: tuple = ()           # an officer subject's managers, nearest first (Officer each)
    monitoring_officer: Officer | None = None
    deputy_monitoring_officer: Officer | None = None
    chief_executive: Officer | None = None
    related: dict = field(default_factory=dict)  # user id -> ids of users they have declared a relationship with


@dataclass(frozen=True)
class Step:
    step: str
    officer: Officer | None
    role: str
    skipped: str = ""  # why this person does not handle it (CMP-CONFLICT), if they do not

    def as_dict(self):
        return {"step": self.step, "username": self.officer.username if self.officer else None,
                "name": self.officer.name if self.officer else "The Standards Committee", "role": self.role,
                "skipped": self.skipped}


def conflict(officer, facts):
    """Return why ``officer`` may not handle the complaint (CMP-CONFLICT, REL-CONFLICT), or ""."""
    if officer.user_id == facts.complainant_user_id:
        return "made the complaint (CMP-CONFLICT)"
    if officer.user_id == facts.subject_user_id:
        return "is the person complained about (CMP-CONFLICT)"
    related = facts.related.get(officer.user_id, set())
    if facts.subject_user_id in related:
        return "has declared a relationship with the person complained about (CMP-CONFLICT, REL-CONFLICT)"
    if facts.complainant_user_id in related:
        return "has declared a relationship with the person complaining (CMP-CONFLICT, REL-CONFLICT)"
    return ""


def _line_handler_rank(subject_grade):
    """Return the lowest grade that may handle a complaint about an officer of ``subject_grade``
    (CMP-ROUTE-OFFICER): a Head of Service or higher, and above the subject."""
    return max(GRADE_RANK[Grade.HEAD_OF_SERVICE], GRADE_RANK[Grade(subject_grade)] + 1)


def _role(officer):
    return officer.post or Grade(officer.grade).label


def complaint_route(facts):
    """Return the steps a complaint climbs, each with who takes it or why they were skipped.

    CMP-ROUTE-OFFICER: about an officer, the first Head of Service or higher above them in their
    management line (Head of Service -> Director -> Chief Executive), and about the Chief Executive,
    the Monitoring Officer. CMP-ROUTE-MEMBER: about a member, the Monitoring Officer. CMP-CONFLICT:
    anyone conflicted is skipped, the next up the line taking it, and the Deputy Monitoring Officer
    stands in for the Monitoring Officer. CMP-ARBITRATE: beyond the line, the Monitoring Officer, then
    the Chief Executive, and last the Standards Committee.
    """
    steps = []
    seen = set()

    def add(step, officer, role):
        if officer is None or officer.user_id in seen:
            return
        seen.add(officer.user_id)
        steps.append(Step(step, officer, role, conflict(officer, facts)))

    if facts.subject_kind == OFFICER and facts.subject_grade != Grade.CHIEF_EXECUTIVE:
        needed = _line_handler_rank(facts.subject_grade)
        for manager in facts.subject_line:
            if GRADE_RANK[Grade(manager.grade)] < needed:
                continue
            add(LINE, manager, _role(manager))
            if not steps[-1].skipped:
                break  # the first free manager handles it; those above come later only as arbitration
    monitoring_officer = facts.monitoring_officer
    add(MONITORING_OFFICER, monitoring_officer, "Monitoring Officer")
    if monitoring_officer is None or conflict(monitoring_officer, facts):
        add(MONITORING_OFFICER, facts.deputy_monitoring_officer, "Deputy Monitoring Officer")
    if facts.subject_kind == OFFICER:
        add(CHIEF_EXECUTIVE, facts.chief_executive, "Chief Executive")
    steps.append(Step(STANDARDS, None, "Standards Committee"))
    return steps


def first_handler_index(steps):
    """Return the index of the first step whose person may handle the complaint (the Standards
    Committee if nobody may)."""
    return next(i for i, s in enumerate(steps) if not s.skipped)


def next_handler_index(steps, position):
    """Return the index of the next step above ``position`` whose person may handle it, or None."""
    return next((i for i in range(position + 1, len(steps)) if not steps[i]["skipped"]), None)


MEMBER_OUTCOMES = ("no_further_action", "informal_resolution", "group_leader", "investigation", "standards_referral")
OFFICER_OUTCOMES = ("resolved", "upheld", "not_upheld")


def outcome_problems(*, subject_kind, outcome, status, independent_person_views, finding):
    """Return {field: [message]} for what is wrong with recording ``outcome``; empty if it may be recorded.

    CMP-OUTCOMES: a complaint about a member gets one of the Monitoring Officer's outcomes;
    suspension is not one of them in law. An investigated allegation is decided (``finding``) only
    once the Independent Person's views are recorded.
    """
    if outcome == "suspension":
        return {"outcome": ["Suspension is not an available sanction: the law gives standards committees no power "
                            "to suspend a member (CMP-OUTCOMES). Choose another outcome."]}
    allowed = MEMBER_OUTCOMES if subject_kind == MEMBER else OFFICER_OUTCOMES
    if status == "investigating":
        problems = {}
        if finding not in ("breach", "no_breach"):
            problems["finding"] = ["Say whether the investigation found a breach of the Code of Conduct."]
        if not independent_person_views:
            problems["independent_person_views"] = [
                "Record the Independent Person's views before deciding an allegation that was investigated "
                "(CMP-OUTCOMES; Localism Act 2011 s.28(7))."]
        return problems
    if outcome not in allowed:
        about = "a member" if subject_kind == MEMBER else "an officer"
        return {"outcome": [f"Choose one of the outcomes for a complaint about {about}: {', '.join(allowed)} "
                            "(CMP-OUTCOMES)."]}
    return {}
