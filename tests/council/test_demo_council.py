"""The demo council (Harbourside) is valid and covers every classification, role and rule a demo shows.

Most tests read the validated plan only, so they need no database; one imports the file for real.
"""
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from complaints.models import RelationshipKind
from members.models import BodyKind, CouncilRole, GroupRole, MemberKind, Position
from officers.models import Grade, StatutoryRole
from protocol_portal.council.importer.validation import parse_council_file, validate_council_file
from requests_app.models import EXEMPT_PARAGRAPHS, GROUP_CLASSIFICATIONS, Classification
from tests.conftest import RIVERSIDE, import_file

DEMO = Path(__file__).resolve().parents[2] / "protocol_portal" / "council" / "demo" / "harbourside.yaml"
# The day the demo's dates were chosen around: its meetings fall in the three months after it.
DEMO_TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def plan():
    """Return the demo file's validated CouncilPlan (validation raises if the file has any error)."""
    return validate_council_file(parse_council_file(DEMO.read_text(encoding="utf-8")))


def _documents(plan, **wanted):
    return {ref: d for ref, d in plan.documents.items() if all(d[k] == v for k, v in wanted.items())}


def _holders(plan):
    return {role: username for username, o in plan.officers.items() for role in o["statutory_roles"]}


def _in_term(member):
    return member["term_start"] <= DEMO_TODAY <= member["term_end"]


# --- The file itself -------------------------------------------------------------------------------

def test_the_demo_file_validates_and_is_demo_sized(plan):
    assert plan.council["name"] == "Harbourside District Council"
    assert 20 <= len(plan.officers) <= 30
    assert 20 <= len(plan.members) <= 25
    assert 25 <= len(plan.documents) <= 35


def test_the_demo_does_not_reuse_the_spec_examples_people(plan):
    """Harbourside is the project's own council, not a copy of the spec's Riverside example."""
    riverside = validate_council_file(parse_council_file(RIVERSIDE.read_text(encoding="utf-8")))
    riverside_people = {**riverside.officers, **riverside.members}
    demo_people = {**plan.officers, **plan.members}
    assert not set(riverside_people) & set(demo_people)
    assert not {p["name"] for p in riverside_people.values()} & {p["name"] for p in demo_people.values()}


def test_closure_days_cover_christmas_2026_and_democratic_services_is_set(plan):
    """WD-WORKING: the council's own closure days sit between the Christmas and New Year bank holidays."""
    closures = [date.fromisoformat(d) for d in plan.council["closure_days"]]
    assert closures and all(date(2026, 12, 24) <= d <= date(2026, 12, 31) for d in closures)
    assert plan.council["democratic_services"] in plan.departments


# --- Documents (ACC) -------------------------------------------------------------------------------

def test_every_classification_is_used(plan):
    assert {d["classification"] for d in plan.documents.values()} == set(Classification.values)


def test_every_schedule_12a_paragraph_is_cited_by_an_exempt_document(plan):
    cited = {p for d in _documents(plan, classification=Classification.EXEMPT).values() for p in d["exempt_paragraphs"]}
    assert cited == set(EXEMPT_PARAGRAPHS)


def test_paragraph_3_documents_with_and_without_contract_terms_on_a_meeting(plan):
    """ACC-S100F: para 3 opens a meeting's papers to any member, except terms proposed in contract negotiations."""
    para_3_on_meetings = [d for d in _documents(plan, classification=Classification.EXEMPT).values()
                          if 3 in d["exempt_paragraphs"] and d["meeting"]]
    assert {d["contract_terms"] for d in para_3_on_meetings} == {True, False}


def test_a_paragraph_6_document_is_on_a_meetings_business(plan):
    """ACC-S100F: an exempt document citing only paragraph 6 is open to every member for a meeting's business."""
    assert any(d["exempt_paragraphs"] == [6] and d["meeting"]
               for d in _documents(plan, classification=Classification.EXEMPT).values())


def test_exempt_documents_concern_cabinet_business(plan):
    """ACC-BODY: Cabinet members see exempt documents on Cabinet business, which others may not."""
    cabinet = {c for c, b in plan.bodies.items() if b["kind"] == BodyKind.CABINET}
    exempt_on_cabinet = [d for d in _documents(plan, classification=Classification.EXEMPT).values()
                         if d["body"] in cabinet]
    # At least one that ACC-S100F does not open to everybody, so ACC-BODY is what grants it.
    assert any(d["contract_terms"] or not d["meeting"] for d in exempt_on_cabinet)
    assert any(CouncilRole.CABINET_MEMBER in plan.members[m]["council_roles"]
               for c in cabinet for m in plan.bodies[c]["seats"])


