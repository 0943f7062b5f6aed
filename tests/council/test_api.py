"""API v1 skeleton (API.md): token auth, the error format, /me, the calendar, the schema."""
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from protocol_portal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_unauthenticated_calls_get_401_in_the_error_format(riverside):
    response = APIClient().get("/api/v1/me")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "not_authenticated"
    assert "issue_token" in error["message"]
    assert error["fields"] == {}


def test_a_bad_token_gets_401(riverside):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert api.get("/api/v1/me").status_code == 401


def test_me_for_a_member(api_as):
    body = api_as("cllr.ahmed").get("/api/v1/me").json()
    assert body == {
        "username": "cllr.ahmed", "name": "Cllr Sara Ahmed", "kind": "member", "group": "LAB", "wards": ["NORTH"],
        "bodies": ["CABINET", "COUNCIL"], "grade": None, "department": None, "statutory_roles": [],
    }


def test_me_for_an_officer(api_as):
    body = api_as("h.shah").get("/api/v1/me").json()
    assert body["kind"] == "officer" and body["grade"] == "head_of_service" and body["department"] == "LEGAL"
    assert body["statutory_roles"] == ["monitoring_officer"]
    assert body["group"] is None and body["wards"] == [] and body["bodies"] == []


def test_browser_sessions_work_too(client_as):
    assert client_as("o.baker").get("/api/v1/me").json()["username"] == "o.baker"


@pytest.mark.parametrize(
    "start, due", [("2025-12-19", "2026-01-07"), ("2026-12-18", "2027-01-11"), ("2027-03-24", "2027-04-09")]
)
def test_calendar_due_date_under_the_councils_calendar(api_as, start, due):
    """WD-COUNT through the API; Riverside closes 29–31 December 2026, so that vector moves to 11 January."""
    body = api_as("o.baker").get(f"/api/v1/calendar/due-date?from={start}&days=10&kind=working").json()
    assert body["from"] == start and body["days"] == 10 and body["kind"] == "working"
    assert body["due"] == due


def test_calendar_lists_each_skipped_day_with_its_reason(api_as):
    body = api_as("o.baker").get("/api/v1/calendar/due-date?from=2026-12-18&days=10").json()
    skipped = {d["date"]: d["reason"] for d in body["skipped"]}
    assert skipped["2026-12-25"] == "Bank holiday: Christmas Day"
    assert skipped["2026-12-29"] == "Council closure day"
    assert skipped["2026-12-19"] == "Saturday"


def test_calendar_clear_and_calendar_kinds(api_as):
    api = api_as("o.baker")
    assert api.get("/api/v1/calendar/due-date?from=2026-11-23&days=5&kind=clear").json()["due"] == "2026-12-01"
    assert api.get("/api/v1/calendar/due-date?from=2026-11-23&days=5&kind=calendar").json()["due"] == "2026-11-28"


def test_calendar_lists_every_bad_field(api_as):
    response = api_as("o.baker").get("/api/v1/calendar/due-date?from=2026-02-30&days=ten&kind=fortnightly")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"from", "days", "kind"}
    assert error["fields"]["from"] == ["Write the start date as YYYY-MM-DD, e.g. 2026-12-18."]
    assert error["fields"]["days"] == ["The number of days must be a whole number, e.g. 10."]
    assert error["fields"]["kind"] == ["kind must be working, calendar or clear."]


def test_calendar_requires_from_and_days(api_as):
    error = api_as("o.baker").get("/api/v1/calendar/due-date").json()["error"]
    assert error["fields"] == {"from": ["Give the start date as from=YYYY-MM-DD."], "days": ["Give the number of days as days=N."]}


def test_calendar_needs_sign_in(riverside):
    assert APIClient().get("/api/v1/calendar/due-date?from=2026-11-23&days=1").status_code == 401


def test_schema_and_docs_are_served(api_as, client_as):
    schema = api_as("o.baker").get("/api/v1/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/calendar/due-date" in text and "/api/v1/me" in text
    docs = client_as("o.baker").get("/api/v1/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_schema_and_docs_need_sign_in(riverside):
    assert APIClient().get("/api/v1/schema/").status_code == 401
    assert APIClient().get("/api/v1/docs/").status_code == 401


def test_issue_token_prints_a_key_that_works_and_revokes_the_old_one(riverside):
    first, second = StringIO(), StringIO()
    call_command("issue_token", "cllr.kaur", stdout=first)
    call_command("issue_token", "cllr.kaur", stdout=second)
    old, new = first.getvalue().strip(), second.getvalue().strip()
    assert len(new) == 40 and "\n" not in new and old != new
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert api.get("/api/v1/me").json()["username"] == "cllr.kaur"
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get("/api/v1/me").status_code == 401
    assert AuditEvent.objects.filter(verb="api_token.issued", target_id__isnull=False).count() == 2


def test_issue_token_for_an_unknown_user_says_so(riverside):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No active user with username 'cllr.nobody'"):
        call_command("issue_token", "cllr.nobody")


def test_unknown_api_paths_answer_404_in_the_error_format(api_as):
    response = api_as("o.baker").get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}


def test_a_wrong_method_is_405_in_the_error_format(api_as):
    response = api_as("o.baker").post("/api/v1/me", {})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
