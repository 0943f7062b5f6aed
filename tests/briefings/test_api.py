"""Briefings API (API.md) on the Riverside council: who may, who may not, and what each sees (BRF-*).

Riverside: cllr.gordon leads the Conservatives (CON), cllr.hughes is their spokesperson, cllr.iqbal an
ordinary member; cllr.ahmed leads Labour (LAB), cllr.kaur the Liberal Democrats (LD), cllr.moss the
Greens (GRN); cllr.nolan belongs to no group. c.wright (Chief Executive) approves; h.patel (Head of
Planning) and s.ali (service manager) are senior, o.baker (Planning Officer) is not; h.shah, the
Monitoring Officer, has nothing to do with briefings.
"""
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from protocol_portal.audit.models import AuditEvent
from requests_app.briefings.actions import offer_respond, record_attribute, record_write, report_copy_request
from requests_app.briefings.models import (
    Attribution,
    Briefing,
    BriefingNotice,
    EqualOffer,
    GroupRecord,
    ReportCopy,
)

from .conftest import ASKED

pytestmark = pytest.mark.django_db

NOT_FOUND = {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}
ASK = {"subject": "The draft local plan", "question": "What does the draft local plan mean for housing numbers?",
       "department": "PLAN", "requested_date": "2026-12-10"}
ADVICE = "Housing numbers rise to 9,000 over the plan period."
REPORT = "Report: the plan's housing trajectory, 2027-2042."
DUE = "2026-12-07T23:59:59+00:00"  # ten working days after Monday 23 November (BRF-APPROVE's clock)
AT = "2026-11-23T10:00:00+00:00"


@pytest.fixture(autouse=True)
def monday_23_november_2026():
    with time_machine.travel(ASKED, tick=False):
        yield


@pytest.fixture
def send(api_as):
    """Return a function that asks for a briefing as a username and returns the response."""

    def send(username="cllr.gordon", **body):
        return api_as(username).post("/api/v1/briefings/", {**ASK, **body}, format="json")
    return send


@pytest.fixture
def act(api_as):
    """Return a function that posts to one of a briefing's endpoints (``what``) as a username."""

    def act(username, briefing_id, what, **body):
        return api_as(username).post(f"/api/v1/briefings/{briefing_id}/{what}", body, format="json")
    return act


@pytest.fixture
def see(api_as):
    """Return a function that gets one briefing (or, with ``what``, one of its sub-resources) as a username."""

    def see(username, briefing_id, what=""):
        return api_as(username).get(f"/api/v1/briefings/{briefing_id}/{what}")
    return see


@pytest.fixture
def asked(send):
    """Return the id of cllr.gordon's request for a briefing for the Conservative Group, awaiting approval."""
    response = send()
    assert response.status_code == 201, response.content
    return response.json()["id"]


def error(response, status, code):
    """Return the error of ``response``, checking its status and that it has the API's error format."""
    assert response.status_code == status, response.content
    body = response.json()
    assert list(body) == ["error"] and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def fields(response):
    return error(response, 400, "invalid")["fields"]


def forbidden(response):
    return error(response, 403, "forbidden")["message"]


def conflict(response):
    return error(response, 409, "conflict")["message"]


def state(briefing_id):
    """Return everything that could change about a briefing, to show a refusal changed nothing."""
    briefing = Briefing.objects.filter(public_id=briefing_id).values().get()
    del briefing["id"]
    return (briefing, EqualOffer.objects.count(), Briefing.objects.count(), BriefingNotice.objects.count(),
            AuditEvent.objects.count())


def offer_of(briefing, group_code):
    return EqualOffer.objects.get(briefing=briefing, group__code=group_code)


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Asking (BRF-REQUEST, BRF-SCOPE) ---------------------------------------------------------------------------

def test_brf_request_a_group_leader_asks_and_is_answered_with_the_briefing(send):
    """BRF-REQUEST, BRF-APPROVE: 201 with the briefing awaiting approval by the Chief Executive, no officer yet,
    and the approval clock's target."""
    response = send()
    assert response.status_code == 201
    body = response.json()
    uuid.UUID(body["id"])
    assert body == {
        "id": body["id"], "group": "CON", "member": None, "requested_by": "cllr.gordon", "subject": ASK["subject"],
        "question": ASK["question"], "department": "PLAN", "requested_date": "2026-12-10", "meeting": None,
        "non_council_attendees": False, "status": "awaiting_approval", "approver": "c.wright", "officer": None,
        "attending_officer": None, "nomination_reason": "", "decision_reason": "", "declined_reason": "",
        "advice": "", "advice_differences": "", "report": "", "original": None, "equal_offers": [],
        "events": [{"at": AT, "actor": "cllr.gordon", "verb": "briefing.requested",
                    "rules": ["BRF-REQUEST", "BRF-SCOPE", "BRF-APPROVE"], "reasons": ""}],
        "due_at": DUE, "requested_at": AT}
    assert Briefing.objects.get(public_id=body["id"]).requested_by.user.username == "cllr.gordon"


def test_brf_request_a_spokesperson_and_a_member_of_no_group_may_ask(send):
    """BRF-REQUEST: a group's spokesperson asks for the group; a member of no group (004 §8) for themselves."""
    hughes = send("cllr.hughes").json()
    assert (hughes["group"], hughes["member"], hughes["requested_by"]) == ("CON", None, "cllr.hughes")
    nolan = send("cllr.nolan").json()
    assert (nolan["group"], nolan["member"], nolan["status"]) == (None, "cllr.nolan", "awaiting_approval")


def test_brf_non_council_a_request_says_who_attends_and_for_which_meeting(send):
    """BRF-REQUEST, BRF-NON-COUNCIL: non-council attendees are recorded, and named in the event's rules."""
    body = send(non_council_attendees=True, meeting="MTG-PLAN-2026-12-03").json()
    assert body["non_council_attendees"] is True and body["meeting"] == "MTG-PLAN-2026-12-03"
    assert body["events"][0]["rules"] == ["BRF-REQUEST", "BRF-SCOPE", "BRF-APPROVE", "BRF-NON-COUNCIL"]


