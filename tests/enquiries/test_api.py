"""Enquiries API (API.md) on the Riverside council: who may, who may not, and what they see (ENQ-*, COR-*)."""
import uuid

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from protocol_portal.audit.models import AuditEvent
from protocol_portal.deadlines.actions import run_escalations
from requests_app.enquiries.actions import enquiry_respond
from requests_app.enquiries.models import Enquiry

from .conftest import RECEIVED, london

pytestmark = pytest.mark.django_db
NOT_FOUND = {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}
QUESTION = {"subject": "Potholes on Mill Lane", "question": "When will the potholes on Mill Lane be repaired?"}
DUE = "2026-12-07T23:59:59+00:00"  # ten working days after Monday 23 November (WD-COUNT)
DELAY = "The contractor's survey report arrives on 16 December."


@pytest.fixture(autouse=True)
def monday_23_november_2026():
    with time_machine.travel(RECEIVED, tick=False):
        yield


@pytest.fixture
def send(api_as):
    """Return a function that posts an enquiry as a username and returns the response."""

    def send(username="cllr.gordon", **body):
        return api_as(username).post("/api/v1/enquiries/", {**QUESTION, "department": "ENV", **body}, format="json")
    return send


@pytest.fixture
def act(api_as):
    """Return a function that posts to one of an enquiry's action endpoints as a username."""

    def act(username, enquiry_id, what, **body):
        return api_as(username).post(f"/api/v1/enquiries/{enquiry_id}/{what}", body, format="json")
    return act


@pytest.fixture
def see(api_as):
    """Return a function that gets one enquiry as a username."""
    return lambda username, enquiry_id: api_as(username).get(f"/api/v1/enquiries/{enquiry_id}/")


@pytest.fixture
def asked(send):
    """Return the id of cllr.gordon's enquiry to Environment (ENV), unassigned."""
    response = send()
    assert response.status_code == 201
    return response.json()["id"]


@pytest.fixture
def assigned(asked, act):
    """Return the id of that enquiry once h.osei (Head of Environment) has assigned it to o.dunn."""
    assert act("h.osei", asked, "assign", officer="o.dunn").status_code == 200
    return asked


@pytest.fixture
def via_ds(send):
    """Return the id of cllr.gordon's enquiry sent to no department, for Democratic Services to route."""
    response = send(department=None)
    assert response.status_code == 201
    return response.json()["id"]


def fields(response):
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    return error["fields"]


def ids(api, path="/api/v1/enquiries/"):
    return {e["id"] for e in api.get(path).json()["results"]}


# Asking

def test_enq_due_a_member_asks_and_is_told_the_due_date_at_once(send):
    """ENQ-DUE, WD-COUNT: received Monday 23 November at 10:00, due at the end of Monday 7 December, London time."""
    response = send()
    assert response.status_code == 201
    body = response.json()
    uuid.UUID(body["id"])
    assert {k: body[k] for k in ("status", "received_at", "due_at", "target_at", "escalation_level", "assigned_to",
                                 "escalated_to")} == {
        "status": "open", "received_at": "2026-11-23T10:00:00+00:00", "due_at": DUE, "target_at": DUE,
        "escalation_level": 0, "assigned_to": None, "escalated_to": []}
    assert body["member"] == "cllr.gordon" and body["department"] == "ENV" and body["confidential"] is False
    assert body["subject"] == QUESTION["subject"] and body["question"] == QUESTION["question"]
    assert body["on_behalf_of"] is None and body["messages"] == []
    assert body["events"] == [{"at": "2026-11-23T10:00:00+00:00", "actor": "cllr.gordon", "verb": "enquiry.received",
                               "rules": ["ENQ-DUE", "WD-COUNT"], "reasons": ""}]
    assert Enquiry.objects.get(public_id=body["id"]).deadline.due_at.isoformat() == DUE


def test_enq_due_times_carry_the_british_summer_time_offset(send):
    """ENQ-DUE, WD-COUNT: in summer the stored times are shown at +01:00, in Europe/London."""
    with time_machine.travel(london(2026, 6, 1, 9, 30), tick=False):
        body = send().json()
    assert body["received_at"] == "2026-06-01T09:30:00+01:00" and body["due_at"] == "2026-06-15T23:59:59+01:00"