def test_executive_documents_serve_overview_and_scrutiny_members(plan):
    """ACC-SCRUTINY: executive documents, exempt and not, off any meeting's agenda, for scrutiny members."""
    cabinet = {c for c, b in plan.bodies.items() if b["kind"] == BodyKind.CABINET}
    executive = [d for d in plan.documents.values()
                 if d["body"] in cabinet and not d["meeting"] and d["classification"] != Classification.PUBLIC]
    assert {d["classification"] for d in executive} >= {Classification.INTERNAL, Classification.EXEMPT}
    scrutiny = [b for b in plan.bodies.values() if b["kind"] == BodyKind.OVERVIEW_SCRUTINY]
    assert any(plan.members[m]["kind"] == MemberKind.ELECTED and not plan.members[m]["council_roles"]
               for b in scrutiny for m in b["seats"])


def test_a_statutory_confidential_document_is_on_cabinet_business_and_one_is_not(plan):
    """ACC-CONFIDENTIAL refuses statutory confidential documents; ACC-BODY, earlier, lets Cabinet see its own."""
    confidential = _documents(plan, classification=Classification.CONFIDENTIAL).values()
    bodies = {plan.bodies[d["body"]]["kind"] if d["body"] else None for d in confidential}
    assert BodyKind.CABINET in bodies and None in bodies


def test_documents_hold_third_parties_personal_data(plan):
    """ACC-PERSONAL-DATA: personal data on exempt and on merely internal documents."""
    classifications = {d["classification"] for d in _documents(plan, personal_data=True).values()}
    assert {Classification.EXEMPT, Classification.INTERNAL} <= classifications


@pytest.mark.parametrize("classification", GROUP_CLASSIFICATIONS)
def test_group_documents_belong_to_at_least_two_groups(plan, classification):
    """ACC-GROUP and ACC-ADVISER: papers of different groups, so one group's members can be shown another's are hidden."""
    assert len({d["group"] for d in _documents(plan, classification=classification).values()}) >= 2


def test_political_advice_comes_from_groups_with_a_political_assistant(plan):
    """ACC-ADVISER and ACC-OFFICER: an assistant sees their own group's advice and no other group's."""
    assistants = {o["political_assistant_to"] for o in plan.officers.values() if o["political_assistant_to"]}
    advised = {d["group"] for d in _documents(plan, classification=Classification.POLITICAL_ADVICE).values()}
    assert advised <= assistants
    assert any(d["group"] not in assistants for d in plan.documents.values() if d["group"])


def test_public_documents_and_internal_documents_with_wards(plan):
    """ACC-PUBLIC grants published papers; internal ward papers exercise ACC-NEED-TO-KNOW and WARD-NOTIFY."""
    assert len(_documents(plan, classification=Classification.PUBLIC)) >= 2
    internal_with_wards = [d for d in _documents(plan, classification=Classification.INTERNAL).values() if d["wards"]]
    assert len(internal_with_wards) >= 2
    assert any(not d["body"] and not d["personal_data"] for d in internal_with_wards)


def test_every_department_holding_documents_has_a_head(plan):
    """ACC-DETERMINE: a referred request goes to the holding department's Head of Service."""
    for code in {d["department"] for d in plan.documents.values()}:
        assert plan.departments[code]["head"] in plan.officers


def test_the_monitoring_officer_heads_a_department_that_holds_documents(plan):
    """ACC-MO-CONFLICT: disputes about that department's documents go to the Deputy Monitoring Officer."""
    mo = _holders(plan)[StatutoryRole.MONITORING_OFFICER]
    headed = {code for code, dept in plan.departments.items() if dept["head"] == mo}
    held = [d for d in plan.documents.values() if d["department"] in headed]
    assert any(d["classification"] == Classification.EXEMPT for d in held)


# --- Officers --------------------------------------------------------------------------------------

def test_every_grade_is_held(plan):
    assert {o["grade"] for o in plan.officers.values()} == set(Grade.values)


def test_every_statutory_role_is_held(plan):
    assert set(_holders(plan)) == set(StatutoryRole.values)


