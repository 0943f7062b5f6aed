"""Documents and access-request API (API.md) on the Riverside council: who may, who may not, and what they see."""
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from protocol_portal.audit.models import AuditEvent
from requests_app import actions
from requests_app.models import Document

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REASON = "I am the ward member and residents raised this at my surgery last week."
NOT_FOUND = {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}


@pytest.fixture(autouse=True)
def monday_23_november_2026():
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def ask(api_as):
    """Return a function that posts an access request as a username and returns the response."""

    def ask(username, ref, justification=REASON, **options):
        return api_as(username).post("/api/v1/access-requests/", {"document": ref, "justification": justification,
                                                                   **options}, format="json")
    return ask


@pytest.fixture
def decide(api_as):
    """Return a function that posts to one of a request's action endpoints as a username."""

    def decide(username, request_id, what, **body):
        return api_as(username).post(f"/api/v1/access-requests/{request_id}/{what}", body, format="json")
    return decide


@pytest.fixture
def referred(ask):
    """Return the id of cllr.nolan's request for DOC-0014, referred to h.osei (ACC-NEED-TO-KNOW)."""
    return ask("cllr.nolan", "DOC-0014").json()["id"]


@pytest.fixture
def refused(referred, decide):
    """Return the id of that request once h.osei has refused it, with reasons."""
    assert decide("h.osei", referred, "determination", decision="refuse",
                  reasons="This is operational working data for the waste team.").status_code == 200
    return referred


def refs(response):
    return {d["ref"]: d for d in response.json()["results"]}


# The catalogue

def test_catalogue_leaves_out_another_groups_papers(api_as):
    """ACC-GROUP, ACC-ADVISER: cllr.gordon (CON) is never shown Labour's papers, and reads his group's advice."""
    response = api_as("cllr.gordon").get("/api/v1/documents/")
    assert response.status_code == 200
    body = response.json()
    catalogue = refs(response)
    assert "DOC-0009" not in catalogue and catalogue["DOC-0010"]["can_read"] is True
    assert body["count"] == len(catalogue) == 15 and body["next"] is None and body["previous"] is None
    assert "DOC-0010" not in refs(api_as("cllr.byrne").get("/api/v1/documents/"))


def test_another_groups_document_is_not_found_exactly_like_an_unknown_ref(api_as):
    """ACC-GROUP: to cllr.gordon, DOC-0009 does not exist; to cllr.byrne (LAB) it is his group's and readable."""
    gordon = api_as("cllr.gordon")
    for path in ("/api/v1/documents/{}/", "/api/v1/documents/{}/content"):
        secret, unknown = gordon.get(path.format("DOC-0009")), gordon.get(path.format("DOC-9999"))
        assert secret.status_code == unknown.status_code == 404
        assert secret.content == unknown.content and secret.json() == NOT_FOUND
    assert api_as("cllr.byrne").get("/api/v1/documents/DOC-0009/").json()["can_read"] is True


def test_a_catalogue_entry_says_what_it_is_and_whether_the_caller_may_read_it(api_as):
    """ACC-OFFICER: an officer reads what their own department holds, not another's exempt papers."""
    assert api_as("cllr.byrne").get("/api/v1/documents/DOC-0003/").json() == {
        "ref": "DOC-0003", "title": "Waste collection contract - tender evaluation", "classification": "exempt",
        "exempt_paragraphs": [3], "body": "CABINET", "meeting": "MTG-CAB-2026-12-09", "department": "ENV",
        "summary": "Part II report scoring the three tenders.", "can_read": False,
    }
    baker = api_as("o.baker")
    assert baker.get("/api/v1/documents/DOC-0005/").json()["can_read"] is True  # Planning's own
    assert baker.get("/api/v1/documents/DOC-0003/").json()["can_read"] is False  # Environment's
    no_body = baker.get("/api/v1/documents/DOC-0014/").json()
    assert no_body["body"] is None and no_body["meeting"] is None


def test_catalogue_filters_by_words_body_and_meeting(api_as):
    """ACC-OFFICER: the filters narrow the same catalogue the caller may know of."""
    api = api_as("cllr.gordon")
    assert set(refs(api.get("/api/v1/documents/?meeting=MTG-PLAN-2026-12-03"))) == {
        "DOC-0005", "DOC-0006", "DOC-0007"}
    assert set(refs(api.get("/api/v1/documents/?body=CABINET&q=waste"))) == {"DOC-0003", "DOC-0004"}
    assert set(refs(api.get("/api/v1/documents/?q=budget"))) == {"DOC-0002", "DOC-0010"}  # not Labour's notes
    assert api.get("/api/v1/documents/?body=NOWHERE").json()["count"] == 0