@pytest.mark.parametrize("username", ["cllr.iqbal", "cllr.byrne"])
def test_brf_request_an_ordinary_member_is_refused_with_the_reason(username, send):
    """BRF-REQUEST: an ordinary member (or a deputy leader: the rule names leaders and spokespersons) is told
    why (403), and nothing is recorded."""
    message = forbidden(send(username))
    assert "(BRF-REQUEST)" in message and "leader or a spokesperson" in message
    assert not Briefing.objects.exists() and not AuditEvent.objects.filter(verb__startswith="briefing.").exists()


def test_brf_request_an_officer_cannot_ask(send):
    """BRF-REQUEST: briefings are asked for by members; an officer is refused (403) and nothing is recorded."""
    assert forbidden(send("h.patel")) == "Only members can ask for a party-group briefing."
    assert not Briefing.objects.exists()


def test_brf_scope_a_request_for_party_business_is_refused(send):
    """BRF-SCOPE: council_business false is a bad field naming the rule; nothing is created."""
    errors = fields(send(council_business=False))
    assert list(errors) == ["council_business"] and "(BRF-SCOPE)" in errors["council_business"][0]
    assert not Briefing.objects.exists()


def test_brf_request_every_bad_field_is_listed_and_nothing_changes(send):
    """BRF-REQUEST: no subject, no question, an unknown department and meeting, and a past date: all listed."""
    errors = fields(send(subject=" ", question="", department="NOPE", requested_date="2026-11-20",
                         meeting="MTG-NOPE"))
    assert set(errors) == {"subject", "question", "department", "requested_date", "meeting"}
    assert "today or later" in errors["requested_date"][0]
    errors = fields(send(requested_date="10/12/2026", non_council_attendees="maybe", department=["PLAN"]))
    assert errors["requested_date"] == ["Write the date as YYYY-MM-DD, e.g. 2027-01-15."]
    assert errors["non_council_attendees"] == ["Write non_council_attendees as true or false."]
    assert set(errors) == {"requested_date", "non_council_attendees", "department"}
    assert list(fields(send(requested_date=None))) == ["requested_date"]
    assert not Briefing.objects.exists() and not AuditEvent.objects.filter(verb__startswith="briefing.").exists()


def test_brf_approve_a_member_cannot_choose_the_officer_or_the_status(send):
    """BRF-APPROVE: only the approver assigns an officer; unknown fields are each named (400), nothing created."""
    errors = fields(send(officer="h.patel", status="approved"))
    assert set(errors) == {"officer", "status"} and all("is not a field" in e[0] for e in errors.values())
    assert not Briefing.objects.exists()


# Seeing briefings (BRF-CONFIDENTIAL) -----------------------------------------------------------------------

def test_brf_confidential_a_briefing_is_seen_by_its_group_its_approver_and_its_officer_only(approved, see):
    """BRF-CONFIDENTIAL: the group, the approver and the assigned officer see it; another group, a member of no
    group and uninvolved officers get 404, the same answer as a missing or malformed id."""
    briefing_id = approved("cllr.gordon", officer="h.patel").public_id
    for username in ("cllr.gordon", "cllr.iqbal", "c.wright", "h.patel"):
        response = see(username, briefing_id)
        assert response.status_code == 200 and response.json()["id"] == str(briefing_id), username
    hidden = see("cllr.ahmed", briefing_id)
    for username in ("cllr.ahmed", "cllr.kaur", "cllr.nolan", "h.shah", "s.ali", "o.baker", "o.hussain", "d.okafor"):
        assert see(username, briefing_id).json() == NOT_FOUND, username
    for unknown in (uuid.uuid4(), "not-a-uuid", "1"):
        response = see("c.wright", unknown)
        assert response.status_code == hidden.status_code == 404 and response.content == hidden.content


def test_brf_confidential_the_list_shows_each_person_their_own_briefings(approved, send, api_as):
    """BRF-CONFIDENTIAL, BRF-APPROVE: a group sees its own, a member of no group theirs, the approver every one
    they approve, the officer those assigned; nobody else any."""
    con = str(approved("cllr.gordon", officer="h.patel").public_id)
    with time_machine.travel("2026-11-23T11:00:00+00:00", tick=False):
        nolan = send("cllr.nolan").json()["id"]
        lab = send("cllr.ahmed", department="FIN").json()["id"]

    def ids(username):
        return [b["id"] for b in results(api_as(username).get("/api/v1/briefings/"))]

    assert ids("cllr.gordon") == ids("cllr.iqbal") == [con]
    assert ids("cllr.nolan") == [nolan]
    assert ids("cllr.ahmed") == [lab]
    assert ids("c.wright") == [lab, nolan, con]  # newest first
    assert ids("h.patel") == [con]
    assert ids("cllr.kaur") == ids("h.shah") == ids("s.ali") == ids("o.baker") == []


def test_brf_confidential_the_list_shows_each_briefing_exactly_as_its_own_page_does(approved, person, api_as, see):
    """BRF-CONFIDENTIAL, BRF-EQUAL: list and detail answer alike, offers and events included."""
    briefing = approved("cllr.gordon")
    offer_respond(acting_user=person("cllr.kaur"), offer=offer_of(briefing, "LD"), accept=False, now=ASKED)
    for username in ("cllr.gordon", "c.wright", "h.patel"):
        assert results(api_as(username).get("/api/v1/briefings/")) == [see(username, briefing.public_id).json()]


