"""Complaints and declared relationships API (API.md) on the Riverside council: who may, who may not, and what
each sees (CMP-*, REL-*).

Riverside: cllr.gordon, cllr.ahmed and cllr.iqbal are members; o.baker is a Planning Officer, and h.patel (Head
of Planning) handles complaints about him, then d.okafor (Director of Place) and c.wright (Chief Executive) are
above her; h.shah is Head of Legal and the Monitoring Officer, s.evans her deputy; ms.rahman is the Independent
Person; cllr.clarke chairs the employment committee. The council file declares cllr.hughes with s.reid and
cllr.das with o.dunn.
"""
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from complaints.actions import complaint_acknowledge, complaint_notify_subject
from complaints.models import Complaint, ComplaintHandler, DeclaredRelationship
from protocol_portal.audit.models import AuditEvent
from protocol_portal.council.models import User
from protocol_portal.deadlines.models import Deadline
from protocol_portal.notify.models import Notification

from .conftest import RAISED

pytestmark = pytest.mark.django_db

NOT_FOUND = {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}
AT = "2026-11-23T10:00:00+00:00"
ACK_DUE = "2026-11-30T23:59:59+00:00"      # 5 working days after Monday 23 November (CMP-TIMES)
ASSESS_DUE = "2026-12-21T23:59:59+00:00"   # 20 working days after it
COMPLAINT = {"about": "o.baker", "category": "conduct", "details": "Shouted at me in the corridor after Cabinet."}
BAKER_ROUTE = [  # CMP-ROUTE-OFFICER, then CMP-ARBITRATE
    {"step": "line", "username": "h.patel", "name": "Hema Patel", "role": "Head of Planning", "skipped": ""},
    {"step": "monitoring_officer", "username": "h.shah", "name": "Priya Shah", "role": "Monitoring Officer",
     "skipped": ""},
    {"step": "chief_executive", "username": "c.wright", "name": "Clare Wright", "role": "Chief Executive",
     "skipped": ""},
    {"step": "standards_committee", "username": None, "name": "The Standards Committee",
     "role": "Standards Committee", "skipped": ""}]


@pytest.fixture(autouse=True)
def monday_23_november_2026():
    with time_machine.travel(RAISED, tick=False):
        yield


@pytest.fixture
def send(api_as):
    """Return a function that raises a complaint through the API as a username and returns the response."""

    def send(username="cllr.gordon", **body):
        return api_as(username).post("/api/v1/complaints/", {**COMPLAINT, **body}, format="json")
    return send


@pytest.fixture
def act(api_as):
    """Return a function that posts to one of a complaint's action endpoints (``what``) as a username."""

    def act(username, complaint_id, what, **body):
        return api_as(username).post(f"/api/v1/complaints/{complaint_id}/{what}", body, format="json")
    return act


def turned_away(see, username, complaint_id, response):
    """Return True if acting was refused as CMP-PRIVACY says: 403 with the reason to someone who may read the
    complaint, 404 (exactly as for a missing one) to everyone else."""
    if see(username, complaint_id).status_code == 200:
        error = response.json()["error"]
        return response.status_code == 403 and error["code"] == "forbidden" and "(CMP-PRIVACY)" in error["message"]
    return response.json() == NOT_FOUND


@pytest.fixture
def see(api_as):
    """Return a function that gets one complaint as a username."""

    def see(username, complaint_id):
        return api_as(username).get(f"/api/v1/complaints/{complaint_id}/")
    return see


@pytest.fixture
def about_baker(complain):
    """Return the id of cllr.gordon's complaint about o.baker, handled by h.patel (CMP-ROUTE-OFFICER)."""
    return complain("cllr.gordon", "o.baker").public_id


@pytest.fixture
def about_iqbal(complain):
    """Return the id of cllr.ahmed's complaint about cllr.iqbal, handled by h.shah (CMP-ROUTE-MEMBER)."""
    return complain("cllr.ahmed", "cllr.iqbal").public_id


@pytest.fixture
def investigating(about_iqbal, act):
    """Return the id of the complaint about cllr.iqbal, assessed and under investigation (CMP-OUTCOMES)."""
    ok(act("h.shah", about_iqbal, "assess", assessment="An allegation of bullying; to be investigated."))
    ok(act("h.shah", about_iqbal, "outcome", outcome="investigation", reasons="Serious enough."))
    return about_iqbal


def error(response, status, code):
    """Return the error of ``response``, checking its status and that it has the API's error format."""
    assert response.status_code == status, response.content
    body = response.json()
    assert list(body) == ["error"] and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def fields(response):
    return error(response, 400, "invalid")["fields"]


def conflict(response):
    return error(response, 409, "conflict")["message"]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def state():
    """Return everything a complaint or relationship action could change, to show a refusal changed nothing."""
    return (list(Complaint.objects.order_by("pk").values()), list(ComplaintHandler.objects.order_by("pk").values()),
            list(DeclaredRelationship.objects.order_by("pk").values()), list(Deadline.objects.order_by("pk").values()),
            AuditEvent.objects.count(), Notification.objects.count())


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


