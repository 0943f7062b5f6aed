"""The ACC rules as one pure function: a test per rule, and tests that prove the order. No database."""
from dataclasses import replace
from datetime import date

import pytest

from requests_app.policy import (
    GRANTED,
    HEAD_OF_SERVICE,
    MONITORING_OFFICER,
    REFERRED,
    REFUSED,
    DocumentFacts,
    MemberFacts,
    RequestFacts,
    decide_access,
    first_unconflicted,
    may_know_of,
    s100f_applies,
)
from requests_app.rules import ACCESS_RULES, explain

TODAY = date(2026, 11, 23)
MEETING = date(2026, 12, 9)
BACKBENCHER = MemberFacts(kind="elected", group="LAB", term_start=date(2023, 5, 4), term_end=date(2027, 5, 6),
                          bodies=frozenset({"COUNCIL"}))
CABINET_MEMBER = replace(BACKBENCHER, bodies=frozenset({"COUNCIL", "CABINET"}), council_roles=frozenset({"cabinet_member"}))
SCRUTINY_MEMBER = replace(BACKBENCHER, group="CON", bodies=frozenset({"COUNCIL", "OSC"}), scrutiny_bodies=frozenset({"OSC"}))
CO_OPTED = MemberFacts(kind="co_opted", group=None, term_start=date(2024, 6, 1), term_end=date(2028, 5, 31),
                       bodies=frozenset({"CHILDREN-OSC"}), scrutiny_bodies=frozenset({"CHILDREN-OSC"}))
INTERNAL = DocumentFacts(classification="internal", body=None)
GOOD_REASON = RequestFacts(justification="I am the ward member and residents asked me about this at my surgery.")


def decide(member=BACKBENCHER, document=INTERNAL, request=GOOD_REASON, today=TODAY):
    return decide_access(member, document, request, today)


def test_acc_term_refuses_a_member_out_of_office():
    """ACC-TERM: the term of office must cover the date, even for a published document."""
    former = replace(BACKBENCHER, term_start=date(2019, 5, 2), term_end=date(2023, 5, 4))
    decision = decide(member=former, document=DocumentFacts(classification="public"))
    assert (decision.outcome, decision.rule_ids) == (REFUSED, ("ACC-TERM",))


def test_acc_term_covers_the_first_and_last_day():
    """ACC-TERM: both ends of the term are inside it."""
    member = replace(BACKBENCHER, term_start=TODAY, term_end=TODAY)
    assert decide(member=member, document=DocumentFacts(classification="public")).outcome == GRANTED


def test_acc_group_grants_own_group_and_refuses_everyone_else_whatever_their_role():
    """ACC-GROUP: a party group's papers are its own members' alone, whatever office others hold."""
    papers = DocumentFacts(classification="party_group", group="LAB")
    assert decide(document=papers).outcome == GRANTED
    assert decide(member=replace(SCRUTINY_MEMBER, council_roles=frozenset({"leader_of_council"})), document=papers).outcome == REFUSED
    assert decide(member=CO_OPTED, document=papers).rule_ids == ("ACC-GROUP",)
    assert not may_know_of("CON", papers) and not may_know_of(None, papers) and may_know_of("LAB", papers)


def test_acc_adviser_treats_political_advice_as_group_papers():
    """ACC-ADVISER: a political assistant's advice to a group is that group's alone."""
    advice = DocumentFacts(classification="political_advice", group="CON")
    assert decide(member=SCRUTINY_MEMBER, document=advice).outcome == GRANTED
    refused = decide(document=advice)
    assert (refused.outcome, refused.rule_ids) == (REFUSED, ("ACC-ADVISER",))


def test_acc_public_grants_published_documents():
    """ACC-PUBLIC: published means open to every member, even with no reason given."""
    decision = decide(document=DocumentFacts(classification="public"), request=RequestFacts())
    assert (decision.outcome, decision.rule_ids) == (GRANTED, ("ACC-PUBLIC",))