def test_catalogue_query_count_does_not_grow_with_documents(api_as):
    """ACC-GROUP, ACC-OFFICER: the visibility is one query for the page (and one count), however many rows."""
    api = api_as("cllr.gordon")
    with CaptureQueriesContext(connection) as small:
        assert api.get("/api/v1/documents/").status_code == 200
    base = Document.objects.get(ref="DOC-0014")
    Document.objects.bulk_create([Document(ref=f"DOC-B{i:04d}", title=f"Bulk {i}", department_id=base.department_id,
                                           classification="internal") for i in range(30)])
    with CaptureQueriesContext(connection) as large:
        body = api.get("/api/v1/documents/").json()
    assert body["count"] == 45 and len(body["results"]) == 45
    assert len(large) == len(small)
    catalogue_queries = [q["sql"] for q in large if 'FROM "requests_app_document"' in q["sql"]]
    assert len(catalogue_queries) == 2  # the count and the page


# Reading a document

def test_a_cabinet_member_is_granted_cabinet_business_and_reads_it_with_the_not_for_publication_notice(ask, api_as):
    """ACC-BODY, ACC-USE, AUD-VIEW: cllr.byrne asks for DOC-0003, is granted at once, and the view is recorded."""
    byrne = api_as("cllr.byrne")
    before = byrne.get("/api/v1/documents/DOC-0003/content")
    assert before.status_code == 403 and "Ask to see it" in before.json()["error"]["message"]
    response = ask("cllr.byrne", "DOC-0003")
    assert response.status_code == 201
    granted = response.json()
    assert granted["status"] == "granted" and granted["rules"] == ["ACC-BODY"] and granted["final"] is False
    assert granted["document"] == "DOC-0003" and granted["member"] == "cllr.byrne"
    assert granted["assigned_to"] is None and granted["due_at"] is None
    content = byrne.get("/api/v1/documents/DOC-0003/content")
    assert content.status_code == 200
    body = content.json()
    assert body["ref"] == "DOC-0003" and body["body_text"].startswith("Bidder A 78")
    assert "NOT FOR PUBLICATION" in body["notice"] and "ACC-USE" in body["notice"]
    view = AuditEvent.objects.get(verb="document.viewed")
    assert view.actor_username == "cllr.byrne" and view.rule_ids == ["AUD-VIEW", "ACC-USE"]


def test_a_published_document_is_read_without_a_notice(api_as):
    """ACC-PUBLIC, ACC-USE: published papers carry no use notice, and open to members and officers alike."""
    for username in ("cllr.nolan", "o.baker"):
        body = api_as(username).get("/api/v1/documents/DOC-0001/content").json()
        assert body["notice"] == "" and body["body_text"].startswith("Items: 1 Apologies")


def test_a_document_the_caller_knows_of_but_may_not_read_is_403(api_as):
    """ACC-OFFICER, AUD-VIEW: o.baker (Planning) sees Environment's DOC-0014 listed but may not open it."""
    response = api_as("o.baker").get("/api/v1/documents/DOC-0014/content")
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert api_as("o.dunn").get("/api/v1/documents/DOC-0014/content").status_code == 200  # Environment's own
    viewers = AuditEvent.objects.filter(verb="document.viewed").values_list("actor_username", flat=True)
    assert list(viewers) == ["o.dunn"]


# Asking

def test_an_officer_cannot_ask_for_a_document(ask):
    """ACC-OFFICER: access requests are members' (API.md); officers are told so, 403."""
    response = ask("o.baker", "DOC-0003")
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "forbidden", "message": "Only members can ask to see documents.",
                                        "fields": {}}


def test_asking_for_another_groups_document_is_404_exactly_like_an_unknown_ref(ask, api_as):
    """ACC-GROUP: cllr.gordon cannot even learn DOC-0009 exists by asking for it; nothing is recorded."""
    secret, unknown = ask("cllr.gordon", "DOC-0009"), ask("cllr.gordon", "DOC-9999")
    assert secret.status_code == unknown.status_code == 404
    assert secret.content == unknown.content == api_as("cllr.gordon").get("/api/v1/documents/DOC-9999/").content
    assert not AuditEvent.objects.filter(verb__startswith="access_request.").exists()


