"""The admin for council data: staff only, read-only for council records, constant queries per list."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from protocol_portal.council.importer.apply import apply_council_plan
from protocol_portal.council.importer.validation import parse_council_file, validate_council_file
from tests.conftest import RIVERSIDE

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/members/member/", "/admin/members/body/", "/admin/members/meeting/", "/admin/officers/officer/",
    "/admin/officers/department/", "/admin/officers/directorate/", "/admin/officers/statutoryappointment/",
    "/admin/requests_app/document/", "/admin/complaints/declaredrelationship/", "/admin/council/user/",
    "/admin/audit/auditevent/", "/admin/requests_app/accessrequest/", "/admin/enquiries/enquiry/",
    "/admin/deadlines/deadline/", "/admin/briefings/briefing/",
]


@pytest.fixture
def staff_client(client, riverside):
    from protocol_portal.council.models import User

    client.force_login(User.objects.create_superuser("admin.staff", "staff@example.org", "x" * 20))
    return client


def _grow_council():
    """Add 40 officers and 40 documents to Riverside through the importer, as a council would."""
    import yaml

    data = yaml.safe_load(RIVERSIDE.read_text())
    data["officers"] += [
        {"username": f"o.extra{i}", "name": f"Extra Officer {i}", "email": f"extra{i}@riverside.example",
         "post": "Officer", "grade": "officer", "department": "PLAN", "manager": "s.ali"}
        for i in range(40)
    ]
    data["documents"] += [
        {"ref": f"DOC-X{i:03d}", "title": f"Extra document {i}", "department": "ENV", "classification": "internal",
         "wards": ["EAST"]}
        for i in range(40)
    ]
    apply_council_plan(validate_council_file(parse_council_file(yaml.safe_dump(data))))


@pytest.mark.parametrize("url", LISTS)
def test_admin_lists_keep_a_constant_query_count(staff_client, url):
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url).status_code == 200
    _grow_council()
    with CaptureQueriesContext(connection) as large:
        assert staff_client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_council_records_cannot_be_changed_in_the_admin(staff_client):
    from requests_app.models import Document

    doc = Document.objects.get(ref="DOC-0003")
    assert staff_client.get("/admin/requests_app/document/add/").status_code == 403
    assert staff_client.post(f"/admin/requests_app/document/{doc.pk}/delete/").status_code == 403
    page = staff_client.get(f"/admin/requests_app/document/{doc.pk}/change/").content.decode()
    assert 'value="Save"' not in page
    # The text of an exempt report is read through the portal's access rules, not the admin.
    assert "Bidder A 78" not in page


def test_people_cannot_be_deleted_only_deactivated(staff_client, person):
    ahmed = person("cllr.ahmed")
    assert staff_client.post(f"/admin/council/user/{ahmed.pk}/delete/").status_code == 403


def test_members_and_officers_who_are_not_staff_are_kept_out(client_as):
    """Only the Monitoring Officer, the deputy and staff they authorise come in, besides Django's own staff."""
    for username in ("cllr.ahmed", "c.wright", "o.forde"):
        response = client_as(username).get("/admin/members/member/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("username", ["h.shah", "s.evans"])
def test_the_monitoring_officer_and_deputy_open_the_admin_arranged_in_sections(client_as, username):
    """Issue 7: council data, people, documents and requests, casework and audit; read-only for them."""
    client = client_as(username)
    index = client.get("/admin/")
    assert index.status_code == 200
    sections = [s["name"] for s in index.context["app_list"]]
    assert sections == ["Council data", "People", "Documents and requests", "Casework", "Audit"]
    assert client.get("/admin/members/member/").status_code == 200
    member = client.get("/admin/members/member/").context["cl"].result_list[0]
    assert client.post(f"/admin/members/member/{member.pk}/change/", {}).status_code == 403
    assert client.get("/admin/council/user/add/").status_code == 403


def test_authorised_staff_come_in_and_withdrawing_goes_through_the_action(client_as, person):
    from protocol_portal.audit.models import AuditEvent
    from protocol_portal.oversight.actions import oversight_grant

    grant = oversight_grant(acting_user=person("h.shah"), username="o.forde")
    assert client_as("o.forde").get("/admin/officers/officer/").status_code == 200
    refused = client_as("o.forde").post("/admin/oversight/oversightaccess/", {
        "action": "withdraw", "_selected_action": [grant.pk]}, follow=True)
    grant.refresh_from_db()
    assert grant.revoked_at is None and "Only the Monitoring Officer" in refused.content.decode()
    client_as("h.shah").post("/admin/oversight/oversightaccess/", {"action": "withdraw", "_selected_action": [grant.pk]})
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert AuditEvent.objects.filter(verb="oversight.revoked").count() == 1



def test_the_document_admin_asks_the_catalogue_selector(staff_client):
    """ACC-GROUP: the admin lists what the catalogue selector allows; group papers never appear."""
    page = staff_client.get("/admin/requests_app/document/?all=").content.decode()
    assert "DOC-0003" in page
    assert "DOC-0009" not in page and "DOC-0010" not in page
    from requests_app.models import Document

    assert staff_client.get(f"/admin/requests_app/document/{Document.objects.get(ref='DOC-0009').pk}/change/").status_code == 302