def test_acc_coopted_refuses_other_bodies_papers():
    """ACC-COOPTED: co-opted members and Independent Persons see only their own bodies' papers."""
    decision = decide(member=CO_OPTED, document=DocumentFacts(classification="internal", body="CABINET", body_kind="cabinet"))
    assert (decision.outcome, decision.rule_ids) == (REFUSED, ("ACC-COOPTED",))
    independent = replace(CO_OPTED, kind="independent_person", bodies=frozenset({"STANDARDS"}))
    assert decide(member=independent, document=INTERNAL).rule_ids == ("ACC-COOPTED",)


def test_acc_coopted_member_sees_own_bodys_exempt_papers():
    """ACC-COOPTED then ACC-BODY: the co-opted member's own sub-committee's exempt papers are theirs to see."""
    placements = DocumentFacts(classification="exempt", body="CHILDREN-OSC", body_kind="sub_committee",
                               exempt_paragraphs=frozenset({1, 2}), personal_data=True)
    assert decide(member=CO_OPTED, document=placements).rule_ids == ("ACC-BODY",)


def test_acc_interest_refers_to_the_monitoring_officer():
    """ACC-INTEREST: a declared interest sends the request to the Monitoring Officer."""
    decision = decide(request=replace(GOOD_REASON, declared_interest=True))
    assert (decision.outcome, decision.rule_ids, decision.refer_to) == (REFERRED, ("ACC-INTEREST",), MONITORING_OFFICER)


def test_acc_body_grants_exempt_and_confidential_papers_of_the_members_body():
    """ACC-BODY: a body's members see its business, exempt and confidential included."""
    exempt = DocumentFacts(classification="exempt", body="CABINET", body_kind="cabinet", exempt_paragraphs=frozenset({3}),
                           contract_terms=True)
    confidential = DocumentFacts(classification="confidential", body="CABINET", body_kind="cabinet")
    assert decide(member=CABINET_MEMBER, document=exempt).rule_ids == ("ACC-BODY",)
    assert decide(member=CABINET_MEMBER, document=confidential).outcome == GRANTED


def test_acc_body_cabinet_members_see_cabinet_business_by_role():
    """ACC-BODY: "Cabinet members for Cabinet business", even if not listed on the Cabinet body."""
    portfolio_holder = replace(BACKBENCHER, council_roles=frozenset({"cabinet_member"}))
    cabinet_paper = DocumentFacts(classification="exempt", body="CABINET", body_kind="cabinet", exempt_paragraphs=frozenset({4}))
    assert decide(member=portfolio_holder, document=cabinet_paper).rule_ids == ("ACC-BODY",)


def test_acc_confidential_refuses_statutory_confidential_information():
    """ACC-CONFIDENTIAL: confidential in the statutory sense is refused to anyone not on the body."""
    decision = decide(document=DocumentFacts(classification="confidential", body="CABINET", body_kind="cabinet"))
    assert (decision.outcome, decision.rule_ids) == (REFUSED, ("ACC-CONFIDENTIAL",))


@pytest.mark.parametrize(
    "classification, paragraphs, contract_terms, applies",
    [
        ("internal", set(), False, True),
        ("exempt", {6}, False, True),
        ("exempt", {3}, False, True),
        ("exempt", {3, 6}, False, True),
        ("exempt", {3}, True, False),
        ("exempt", {5}, False, False),
        ("exempt", {1, 2}, False, False),
        ("exempt", {6, 7}, False, False),
    ],
)
def test_acc_s100f_grants_meeting_papers_except_exempt_beyond_paragraphs_3_and_6(classification, paragraphs, contract_terms, applies):
    """ACC-S100F: s.100F(2) and (2A): paragraph 6, and paragraph 3 other than contract terms, stay open."""
    document = DocumentFacts(classification=classification, body="PLANNING", body_kind="regulatory", meeting_date=MEETING,
                             exempt_paragraphs=frozenset(paragraphs), contract_terms=contract_terms)
    assert s100f_applies(document, TODAY) is applies
    decision = decide(document=document, request=RequestFacts())
    assert (decision.rule_ids == ("ACC-S100F",)) is applies