def test_enq_due_only_members_send_enquiries(send):
    """ENQ-DUE: an officer is told that enquiries are members' (403), and nothing is recorded."""
    response = send("o.baker")
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "forbidden", "message": "Only members can send enquiries to officers.",
                                        "fields": {}}
    assert not Enquiry.objects.exists()


def test_enq_triage_an_enquiry_to_no_department_goes_to_democratic_services(via_ds, see):
    """ENQ-TRIAGE: department null sends it to Democratic Services (LEGAL), whose officers see it to route it."""
    body = see("o.forde", via_ds).json()
    assert body["department"] == "LEGAL" and body["events"][0]["rules"] == ["ENQ-DUE", "WD-COUNT", "ENQ-TRIAGE"]
    assert see("h.osei", via_ds).json() == NOT_FOUND  # not Environment's until it is routed there


def test_enq_triage_members_cannot_set_a_priority(send):
    """ENQ-TRIAGE: a priority, or any field the API does not know, is a bad field; nothing is created."""
    response = send(priority="urgent", urgent=True)
    errors = fields(response)
    assert set(errors) == {"priority", "urgent"}
    assert errors["priority"][0].startswith("Members cannot set an enquiry's priority (ENQ-TRIAGE)")
    assert "not a field" in errors["urgent"][0]
    assert not Enquiry.objects.exists() and not AuditEvent.objects.filter(verb__startswith="enquiry.").exists()


def test_enq_due_an_invalid_enquiry_lists_every_bad_field(send):
    """ENQ-DUE, ENQ-TRIAGE: no subject, no question and an unknown department are all listed at once."""
    errors = fields(send(subject="", question="   ", department="NOWHERE"))
    assert set(errors) == {"subject", "question", "department"}
    assert "Choose a department by its code" in errors["department"][0]
    errors = fields(send(subject="x" * 201, question=""))
    assert set(errors) == {"subject", "question"} and "200 characters or fewer" in errors["subject"][0]
    errors = fields(send(confidential="maybe", department=["ENV"], copy_to=["cllr.hughes"]))
    assert errors["confidential"] == ["Write confidential as true or false."]
    assert set(errors) == {"confidential", "department", "copy_to"}
    assert not Enquiry.objects.exists()


def test_enq_on_behalf_outside_the_members_wards_without_a_council_role_is_refused(send):
    """ENQ-ON-BEHALF: cllr.gordon (South Ward, no Council role) may not ask for a North Ward constituent."""
    errors = fields(send(on_behalf_of={"name": "Mrs Jean Palmer", "ward": "NORTH", "consent": True}))
    assert list(errors) == ["on_behalf_of.ward"] and "(ENQ-ON-BEHALF)" in errors["on_behalf_of.ward"][0]
    response = send(on_behalf_of={"name": "Mrs Jean Palmer", "ward": "SOUTH", "consent": True})
    assert response.status_code == 201
    assert response.json()["on_behalf_of"] == {"name": "Mrs Jean Palmer", "ward": "SOUTH", "consent": True}
    assert response.json()["events"][0]["rules"][-1] == "ENQ-ON-BEHALF"


def test_enq_on_behalf_a_council_role_covers_every_ward(send):
    """ENQ-ON-BEHALF: cllr.ahmed (North Ward, Leader of the Council) may ask for a South Ward constituent."""
    response = send("cllr.ahmed", on_behalf_of={"name": "Mr Tom Reyes", "ward": "SOUTH", "consent": True})
    assert response.status_code == 201
    assert response.json()["on_behalf_of"] == {"name": "Mr Tom Reyes", "ward": "SOUTH", "consent": True}
    assert Enquiry.objects.get().on_behalf_basis == "council_role"


def test_enq_on_behalf_needs_the_constituents_name_and_consent(send):
    """ENQ-ON-BEHALF: consent missing or not true, a name missing, or not an object at all: each field is named."""
    errors = fields(send(on_behalf_of={"name": "Mrs Jean Palmer", "ward": "SOUTH"}))
    assert list(errors) == ["on_behalf_of.consent"] and "agreed" in errors["on_behalf_of.consent"][0]
    errors = fields(send(on_behalf_of={"name": "", "ward": "NOWHERE", "consent": "yes"}))
    assert set(errors) == {"on_behalf_of.name", "on_behalf_of.consent", "on_behalf_of.ward"}
    assert list(fields(send(on_behalf_of="Mrs Palmer"))) == ["on_behalf_of"]
    assert not Enquiry.objects.exists()