def test_an_invalid_request_lists_every_bad_field(api_as):
    """ACC-NO-ROVING: what was sent is checked whole; every bad field is listed with what to change."""
    response = api_as("cllr.nolan").post("/api/v1/access-requests/", {
        "on_behalf_of_constituent": "maybe", "declared_interest": 7, "scrutiny_reference": "x" * 301,
    }, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "document": ["Give the ref of the document you want to see, e.g. DOC-0014."],
        "justification": ["Say why you need this document to carry out your role as a member."],
        "on_behalf_of_constituent": ["Write on_behalf_of_constituent as true or false."],
        "declared_interest": ["Write declared_interest as true or false."],
        "scrutiny_reference": ["Keep the scrutiny reference under 300 characters."],
    }
    assert not AuditEvent.objects.filter(verb__startswith="access_request.").exists()


def test_a_request_without_a_reason_is_refused_at_once(ask):
    """ACC-NO-ROVING: an empty justification is the rule's to refuse, not a malformed request."""
    body = ask("cllr.nolan", "DOC-0014", justification="").json()
    assert body["status"] == "refused" and body["rules"] == ["ACC-NO-ROVING"] and body["assigned_to"] is None


def test_need_to_know_is_referred_to_the_holding_head_of_service_with_a_due_time(ask):
    """ACC-NEED-TO-KNOW, ACC-DETERMINE: due in 10 working days, end of day, in London time with its offset."""
    response = ask("cllr.nolan", "DOC-0014")
    assert response.status_code == 201
    body = response.json()
    uuid.UUID(body["id"])
    assert body["status"] == "referred" and body["rules"] == ["ACC-NEED-TO-KNOW"]
    assert body["assigned_to"] == "h.osei" and body["due_at"] == "2026-12-07T23:59:59+00:00"
    assert body["member"] == "cllr.nolan" and body["final"] is False and "Head of Service" in body["reasons"]
    assert body["events"] == [{"at": "2026-11-23T10:00:00+00:00", "actor": "cllr.nolan",
                               "verb": "access_request.referred", "rules": ["ACC-NEED-TO-KNOW"],
                               "reasons": body["reasons"]}]


def test_times_carry_the_british_summer_time_offset(ask):
    """ACC-DETERMINE: in summer the stored due time is shown at +01:00, in Europe/London."""
    with time_machine.travel(datetime(2026, 6, 1, 9, 30, tzinfo=LONDON), tick=False):
        body = ask("cllr.nolan", "DOC-0014").json()
    assert body["due_at"] == "2026-06-15T23:59:59+01:00" and body["events"][0]["at"] == "2026-06-01T09:30:00+01:00"


# Seeing requests

def test_a_request_is_seen_by_its_member_assignee_and_monitoring_officers_only(referred, api_as):
    """ACC-DETERMINE, ACC-DISPUTE: requester, assignee, MO and deputy see it; another member or officer gets 404."""
    path = f"/api/v1/access-requests/{referred}/"
    for username in ("cllr.nolan", "h.osei", "h.shah", "s.evans"):
        response = api_as(username).get(path)
        assert response.status_code == 200 and response.json()["id"] == referred
    for username in ("cllr.gordon", "h.patel", "o.dunn"):
        response = api_as(username).get(path)
        assert response.status_code == 404 and response.json() == NOT_FOUND
    for unknown in (uuid.uuid4(), "not-a-uuid"):
        assert api_as("h.shah").get(f"/api/v1/access-requests/{unknown}/").json() == NOT_FOUND


def test_the_list_shows_each_person_their_own_requests(referred, ask, api_as):
    """ACC-DETERMINE: a member lists their own requests; an officer those assigned to them; the MO all."""
    other = ask("cllr.byrne", "DOC-0003").json()["id"]

    def ids(username):
        return {r["id"] for r in api_as(username).get("/api/v1/access-requests/").json()["results"]}
    assert ids("cllr.nolan") == {referred} and ids("cllr.byrne") == {other}
    assert ids("h.osei") == {referred} and ids("h.patel") == set()
    assert ids("h.shah") == ids("s.evans") == {referred, other}