def test_acc_s100f_needs_business_still_to_be_transacted():
    """ACC-S100F: after the meeting, the papers fall back to need to know."""
    document = DocumentFacts(classification="exempt", meeting_date=date(2026, 11, 1), exempt_paragraphs=frozenset({6}))
    assert decide(document=document).rule_ids == ("ACC-NEED-TO-KNOW",)


def test_acc_scrutiny_grants_executive_papers_to_scrutiny_members():
    """ACC-SCRUTINY: non-exempt executive documents at once; exempt ones when the scrutiny item is named."""
    executive = DocumentFacts(classification="internal", body="CABINET", body_kind="cabinet")
    assert decide(member=SCRUTINY_MEMBER, document=executive, request=RequestFacts()).rule_ids == ("ACC-SCRUTINY",)
    exempt = DocumentFacts(classification="exempt", body="CABINET", body_kind="cabinet", exempt_paragraphs=frozenset({3}))
    assert decide(member=SCRUTINY_MEMBER, document=exempt).rule_ids == ("ACC-NEED-TO-KNOW",)
    named = replace(GOOD_REASON, scrutiny_reference="Temporary accommodation costs review, work programme item 4")
    assert decide(member=SCRUTINY_MEMBER, document=exempt, request=named).rule_ids == ("ACC-SCRUTINY",)


def test_acc_scrutiny_applies_to_scrutiny_sub_committees():
    """ACC-SCRUTINY: a scrutiny sub-committee's members are scrutiny members too."""
    elected_on_sub = replace(BACKBENCHER, bodies=frozenset({"CHILDREN-OSC"}), scrutiny_bodies=frozenset({"CHILDREN-OSC"}))
    executive = DocumentFacts(classification="internal", body="CABINET", body_kind="cabinet")
    assert decide(member=elected_on_sub, document=executive).rule_ids == ("ACC-SCRUTINY",)


def test_acc_on_behalf_refuses_unpublished_documents_for_third_parties():
    """ACC-ON-BEHALF: not published, and asked for on a constituent's behalf: refused."""
    decision = decide(request=replace(GOOD_REASON, on_behalf_of_constituent=True))
    assert (decision.outcome, decision.rule_ids) == (REFUSED, ("ACC-ON-BEHALF",))


@pytest.mark.parametrize("justification", ["", "   ", "curious", "just want to see"])
def test_acc_no_roving_refuses_a_request_with_no_reason(justification):
    """ACC-NO-ROVING: no reason, no document; the message says what a good reason looks like."""
    decision = decide(request=RequestFacts(justification=justification))
    assert (decision.outcome, decision.rule_ids) == (REFUSED, ("ACC-NO-ROVING",))
    assert "A good reason names the role" in decision.reasons


def test_acc_personal_data_refers_with_a_flag():
    """ACC-PERSONAL-DATA: personal information about others goes to the Head of Service, flagged."""
    decision = decide(document=DocumentFacts(classification="exempt", exempt_paragraphs=frozenset({7}), personal_data=True))
    assert (decision.outcome, decision.rule_ids, decision.refer_to) == (REFERRED, ("ACC-PERSONAL-DATA",), HEAD_OF_SERVICE)
    assert "personal_data" in decision.flags and "dp_advice_recommended" in decision.flags


def test_acc_need_to_know_refers_everything_else_to_the_head_of_service():
    """ACC-NEED-TO-KNOW: the rest is for the Head of Service holding the document."""
    decision = decide()
    assert (decision.outcome, decision.rule_ids, decision.refer_to) == (REFERRED, ("ACC-NEED-TO-KNOW",), HEAD_OF_SERVICE)


# --- the order of the table -------------------------------------------------------------------

def test_order_a_cabinet_member_who_declares_an_interest_is_referred_not_granted():
    """ACC-INTEREST (6) comes before ACC-BODY (7)."""
    cabinet_paper = DocumentFacts(classification="exempt", body="CABINET", body_kind="cabinet", exempt_paragraphs=frozenset({3}))
    decision = decide(member=CABINET_MEMBER, document=cabinet_paper, request=replace(GOOD_REASON, declared_interest=True))
    assert decision.rule_ids == ("ACC-INTEREST",)