def test_brf_request_the_list_is_paginated(request_briefing, api_as):
    """BRF-REQUEST: lists come a page at a time, with links to the next and previous pages."""
    for n in range(3):
        request_briefing(subject=f"Briefing {n}")
    api = api_as("cllr.gordon")
    first = api.get("/api/v1/briefings/?page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    assert len({b["id"] for b in first["results"] + second["results"]}) == 3


@pytest.mark.parametrize("username", ["cllr.gordon", "c.wright", "h.patel", "cllr.lewis"])
def test_brf_equal_the_list_query_count_does_not_grow_with_briefings(username, approved, delivered, person, api_as):
    """BRF-EQUAL, BRF-CONFIDENTIAL: a page of briefings, each with its equal offers and events, is a fixed number
    of queries as rows grow, for the group, the approver, the officer and a group that accepted offers."""
    made = []

    def add(n):
        for _ in range(n):
            briefing = (delivered if len(made) % 2 else approved)("cllr.gordon", subject=f"Briefing {len(made)}")
            offer_respond(acting_user=person("cllr.kaur"), offer=offer_of(briefing, "LD"), accept=True, now=ASKED)
            made.append(briefing)

    api = api_as(username)
    each = 2 if username in ("c.wright", "h.patel") else 1  # they approve and give the equivalents too
    add(1)
    with CaptureQueriesContext(connection) as small:
        assert api.get("/api/v1/briefings/").json()["count"] == each
    add(4)
    with CaptureQueriesContext(connection) as large:
        body = api.get("/api/v1/briefings/").json()
    assert body["count"] == 5 * each
    assert len(large) == len(small)
    assert len([q for q in large if 'FROM "audit_auditevent"' in q["sql"]]) == 1


# Approving and rejecting (BRF-APPROVE, BRF-SENIOR, BRF-NON-COUNCIL, BRF-EQUAL) ---------------------------------

def test_brf_approve_the_approver_names_a_senior_officer_and_every_other_group_is_offered_it(asked, act, see):
    """BRF-APPROVE, BRF-SENIOR, BRF-EQUAL: c.wright approves with h.patel; the officer now sees it, and every
    other group and the member of no group have an open offer."""
    assert see("h.patel", asked).json() == NOT_FOUND  # nobody is assigned before approval
    response = act("c.wright", asked, "approve", officer="h.patel")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["officer"], body["attending_officer"]) == ("approved", "h.patel", "h.patel")
    assert body["events"][-1] == {"at": AT, "actor": "c.wright", "verb": "briefing.approved",
                                  "rules": ["BRF-APPROVE", "BRF-SENIOR", "BRF-EQUAL", "REL-CONFLICT"], "reasons": ""}
    assert sorted(body["equal_offers"], key=str) == sorted([
        {"group": "GRN", "member": None, "status": "offered"}, {"group": "LAB", "member": None, "status": "offered"},
        {"group": "LD", "member": None, "status": "offered"},
        {"group": None, "member": "cllr.nolan", "status": "offered"}], key=str)
    assert see("h.patel", asked).json() == body


def test_brf_approve_only_the_approver_approves(asked, act):
    """BRF-APPROVE: the group sees it but may not approve (403); an officer not yet assigned, the Director and
    another group may not know of it (404). Nothing changes."""
    before = state(asked)
    message = forbidden(act("cllr.gordon", asked, "approve", officer="h.patel"))
    assert "(BRF-APPROVE)" in message and "Clare Wright" in message
    for username in ("h.patel", "d.okafor", "cllr.ahmed", "h.shah"):
        assert act(username, asked, "approve", officer="h.patel").json() == NOT_FOUND, username
    assert state(asked) == before


@pytest.mark.parametrize("officer", ["o.baker", "o.forde"])
def test_brf_senior_an_officer_below_service_manager_grade_is_refused(officer, asked, act):
    """BRF-SENIOR: a Planning Officer (or any officer below service manager) is a bad officer field naming the
    rule; nothing changes, nobody is offered anything."""
    before = state(asked)
    errors = fields(act("c.wright", asked, "approve", officer=officer))
    assert list(errors) == ["officer"] and "(BRF-SENIOR)" in errors["officer"][0]
    assert state(asked) == before and not EqualOffer.objects.exists()


def test_brf_senior_a_service_manager_may_be_assigned(asked, act):
    """BRF-SENIOR: s.ali is a service manager: senior enough to brief a group."""
    assert act("c.wright", asked, "approve", officer="s.ali").json()["officer"] == "s.ali"


def test_brf_senior_the_officer_must_be_a_real_officer(asked, act):
    """BRF-SENIOR: an unknown username, a member, or none at all is a bad officer field; a political assistant
    is refused too."""
    for officer in ("nobody", "cllr.hughes", ""):
        assert list(fields(act("c.wright", asked, "approve", officer=officer))) == ["officer"], officer
    assert "political assistant" in fields(act("c.wright", asked, "approve", officer="o.hussain"))["officer"][0]
    assert list(fields(act("c.wright", asked, "approve", officer=["h.patel"]))) == ["officer"]


def test_brf_non_council_approving_with_outsiders_attending_needs_a_reason(send, act):
    """BRF-NON-COUNCIL: without a reason the approval is refused, naming the rule; with one it is recorded."""
    briefing_id = send(non_council_attendees=True).json()["id"]
    before = state(briefing_id)
    errors = fields(act("c.wright", briefing_id, "approve", officer="h.patel", reason=" "))
    assert list(errors) == ["reason"] and "(BRF-NON-COUNCIL)" in errors["reason"][0]
    assert state(briefing_id) == before
    errors = fields(act("c.wright", briefing_id, "approve", officer="o.baker"))
    assert set(errors) == {"officer", "reason"}  # every bad field at once
    reason = "Only the group's election agent attends, and nothing confidential is discussed."
    body = act("c.wright", briefing_id, "approve", officer="h.patel", reason=reason).json()
    assert (body["status"], body["decision_reason"]) == ("approved", reason)
    assert "BRF-NON-COUNCIL" in body["events"][-1]["rules"] and body["events"][-1]["reasons"] == reason