@pytest.mark.parametrize("username", ["h.shah", "cllr.nolan"])
def test_the_list_query_count_does_not_grow_with_requests(username, person, api_as):
    """ACC-DETERMINE: a page of requests, with every request's events, is a fixed number of queries."""
    nolan, document = person("cllr.nolan"), Document.objects.get(ref="DOC-0014")

    def add(n):
        for _ in range(n):
            actions.access_request_create(acting_user=nolan, document=document, justification=REASON)
    api = api_as(username)
    add(2)
    with CaptureQueriesContext(connection) as small:
        assert api.get("/api/v1/access-requests/").json()["count"] == 2
    add(10)
    with CaptureQueriesContext(connection) as large:
        body = api.get("/api/v1/access-requests/").json()
    assert body["count"] == 12 and all(len(r["events"]) == 1 for r in body["results"])
    assert len(large) == len(small)
    assert len([q for q in large if 'FROM "audit_auditevent"' in q["sql"]]) == 1


# Determining

def test_a_refusal_needs_written_reasons(referred, decide, api_as):
    """ACC-DETERMINE: h.osei refusing without reasons is told to give them; with reasons the request is refused."""
    response = decide("h.osei", referred, "determination", decision="refuse")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["reasons"]
    assert api_as("h.osei").get(f"/api/v1/access-requests/{referred}/").json()["status"] == "referred"
    response = decide("h.osei", referred, "determination", decision="refuse", reasons="Operational data only.")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "refused" and body["reasons"] == "Operational data only."
    assert body["assigned_to"] is None and body["due_at"] is None and body["final"] is False
    assert [e["verb"] for e in body["events"]] == ["access_request.referred", "access_request.determined_refused"]
    assert body["events"][1]["actor"] == "h.osei" and body["events"][1]["rules"] == ["ACC-DETERMINE"]


def test_a_determination_lists_a_bad_decision(referred, decide):
    """ACC-DETERMINE: the decision is grant or refuse, nothing else."""
    response = decide("h.osei", referred, "determination", decision="maybe")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"decision": ["decision must be grant or refuse."]}


def test_the_requester_may_not_determine_and_other_officers_may_not_know_of_it(referred, decide):
    """ACC-DETERMINE: cllr.nolan sees the request but may not decide it (403); h.patel cannot see it (404)."""
    mine = decide("cllr.nolan", referred, "determination", decision="grant")
    assert mine.status_code == 403 and "assigned" in mine.json()["error"]["message"]
    other = decide("h.patel", referred, "determination", decision="grant")
    assert other.status_code == 404 and other.json() == NOT_FOUND


def test_the_head_of_service_grants_and_the_member_reads(referred, decide, api_as):
    """ACC-DETERMINE, ACC-USE: a grant needs no reasons; the member then reads with the use notice."""
    body = decide("h.osei", referred, "determination", decision="grant").json()
    assert body["status"] == "granted" and body["final"] is False and body["assigned_to"] is None
    content = api_as("cllr.nolan").get("/api/v1/documents/DOC-0014/content").json()
    assert content["body_text"].startswith("Top three sites") and "must not disclose" in content["notice"]
    assert "NOT FOR PUBLICATION" not in content["notice"]  # internal, not a Part II report


def test_determining_twice_is_a_conflict(refused, decide):
    """ACC-DETERMINE: a decided request cannot be decided again (409), by the MO or by the officer who decided it."""
    again = decide("h.shah", refused, "determination", decision="refuse", reasons="Again.")
    assert again.status_code == 409 and "already been refused" in again.json()["error"]["message"]
    again = decide("h.osei", refused, "determination", decision="refuse", reasons="Again.")
    assert again.status_code == 409 and "already been refused" in again.json()["error"]["message"]


def test_refer_hands_the_request_to_the_monitoring_officer(referred, decide):
    """ACC-DETERMINE, ACC-MO-CONFLICT: an officer in doubt refers it (003 ¶113), saying why; then it is the MO's."""
    assert decide("cllr.nolan", referred, "refer", reasons="Please.").status_code == 403
    assert decide("h.patel", referred, "refer", reasons="Please.").json() == NOT_FOUND
    missing = decide("h.osei", referred, "refer")
    assert missing.status_code == 400 and list(missing.json()["error"]["fields"]) == ["reasons"]
    response = decide("h.osei", referred, "refer", reasons="I am unsure whether the ward data is personal data.")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "referred" and body["assigned_to"] == "h.shah"
    assert body["events"][-1]["verb"] == "access_request.referred_to_monitoring_officer"
    # h.osei still sees the request he referred, but it is no longer his to decide.
    assert decide("h.osei", referred, "determination", decision="grant").status_code == 403
    again = decide("h.shah", referred, "refer", reasons="Back to me?")
    assert again.status_code == 409


