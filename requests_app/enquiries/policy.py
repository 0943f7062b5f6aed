"""Enquiry rules that need no database: pure functions of plain facts (ENQ-*, COR-*)."""
from dataclasses import dataclass

from officers.models import GRADE_RANK, Grade

WARD = "ward"
COUNCIL_ROLE = "council_role"


def on_behalf_basis(*, ward_code, member_ward_codes, member_council_roles):
    """Return why a member may ask for a constituent in ``ward_code`` (ENQ-ON-BEHALF), or None.

    The enquiry must concern the member's ward, or a role the Council gave the member (cabinet
    member, chair, leader), whose remit runs across the borough.
    """
    if ward_code in member_ward_codes:
        return WARD
    if member_council_roles:
        return COUNCIL_ROLE
    return None


def holding_reply_in_time(*, now, target_at):
    """Return whether a holding reply sent ``now`` is in time to move the target (ENQ-HOLDING)."""
    return now <= target_at


@dataclass(frozen=True)
class TriageFacts:
    """What decides whether an officer may route and assign an enquiry (ENQ-TRIAGE, REL-CONFLICT)."""

    officer_department_id: int | None
    officer_grade: str
    enquiry_department_id: int
    democratic_services_id: int | None
    related_to_member: bool


def may_triage(facts):
    """Return whether the officer may route or assign: Democratic Services, or the department's
    managers (service manager and above), never someone related to the member."""
    if facts.related_to_member or facts.officer_department_id is None:
        return False
    if facts.officer_department_id == facts.democratic_services_id:
        return True
    return (facts.officer_department_id == facts.enquiry_department_id
            and GRADE_RANK[Grade(facts.officer_grade)] >= GRADE_RANK[Grade.SERVICE_MANAGER])