# Seeing enquiries

def test_enq_triage_an_enquiry_is_seen_by_its_member_and_the_departments_officers_only(assigned, see):
    """ENQ-TRIAGE, ENQ-CONFIDENTIAL: the member and Environment's officers see it; others may not know it exists."""
    for username in ("cllr.gordon", "h.osei", "o.dunn"):
        response = see(username, assigned)
        assert response.status_code == 200 and response.json()["id"] == assigned
    for username in ("cllr.hughes", "cllr.edwards", "o.baker", "h.patel", "d.okafor", "o.hussain"):
        assert see(username, assigned).json() == NOT_FOUND, username
    for unknown in (uuid.uuid4(), "not-a-uuid"):
        response = see("h.osei", unknown)
        assert response.status_code == 404 and response.content == see("cllr.hughes", assigned).content


def test_enq_confidential_a_political_assistant_does_not_see_democratic_services_enquiries(via_ds, see):
    """ENQ-CONFIDENTIAL: o.hussain works in Legal and Democratic Services, but as a group's adviser he does not see
    members' enquiries sent there; the Democratic Services officers do."""
    assert see("o.hussain", via_ds).json() == NOT_FOUND
    assert all(see(u, via_ds).status_code == 200 for u in ("h.shah", "s.evans", "o.forde"))


def test_rel_conflict_an_officer_does_not_see_an_enquiry_from_a_member_they_are_related_to(send, see):
    """REL-CONFLICT: o.dunn (Environment) has declared a family relationship with cllr.das: his enquiry is hidden."""
    das = send("cllr.das").json()["id"]
    assert see("o.dunn", das).json() == NOT_FOUND
    assert see("h.osei", das).status_code == 200


def test_enq_due_the_list_shows_each_person_what_they_may_see(assigned, via_ds, send, api_as):
    """ENQ-DUE, ENQ-TRIAGE: newest first; a member their own, a department its own, Democratic Services all."""
    with time_machine.travel(london(2026, 11, 23, 11), tick=False):
        hughes = send("cllr.hughes", department="PLAN").json()["id"]
    body = api_as("cllr.gordon").get("/api/v1/enquiries/").json()
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    assert [e["id"] for e in body["results"]] == [via_ds, assigned]  # same moment: the later one first
    assert ids(api_as("cllr.hughes")) == {hughes}
    assert ids(api_as("h.osei")) == ids(api_as("o.dunn")) == {assigned}
    assert ids(api_as("h.patel")) == {hughes}
    assert ids(api_as("s.evans")) == {via_ds, assigned, hughes}  # they route and assign every enquiry
    assert ids(api_as("cllr.edwards")) == ids(api_as("d.okafor")) == ids(api_as("o.hussain")) == set()
    newest = api_as("h.patel").get("/api/v1/enquiries/").json()["results"][0]
    assert newest["received_at"] == "2026-11-23T11:00:00+00:00"