def test_the_deputy_monitoring_officer_is_not_the_monitoring_officer(plan):
    """ACC-MO-CONFLICT and CMP-CONFLICT need a different person to stand in."""
    holders = _holders(plan)
    assert holders[StatutoryRole.DEPUTY_MONITORING_OFFICER] != holders[StatutoryRole.MONITORING_OFFICER]


def test_officers_with_and_without_political_restriction_and_a_political_assistant(plan):
    assert {o["politically_restricted"] for o in plan.officers.values()} == {True, False}
    assert any(o["political_assistant_to"] for o in plan.officers.values())


def test_management_lines_lead_to_the_chief_executive(plan):
    """CMP-ROUTE-OFFICER and REL-CONFLICT walk the management line upwards."""
    (chief,) = [u for u, o in plan.officers.items() if o["grade"] == Grade.CHIEF_EXECUTIVE]
    for username in plan.officers:
        line = [username]
        while plan.officers[line[-1]]["manager"]:
            line.append(plan.officers[line[-1]]["manager"])
        assert line[-1] == chief, f"{username}'s management line ends at {line[-1]}"


def test_senior_and_junior_officers_for_briefings(plan):
    """BRF-SENIOR: briefings need a service manager or above; the demo has both sides of that line."""
    grades = Counter(o["grade"] for o in plan.officers.values())
    assert grades[Grade.SERVICE_MANAGER] >= 2 and grades[Grade.OFFICER] >= 2


# --- Members, groups and bodies -------------------------------------------------------------------

def test_every_member_kind_group_role_and_council_role_is_held(plan):
    members = plan.members.values()
    assert {m["kind"] for m in members} == set(MemberKind.values)
    assert {r for m in members for r in m["group_roles"]} == set(GroupRole.values)
    assert {r for m in members for r in m["council_roles"]} == set(CouncilRole.values)


def test_cabinet_members_have_portfolios(plan):
    cabinet_members = [m for m in plan.members.values() if CouncilRole.CABINET_MEMBER in m["council_roles"]]
    assert len(cabinet_members) >= 3
    assert all(m["portfolio"] for m in cabinet_members)


def test_three_groups_and_members_of_no_group(plan):
    """BRF-EQUAL offers every other group, and members of no group, an equivalent briefing."""
    elected = [m for m in plan.members.values() if m["kind"] == MemberKind.ELECTED and _in_term(m)]
    assert len({m["group"] for m in elected if m["group"]}) >= 3
    assert any(m["group"] is None for m in elected)


def test_a_members_term_has_ended(plan):
    """ACC-TERM refuses, and ACC-EXPIRY ends access, for a member whose term has ended."""
    assert any(m["term_end"] < DEMO_TODAY for m in plan.members.values())
    assert sum(_in_term(m) for m in plan.members.values()) >= 20


def test_every_body_kind_with_every_position(plan):
    assert {b["kind"] for b in plan.bodies.values()} == set(BodyKind.values)
    for code, body in plan.bodies.items():
        if body["kind"] == BodyKind.SUB_COMMITTEE:
            assert body["parent"], f"sub-committee {code} has no parent"
    assert {p for b in plan.bodies.values() for p in b["seats"].values()} == set(Position.values)


def test_a_co_opted_member_sits_on_a_scrutiny_sub_committee(plan):
    """ACC-COOPTED: the co-opted member sees that sub-committee's papers and no other body's."""
    subs = [b for b in plan.bodies.values() if b["kind"] == BodyKind.SUB_COMMITTEE
            and plan.bodies[b["parent"]]["kind"] == BodyKind.OVERVIEW_SCRUTINY]
    assert any(plan.members[m]["kind"] == MemberKind.CO_OPTED for b in subs for m in b["seats"])


def test_an_independent_person_sits_on_the_standards_committee(plan):
    """ACC-COOPTED and CMP-OUTCOMES: the Independent Person sees Standards papers."""
    standards = [c for c, b in plan.bodies.items() if b["kind"] == BodyKind.STANDARDS]
    assert any(plan.members[m]["kind"] == MemberKind.INDEPENDENT_PERSON
               for c in standards for m in plan.bodies[c]["seats"])
    assert any(d["body"] in standards and d["classification"] == Classification.EXEMPT
               for d in plan.documents.values())


def test_meetings_fall_in_the_three_months_after_the_demo_date(plan):
    days = [m["date"] for m in plan.meetings.values()]
    assert days and all(date(2026, 12, 1) <= d <= date(2027, 2, 28) for d in days)
    assert {(d.year, d.month) for d in days} == {(2026, 12), (2027, 1), (2027, 2)}


