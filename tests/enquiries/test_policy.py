"""The pure enquiry and deadline rules: no database (ENQ-ON-BEHALF, ENQ-TRIAGE, ENQ-HOLDING, ENQ-REMIND)."""
from datetime import date
from types import SimpleNamespace

from protocol_portal.council.working_days import CouncilCalendar
from protocol_portal.deadlines.policy import clock_moments, first_free_recipient
from requests_app.enquiries.policy import TriageFacts, holding_reply_in_time, may_triage, on_behalf_basis

from .conftest import london

RIVERSIDE = CouncilCalendar(closure_days=frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)}))


def test_enq_on_behalf_basis():
    assert on_behalf_basis(ward_code="SOUTH", member_ward_codes={"SOUTH"}, member_council_roles=[]) == "ward"
    assert on_behalf_basis(ward_code="NORTH", member_ward_codes={"SOUTH"}, member_council_roles=["cabinet_member"]) \
        == "council_role"
    assert on_behalf_basis(ward_code="NORTH", member_ward_codes={"SOUTH"}, member_council_roles=[]) is None


def test_enq_triage_democratic_services_and_department_managers_only():
    def facts(**overrides):
        values = dict(officer_department_id=1, officer_grade="service_manager", enquiry_department_id=1,
                      democratic_services_id=9, related_to_member=False)
        return TriageFacts(**{**values, **overrides})

    assert may_triage(facts())
    assert not may_triage(facts(officer_grade="officer"))
    assert may_triage(facts(officer_grade="officer", officer_department_id=9))  # Democratic Services
    assert not may_triage(facts(enquiry_department_id=2))
    assert not may_triage(facts(related_to_member=True))  # REL-CONFLICT
    assert not may_triage(facts(officer_department_id=None, officer_grade="director"))


def test_enq_holding_is_in_time_up_to_the_last_second_of_the_target():
    target = london(2026, 12, 7, 23, 59, 59)
    assert holding_reply_in_time(now=target, target_at=target)
    assert not holding_reply_in_time(now=london(2026, 12, 8, 0, 0, 0), target_at=target)


def test_enq_remind_and_escalate_moments_skip_christmas_and_closure_days():
    """ENQ-REMIND two working days before; ENQ-ESCALATE level 2 five working days after (WD-WORKING)."""
    moments = clock_moments(RIVERSIDE, date(2027, 1, 4), reminder_days_before=2, second_escalation_days=5)
    assert moments.target_at == london(2027, 1, 4, 23, 59, 59)
    # Back from Monday 4 January: 1 Jan, the 29-31 Dec closure, 28 Dec (Boxing Day substitute) and 25 Dec do
    # not count, so the two working days are 24 and 23 December.
    assert moments.remind_at == london(2026, 12, 23, 0, 0)
    assert moments.second_at == london(2027, 1, 11, 23, 59, 59)


def test_rel_conflict_escalation_skips_related_inactive_missing_and_the_assignee():
    def officer(pk, user_id, active=True):
        return SimpleNamespace(pk=pk, user_id=user_id, is_active=active)

    director, chief, other = officer(1, 11), officer(2, 12), officer(3, 13)
    assert first_free_recipient([director, chief], related_user_ids=set()) is director
    assert first_free_recipient([director, chief], related_user_ids={11}) is chief
    assert first_free_recipient([None, officer(1, 11, active=False), chief], related_user_ids=set()) is chief
    assert first_free_recipient([director, chief], related_user_ids=set(), assignee_id=1) is chief
    assert first_free_recipient([director], related_user_ids={11}) is None
    assert first_free_recipient([other], related_user_ids=set()) is other