def test_enq_due_the_list_is_paginated(ask, api_as):
    """ENQ-DUE: lists come a page at a time, with links to the next and previous pages."""
    for n in range(3):
        ask(subject=f"Question {n}")
    api = api_as("cllr.gordon")
    first = api.get("/api/v1/enquiries/?page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    assert len({e["id"] for e in first["results"] + second["results"]}) == 3


@pytest.mark.parametrize("username", ["cllr.gordon", "h.osei", "cllr.hughes"])
def test_enq_due_the_list_query_count_does_not_grow_with_enquiries(username, ask, assign, person, api_as):
    """ENQ-DUE, COR-NO-BLIND: a page of enquiries, each with its events, escalations, replies and their copies,
    is a fixed number of queries, for the member who asked, an officer and a member copied in."""
    gordon_enquiries = []

    def add(n):
        for i in range(n):
            enquiry = assign(ask(subject=f"Question {len(gordon_enquiries)}"), "o.dunn")
            enquiry_respond(acting_user=person("o.dunn"), enquiry=enquiry, text="Booked for 2 December.",
                            copy_to=["cllr.hughes"], concerns=["cllr.iqbal"], now=RECEIVED)
            gordon_enquiries.append(enquiry)
    api = api_as(username)
    add(2)
    with CaptureQueriesContext(connection) as small:
        assert api.get("/api/v1/enquiries/").json()["count"] == 2
    add(4)
    with CaptureQueriesContext(connection) as large:
        body = api.get("/api/v1/enquiries/").json()
    assert body["count"] == 6
    assert all(len(e["messages"]) == 1 and len(e["messages"][0]["copied_to"]) == 2 for e in body["results"])
    assert len(large) == len(small)
    assert len([q for q in large if 'FROM "audit_auditevent"' in q["sql"]]) == 1


@pytest.mark.parametrize("username", ["cllr.gordon", "h.osei", "cllr.hughes", "d.okafor"])
def test_cor_no_blind_the_list_shows_each_enquiry_exactly_as_its_own_page_does(username, assigned, act, api_as, see):
    """COR-NO-BLIND, COR-COPY, ENQ-ESCALATE: list and detail answer alike, for every kind of reader."""
    assert act("o.dunn", assigned, "holding-reply", reasons=DELAY, revised_date="2026-12-18").status_code == 200
    assert act("o.dunn", assigned, "response", text="Booked.", copy_to=["cllr.hughes"]).status_code == 200
    run_escalations(now=london(2026, 12, 8, 9))  # closed: nobody is told, so d.okafor sees nothing
    listed = api_as(username).get("/api/v1/enquiries/").json()["results"]
    if username == "d.okafor":
        assert listed == [] and see(username, assigned).json() == NOT_FOUND
    else:
        assert listed == [see(username, assigned).json()]


# Assigning and routing

def test_enq_triage_the_head_of_service_assigns_and_the_officer_is_emailed(asked, act,
                                                                         django_capture_on_commit_callbacks):
    """ENQ-TRIAGE: h.osei assigns to o.dunn; o.dunn is emailed with the target date."""
    with django_capture_on_commit_callbacks(execute=True):
        response = act("h.osei", asked, "assign", officer="o.dunn")
    assert response.status_code == 200
    body = response.json()
    assert body["assigned_to"] == "o.dunn" and body["status"] == "open" and body["department"] == "ENV"
    assert body["events"][-1]["verb"] == "enquiry.assigned" and body["events"][-1]["actor"] == "h.osei"
    assert body["events"][-1]["rules"] == ["ENQ-TRIAGE", "REL-CONFLICT"]
    assert [m.to for m in mail.outbox] == [["a.dunn@riverside.example"]]
    assert "assigned to you" in mail.outbox[0].subject and "7 December 2026" in mail.outbox[0].body


def test_enq_triage_who_may_not_assign(asked, act):
    """ENQ-TRIAGE: the member and a department officer below manager see it but may not assign it (403);
    another department's officer may not know of it (404)."""
    for username in ("cllr.gordon", "o.dunn"):
        response = act(username, asked, "assign", officer="o.dunn")
        assert response.status_code == 403 and "(ENQ-TRIAGE)" in response.json()["error"]["message"]
    assert act("h.patel", asked, "assign", officer="o.dunn").json() == NOT_FOUND
    assert Enquiry.objects.get(public_id=asked).assigned_to is None


def test_rel_conflict_an_enquiry_from_cllr_das_cannot_be_assigned_to_o_dunn(send, act):
    """REL-CONFLICT: o.dunn declared a family relationship with cllr.das, so h.osei must choose someone else."""
    das = send("cllr.das").json()["id"]
    errors = fields(act("h.osei", das, "assign", officer="o.dunn"))
    assert list(errors) == ["officer"] and "(REL-CONFLICT)" in errors["officer"][0]
    assert act("h.osei", das, "assign", officer="h.osei").json()["assigned_to"] == "h.osei"


def test_enq_triage_assigning_needs_a_real_officer_and_an_open_enquiry(assigned, act):
    """ENQ-TRIAGE: an unknown officer or a member is a bad field; the same officer again, or after the
    response, is a conflict (409)."""
    for officer in ("nobody", "cllr.hughes", ""):
        assert list(fields(act("h.osei", assigned, "assign", officer=officer))) == ["officer"]
    again = act("h.osei", assigned, "assign", officer="o.dunn")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert act("o.dunn", assigned, "response", text="Booked.").status_code == 200
    answered = act("h.osei", assigned, "assign", officer="h.osei")
    assert answered.status_code == 409 and "already been answered" in answered.json()["error"]["message"]


def test_enq_triage_democratic_services_routes_to_a_department_which_assigns(via_ds, act, see):
    """ENQ-TRIAGE: s.evans routes an enquiry sent to no department to Environment, whose Head assigns it."""
    assert see("h.osei", via_ds).json() == NOT_FOUND
    response = act("s.evans", via_ds, "route", department="ENV")
    assert response.status_code == 200
    body = response.json()
    assert body["department"] == "ENV" and body["assigned_to"] is None
    assert body["events"][-1]["verb"] == "enquiry.routed" and body["events"][-1]["rules"] == ["ENQ-TRIAGE"]
    assert act("h.osei", via_ds, "assign", officer="o.dunn").json()["assigned_to"] == "o.dunn"


def test_enq_triage_who_may_not_route_and_what_cannot_be_routed(via_ds, act):
    """ENQ-TRIAGE: the member may not route (403), Environment may not know of it (404); an unknown department
    is a bad field, and the department it is already with is a conflict (409)."""
    assert act("cllr.gordon", via_ds, "route", department="ENV").status_code == 403
    assert act("h.osei", via_ds, "route", department="ENV").json() == NOT_FOUND
    assert list(fields(act("s.evans", via_ds, "route", department="NOWHERE"))) == ["department"]
    assert act("s.evans", via_ds, "route", department="LEGAL").status_code == 409


def test_enq_triage_a_head_of_service_routes_an_enquiry_away_and_no_longer_sees_it(asked, act, see):
    """ENQ-TRIAGE: h.osei sends an enquiry that is not Environment's to Planning; the answer shows where it went,
    and from then on it is Planning's, not his (404)."""
    response = act("h.osei", asked, "route", department="PLAN")
    assert response.status_code == 200 and response.json()["department"] == "PLAN"
    assert see("h.osei", asked).json() == NOT_FOUND
    assert see("h.patel", asked).json()["department"] == "PLAN"


def test_enq_triage_democratic_services_may_assign_to_another_departments_officer(via_ds, act):
    """ENQ-TRIAGE: o.forde (Democratic Services) assigns straight to o.dunn; the enquiry goes to Environment."""
    body = act("o.forde", via_ds, "assign", officer="o.dunn").json()
    assert body["assigned_to"] == "o.dunn" and body["department"] == "ENV"


# Holding replies

def test_enq_holding_in_time_moves_the_target(assigned, act, see):
    """ENQ-HOLDING: sent on 4 December, before the target, it moves the target to the end of the revised date."""
    with time_machine.travel(london(2026, 12, 4, 11), tick=False):
        response = act("o.dunn", assigned, "holding-reply", reasons=DELAY, revised_date="2026-12-18")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "holding" and body["due_at"] == DUE and body["target_at"] == "2026-12-18T23:59:59+00:00"
    assert body["messages"] == [{"kind": "holding", "author": "o.dunn", "text": DELAY, "revised_date": "2026-12-18",
                                 "in_time": True, "sent_at": "2026-12-04T11:00:00+00:00", "copied_to": []}]
    assert body["events"][-1]["verb"] == "enquiry.holding_reply" and body["events"][-1]["rules"] == ["ENQ-HOLDING"]
    assert see("cllr.gordon", assigned).json()["messages"] == body["messages"]


def test_enq_holding_sent_late_does_not_move_the_target(assigned, act):
    """ENQ-HOLDING, ENQ-ESCALATE: sent on 8 December, after the target passed, it is sent but the target stays."""
    with time_machine.travel(london(2026, 12, 8, 9), tick=False):
        body = act("o.dunn", assigned, "holding-reply", reasons=DELAY, revised_date="2026-12-18").json()
    assert body["status"] == "holding" and body["target_at"] == DUE
    assert body["messages"][0]["in_time"] is False
    assert body["events"][-1]["verb"] == "enquiry.late_holding_reply"
    assert body["events"][-1]["rules"] == ["ENQ-HOLDING", "ENQ-ESCALATE"]


def test_enq_holding_needs_reasons_and_a_revised_date_after_the_target(assigned, act):
    """ENQ-HOLDING: no reasons and a revised date not after the current target are both listed; nothing is sent."""
    errors = fields(act("o.dunn", assigned, "holding-reply", reasons="", revised_date="2026-12-07"))
    assert set(errors) == {"reasons", "revised_date"}
    assert "after the current target, 7 December 2026 (ENQ-HOLDING)" in errors["revised_date"][0]
    assert list(fields(act("o.dunn", assigned, "holding-reply", reasons=DELAY))) == ["revised_date"]
    for bad in ("18/12/2026", "2026-12-32", "2026-12-18T10:00:00", 20261218):
        errors = fields(act("o.dunn", assigned, "holding-reply", reasons=DELAY, revised_date=bad))
        assert errors == {"revised_date": ["Write the revised date as YYYY-MM-DD, e.g. 2027-01-15."]}, bad
    assert Enquiry.objects.get(public_id=assigned).status == "open"


def test_enq_holding_only_the_assignee_sends_one(assigned, act):
    """ENQ-HOLDING: the Head of Service and the member see it but are not the assignee (403); Planning may not
    know of it (404)."""
    for username in ("h.osei", "cllr.gordon"):
        response = act(username, assigned, "holding-reply", reasons=DELAY, revised_date="2026-12-18")
        assert response.status_code == 403 and "assigned to" in response.json()["error"]["message"]
    assert act("o.baker", assigned, "holding-reply", reasons=DELAY, revised_date="2026-12-18").json() == NOT_FOUND


# Responding and declining

def test_enq_due_the_assignee_responds_and_the_member_is_emailed(assigned, act, django_capture_on_commit_callbacks):
    """ENQ-DUE: o.dunn's full response answers the enquiry, stops its clock and is emailed to cllr.gordon."""
    with django_capture_on_commit_callbacks(execute=True):
        response = act("o.dunn", assigned, "response", text="Repairs are booked for 2 December.")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "answered" and body["messages"][0]["kind"] == "response"
    assert body["events"][-1]["verb"] == "enquiry.answered" and body["events"][-1]["rules"] == ["ENQ-DUE"]
    assert [m.to for m in mail.outbox] == [["i.gordon@riverside.example"]]
    assert "Repairs are booked for 2 December." in mail.outbox[0].body
    assert "This reply is sent to you only." in mail.outbox[0].body
    assert Enquiry.objects.get(public_id=assigned).deadline.closed_at is not None


def test_enq_due_responding_to_an_answered_enquiry_is_a_conflict(assigned, act):
    """ENQ-DUE: once answered, there is no second full response (409)."""
    assert act("o.dunn", assigned, "response", text="Booked.").status_code == 200
    again = act("o.dunn", assigned, "response", text="Booked again.")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert "already been answered" in again.json()["error"]["message"]
    assert act("o.dunn", assigned, "holding-reply", reasons=DELAY, revised_date="2026-12-18").status_code == 409


def test_enq_due_only_the_assignee_responds(assigned, act):
    """ENQ-DUE, ENQ-TRIAGE: a department officer who is not the assignee (h.osei) may not respond (403);
    a member who did not ask may not know of it (404); an empty response is a bad field."""
    response = act("h.osei", assigned, "response", text="Booked.")
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert act("cllr.edwards", assigned, "response", text="Booked.").json() == NOT_FOUND
    assert list(fields(act("o.dunn", assigned, "response", text=" "))) == ["text"]


def test_enq_decline_cites_the_rule(assigned, act):
    """ENQ-DECLINE: a decline needs a reason and the rule it is under; it is a full response, and stops the clock."""
    errors = fields(act("o.dunn", assigned, "decline", reason="", rule="ENQ-DUE"))
    assert set(errors) == {"reason", "rule"} and "ENQ-DECLINE" in errors["rule"][0]
    assert list(fields(act("o.dunn", assigned, "decline", reason="Campaign leaflet."))) == ["rule"]
    assert act("h.osei", assigned, "decline", reason="Campaign leaflet.", rule="ENQ-DECLINE").status_code == 403
    assert act("o.baker", assigned, "decline", reason="x", rule="ENQ-DECLINE").json() == NOT_FOUND
    body = act("o.dunn", assigned, "decline", reason="Writing a campaign leaflet is political work.",
               rule="ENQ-DECLINE").json()
    assert body["status"] == "declined" and body["messages"][0]["kind"] == "decline"
    assert body["events"][-1]["rules"] == ["ENQ-DECLINE"]
    assert act("o.dunn", assigned, "response", text="Booked.").status_code == 409


def test_enq_resources_the_assignee_records_that_guidance_was_sought(assigned, act):
    """ENQ-RESOURCES: only the assignee records it (the Head of Service 403, Planning 404), with a note."""
    assert list(fields(act("o.dunn", assigned, "guidance"))) == ["note"]
    assert act("h.osei", assigned, "guidance", note="Asked d.okafor.").status_code == 403
    assert act("o.baker", assigned, "guidance", note="Asked d.okafor.").json() == NOT_FOUND
    body = act("o.dunn", assigned, "guidance", note="Asked the Director of Place: a borough-wide survey.").json()
    assert body["events"][-1]["verb"] == "enquiry.guidance_sought"
    assert body["events"][-1]["rules"] == ["ENQ-RESOURCES"] and body["status"] == "open"


# Copies

def test_cor_copy_and_cor_concerns_the_copied_member_sees_only_their_reply_with_every_recipient(
        assigned, act, see, api_as, django_capture_on_commit_callbacks):
    """COR-COPY, COR-CONCERNS, COR-NO-BLIND: cllr.hughes (copied) and cllr.iqbal (it is about him) see the response,
    with everyone it went to, but not the question, the holding reply or the history; cllr.jones gets 404."""
    assert act("o.dunn", assigned, "holding-reply", reasons=DELAY, revised_date="2026-12-18").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = act("o.dunn", assigned, "response", text="The Mill Lane repairs are booked.",
                       copy_to=["cllr.hughes"], concerns=["cllr.iqbal"])
    assert response.status_code == 200
    copied_to = [{"member": "cllr.hughes", "reason": "copy"}, {"member": "cllr.iqbal", "reason": "concerns"}]
    assert response.json()["messages"][-1]["copied_to"] == copied_to
    assert response.json()["events"][-1]["rules"] == ["ENQ-DUE", "COR-NO-BLIND", "COR-COPY", "COR-CONCERNS"]
    for username in ("cllr.hughes", "cllr.iqbal"):
        body = see(username, assigned).json()
        assert body["subject"] == QUESTION["subject"] and body["question"] == "" and body["events"] == []
        assert [(m["kind"], m["copied_to"]) for m in body["messages"]] == [("response", copied_to)]
        assert ids(api_as(username)) == {assigned}
    assert [m["kind"] for m in see("cllr.gordon", assigned).json()["messages"]] == ["holding", "response"]
    assert see("cllr.jones", assigned).json() == NOT_FOUND
    assert act("cllr.hughes", assigned, "response", text="Thanks.").status_code == 403
    # COR-NO-BLIND: the email itself names everyone it went to, for everyone it went to.
    assert sorted(m.to[0] for m in mail.outbox) == ["b.hughes@riverside.example", "i.gordon@riverside.example",
                                                    "n.iqbal@riverside.example"]
    assert all("Cllr Beth Hughes (copied); Cllr Nadia Iqbal (it is about them)" in m.body for m in mail.outbox)


def test_enq_confidential_a_confidential_enquiry_is_not_copied_but_a_member_it_concerns_is(send, act, see):
    """ENQ-CONFIDENTIAL, COR-CONCERNS: copy_to is refused on a confidential enquiry; concerns still copies."""
    secret = send(confidential=True).json()["id"]
    assert act("h.osei", secret, "assign", officer="o.dunn").status_code == 200
    errors = fields(act("o.dunn", secret, "holding-reply", reasons=DELAY, revised_date="2026-12-18",
                        copy_to=["cllr.hughes"]))
    assert list(errors) == ["copy_to"] and "(ENQ-CONFIDENTIAL)" in errors["copy_to"][0]
    assert see("cllr.hughes", secret).json() == NOT_FOUND
    response = act("o.dunn", secret, "response", text="Cllr Hughes raised the same matter.", concerns=["cllr.hughes"])
    assert response.status_code == 200 and response.json()["confidential"] is True
    assert response.json()["messages"][0]["copied_to"] == [{"member": "cllr.hughes", "reason": "concerns"}]
    assert see("cllr.hughes", secret).status_code == 200


def test_cor_copy_lists_of_usernames_only(assigned, act):
    """COR-COPY: unknown members, the asking member, and anything but a list are each named."""
    errors = fields(act("o.dunn", assigned, "response", text="Booked.", copy_to=["cllr.nobody"],
                        concerns=["cllr.gordon"]))
    assert set(errors) == {"copy_to", "concerns"} and "cllr.nobody" in errors["copy_to"][0]
    assert list(fields(act("o.dunn", assigned, "response", text="Booked.", copy_to="cllr.hughes"))) == ["copy_to"]


# Escalation

def test_enq_escalate_the_director_sees_an_enquiry_escalated_to_them(assigned, act, see, api_as):
    """ENQ-ESCALATE: after the target passes, the sweep tells d.okafor (Director of Place), who may then see it,
    and escalated_to names him; he still may not answer it (403)."""
    assert see("d.okafor", assigned).json() == NOT_FOUND
    run_escalations(now=london(2026, 12, 7, 23, 59))
    assert see("d.okafor", assigned).json() == NOT_FOUND  # not yet passed
    run_escalations(now=london(2026, 12, 8, 0, 1))
    body = see("d.okafor", assigned).json()
    assert body["escalation_level"] == 1 and body["escalated_to"] == ["d.okafor"]
    assert body["events"][-1]["verb"] == "deadline.escalated_to_director"
    assert ids(api_as("d.okafor")) == {assigned}
    assert see("cllr.gordon", assigned).json()["escalated_to"] == ["d.okafor"]
    assert act("d.okafor", assigned, "response", text="Sorry.").status_code == 403
    run_escalations(now=london(2026, 12, 15, 0, 1))
    body = see("c.wright", assigned).json()
    assert body["escalation_level"] == 2 and body["escalated_to"] == ["d.okafor", "c.wright"]


# Signing in

def test_every_enquiry_endpoint_needs_sign_in(asked):
    """API.md conventions (AUD-EVENT needs an actor): nothing is done or shown without knowing who asked (401)."""
    api = APIClient()
    for path in ("/api/v1/enquiries/", f"/api/v1/enquiries/{asked}/"):
        response = api.get(path)
        assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"
    for what in ("assign", "route", "holding-reply", "response", "decline", "guidance"):
        assert api.post(f"/api/v1/enquiries/{asked}/{what}", {}, format="json").status_code == 401
    assert api.post("/api/v1/enquiries/", QUESTION, format="json").status_code == 401
    assert Enquiry.objects.count() == 1


def test_the_schema_documents_the_enquiry_endpoints(api_as):
    """API.md: the OpenAPI schema names every enquiry path and its bodies."""
    text = api_as("o.baker").get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/enquiries/", "/api/v1/enquiries/{id}/", "/api/v1/enquiries/{id}/assign",
                 "/api/v1/enquiries/{id}/route", "/api/v1/enquiries/{id}/holding-reply",
                 "/api/v1/enquiries/{id}/response", "/api/v1/enquiries/{id}/decline",
                 "/api/v1/enquiries/{id}/guidance"):
        assert f"{path}:" in text, path
    for component in ("EnquiryCreateRequest", "PaginatedEnquiryList", "HoldingReplyRequest", "OnBehalfOfRequest"):
        assert component in text, component


