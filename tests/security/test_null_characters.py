"""A NUL character anywhere a person can type or send one (issue 9, found by fuzzing on PostgreSQL).

PostgreSQL refuses to store or even compare text holding a NUL, so each of these was a 500 there (SQLite
takes it): a document reference in an address, and a person chosen by username in a complaint form.
"""
import pytest

from complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method, path", [("get", "/documents/%00/"), ("post", "/documents/%00/request/"),
                                          ("get", "/documents/DOC%00-0001/read/")])
def test_a_reference_with_a_nul_is_just_unknown_on_a_page(client_as, method, path):
    assert getattr(client_as("cllr.gordon"), method)(path).status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/documents/%00/", "/api/v1/documents/%00/content"])
def test_a_reference_with_a_nul_is_just_unknown_in_the_api(api_as, path):
    response = api_as("cllr.gordon").get(path)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_nul_in_a_chosen_person_is_refused_with_the_field_named(client_as):
    before = Complaint.objects.count()
    response = client_as("cllr.gordon").post("/complaints/new/", {
        "about": "o.baker\x00", "category": "conduct", "details": "Rude at the ward surgery."})
    assert response.status_code == 400
    assert "“Who is the complaint about?” contains a hidden null character" in response.content.decode()
    assert Complaint.objects.count() == before


@pytest.mark.parametrize("on_behalf_of, field", [
    ({"name": "Ann\x00Lee", "ward": "NORTH", "consent": True}, "on_behalf_of.name"),
    ({"name": "Ann Lee", "ward": "NORTH\x00", "consent": True}, "on_behalf_of.ward"),
])
def test_a_nul_inside_the_apis_constituent_is_refused_with_the_field_named(api_as, on_behalf_of, field):
    """The constituent is a JSON object, so DRF's own NUL check never sees its parts: the action refuses them."""
    from requests_app.enquiries.models import Enquiry

    before = Enquiry.objects.count()
    response = api_as("cllr.gordon").post("/api/v1/enquiries/", {
        "subject": "Fly-tipping", "question": "When is it cleared?", "department": "ENV",
        "on_behalf_of": on_behalf_of}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert Enquiry.objects.count() == before
