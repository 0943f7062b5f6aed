"""The briefing rules that need no database (BRF-REQUEST, BRF-SENIOR, BRF-NON-COUNCIL, BRF-SAME-ADVICE)."""
import pytest

from requests_app.briefings.policy import (
    advice_differs,
    approval_problems,
    is_senior,
    may_speak_for_audience,
    request_refusal,
)


@pytest.mark.parametrize("in_group, roles, elected, may", [
    (True, ["leader"], True, True),
    (True, ["spokesperson"], True, True),
    (True, ["deputy_leader"], True, False),
    (True, [], True, False),
    (False, [], True, True),      # a member of no group speaks for themselves (004 §8)
    (False, [], False, False),    # a co-opted member or Independent Person does not ask
])
def test_brf_request_only_leaders_spokespersons_and_members_of_no_group_ask(in_group, roles, elected, may):
    assert may_speak_for_audience(in_group=in_group, group_roles=roles, elected=elected) is may
    refusal = request_refusal(in_group=in_group, group_roles=roles, elected=elected)
    assert (refusal is None) is may
    if refusal:
        assert "BRF-REQUEST" in refusal


@pytest.mark.parametrize("grade, senior", [
    ("chief_executive", True), ("director", True), ("head_of_service", True), ("service_manager", True),
    ("officer", False),
])
def test_brf_senior_means_service_manager_grade_or_above(grade, senior):
    assert is_senior(grade) is senior


def _problems(**overrides):
    facts = {"officer_grade": "head_of_service", "officer_is_political_assistant": False,
             "officer_related_to_requester": False, "non_council_attendees": False, "reason": ""}
    return approval_problems(**{**facts, **overrides})


def test_brf_senior_a_senior_officer_with_no_outsiders_needs_no_reason():
    assert _problems() == {}


def test_brf_senior_a_junior_officer_is_refused_naming_the_rule():
    assert "BRF-SENIOR" in _problems(officer_grade="officer")["officer"][0]


def test_brf_senior_a_political_assistant_is_never_assigned():
    assert "political assistant" in _problems(officer_is_political_assistant=True)["officer"][0]


def test_rel_conflict_an_officer_related_to_the_member_asking_is_refused():
    assert "REL-CONFLICT" in _problems(officer_related_to_requester=True)["officer"][0]


def test_brf_non_council_outsiders_attending_need_a_recorded_reason():
    assert "BRF-NON-COUNCIL" in _problems(non_council_attendees=True)["reason"][0]
    assert _problems(non_council_attendees=True, reason="Only the group's agent attends, to take notes.") == {}


def test_brf_same_advice_spacing_and_case_are_not_differences():
    assert not advice_differs("Housing numbers rise to 9,000.", ["housing  numbers rise\nto 9,000."])
    assert advice_differs("Housing numbers fall.", ["Housing numbers rise to 9,000."])
    assert not advice_differs("Anything at all.", [])