def test_brf_approve_a_decided_briefing_cannot_be_decided_again(asked, act):
    """BRF-APPROVE: once approved, approving or rejecting again is a conflict (409) that changes nothing."""
    assert act("c.wright", asked, "approve", officer="h.patel").status_code == 200
    before = state(asked)
    assert "approved" in conflict(act("c.wright", asked, "approve", officer="s.ali"))
    assert "approved" in conflict(act("c.wright", asked, "reject", reason="Changed my mind."))
    assert state(asked) == before


def test_brf_approve_unknown_fields_are_refused(asked, act):
    """BRF-APPROVE: a field the endpoint does not know is named (400) alongside the others; nothing changes."""
    before = state(asked)
    errors = fields(act("c.wright", asked, "approve", officer="h.patel", attending_officer="o.baker"))
    assert list(errors) == ["attending_officer"] and "is not a field" in errors["attending_officer"][0]
    assert state(asked) == before


def test_brf_approve_the_approver_rejects_with_reasons_the_group_sees(asked, act, see):
    """BRF-APPROVE: a rejection needs reasons; the group sees them; nobody is offered anything."""
    before = state(asked)
    assert list(fields(act("c.wright", asked, "reject", reason=""))) == ["reason"]
    assert "(BRF-APPROVE)" in forbidden(act("cllr.gordon", asked, "reject", reason="No."))
    assert act("cllr.ahmed", asked, "reject", reason="No.").json() == NOT_FOUND
    assert state(asked) == before
    reason = "This is a matter for the party's own campaign."
    body = act("c.wright", asked, "reject", reason=reason).json()
    assert (body["status"], body["decision_reason"], body["officer"]) == ("rejected", reason, None)
    assert see("cllr.iqbal", asked).json()["decision_reason"] == reason
    assert body["events"][-1]["verb"] == "briefing.rejected" and body["equal_offers"] == []
    assert not EqualOffer.objects.exists()


# The officer (BRF-SENIOR, BRF-SCOPE) --------------------------------------------------------------------------

def test_brf_senior_the_senior_officer_nominates_another_to_attend_and_it_is_recorded(approved, act, see):
    """BRF-SENIOR: h.patel nominates o.baker, with a reason; o.baker may then see it and give it."""
    briefing_id = approved(officer="h.patel").public_id
    assert see("o.baker", briefing_id).json() == NOT_FOUND
    body = act("h.patel", briefing_id, "nominate", officer="o.baker", reason="Tom wrote the housing chapter.").json()
    assert (body["officer"], body["attending_officer"]) == ("h.patel", "o.baker")
    assert body["nomination_reason"] == "Tom wrote the housing chapter."
    assert body["events"][-1]["verb"] == "briefing.nominated" and body["events"][-1]["rules"] == ["BRF-SENIOR"]
    assert see("o.baker", briefing_id).json()["attending_officer"] == "o.baker"
    assert act("o.baker", briefing_id, "deliver", advice=ADVICE).json()["status"] == "delivered"


def test_brf_senior_only_the_assigned_officer_nominates(approved, act):
    """BRF-SENIOR: the approver and the group see it but may not nominate (403); another senior officer may not
    know of it (404); a political assistant is a bad officer. Nothing changes."""
    briefing_id = approved(officer="h.patel").public_id
    before = state(briefing_id)
    for username in ("c.wright", "cllr.gordon"):
        assert "named to give this briefing" in forbidden(act(username, briefing_id, "nominate", officer="o.baker"))
    assert act("s.ali", briefing_id, "nominate", officer="o.baker").json() == NOT_FOUND
    assert list(fields(act("h.patel", briefing_id, "nominate", officer="o.hussain"))) == ["officer"]
    assert list(fields(act("h.patel", briefing_id, "nominate", officer="h.patel"))) == ["officer"]
    assert state(briefing_id) == before


def test_brf_scope_the_officer_may_decline_with_reasons(approved, act, see):
    """BRF-SCOPE: the officer declines with reasons the group sees; the approver sees it but may not decline
    (403), another officer may not know of it (404); declining twice is a conflict."""
    briefing_id = approved(officer="h.patel").public_id
    before = state(briefing_id)
    assert "BRF-SCOPE" in fields(act("h.patel", briefing_id, "decline", reason=""))["reason"][0]
    assert forbidden(act("c.wright", briefing_id, "decline", reason="Not mine."))
    assert act("s.ali", briefing_id, "decline", reason="Not mine.").json() == NOT_FOUND
    assert state(briefing_id) == before
    reason = "The agenda item is the party's manifesto."
    body = act("h.patel", briefing_id, "decline", reason=reason).json()
    assert (body["status"], body["declined_reason"]) == ("declined", reason)
    assert body["events"][-1]["rules"] == ["BRF-SCOPE"]
    assert see("cllr.gordon", briefing_id).json()["declined_reason"] == reason
    assert conflict(act("h.patel", briefing_id, "decline", reason=reason))


def test_brf_equal_an_officer_who_advises_one_group_may_not_decline_another(approved, person, act):
    """BRF-EQUAL: having agreed to brief the Conservatives, h.patel may not decline the Greens' equivalent (403)."""
    briefing = approved("cllr.gordon", officer="h.patel")
    equivalent = offer_respond(acting_user=person("cllr.moss"), offer=offer_of(briefing, "GRN"), accept=True,
                               now=ASKED).result
    before = state(equivalent.public_id)
    assert "(BRF-EQUAL" in forbidden(act("h.patel", equivalent.public_id, "decline", reason="Too busy."))
    assert state(equivalent.public_id) == before


# Delivering (BRF-SAME-ADVICE) ----------------------------------------------------------------------------------

