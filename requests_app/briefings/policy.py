"""Briefing rules that need no database: pure functions of plain facts (BRF-*)."""
from officers.models import GRADE_RANK, Grade

# BRF-REQUEST: who speaks for a group when asking for, or answering an offer of, a briefing.
GROUP_SPEAKERS = frozenset({"leader", "spokesperson"})


def may_speak_for_audience(*, in_group, group_roles, elected):
    """Return whether a member may ask for a briefing, or answer an equal offer, for their audience
    (BRF-REQUEST): a group's leader or spokesperson, or an elected member of no group (004 §8)."""
    if in_group:
        return bool(GROUP_SPEAKERS.intersection(group_roles))
    return elected


def request_refusal(*, in_group, group_roles, elected):
    """Return why a member may not ask for a briefing (BRF-REQUEST), or None if they may."""
    if may_speak_for_audience(in_group=in_group, group_roles=group_roles, elected=elected):
        return None
    if in_group:
        return ("Only your group's leader or a spokesperson can ask for an officer briefing for the group "
                "(BRF-REQUEST). Ask one of them to request it.")
    return "Only elected members can ask for an officer briefing (BRF-REQUEST)."


def is_senior(grade):
    """Return whether an officer of ``grade`` is a senior officer: service manager or above (BRF-SENIOR, 003 ¶9)."""
    return GRADE_RANK[Grade(grade)] >= GRADE_RANK[Grade.SERVICE_MANAGER]


def approval_problems(*, officer_grade, officer_is_political_assistant, officer_related_to_requester,
                      non_council_attendees, reason):
    """Return {field: [message]} for everything wrong with approving a briefing; empty if it may be approved.

    BRF-SENIOR: only a senior officer may be assigned. BRF-NON-COUNCIL: with people who are not
    council members attending, an officer normally does not go, so the approver records why they
    should. REL-CONFLICT: never an officer with a declared relationship with the member asking.
    """
    problems = {}
    if officer_is_political_assistant:
        problems["officer"] = ["A political assistant advises one group and cannot give an impartial officer "
                               "briefing; choose a senior officer of the department (BRF-SENIOR)."]
    elif not is_senior(officer_grade):
        problems["officer"] = ["Only a senior officer (service manager grade or above) may be assigned to brief a "
                               "party group (BRF-SENIOR); they may then nominate another officer to attend."]
    elif officer_related_to_requester:
        problems["officer"] = ["That officer has declared a relationship with the member asking, so cannot brief "
                               "their group (REL-CONFLICT); choose another senior officer."]
    if non_council_attendees and not reason:
        problems["reason"] = ["People who are not council members will attend, so an officer normally would not "
                              "(BRF-NON-COUNCIL): give the reason an officer should attend this one."]
    return problems


def advice_differs(advice, other_advice):
    """Return whether ``advice`` differs from advice already given on the same matter (BRF-SAME-ADVICE).

    Differences of spacing and letter case do not count: only the words.
    """
    def words(text):
        return " ".join(text.lower().split())

    return any(words(advice) != words(other) for other in other_advice if other)