# --- Relationships (REL) ---------------------------------------------------------------------------

def test_every_relationship_kind_is_declared(plan):
    """REL-DECLARE: family, personal and business relationships."""
    assert {r["kind"] for r in plan.relationships.values()} == set(RelationshipKind.values)


def test_the_monitoring_officer_has_a_relationship_with_a_member(plan):
    """ACC-MO-CONFLICT and CMP-CONFLICT: the Deputy Monitoring Officer acts for that member."""
    mo = _holders(plan)[StatutoryRole.MONITORING_OFFICER]
    assert any(mo in pair and set(pair) & set(plan.members) for pair in plan.relationships)


def test_a_head_of_service_has_a_relationship_with_a_member(plan):
    """REL-CONFLICT: that member's need-to-know requests go up the Head of Service's management line."""
    heads = {u for u, o in plan.officers.items() if o["grade"] == Grade.HEAD_OF_SERVICE}
    heads -= {_holders(plan)[StatutoryRole.MONITORING_OFFICER]}
    assert any(set(pair) & heads and set(pair) & set(plan.members) for pair in plan.relationships)


# --- Importing it ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_demo_imports_cleanly_and_a_second_import_changes_nothing():
    """Import over the session's Riverside council with --prune, then again: nothing left to change."""
    code, out, err = import_file(DEMO, "--prune", "--demo-password", "demo-portal-2026")
    assert code == 0, err
    assert "Imported Harbourside District Council" in out
    code, out, err = import_file(DEMO, "--prune")
    assert code == 0, err
    assert "Nothing changed" in out, out


@pytest.mark.django_db
def test_the_demo_gets_enquiries_briefings_and_complaints_in_every_state_through_the_real_actions():
    """seed_demo_activity: overdue and escalated (ENQ-ESCALATE), due soon (ENQ-REMIND), awaiting Democratic
    Services (ENQ-TRIAGE) and answered after a holding reply (ENQ-HOLDING); a briefing given with an equal offer
    accepted (BRF-EQUAL, BRF-NOTIFY) and one awaiting approval (BRF-APPROVE); a second run adds nothing."""
    from io import StringIO

    from django.core.management import call_command

    from protocol_portal.deadlines.models import DeadlineAction
    from requests_app.enquiries.models import Enquiry

    assert import_file(DEMO, "--prune", "--demo-password", "demo-portal-2026")[0] == 0
    out = StringIO()
    call_command("seed_demo_activity", stdout=out)
    assert ("Added 4 demo enquiries, 3 briefings, 2 complaints and a disputed refusal; the sweep sent 1 "
            "reminder(s) and 1 escalation(s) to a Director.") in out.getvalue()
    from requests_app.models import AccessRequest

    disputed = AccessRequest.objects.get(status="disputed")
    assert (disputed.member.user.username, disputed.assigned_to.user.username) == ("cllr.mistry", "e.hollingworth")
    states = dict(Enquiry.objects.values_list("subject", "status"))
    assert states == {"Overflowing bins on Fore Street": "open", "Enforcement at the old sail loft": "open",
                      "Who maintains the harbour steps?": "open", "Temporary accommodation numbers": "answered"}
    assert set(DeadlineAction.objects.values_list("level", "recipient__user__username")) == {
        (0, "z.mahmood"), (1, "r.castellano")}
    from requests_app.briefings.models import Briefing, BriefingNotice

    briefings = sorted(Briefing.objects.values_list("group__code", "subject", "status"))
    assert briefings == [("CON", "The harbour regeneration masterplan", "delivered"),
                         ("GRN", "Coastal flood defences at Saltmarsh", "awaiting_approval"),
                         ("LAB", "The harbour regeneration masterplan", "approved")]
    assert BriefingNotice.objects.get().has_report
    from complaints.models import Complaint

    assert sorted(Complaint.objects.values_list("subject__username", "handler__username", "status")) == [
        ("cllr.yeo", "e.hollingworth", "investigating"), ("l.ashworth", "n.bhattacharya", "acknowledged")]
    call_command("seed_demo_activity", stdout=(again := StringIO()))
    assert "no demo enquiries added" in again.getvalue() and Enquiry.objects.count() == 4
    assert Briefing.objects.count() == 3