def test_brf_same_advice_the_officer_records_the_advice_given(approved, act, see):
    """BRF-SAME-ADVICE, BRF-NOTIFY: h.patel records the advice and a report; the group and the approver see it;
    until then the advice is empty."""
    briefing_id = approved(officer="h.patel").public_id
    assert see("cllr.gordon", briefing_id).json()["advice"] == ""
    body = act("h.patel", briefing_id, "deliver", advice=ADVICE, report=REPORT).json()
    assert (body["status"], body["advice"], body["report"]) == ("delivered", ADVICE, REPORT)
    assert body["events"][-1]["verb"] == "briefing.delivered"
    assert body["events"][-1]["rules"] == ["BRF-SAME-ADVICE", "BRF-NOTIFY"]
    assert see("cllr.iqbal", briefing_id).json()["advice"] == ADVICE == see("c.wright", briefing_id).json()["advice"]
    assert "delivered" in conflict(act("h.patel", briefing_id, "deliver", advice=ADVICE))


def test_brf_same_advice_only_the_officer_delivers_and_records_the_advice(approved, act):
    """BRF-SAME-ADVICE: the advice is required; the approver and the group see it but may not record it (403);
    another officer may not know of it (404). Nothing changes."""
    briefing_id = approved(officer="h.patel").public_id
    before = state(briefing_id)
    assert "(BRF-SAME-ADVICE)" in fields(act("h.patel", briefing_id, "deliver", advice=" "))["advice"][0]
    for username in ("c.wright", "cllr.gordon"):
        assert forbidden(act(username, briefing_id, "deliver", advice=ADVICE))
    assert act("s.ali", briefing_id, "deliver", advice=ADVICE).json() == NOT_FOUND
    assert list(fields(act("h.patel", briefing_id, "deliver", advice=ADVICE, notes="x"))) == ["notes"]
    assert state(briefing_id) == before


def test_brf_same_advice_an_unapproved_briefing_cannot_be_given(asked, act):
    """BRF-SAME-ADVICE, BRF-APPROVE: before approval nobody is assigned, so no officer may even know of it."""
    assert act("h.patel", asked, "deliver", advice=ADVICE).json() == NOT_FOUND
    assert forbidden(act("c.wright", asked, "deliver", advice=ADVICE))


def test_brf_same_advice_an_equivalent_briefing_gets_the_same_advice_or_says_why_not(delivered, person, act):
    """BRF-SAME-ADVICE: Labour accepts the equal offer; different advice is refused unless the officer says how
    and why it differs."""
    briefing = delivered("cllr.gordon", advice=ADVICE)
    equivalent = offer_respond(acting_user=person("cllr.ahmed"), offer=offer_of(briefing, "LAB"), accept=True,
                               now=ASKED).result
    before = state(equivalent.public_id)
    errors = fields(act("h.patel", equivalent.public_id, "deliver", advice="Housing numbers fall to 6,000."))
    assert list(errors) == ["advice_differences"] and "(BRF-SAME-ADVICE)" in errors["advice_differences"][0]
    assert state(equivalent.public_id) == before
    why = "The inspector's letter of 12 December lowered the figure."
    body = act("h.patel", equivalent.public_id, "deliver", advice="Housing numbers fall to 6,000.",
               advice_differences=why).json()
    assert (body["status"], body["advice_differences"], body["original"]) == ("delivered", why, str(briefing.public_id))


# Equal offers (BRF-EQUAL) --------------------------------------------------------------------------------------

def test_brf_equal_each_other_group_sees_the_offer_made_to_it(approved, api_as):
    """BRF-EQUAL: any member of another group sees its offer; the member of no group theirs; the group that asked,
    and officers, none."""
    approved("cllr.gordon")
    offers = results(api_as("cllr.edwards").get("/api/v1/briefings/offers/"))
    assert len(offers) == 1
    uuid.UUID(offers[0]["id"])
    assert {k: v for k, v in offers[0].items() if k != "id"} == {
        "briefing_subject": ASK["subject"], "offered_to_group": "LAB", "offered_to_member": None,
        "from_group": "Conservative Group", "status": "offered", "result": None}
    assert results(api_as("cllr.ahmed").get("/api/v1/briefings/offers/")) == offers
    nolan = results(api_as("cllr.nolan").get("/api/v1/briefings/offers/"))
    assert [(o["offered_to_group"], o["offered_to_member"]) for o in nolan] == [(None, "cllr.nolan")]
    for username in ("cllr.gordon", "cllr.iqbal", "h.patel", "c.wright"):
        assert results(api_as(username).get("/api/v1/briefings/offers/")) == [], username