# Raising a complaint (CMP-ROUTE-*, CMP-CONFLICT, CMP-TIMES, CMP-BULLYING) ------------------------------------

def test_cmp_route_officer_a_member_raises_a_complaint_and_is_answered_with_its_route_and_clocks(send):
    """CMP-ROUTE-OFFICER, CMP-TIMES: 201 with the handler (the Head of Planning), the route up to the Standards
    Committee, and the acknowledgement and assessment targets in London time."""
    response = send()
    assert response.status_code == 201, response.content
    body = response.json()
    uuid.UUID(body["id"])
    assert body == {
        "id": body["id"], "complainant": "cllr.gordon", "about": "o.baker", "about_kind": "officer",
        "category": "conduct", "formal": False, "details": COMPLAINT["details"], "status": "received",
        "handler": "h.patel", "route": BAKER_ROUTE, "route_position": 0, "ack_due_at": ACK_DUE,
        "assess_due_at": ASSESS_DUE, "acknowledged_at": None, "assessment": "", "subject_notified_at": None,
        "outcome": None, "outcome_reasons": "", "independent_person": None, "independent_person_views": "",
        "finding": None, "decision_reasons": "", "received_at": AT,
        "events": [{"at": AT, "actor": "cllr.gordon", "verb": "complaint.raised",
                    "rules": ["CMP-ROUTE-OFFICER", "CMP-TIMES", "CMP-PRIVACY"], "reasons": ""}]}
    complaint = Complaint.objects.get(public_id=body["id"])
    assert (complaint.complainant.username, complaint.handler.username) == ("cllr.gordon", "h.patel")


def test_cmp_route_member_an_officer_complaint_about_a_member_goes_to_the_monitoring_officer(send):
    """CMP-ROUTE-MEMBER, CMP-BULLYING: an officer's bullying complaint about a member goes to h.shah; bullying is
    a category of its own, named in the event."""
    body = send("o.baker", about="cllr.gordon", category="bullying", formal=True).json()
    assert (body["about_kind"], body["handler"], body["formal"], body["category"]) == (
        "member", "h.shah", True, "bullying")
    assert [s["username"] for s in body["route"]] == ["h.shah", None]
    assert body["events"][0]["rules"] == ["CMP-ROUTE-MEMBER", "CMP-TIMES", "CMP-PRIVACY", "CMP-BULLYING"]


def test_cmp_conflict_the_deputy_handles_the_monitoring_officers_own_complaint(send):
    """CMP-CONFLICT: h.shah complains about a member; she is skipped, with the reason, and s.evans handles it."""
    body = send("h.shah", about="cllr.gordon").json()
    assert body["handler"] == "s.evans" and body["route_position"] == 1
    assert body["route"][0]["username"] == "h.shah" and "made the complaint" in body["route"][0]["skipped"]
    assert body["events"][0]["rules"][-2:] == ["CMP-CONFLICT", "REL-CONFLICT"]


def test_rel_conflict_a_relationship_declared_through_the_api_routes_the_complaint_past_the_head_of_service(
        api_as, send, see):
    """REL-CONFLICT, CMP-CONFLICT: cllr.gordon declares a family relationship with h.patel; his complaint about
    her planning officer goes to d.okafor, and h.patel may not know of it (404)."""
    assert api_as("cllr.gordon").post("/api/v1/relationships/", {"other": "h.patel", "kind": "family"},
                                      format="json").status_code == 201
    body = send().json()
    assert body["handler"] == "d.okafor"
    assert body["route"][0]["username"] == "h.patel" and "(CMP-CONFLICT, REL-CONFLICT)" in body["route"][0]["skipped"]
    assert see("d.okafor", body["id"]).json() == body
    assert see("h.patel", body["id"]).json() == NOT_FOUND


def test_cmp_route_officer_a_formal_complaint_about_the_chief_executive_is_told_to_the_employment_chair(
        send, see, act):
    """CMP-ROUTE-OFFICER, CMP-PRIVACY: a formal complaint about c.wright goes to h.shah and is told to cllr.clarke,
    who may read it but not act on it (404); an informal one is not told to her (404)."""
    formal = send(about="c.wright", formal=True).json()
    assert formal["handler"] == "h.shah"
    assert see("cllr.clarke", formal["id"]).json() == formal
    before = state()
    assert turned_away(see, "cllr.clarke", formal["id"], act("cllr.clarke", formal["id"], "acknowledge"))
    assert state() == before
    informal = send(about="c.wright").json()
    assert see("cllr.clarke", informal["id"]).json() == NOT_FOUND