def test_an_enquiry_sent_again_with_its_idempotency_key_is_made_once(api_as):
    """Issue 9: a client retrying after a lost answer sends the same Idempotency-Key; it gets the same enquiry
    (201, the same body) and nothing else is made or recorded. Another key, or none, makes another enquiry."""
    api = api_as("cllr.gordon")
    key = str(uuid.uuid4())

    def post(**headers):
        return api.post("/api/v1/enquiries/", {**QUESTION, "department": "ENV"}, format="json", headers=headers)

    first = post(**{"Idempotency-Key": key})
    events = AuditEvent.objects.count()
    again = post(**{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert AuditEvent.objects.count() == events and Enquiry.objects.filter(submission_key=key).count() == 1
    assert post(**{"Idempotency-Key": str(uuid.uuid4())}).json()["id"] != first.json()["id"]
    assert post().json()["id"] != first.json()["id"]
    assert Enquiry.objects.filter(member__user__username="cllr.gordon").count() == 3


def test_an_idempotency_key_that_is_not_a_uuid_is_refused_and_changes_nothing(api_as):
    """Issue 9: bad input is named, in the API's error format, and nothing is made."""
    before = (Enquiry.objects.count(), AuditEvent.objects.count())
    response = api_as("cllr.gordon").post("/api/v1/enquiries/", {**QUESTION, "department": "ENV"}, format="json",
                                          headers={"Idempotency-Key": "twice please"})
    assert list(fields(response)) == ["Idempotency-Key"]
    assert "Give a UUID" in fields(response)["Idempotency-Key"][0]
    assert (Enquiry.objects.count(), AuditEvent.objects.count()) == before