def test_brf_equal_a_leader_accepts_and_the_group_has_its_own_briefing_with_the_same_officer(approved, api_as, see):
    """BRF-EQUAL, BRF-SAME-ADVICE: cllr.kaur accepts; the result is an approved briefing of the Liberal Democrats
    by h.patel, pointing at the original, seen by them and not by the Conservatives."""
    briefing = approved("cllr.gordon", officer="h.patel")
    offer_id = offer_of(briefing, "LD").public_id
    response = api_as("cllr.kaur").post(f"/api/v1/briefings/offers/{offer_id}/respond", {"accept": True},
                                        format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "accepted" and body["offered_to_group"] == "LD"
    result = see("cllr.lewis", body["result"]).json()
    assert (result["group"], result["status"], result["officer"], result["original"]) == (
        "LD", "approved", "h.patel", str(briefing.public_id))
    assert result["events"][0]["verb"] == "briefing.from_offer"
    assert see("cllr.gordon", body["result"]).json() == NOT_FOUND
    assert see("cllr.lewis", briefing.public_id).json() == NOT_FOUND  # the original stays the Conservatives'
    offers = see("cllr.gordon", briefing.public_id).json()["equal_offers"]
    assert {"group": "LD", "member": None, "status": "accepted"} in offers
    again = api_as("cllr.kaur").post(f"/api/v1/briefings/offers/{offer_id}/respond", {"accept": False},
                                     format="json")
    assert "already been accepted" in conflict(again)


def test_brf_equal_an_offer_may_be_declined(approved, api_as):
    """BRF-EQUAL: cllr.ahmed declines Labour's offer; nothing results."""
    offer_id = offer_of(approved("cllr.gordon"), "LAB").public_id
    body = api_as("cllr.ahmed").post(f"/api/v1/briefings/offers/{offer_id}/respond", {"accept": False},
                                     format="json").json()
    assert (body["status"], body["result"]) == ("declined", None)
    assert Briefing.objects.count() == 1


def test_brf_equal_only_the_leader_or_a_spokesperson_answers_an_offer(approved, api_as):
    """BRF-EQUAL, BRF-REQUEST: an ordinary Labour member sees the offer but may not answer it (403); another
    group's leader and an officer may not know of it (404); bad bodies are 400. Nothing changes."""
    offer = offer_of(approved("cllr.gordon"), "LAB")
    path = f"/api/v1/briefings/offers/{offer.public_id}/respond"
    assert "(BRF-REQUEST)" in forbidden(api_as("cllr.edwards").post(path, {"accept": True}, format="json"))
    for username in ("cllr.gordon", "cllr.kaur", "h.patel"):
        assert api_as(username).post(path, {"accept": True}, format="json").json() == NOT_FOUND, username
    for unknown in (uuid.uuid4(), "not-a-uuid"):
        response = api_as("cllr.ahmed").post(f"/api/v1/briefings/offers/{unknown}/respond", {"accept": True},
                                             format="json")
        assert response.json() == NOT_FOUND
    leader = api_as("cllr.ahmed")
    assert fields(leader.post(path, {}, format="json")) == {
        "accept": ["Say whether you accept the offer: accept is true or false."]}
    assert fields(leader.post(path, {"accept": "perhaps"}, format="json")) == {
        "accept": ["Write accept as true or false."]}
    assert list(fields(leader.post(path, {"accept": True, "officer": "s.ali"}, format="json"))) == ["officer"]
    offer.refresh_from_db()
    assert (offer.status, offer.result) == ("offered", None) and Briefing.objects.count() == 1


def test_brf_equal_the_offers_list_query_count_does_not_grow_with_offers(approved, api_as):
    """BRF-EQUAL: a page of offers is a fixed number of queries as rows grow."""
    api = api_as("cllr.ahmed")
    approved("cllr.gordon", subject="Briefing 0")
    with CaptureQueriesContext(connection) as small:
        assert api.get("/api/v1/briefings/offers/").json()["count"] == 1
    for n in range(1, 5):
        approved("cllr.nolan" if n % 2 else "cllr.gordon", subject=f"Briefing {n}")
    with CaptureQueriesContext(connection) as large:
        body = api.get("/api/v1/briefings/offers/").json()
    assert body["count"] == 5 and {o["from_group"] for o in body["results"]} == {
        "Conservative Group", "Cllr Peter Nolan (no group)"}
    assert len(large) == len(small)


# Notices and reports (BRF-NOTIFY) ------------------------------------------------------------------------------

def test_brf_notify_other_groups_are_told_it_happened_and_its_subject_never_the_advice(delivered, api_as):
    """BRF-NOTIFY: every other group and the member of no group see the notice (subject, group, officer, date);
    never the advice or the report; the group briefed and officers have no notice of it."""
    delivered("cllr.gordon", advice=ADVICE, report=REPORT)
    notice = BriefingNotice.objects.get()
    expected = {"id": str(notice.public_id), "subject": ASK["subject"], "group": "Conservative Group",
                "officer": "Hema Patel, Head of Planning", "held_on": "2026-11-23", "has_report": True,
                "report": None}
    for username in ("cllr.ahmed", "cllr.edwards", "cllr.kaur", "cllr.moss", "cllr.nolan"):
        api = api_as(username)
        listed = api.get("/api/v1/briefings/notices/")
        detail = api.get(f"/api/v1/briefings/notices/{notice.public_id}/")
        assert results(listed) == [expected] and detail.json() == expected, username
        for response in (listed, detail):
            assert ADVICE not in response.content.decode() and REPORT not in response.content.decode()
    for username in ("cllr.gordon", "cllr.iqbal", "h.patel", "c.wright"):
        api = api_as(username)
        assert results(api.get("/api/v1/briefings/notices/")) == [], username
        assert api.get(f"/api/v1/briefings/notices/{notice.public_id}/").json() == NOT_FOUND, username
    for unknown in (uuid.uuid4(), "not-a-uuid"):
        assert api_as("cllr.ahmed").get(f"/api/v1/briefings/notices/{unknown}/").json() == NOT_FOUND


def test_brf_notify_any_group_may_have_a_copy_of_the_report_but_never_the_advice(delivered, api_as):
    """BRF-NOTIFY: Labour asks for the report and receives it; the whole group then sees it, other groups do not
    until they ask; asking again changes nothing; the advice is never given."""
    delivered("cllr.gordon", advice=ADVICE, report=REPORT)
    notice = BriefingNotice.objects.get()
    path = f"/api/v1/briefings/notices/{notice.public_id}/"
    response = api_as("cllr.edwards").post(f"{path}report", format="json")
    assert response.status_code == 200
    assert response.json()["report"] == REPORT and ADVICE not in response.content.decode()
    assert api_as("cllr.ahmed").get(path).json()["report"] == REPORT  # the copy is for the whole group
    assert api_as("cllr.kaur").get(path).json()["report"] is None
    assert api_as("cllr.ahmed").post(f"{path}report").json()["report"] == REPORT
    assert ReportCopy.objects.count() == 1
    listed = results(api_as("cllr.ahmed").get("/api/v1/briefings/notices/"))
    assert listed[0]["report"] == REPORT


def test_brf_notify_the_group_briefed_and_officers_cannot_ask_for_a_copy(delivered, api_as):
    """BRF-NOTIFY: the Conservatives have the briefing itself, officers have no notices: 404 for both; unknown
    fields are 400. No copy is made."""
    delivered("cllr.gordon", report=REPORT)
    path = f"/api/v1/briefings/notices/{BriefingNotice.objects.get().public_id}/report"
    for username in ("cllr.gordon", "h.patel", "c.wright"):
        assert api_as(username).post(path).json() == NOT_FOUND, username
    assert list(fields(api_as("cllr.ahmed").post(path, {"group": "LAB"}, format="json"))) == ["group"]
    assert not ReportCopy.objects.exists()


def test_brf_notify_there_is_no_copy_of_a_report_that_was_not_prepared(delivered, api_as):
    """BRF-NOTIFY: without a report there is nothing to copy (409)."""
    delivered("cllr.gordon")
    notice = BriefingNotice.objects.get()
    assert "No report" in conflict(api_as("cllr.ahmed").post(f"/api/v1/briefings/notices/{notice.public_id}/report"))
    assert not ReportCopy.objects.exists()


def test_brf_notify_the_notices_list_query_count_does_not_grow_with_notices(delivered, person, api_as):
    """BRF-NOTIFY: a page of notices, each saying whether the report was copied to the group, is a fixed number
    of queries as rows grow."""
    api = api_as("cllr.ahmed")
    delivered("cllr.gordon", subject="Briefing 0", report=REPORT)
    with CaptureQueriesContext(connection) as small:
        assert api.get("/api/v1/briefings/notices/").json()["count"] == 1
    for n in range(1, 5):
        delivered("cllr.nolan" if n % 2 else "cllr.gordon", subject=f"Briefing {n}", report=REPORT)
    for notice in BriefingNotice.objects.all()[:2]:
        report_copy_request(acting_user=person("cllr.ahmed"), notice=notice, now=ASKED)
    with CaptureQueriesContext(connection) as large:
        body = api.get("/api/v1/briefings/notices/").json()
    assert body["count"] == 5 and sum(n["report"] == REPORT for n in body["results"]) == 2
    assert len(large) == len(small)


# The group's record (BRF-CONFIDENTIAL, BRF-VERIFY) ------------------------------------------------------------

@pytest.fixture
def given(delivered):
    """Return the id of the Conservatives' briefing, given by h.patel."""
    return delivered("cllr.gordon", advice=ADVICE).public_id


def test_brf_confidential_the_group_writes_its_record_and_only_it_and_the_officer_read_it(given, act, see):
    """BRF-CONFIDENTIAL: before it is written there is none (404); a member of the group writes it; the group and
    the officer who attended read it; the approver, who sees the briefing, and everyone else get 404."""
    assert see("cllr.gordon", given, "record").json() == NOT_FOUND
    response = act("cllr.iqbal", given, "record", notes="We will oppose site H4.")
    assert response.status_code == 200
    assert response.json() == {"notes": "We will oppose site H4.", "status": "draft", "attributions": []}
    for username in ("cllr.gordon", "cllr.iqbal", "cllr.hughes", "h.patel"):
        assert see(username, given, "record").json() == response.json(), username
    for username in ("c.wright", "cllr.ahmed", "cllr.nolan", "h.shah", "s.ali"):
        assert see(username, given, "record").json() == NOT_FOUND, username
    assert act("cllr.gordon", given, "record", notes="We will oppose sites H4 and H7.").json()["notes"] == (
        "We will oppose sites H4 and H7.")


def test_brf_confidential_only_the_group_writes_its_record_and_only_after_the_briefing(given, approved, act):
    """BRF-CONFIDENTIAL: the officer and the approver see the briefing but may not write the record (403); another
    group may not know of it (404); notes are required; before the briefing is given it is a conflict."""
    for username in ("h.patel", "c.wright"):
        assert forbidden(act(username, given, "record", notes="Leaked."))
    assert act("cllr.ahmed", given, "record", notes="Leaked.").json() == NOT_FOUND
    assert list(fields(act("cllr.gordon", given, "record", notes=" "))) == ["notes"]
    assert list(fields(act("cllr.gordon", given, "record", notes="Notes.", status="final"))) == ["status"]
    assert not GroupRecord.objects.exists()
    early = approved("cllr.nolan").public_id
    assert "after the briefing" in conflict(act("cllr.nolan", early, "record", notes="Too early."))
    assert not GroupRecord.objects.exists()


def test_brf_verify_the_officer_verifies_or_corrects_what_the_record_attributes_to_them(given, act, see):
    """BRF-VERIFY: a member adds a comment attributed to h.patel; the record cannot be final until h.patel
    corrects it; then it is final and nothing more changes."""
    assert act("cllr.gordon", given, "record", notes="Notes of the briefing.").status_code == 200
    response = act("cllr.gordon", given, "record/attributions", text="The officer said site H4 would be dropped.")
    assert response.status_code == 201
    [said] = response.json()["attributions"]
    assert {k: v for k, v in said.items() if k != "id"} == {
        "officer": "h.patel", "text": "The officer said site H4 would be dropped.", "status": "awaiting",
        "correction": ""}
    refused = fields(act("cllr.hughes", given, "record/final"))
    assert list(refused) == ["record"] and "(BRF-VERIFY)" in refused["record"][0]
    correction = "The officer said site H4 was under review."
    body = act("h.patel", given, f"record/attributions/{said['id']}/verify", correction=correction).json()
    assert body["attributions"][0]["status"] == "corrected" and body["attributions"][0]["correction"] == correction
    final = act("cllr.hughes", given, "record/final")
    assert final.status_code == 200 and final.json()["status"] == "final"
    assert see("h.patel", given, "record").json() == final.json()
    assert "final" in conflict(act("cllr.gordon", given, "record", notes="Changed afterwards."))
    assert "final" in conflict(act("cllr.gordon", given, "record/attributions", text="More."))
    assert "final" in conflict(act("h.patel", given, f"record/attributions/{said['id']}/verify"))
    assert "already final" in conflict(act("cllr.gordon", given, "record/final"))
    verbs = [e["verb"] for e in see("cllr.gordon", given).json()["events"]]
    assert verbs[-4:] == ["briefing.record_written", "briefing.attribution_added", "briefing.attribution_corrected",
                          "briefing.record_final"]


def test_brf_verify_the_officer_may_verify_as_written(given, act):
    """BRF-VERIFY: with no correction, the comment is verified as written."""
    assert act("cllr.gordon", given, "record", notes="Notes.").status_code == 200
    said = act("cllr.gordon", given, "record/attributions", text="Site H4 is under review.").json()["attributions"][0]
    body = act("h.patel", given, f"record/attributions/{said['id']}/verify").json()
    assert (body["attributions"][0]["status"], body["attributions"][0]["correction"]) == ("verified", "")


def test_brf_verify_only_the_group_adds_and_only_the_officer_verifies(given, delivered, person, act):
    """BRF-VERIFY, BRF-CONFIDENTIAL: the officer and the approver may not add to the record (403), another group
    may not know of it (404); the group may not verify (403), the approver and other officers may not know of the
    record (404), nor may an attribution be reached through another briefing (404). Nothing changes."""
    briefing = Briefing.objects.get(public_id=given)
    record_write(acting_user=person("cllr.gordon"), briefing=briefing, notes="Notes.", now=ASKED)
    said = record_attribute(acting_user=person("cllr.gordon"), briefing=briefing, text="Site H4 is dropped.",
                            now=ASKED)
    for username in ("h.patel", "c.wright"):
        assert forbidden(act(username, given, "record/attributions", text="Made up."))
    assert act("cllr.ahmed", given, "record/attributions", text="Made up.").json() == NOT_FOUND
    assert list(fields(act("cllr.gordon", given, "record/attributions", text=""))) == ["text"]
    verify = f"record/attributions/{said.public_id}/verify"
    assert "(BRF-VERIFY)" in forbidden(act("cllr.gordon", given, verify, correction="Site H4 stays."))
    for username in ("c.wright", "s.ali", "cllr.ahmed"):
        assert act(username, given, verify).json() == NOT_FOUND, username
    assert act("h.patel", given, "record/attributions/999999/verify").json() == NOT_FOUND
    other = delivered("cllr.nolan", advice=ADVICE).public_id
    assert act("h.patel", other, verify).json() == NOT_FOUND  # the attribution belongs to another record
    assert list(fields(act("h.patel", given, verify, correction=["x"]))) == ["correction"]
    assert Attribution.objects.count() == 1
    assert Attribution.objects.values_list("status", "correction").get() == ("awaiting", "")


def test_brf_verify_only_the_group_makes_its_record_final(given, person, act):
    """BRF-VERIFY: the approver sees the briefing but may not finalise the record (403); another group may not
    know of it (404); there must be a record first (409); a body is refused."""
    assert "no record" in conflict(act("cllr.gordon", given, "record/final"))
    record_write(acting_user=person("cllr.gordon"), briefing=Briefing.objects.get(public_id=given), notes="Notes.",
                 now=ASKED)
    assert forbidden(act("c.wright", given, "record/final"))
    assert forbidden(act("h.patel", given, "record/final"))
    assert act("cllr.ahmed", given, "record/final").json() == NOT_FOUND
    assert list(fields(act("cllr.gordon", given, "record/final", status="final"))) == ["status"]
    assert GroupRecord.objects.get().status == "draft"


# Signing in, and the schema ----------------------------------------------------------------------------------

def test_brf_confidential_every_briefing_endpoint_needs_sign_in(asked):
    """BRF-CONFIDENTIAL (and AUD-EVENT needs an actor): nothing is shown or done without knowing who asks (401)."""
    api = APIClient()
    some = uuid.uuid4()
    for path in ("/api/v1/briefings/", f"/api/v1/briefings/{asked}/", "/api/v1/briefings/offers/",
                 "/api/v1/briefings/notices/", f"/api/v1/briefings/notices/{some}/",
                 f"/api/v1/briefings/{asked}/record"):
        assert error(api.get(path), 401, "not_authenticated"), path
    for what in ("approve", "reject", "nominate", "decline", "deliver", "record", "record/attributions",
                 "record/attributions/1/verify", "record/final"):
        assert api.post(f"/api/v1/briefings/{asked}/{what}", {}, format="json").status_code == 401, what
    for path in ("/api/v1/briefings/", f"/api/v1/briefings/offers/{some}/respond",
                 f"/api/v1/briefings/notices/{some}/report"):
        assert api.post(path, ASK, format="json").status_code == 401, path
    assert Briefing.objects.count() == 1


def test_brf_request_the_schema_documents_the_briefing_endpoints(api_as):
    """BRF-REQUEST (API.md): the OpenAPI schema names every briefing path and its bodies."""
    text = api_as("o.baker").get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/briefings/", "/api/v1/briefings/{id}/", "/api/v1/briefings/{id}/approve",
                 "/api/v1/briefings/{id}/reject", "/api/v1/briefings/{id}/nominate", "/api/v1/briefings/{id}/decline",
                 "/api/v1/briefings/{id}/deliver", "/api/v1/briefings/offers/", "/api/v1/briefings/offers/{id}/respond",
                 "/api/v1/briefings/notices/", "/api/v1/briefings/notices/{id}/",
                 "/api/v1/briefings/notices/{id}/report", "/api/v1/briefings/{id}/record",
                 "/api/v1/briefings/{id}/record/attributions",
                 "/api/v1/briefings/{id}/record/attributions/{attribution_id}/verify",
                 "/api/v1/briefings/{id}/record/final"):
        assert f"{path}:" in text, path
    for component in ("BriefingCreateRequest", "PaginatedBriefingList", "BriefingApproveRequest",
                      "PaginatedBriefingOfferList", "PaginatedBriefingNoticeList", "BriefingRecord"):
        assert component in text, component