def test_cmp_route_member_every_bad_field_is_listed_and_nothing_changes(send):
    """CMP-ROUTE-MEMBER, CMP-BULLYING (API.md 400): about yourself, a bad category and empty details are listed
    together; an unknown person, JSON of the wrong type and unknown fields each too. Nothing is created."""
    before = state()
    errors = fields(send(about="cllr.gordon", category="rudeness", details="  "))
    assert set(errors) == {"about", "category", "details"}
    assert "cannot complain about yourself" in errors["about"][0]
    assert "bullying (bullying or harassment)" in errors["category"][0]
    errors = fields(send(about="nobody.here"))
    assert list(errors) == ["about"] and "no member or officer" in errors["about"][0]
    errors = fields(send(about=["o.baker"], formal="maybe", details=None))
    assert errors == {"about": ["Write the username as text."], "formal": ["Write formal as true or false."],
                      "details": ["Write the details as text, or leave it out."]}
    errors = fields(send(handler="h.shah", status="closed"))
    assert set(errors) == {"handler", "status"} and all("is not a field" in e[0] for e in errors.values())
    assert list(fields(send(about=""))) == ["about"]
    assert state() == before and not Complaint.objects.exists()


def test_cmp_route_member_only_members_and_officers_complain(send, riverside):
    """CMP-ROUTE-MEMBER, CMP-ROUTE-OFFICER: complaints are between members and officers; an account that is
    neither is answered 404, and nothing is created."""
    # No action makes a bare account: the council file only has members and officers.
    User.objects.create_user(username="visitor", name="A visitor")
    assert send("visitor").json() == NOT_FOUND
    assert send("visitor", about="cllr.gordon", category="rudeness").json() == NOT_FOUND
    assert not Complaint.objects.exists()


# Seeing complaints (CMP-PRIVACY) ------------------------------------------------------------------------------

def test_cmp_privacy_a_complaint_is_seen_by_its_complainant_handler_and_the_monitoring_officers_only(about_baker, see):
    """CMP-PRIVACY: the complainant, the handler, the Monitoring Officer and deputy see it; the person complained
    about (not yet told), other members and officers above the handler get 404, as for a missing or malformed
    id."""
    seen = see("cllr.gordon", about_baker).json()
    for username in ("h.patel", "h.shah", "s.evans"):
        assert see(username, about_baker).json() == seen, username
    hidden = see("o.baker", about_baker)
    for username in ("o.baker", "cllr.ahmed", "cllr.iqbal", "d.okafor", "c.wright", "ms.rahman", "s.ali"):
        assert see(username, about_baker).json() == NOT_FOUND, username
    for unknown in (uuid.uuid4(), "not-a-uuid", "1"):
        response = see("h.shah", unknown)
        assert response.status_code == hidden.status_code == 404 and response.content == hidden.content


def test_cmp_privacy_the_person_complained_about_sees_it_once_the_handler_tells_them(about_baker, see, act, api_as):
    """CMP-PRIVACY: o.baker gets 404 (and an empty list) until h.patel notifies him; then 200 and it is listed."""
    assert see("o.baker", about_baker).json() == NOT_FOUND
    assert results(api_as("o.baker").get("/api/v1/complaints/")) == []
    body = ok(act("h.patel", about_baker, "notify-subject"))
    assert body["subject_notified_at"] == AT
    assert body["events"][-1] == {"at": AT, "actor": "h.patel", "verb": "complaint.subject_notified",
                                  "rules": ["CMP-PRIVACY"], "reasons": ""}
    assert see("o.baker", about_baker).json() == body
    assert results(api_as("o.baker").get("/api/v1/complaints/")) == [body]


def test_cmp_privacy_the_monitoring_officer_does_not_see_a_complaint_about_herself_until_told(complain, see, act):
    """CMP-PRIVACY, CMP-CONFLICT: a complaint about h.shah goes to her Director; the deputy sees it, but h.shah, as
    the person complained about, only once she is told."""
    about_shah = complain("cllr.gordon", "h.shah").public_id
    assert see("s.evans", about_shah).status_code == 200
    assert see("h.shah", about_shah).json() == NOT_FOUND
    ok(act("d.murray", about_shah, "notify-subject"))
    assert see("h.shah", about_shah).status_code == 200


def test_cmp_privacy_the_list_shows_each_person_the_complaints_they_may_see(about_baker, about_iqbal, api_as, see):
    """CMP-PRIVACY: each complainant their own, each handler theirs, the Monitoring Officer and deputy every one
    (newest first), the people complained about (not yet told) and everyone else none; each entry as its detail."""
    def ids(username):
        return [c["id"] for c in results(api_as(username).get("/api/v1/complaints/"))]

    baker, iqbal = str(about_baker), str(about_iqbal)
    assert ids("cllr.gordon") == [baker] and ids("h.patel") == [baker]
    assert ids("cllr.ahmed") == [iqbal]
    assert ids("h.shah") == ids("s.evans") == [iqbal, baker]  # same moment: the later one first
    for username in ("o.baker", "cllr.iqbal", "d.okafor", "c.wright", "ms.rahman"):
        assert ids(username) == [], username
    assert results(api_as("h.shah").get("/api/v1/complaints/")) == [see("h.shah", iqbal).json(),
                                                                   see("h.shah", baker).json()]