def test_order_term_comes_before_group():
    """ACC-TERM (1) before ACC-GROUP (2): a former member loses even their own group's papers."""
    former = replace(BACKBENCHER, term_end=date(2025, 5, 1))
    assert decide(member=former, document=DocumentFacts(classification="party_group", group="LAB")).rule_ids == ("ACC-TERM",)


def test_order_group_comes_before_public_and_body():
    """ACC-GROUP (2) before ACC-PUBLIC (4) and ACC-BODY (7): group papers are never opened by other rules."""
    papers = DocumentFacts(classification="party_group", group="CON", body="CABINET", body_kind="cabinet")
    assert decide(member=CABINET_MEMBER, document=papers).rule_ids == ("ACC-GROUP",)


def test_order_public_comes_before_coopted():
    """ACC-PUBLIC (4) before ACC-COOPTED (5): co-opted members still see published papers."""
    assert decide(member=CO_OPTED, document=DocumentFacts(classification="public", body="CABINET")).rule_ids == ("ACC-PUBLIC",)


def test_order_body_comes_before_confidential():
    """ACC-BODY (7) before ACC-CONFIDENTIAL (8)."""
    confidential = DocumentFacts(classification="confidential", body="CABINET", body_kind="cabinet")
    assert decide(member=CABINET_MEMBER, document=confidential).rule_ids == ("ACC-BODY",)


def test_order_s100f_comes_before_on_behalf_and_no_roving():
    """ACC-S100F (9) before ACC-ON-BEHALF (11) and ACC-NO-ROVING (12): a statutory right needs no reason."""
    agenda_paper = DocumentFacts(classification="internal", meeting_date=MEETING, body="CABINET", body_kind="cabinet")
    request = RequestFacts(on_behalf_of_constituent=True)
    assert decide(document=agenda_paper, request=request).rule_ids == ("ACC-S100F",)


def test_order_on_behalf_comes_before_no_roving():
    """ACC-ON-BEHALF (11) before ACC-NO-ROVING (12)."""
    assert decide(request=RequestFacts(on_behalf_of_constituent=True)).rule_ids == ("ACC-ON-BEHALF",)


def test_order_no_roving_comes_before_personal_data():
    """ACC-NO-ROVING (12) before ACC-PERSONAL-DATA (13): no reason is refused, not referred."""
    personal = DocumentFacts(classification="exempt", exempt_paragraphs=frozenset({1}), personal_data=True)
    assert decide(document=personal, request=RequestFacts()).rule_ids == ("ACC-NO-ROVING",)


def test_rel_conflict_skips_conflicted_people_up_the_line():
    """REL-CONFLICT: the first person in the line with no declared relationship decides."""
    assert first_unconflicted(["head", "director", "chief"], {"head"}) == "director"
    assert first_unconflicted(["head", "director"], {"head", "director"}) is None


def test_every_decision_rule_has_a_plain_english_summary_and_source():
    """Every automatic decision lists the IDs that produced it with the rule's plain-English summary."""
    ids = ["ACC-TERM", "ACC-GROUP", "ACC-ADVISER", "ACC-PUBLIC", "ACC-COOPTED", "ACC-INTEREST", "ACC-BODY",
           "ACC-CONFIDENTIAL", "ACC-S100F", "ACC-SCRUTINY", "ACC-ON-BEHALF", "ACC-NO-ROVING", "ACC-PERSONAL-DATA",
           "ACC-NEED-TO-KNOW", "ACC-DETERMINE", "ACC-DISPUTE", "ACC-MO-CONFLICT", "ACC-USE", "ACC-EXPIRY", "ACC-OFFICER"]
    assert [rule.id for rule in explain(ids)] == ids
    assert all(ACCESS_RULES[i].summary and ACCESS_RULES[i].source for i in ids)