# Disputing

def test_a_dispute_goes_to_the_monitoring_officer_whose_overturn_is_final(refused, decide, api_as):
    """ACC-DISPUTE, ACC-MO-CONFLICT, ACC-USE: cllr.nolan disputes h.osei's refusal; h.shah overturns it, finally."""
    missing = decide("cllr.nolan", refused, "dispute")
    assert missing.status_code == 400 and list(missing.json()["error"]["fields"]) == ["grounds"]
    response = decide("cllr.nolan", refused, "dispute", grounds="I am moving a motion on fly-tipping in East Ward.")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "disputed" and body["assigned_to"] == "h.shah"
    assert body["due_at"] == "2026-12-07T23:59:59+00:00"
    assert body["events"][-1]["rules"] == ["ACC-DISPUTE", "ACC-MO-CONFLICT"]
    # The Head of Service who refused still sees it, but the dispute is the Monitoring Officer's to decide.
    assert decide("h.osei", refused, "determination", decision="grant", reasons="Changed my mind.").status_code == 403
    assert decide("h.shah", refused, "determination", decision="grant").status_code == 400  # reasons, either way
    response = decide("h.shah", refused, "determination", decision="grant",
                      reasons="A ward member moving a motion on this needs the site list.")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "granted" and body["final"] is True
    assert body["events"][-1]["verb"] == "access_request.dispute_overturned"
    assert api_as("cllr.nolan").get("/api/v1/documents/DOC-0014/content").status_code == 200
    again = decide("cllr.nolan", refused, "dispute", grounds="Once more.")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_only_the_requester_disputes_and_only_a_refusal(refused, ask, decide):
    """ACC-DISPUTE: an officer who can see it may not dispute (403); a grant cannot be disputed (409)."""
    assert decide("h.shah", refused, "dispute", grounds="On the member's behalf.").status_code == 403
    assert decide("cllr.gordon", refused, "dispute", grounds="Me too.").json() == NOT_FOUND
    granted = ask("cllr.byrne", "DOC-0003").json()["id"]
    response = decide("cllr.byrne", granted, "dispute", grounds="Nothing to dispute.")
    assert response.status_code == 409 and "Only a refusal can be disputed" in response.json()["error"]["message"]


def test_the_deputy_decides_a_dispute_the_monitoring_officer_refused(ask, decide):
    """ACC-MO-CONFLICT: h.shah heads Legal and refused the DOC-0007 request, so the deputy, s.evans, decides."""
    request_id = ask("cllr.nolan", "DOC-0007").json()["id"]
    refusal = decide("h.shah", request_id, "determination", decision="refuse", reasons="Privileged advice.")
    assert refusal.status_code == 200
    body = decide("cllr.nolan", request_id, "dispute", grounds="I need it to vote at full Council.").json()
    assert body["status"] == "disputed" and body["assigned_to"] == "s.evans"
    assert decide("h.shah", request_id, "determination", decision="grant", reasons="x").status_code == 403
    upheld = decide("s.evans", request_id, "determination", decision="refuse",
                    reasons="Privilege is not waived.").json()
    assert upheld["status"] == "refused" and upheld["final"] is True


def test_every_endpoint_needs_sign_in(referred):
    """API.md conventions (AUD-EVENT needs an actor): nothing is done or shown without knowing who asked (401)."""
    from rest_framework.test import APIClient

    api = APIClient()
    for path in ("/api/v1/documents/", "/api/v1/documents/DOC-0001/", "/api/v1/documents/DOC-0001/content",
                 "/api/v1/access-requests/", f"/api/v1/access-requests/{referred}/"):
        assert api.get(path).status_code == 401
    for what in ("determination", "refer", "dispute"):
        assert api.post(f"/api/v1/access-requests/{referred}/{what}", {}, format="json").status_code == 401
    assert api.post("/api/v1/access-requests/", {}, format="json").status_code == 401


def test_the_schema_documents_the_endpoints(api_as):
    """API.md: the OpenAPI schema names every documents and access-request path and its bodies."""
    text = api_as("o.baker").get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/documents/", "/api/v1/documents/{ref}/content", "/api/v1/access-requests/{id}/determination",
                 "/api/v1/access-requests/{id}/refer", "/api/v1/access-requests/{id}/dispute"):
        assert path in text
    assert "AccessRequestCreateRequest" in text and "PaginatedAccessRequestList" in text