def test_cmp_privacy_the_list_is_paginated(complain, api_as):
    """CMP-PRIVACY (API.md lists): complaints come a page at a time, with links to the next and previous pages."""
    for subject in ("o.baker", "s.ali", "h.patel"):
        complain("cllr.gordon", subject)
    api = api_as("cllr.gordon")
    first = api.get("/api/v1/complaints/?page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    assert len({c["id"] for c in first["results"] + second["results"]}) == 3


@pytest.mark.parametrize("username", ["cllr.gordon", "h.patel", "h.shah"])
def test_cmp_privacy_the_list_query_count_does_not_grow_with_complaints(username, complain, person, api_as):
    """CMP-PRIVACY: a page of complaints, each with its route, clocks and events, is a fixed number of queries as
    rows grow, for the complainant, the handler and the Monitoring Officer."""
    def add(n):
        for i in range(n):
            complaint = complain("cllr.gordon", "o.baker" if i % 2 else "s.ali")
            complaint_acknowledge(acting_user=person("h.patel"), complaint=complaint, note="Received.", now=RAISED)
            if i % 2:
                complaint_notify_subject(acting_user=person("h.patel"), complaint=complaint, now=RAISED)

    api = api_as(username)
    add(1)
    with CaptureQueriesContext(connection) as small:
        assert api.get("/api/v1/complaints/").json()["count"] == 1
    add(4)
    with CaptureQueriesContext(connection) as large:
        body = api.get("/api/v1/complaints/").json()
    assert body["count"] == 5 and all(len(c["events"]) >= 2 for c in body["results"])
    assert len(large) == len(small)
    assert len([q for q in large if 'FROM "audit_auditevent"' in q["sql"]]) == 1


# Acting on a complaint (CMP-TIMES, CMP-PRIVACY, CMP-ARBITRATE, CMP-OUTCOMES) --------------------------------

def test_cmp_times_the_handler_acknowledges_and_nobody_else_may(about_baker, act, see):
    """CMP-TIMES, CMP-PRIVACY: the complainant and the Monitoring Officer see the complaint but do not handle it,
    and others may not know of it: 404 for all, nothing changes. h.patel acknowledges; twice is a conflict."""
    before = state()
    for username in ("cllr.gordon", "h.shah", "s.evans", "d.okafor", "o.baker"):
        assert turned_away(see, username, about_baker, act(username, about_baker, "acknowledge")), username
    assert act("h.patel", uuid.uuid4(), "acknowledge").json() == NOT_FOUND
    assert list(fields(act("h.patel", about_baker, "acknowledge", note=["x"]))) == ["note"]
    assert list(fields(act("h.patel", about_baker, "acknowledge", status="acknowledged"))) == ["status"]
    assert state() == before
    body = ok(act("h.patel", about_baker, "acknowledge", note="I will look into this."))
    assert (body["status"], body["acknowledged_at"]) == ("acknowledged", AT)
    assert body["events"][-1] == {"at": AT, "actor": "h.patel", "verb": "complaint.acknowledged",
                                  "rules": ["CMP-TIMES"], "reasons": "I will look into this."}
    assert see("cllr.gordon", about_baker).json() == body
    before = state()
    assert "acknowledged" in conflict(act("h.patel", about_baker, "acknowledge"))
    assert state() == before


def test_cmp_times_the_handler_assesses_with_an_assessment_and_nobody_else_may(about_baker, act, see):
    """CMP-TIMES: an assessment is required (400); others get 404; the handler's assessment acknowledges it too;
    assessing again is a conflict. Nothing changes on refusal."""
    before = state()
    errors = fields(act("h.patel", about_baker, "assess", assessment="  "))
    assert list(errors) == ["assessment"] and "initial assessment" in errors["assessment"][0]
    for username in ("cllr.gordon", "h.shah", "cllr.ahmed"):
        assert turned_away(see, username, about_baker, act(username, about_baker, "assess", assessment="Mine.")), username
    assert state() == before
    body = ok(act("h.patel", about_baker, "assess", assessment="A conduct matter for the service."))
    assert (body["status"], body["assessment"], body["acknowledged_at"]) == (
        "assessed", "A conduct matter for the service.", AT)
    before = state()
    assert "assessed" in conflict(act("h.patel", about_baker, "assess", assessment="Again."))
    assert "assessed" in conflict(act("h.patel", about_baker, "acknowledge"))
    assert state() == before


def test_cmp_privacy_only_the_handler_notifies_the_subject_and_only_once(about_baker, act, see):
    """CMP-PRIVACY: the complainant and the Monitoring Officer may not tell the subject (404); a body is refused
    (400); once told, telling again is a conflict."""
    before = state()
    for username in ("cllr.gordon", "h.shah", "o.baker"):
        assert turned_away(see, username, about_baker, act(username, about_baker, "notify-subject")), username
    assert list(fields(act("h.patel", about_baker, "notify-subject", subject="o.baker"))) == ["subject"]
    assert state() == before and see("o.baker", about_baker).status_code == 404
    assert ok(act("h.patel", about_baker, "notify-subject"))["subject_notified_at"] == AT
    before = state()
    assert "was told of this complaint" in conflict(act("h.patel", about_baker, "notify-subject"))
    assert state() == before


def test_cmp_arbitrate_the_handler_passes_it_up_the_route_to_the_standards_committee(about_baker, act, see):
    """CMP-ARBITRATE: reasons are required; h.patel passes it to h.shah, who passes it to c.wright, who passes it to
    the Standards Committee (no handler). Each earlier handler still sees it but may no longer act (404); the
    complainant never may."""
    before = state()
    assert list(fields(act("h.patel", about_baker, "escalate", reasons=""))) == ["reasons"]
    for username in ("cllr.gordon", "h.shah", "c.wright"):
        assert turned_away(see, username, about_baker, act(username, about_baker, "escalate", reasons="Mine.")), username
    assert state() == before
    body = ok(act("h.patel", about_baker, "escalate", reasons="Cllr Gordon wants more than an apology."))
    assert (body["handler"], body["route_position"], body["status"]) == ("h.shah", 1, "received")
    assert body["events"][-1] == {"at": AT, "actor": "h.patel", "verb": "complaint.escalated",
                                  "rules": ["CMP-ARBITRATE"], "reasons": "Cllr Gordon wants more than an apology."}
    assert see("h.patel", about_baker).json() == body
    assert turned_away(see, "h.patel", about_baker, act("h.patel", about_baker, "acknowledge"))
    assert see("c.wright", about_baker).json() == NOT_FOUND
    assert ok(act("h.shah", about_baker, "escalate", reasons="Not resolved."))["handler"] == "c.wright"
    body = ok(act("c.wright", about_baker, "escalate", reasons="Still not resolved."))
    assert (body["handler"], body["route_position"], body["status"]) == (None, 3, "standards")
    assert see("c.wright", about_baker).json() == body
    before = state()
    assert turned_away(see, "c.wright", about_baker, act("c.wright", about_baker, "escalate", reasons="Again."))
    assert state() == before


def test_cmp_outcomes_an_officer_complaint_is_upheld_by_its_handler(about_baker, act, see):
    """CMP-OUTCOMES: about an officer, the handler records resolved, upheld or not upheld; the Monitoring Officer's
    outcomes for members are refused (400), as is anyone but the handler (404). It is closed; another outcome is a
    conflict."""
    before = state()
    errors = fields(act("h.patel", about_baker, "outcome", outcome="investigation", reasons="Look into it."))
    assert list(errors) == ["outcome"] and "(CMP-OUTCOMES)" in errors["outcome"][0]
    for username in ("cllr.gordon", "h.shah", "o.baker"):
        assert turned_away(see, username, about_baker, act(username, about_baker, "outcome", outcome="upheld", reasons="Mine.")), username
    assert state() == before
    body = ok(act("h.patel", about_baker, "outcome", outcome="upheld", reasons="Mr Baker has apologised."))
    assert (body["status"], body["outcome"], body["outcome_reasons"], body["finding"]) == (
        "closed", "upheld", "Mr Baker has apologised.", None)
    assert see("cllr.gordon", about_baker).json() == body
    before = state()
    assert "closed" in conflict(act("h.patel", about_baker, "outcome", outcome="resolved", reasons="Again."))
    assert state() == before


def test_cmp_outcomes_suspension_is_refused_naming_the_rule(about_iqbal, act):
    """CMP-OUTCOMES: suspension is not an available sanction (400 naming the rule); every bad field is listed and
    nothing changes."""
    before = state()
    errors = fields(act("h.shah", about_iqbal, "outcome", outcome="suspension", reasons=""))
    assert set(errors) == {"outcome", "reasons"}
    assert "Suspension is not an available sanction" in errors["outcome"][0] and "(CMP-OUTCOMES)" in errors[
        "outcome"][0]
    assert list(fields(act("h.shah", about_iqbal, "outcome", outcome="upheld", reasons="x"))) == ["outcome"]
    assert state() == before


def test_cmp_outcomes_the_independent_persons_views_are_recorded_by_the_handler_only(investigating, act, see):
    """CMP-OUTCOMES: only during an investigation; an Independent Person by username and their views are required
    (400); the deputy, who sees it, and the complainant may not (404)."""
    before = state()
    errors = fields(act("h.shah", investigating, "independent-person", independent_person="cllr.gordon", views=""))
    assert set(errors) == {"independent_person", "views"}
    for username in ("s.evans", "cllr.ahmed", "ms.rahman"):
        assert turned_away(see, username, investigating, act(username, investigating, "independent-person", independent_person="ms.rahman",
                   views="Mine.")), username
    assert state() == before
    body = ok(act("h.shah", investigating, "independent-person", independent_person="ms.rahman",
                  views="A breach, but a minor one."))
    assert (body["independent_person"], body["independent_person_views"], body["status"]) == (
        "ms.rahman", "A breach, but a minor one.", "investigating")


def test_cmp_outcomes_views_and_decision_fit_only_an_investigation(about_iqbal, act):
    """CMP-OUTCOMES: before an investigation, the Independent Person's views and a decision are conflicts (409)."""
    before = state()
    assert "cannot record the Independent Person" in conflict(
        act("h.shah", about_iqbal, "independent-person", independent_person="ms.rahman", views="Early."))
    assert "cannot decide it" in conflict(act("h.shah", about_iqbal, "decision", finding="breach", reasons="Early."))
    assert state() == before


def test_cmp_outcomes_a_decision_needs_the_independent_persons_views_and_the_handler(investigating, act, see):
    """CMP-OUTCOMES (Localism Act 2011 s.28(7)): without the Independent Person's views the decision is refused (400
    naming the rule); a bad finding is listed; anyone but the handler gets 404. Nothing changes."""
    before = state()
    errors = fields(act("h.shah", investigating, "decision", finding="breach", reasons="Proven."))
    assert list(errors) == ["independent_person_views"] and "CMP-OUTCOMES" in errors["independent_person_views"][0]
    errors = fields(act("h.shah", investigating, "decision", finding="guilty", reasons=""))
    assert set(errors) == {"finding", "independent_person_views", "reasons"}
    for username in ("s.evans", "cllr.ahmed", "cllr.iqbal", "ms.rahman"):
        assert turned_away(see, username, investigating, act(username, investigating, "decision", finding="breach", reasons="x")), username
    assert state() == before


def test_cmp_outcomes_the_whole_flow_through_the_api(send, act, see, api_as):
    """CMP-ROUTE-MEMBER, CMP-TIMES, CMP-PRIVACY, CMP-OUTCOMES: a member complains about a member; h.shah
    acknowledges, assesses, tells the subject and opens an investigation; the decision is refused without the
    Independent Person's views, then made; it is closed and the complainant (and the subject) read the outcome."""
    raised = send("cllr.ahmed", about="cllr.iqbal", category="protocol")
    assert raised.status_code == 201
    complaint_id = raised.json()["id"]
    assert raised.json()["handler"] == "h.shah"
    assert ok(act("h.shah", complaint_id, "acknowledge"))["status"] == "acknowledged"
    assert ok(act("h.shah", complaint_id, "assess", assessment="A possible breach."))["status"] == "assessed"
    assert see("cllr.iqbal", complaint_id).json() == NOT_FOUND
    assert ok(act("h.shah", complaint_id, "notify-subject"))["subject_notified_at"] == AT
    body = ok(act("h.shah", complaint_id, "outcome", outcome="investigation", reasons="It needs investigating."))
    assert (body["status"], body["outcome"]) == ("investigating", "investigation")
    refused = fields(act("h.shah", complaint_id, "decision", finding="breach", reasons="Proven."))
    assert "CMP-OUTCOMES" in refused["independent_person_views"][0]
    assert ok(act("h.shah", complaint_id, "independent-person", independent_person="ms.rahman",
                  views="The evidence shows a breach."))["independent_person"] == "ms.rahman"
    decided = ok(act("h.shah", complaint_id, "decision", finding="breach", reasons="The member breached the code."))
    assert (decided["status"], decided["finding"], decided["decision_reasons"]) == (
        "closed", "breach", "The member breached the code.")
    assert decided["outcome_reasons"] != decided["decision_reasons"]  # why it was investigated is kept
    read = see("cllr.ahmed", complaint_id).json()
    assert read == decided == see("cllr.iqbal", complaint_id).json()
    assert (read["outcome"], read["independent_person_views"]) == ("investigation", "The evidence shows a breach.")
    assert [e["verb"] for e in read["events"]] == [
        "complaint.raised", "complaint.acknowledged", "complaint.assessed", "complaint.subject_notified",
        "complaint.outcome", "complaint.independent_person_views", "complaint.decided"]
    assert "closed" in conflict(act("h.shah", complaint_id, "decision", finding="no_breach", reasons="Changed."))
    assert results(api_as("cllr.ahmed").get("/api/v1/complaints/")) == [read]


# Declared relationships (REL-DECLARE, REL-CONFLICT) -----------------------------------------------------------

def declare_by_api(api_as, username, other, kind="family"):
    return api_as(username).post("/api/v1/relationships/", {"other": other, "kind": kind}, format="json")


def test_rel_declare_a_member_declares_a_relationship_and_both_people_see_it(api_as):
    """REL-DECLARE: 201 with the relationship as the declarer sees it; the officer sees it from their side; nobody
    else has it in their list, and the Monitoring Officer is told."""
    response = declare_by_api(api_as, "cllr.gordon", "h.patel")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {"id": body["id"], "with": "h.patel", "kind": "family", "active": True,
                    "declared_by": "cllr.gordon", "declared_at": AT, "withdrawn_at": None}
    assert results(api_as("cllr.gordon").get("/api/v1/relationships/")) == [body]
    assert results(api_as("h.patel").get("/api/v1/relationships/")) == [{**body, "with": "cllr.gordon"}]
    for username in ("cllr.ahmed", "h.shah", "d.okafor"):
        assert results(api_as(username).get("/api/v1/relationships/")) == [], username
    assert AuditEvent.objects.filter(verb="relationship.declared").count() == 1


def test_rel_declare_the_list_shows_relationships_from_the_council_file(api_as):
    """REL-DECLARE: a relationship in the council's own records is listed with no declarer."""
    [entry] = results(api_as("cllr.hughes").get("/api/v1/relationships/"))
    assert {k: v for k, v in entry.items() if k != "id"} == {
        "with": "s.reid", "kind": "personal", "active": True, "declared_by": None, "declared_at": None,
        "withdrawn_at": None}


def test_rel_declare_every_bad_field_is_listed_and_nothing_changes(api_as, riverside):
    """REL-DECLARE: yourself, someone unknown, another member (the protocol is about members and officers), a bad
    kind, the wrong types and unknown fields are each refused (400); nothing changes. An account that is neither
    member nor officer gets 404."""
    before = state()
    api = api_as("cllr.gordon")
    errors = fields(declare_by_api(api_as, "cllr.gordon", "cllr.gordon", kind="friend"))
    assert set(errors) == {"other", "kind"} and "yourself" in errors["other"][0]
    assert "no member or officer" in fields(declare_by_api(api_as, "cllr.gordon", "nobody.here"))["other"][0]
    assert "(REL-DECLARE)" in fields(declare_by_api(api_as, "cllr.gordon", "cllr.ahmed"))["other"][0]
    assert "(REL-DECLARE)" in fields(declare_by_api(api_as, "o.baker", "h.patel"))["other"][0]
    errors = fields(api.post("/api/v1/relationships/", {"other": ["h.patel"], "kind": None, "active": False},
                             format="json"))
    assert set(errors) == {"other", "kind", "active"}
    User.objects.create_user(username="visitor", name="A visitor")  # no action makes a bare account
    assert declare_by_api(api_as, "visitor", "h.patel").json() == NOT_FOUND
    assert state() == before


def test_rel_declare_a_relationship_already_declared_is_a_conflict(api_as):
    """REL-DECLARE: the pair has one declaration; declaring it again, from either side, is a conflict (409)."""
    assert declare_by_api(api_as, "cllr.gordon", "h.patel").status_code == 201
    before = state()
    assert "already declared" in conflict(declare_by_api(api_as, "h.patel", "cllr.gordon", kind="business"))
    assert "already declared" in conflict(declare_by_api(api_as, "cllr.hughes", "s.reid"))
    assert state() == before


def test_rel_declare_either_person_withdraws_and_nobody_else_may(api_as):
    """REL-DECLARE: someone not in the relationship gets 404, exactly as for an unknown id; a body is refused; the
    other person withdraws it, and it stays listed as inactive; withdrawing again is a conflict."""
    rel_id = declare_by_api(api_as, "cllr.gordon", "h.patel").json()["id"]
    path = f"/api/v1/relationships/{rel_id}/withdraw"
    before = state()
    missing = api_as("cllr.ahmed").post("/api/v1/relationships/999999/withdraw")
    for username in ("cllr.ahmed", "h.shah", "o.baker"):
        response = api_as(username).post(path)
        assert response.status_code == 404 and response.content == missing.content, username
    assert list(fields(api_as("h.patel").post(path, {"active": False}, format="json"))) == ["active"]
    assert state() == before
    body = ok(api_as("h.patel").post(path))
    assert (body["with"], body["active"], body["withdrawn_at"], body["declared_by"]) == (
        "cllr.gordon", False, AT, "cllr.gordon")
    assert results(api_as("cllr.gordon").get("/api/v1/relationships/")) == [{**body, "with": "h.patel"}]
    before = state()
    assert "already been withdrawn" in conflict(api_as("cllr.gordon").post(path))
    assert state() == before


def test_rel_declare_a_relationship_from_the_council_file_cannot_be_withdrawn_in_the_portal(api_as):
    """REL-DECLARE: one in the council's own records is changed by the Monitoring Officer, not withdrawn (409)."""
    rel = DeclaredRelationship.objects.get(person_a__username__in=["cllr.hughes", "s.reid"])
    before = state()
    assert "council's own records" in conflict(api_as("cllr.hughes").post(f"/api/v1/relationships/{rel.public_id}/withdraw"))
    assert state() == before


def test_rel_declare_the_register_is_for_the_monitoring_officer_and_deputy_only(api_as):
    """REL-DECLARE: h.shah and s.evans see every relationship, active first, withdrawn ones too; anyone else, even
    someone in a relationship or the Chief Executive, gets 404."""
    rel_id = declare_by_api(api_as, "cllr.gordon", "h.patel").json()["id"]
    assert api_as("h.patel").post(f"/api/v1/relationships/{rel_id}/withdraw").status_code == 200
    register = results(api_as("h.shah").get("/api/v1/relationships/register"))
    assert [{k: v for k, v in e.items() if k != "id"} for e in register[:2]] == [
        {"person_a": "o.dunn", "person_b": "cllr.das", "kind": "family", "active": True, "declared_by": None,
         "declared_at": None, "withdrawn_at": None},
        {"person_a": "s.reid", "person_b": "cllr.hughes", "kind": "personal", "active": True, "declared_by": None,
         "declared_at": None, "withdrawn_at": None}]
    assert register[2] == {"id": rel_id, "person_a": "h.patel", "person_b": "cllr.gordon", "kind": "family",
                           "active": False, "declared_by": "cllr.gordon", "declared_at": AT, "withdrawn_at": AT}
    assert len(register) == 3
    assert results(api_as("s.evans").get("/api/v1/relationships/register")) == register
    for username in ("cllr.gordon", "h.patel", "cllr.hughes", "c.wright", "d.okafor"):
        assert api_as(username).get("/api/v1/relationships/register").json() == NOT_FOUND, username


@pytest.mark.parametrize("username, path", [("cllr.gordon", "/api/v1/relationships/"),
                                            ("h.shah", "/api/v1/relationships/register")])
def test_rel_declare_the_lists_query_count_does_not_grow_with_relationships(username, path, api_as):
    """REL-DECLARE: the caller's relationships and the register are a fixed number of queries as rows grow."""
    api = api_as(username)
    assert declare_by_api(api_as, "cllr.gordon", "h.patel").status_code == 201
    with CaptureQueriesContext(connection) as small:
        few = api.get(path).json()["count"]
    for officer in ("d.okafor", "o.baker", "s.ali", "c.wright"):
        assert declare_by_api(api_as, "cllr.gordon", officer, kind="business").status_code == 201
    rel = DeclaredRelationship.objects.get(person_a__username__in=["cllr.gordon", "o.baker"],
                                           person_b__username__in=["cllr.gordon", "o.baker"])
    assert api_as("o.baker").post(f"/api/v1/relationships/{rel.public_id}/withdraw").status_code == 200
    with CaptureQueriesContext(connection) as large:
        assert api.get(path).json()["count"] == few + 4
    assert len(large) == len(small)


# Signing in, and the schema ------------------------------------------------------------------------------------

def test_cmp_privacy_every_complaint_and_relationship_endpoint_needs_sign_in(about_baker):
    """CMP-PRIVACY, REL-DECLARE: nothing is shown or done without knowing who asks (401)."""
    api = APIClient()
    before = state()
    for path in ("/api/v1/complaints/", f"/api/v1/complaints/{about_baker}/", "/api/v1/relationships/",
                 "/api/v1/relationships/register"):
        assert error(api.get(path), 401, "not_authenticated"), path
    for what in ("acknowledge", "assess", "notify-subject", "escalate", "outcome", "independent-person", "decision"):
        assert api.post(f"/api/v1/complaints/{about_baker}/{what}", {}, format="json").status_code == 401, what
    for path in ("/api/v1/complaints/", "/api/v1/relationships/", "/api/v1/relationships/1/withdraw"):
        assert api.post(path, COMPLAINT, format="json").status_code == 401, path
    assert state() == before


def test_cmp_privacy_the_schema_documents_the_complaint_and_relationship_endpoints(api_as):
    """CMP-PRIVACY, REL-DECLARE (API.md): the OpenAPI schema names every path and its bodies."""
    text = api_as("o.baker").get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/complaints/", "/api/v1/complaints/{id}/", "/api/v1/complaints/{id}/acknowledge",
                 "/api/v1/complaints/{id}/assess", "/api/v1/complaints/{id}/notify-subject",
                 "/api/v1/complaints/{id}/escalate", "/api/v1/complaints/{id}/outcome",
                 "/api/v1/complaints/{id}/independent-person", "/api/v1/complaints/{id}/decision",
                 "/api/v1/relationships/", "/api/v1/relationships/{id}/withdraw", "/api/v1/relationships/register"):
        assert f"{path}:" in text, path
    for component in ("ComplaintCreateRequest", "PaginatedComplaintList", "ComplaintOutcomeRequest",
                      "ComplaintDecisionRequest", "PaginatedRelationshipList", "PaginatedRegisterEntryList",
                      "RelationshipDeclareRequest", "ComplaintStatusEnum", "RelationshipKindEnum"):
        assert component in text, component
