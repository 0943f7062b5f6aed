"""Enquiry pages: the member asks and reads, officers triage and answer; two people per page (ENQ-*, COR-*)."""
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from protocol_portal.deadlines.actions import run_escalations
from requests_app.enquiries.models import Enquiry, MessageCopy

from .conftest import RECEIVED, london

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def monday_23_november_2026():
    with time_machine.travel(RECEIVED, tick=False):
        yield


def text(response):
    return response.content.decode()


def enquiry_links(page):
    return re.findall(r'href="/enquiries/[0-9a-f-]{36}/"', page)


def latest():
    return Enquiry.objects.select_related("deadline").latest("received_at", "pk")


ASK = {"subject": "Fly-tipping on Canal Path", "question": "How often is Canal Path cleared?", "department": "ENV"}


def test_enq_due_a_member_asks_and_sees_the_due_date_at_once(client_as):
    """ENQ-DUE, WD-COUNT: received 23 November, the member is told 7 December straight away."""
    client = client_as("cllr.gordon")
    form = text(client.get("/enquiries/new/"))
    assert "Ask a question" in form and "Democratic Services to route it" in form and "South Ward" in form
    response = client.post("/enquiries/new/", ASK, follow=True)
    page = text(response)
    assert "A full response is due by 7 December 2026" in page
    assert "How often is Canal Path cleared?" in page and "Environment and Waste" in page
    enquiry = latest()
    assert response.redirect_chain[-1][0] == f"/enquiries/{enquiry.public_id}/"
    assert enquiry.status == "open" and not enquiry.via_democratic_services


def test_enq_triage_no_department_goes_to_democratic_services(client_as):
    """ENQ-TRIAGE: an enquiry for no department waits for Democratic Services to route it."""
    client_as("cllr.gordon").post("/enquiries/new/", {**ASK, "department": ""})
    enquiry = latest()
    assert enquiry.via_democratic_services and enquiry.department.code == "LEGAL"
    queue = text(client_as("o.forde").get("/enquiries/?queue=triage"))
    assert "Fly-tipping on Canal Path" in queue and "To route (Democratic Services) (1)" in queue
    assert "To route" not in text(client_as("o.dunn").get("/enquiries/"))


def test_enq_on_behalf_outside_the_members_wards_is_refused_with_the_rule(client_as):
    """ENQ-ON-BEHALF: Cllr Gordon (South Ward, no Council role) cannot ask for a North Ward constituent."""
    response = client_as("cllr.gordon").post("/enquiries/new/", {
        **ASK, "on_behalf": "on", "on_behalf_name": "Mrs Edna Price", "on_behalf_ward": "NORTH",
        "on_behalf_consent": "on"})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page and "North Ward is not one of your wards" in page and "ENQ-ON-BEHALF" in page
    assert not Enquiry.objects.exists()


def test_enq_on_behalf_needs_the_constituents_consent(client_as):
    response = client_as("cllr.gordon").post("/enquiries/new/", {
        **ASK, "on_behalf": "on", "on_behalf_name": "Mrs Edna Price", "on_behalf_ward": "SOUTH"})
    assert response.status_code == 400 and "Confirm that the constituent has agreed" in text(response)
    client_as("cllr.gordon").post("/enquiries/new/", {
        **ASK, "on_behalf": "on", "on_behalf_name": "Mrs Edna Price", "on_behalf_ward": "SOUTH",
        "on_behalf_consent": "on"})
    assert latest().on_behalf_name == "Mrs Edna Price" and latest().on_behalf_basis == "ward"


def test_an_empty_question_is_refused_field_by_field_and_changes_nothing(client_as):
    response = client_as("cllr.gordon").post("/enquiries/new/", {"subject": "", "question": "", "department": "ENV"})
    assert response.status_code == 400
    page = text(response)
    assert 'href="#id_subject"' in page and 'href="#id_question"' in page and "Give a subject" in page
    assert not Enquiry.objects.exists()


def test_officers_cannot_send_enquiries(client_as):
    assert client_as("o.dunn").get("/enquiries/new/").status_code == 403


def test_the_whole_walk_assign_holding_reply_response_and_the_member_reads_it(client_as, django_capture_on_commit_callbacks):
    """ENQ-TRIAGE, ENQ-HOLDING, ENQ-DUE through the pages, with an email at each step."""
    from django.core import mail

    member = client_as("cllr.gordon")
    member.post("/enquiries/new/", ASK)
    enquiry = latest()
    url = f"/enquiries/{enquiry.public_id}/"
    head = client_as("h.osei")
    assert "Assign it" in text(head.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        assert head.post(url + "assign/", {"assign-officer": "o.dunn"}).status_code == 302
    assert mail.outbox[-1].to == ["a.dunn@riverside.example"]
    officer = client_as("o.dunn")
    page = text(officer.get(url))
    assert "Send the full response" in page and "Send a holding reply" in page and "Assign it" not in page

    bad = officer.post(url + "holding-reply/", {"holding-reasons": "", "holding-revised_date": "1",
                                                "holding-revised_month": "12", "holding-revised_year": "2026"})
    assert bad.status_code == 400
    assert "Give the reasons" in text(bad) and "must be after the current target, 7 December 2026" in text(bad)
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(url + "holding-reply/", {"holding-reasons": "Waiting for the contractor's survey.",
                                              "holding-revised_date": "18", "holding-revised_month": "12",
                                              "holding-revised_year": "2026"})
    assert mail.outbox[-1].to == ["i.gordon@riverside.example"]
    assert "Waiting for the contractor's survey." in mail.outbox[-1].body
    page = text(member.get(url))
    assert "Holding reply sent" in page and 'data-testid="target">18 December 2026' in page
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(url + "response/", {"response-text": "Canal Path is cleared every Tuesday."})
    page = text(member.get(url))
    assert "Answered" in page and "Canal Path is cleared every Tuesday." in page
    assert "Sent to Cllr Ian Gordon. No blind copies (COR-NO-BLIND)." in page
    again = officer.post(url + "response/", {"response-text": "And Fridays."})
    assert again.status_code == 409 and "already been answered" in text(again)


def test_other_members_and_officers_of_other_departments_get_404(client_as):
    client_as("cllr.gordon").post("/enquiries/new/", ASK)
    url = f"/enquiries/{latest().public_id}/"
    for outsider in ("cllr.hughes", "o.baker", "h.patel", "o.hussain"):
        assert client_as(outsider).get(url).status_code == 404, outsider
    for insider in ("cllr.gordon", "o.dunn", "h.osei"):
        assert client_as(insider).get(url).status_code == 200, insider


def test_only_the_assignee_may_answer_and_only_triagers_assign(client_as):
    client_as("cllr.gordon").post("/enquiries/new/", ASK)
    url = f"/enquiries/{latest().public_id}/"
    assert client_as("o.dunn").post(url + "assign/", {"assign-officer": "o.dunn"}).status_code == 403
    client_as("h.osei").post(url + "assign/", {"assign-officer": "o.dunn"})
    response = client_as("h.osei").post(url + "response/", {"response-text": "An answer."})
    assert response.status_code == 403 and "Only the officer the enquiry is assigned to" in text(response)


def test_rel_conflict_related_officers_are_not_offered_and_cannot_be_assigned(client_as):
    """REL-CONFLICT: Alex Dunn has declared a family relationship with Cllr Das."""
    client_as("cllr.das").post("/enquiries/new/", ASK)
    url = f"/enquiries/{latest().public_id}/"
    page = text(client_as("h.osei").get(url))
    assert "Alex Dunn" not in page
    response = client_as("h.osei").post(url + "assign/", {"assign-officer": "o.dunn"})
    assert response.status_code == 400  # not a choice on the form: the form refuses it
    assert client_as("o.dunn").get(url).status_code == 404  # and it does not exist to them


def test_cor_copy_and_concerns_are_shown_to_everyone_and_the_copy_reader_sees_only_their_copy(
        client_as, assign, person):
    """COR-COPY, COR-CONCERNS, COR-NO-BLIND: copies are explicit, and a copied member sees only what was copied."""
    from requests_app.enquiries.actions import enquiry_respond

    client_as("cllr.gordon").post("/enquiries/new/", ASK)
    enquiry = assign(latest(), "o.dunn")
    enquiry_respond(acting_user=person("o.dunn"), enquiry=enquiry, text="Cleared on Tuesdays.",
                    copy_to=["cllr.hughes"], concerns=["cllr.iqbal"])
    url = f"/enquiries/{enquiry.public_id}/"
    line = ("Sent to Cllr Ian Gordon; Cllr Beth Hughes (copied, COR-COPY); Cllr Nadia Iqbal (it contains information about them, "
            "COR-CONCERNS). No blind copies (COR-NO-BLIND).")
    assert line in text(client_as("cllr.gordon").get(url))
    copied = text(client_as("cllr.hughes").get(url))
    assert line in copied and "A reply to Cllr Ian Gordon's enquiry was copied to you" in copied
    assert "How often is Canal Path cleared?" not in copied and "History" not in copied
    assert "Fly-tipping on Canal Path" in text(client_as("cllr.hughes").get("/enquiries/"))
    assert client_as("cllr.jones").get(url).status_code == 404


def test_enq_confidential_offers_no_copies_at_the_officers_choice(client_as, assign):
    """ENQ-CONFIDENTIAL: the reply form has no 'copy to' on a confidential enquiry (COR-CONCERNS stays)."""
    client_as("cllr.gordon").post("/enquiries/new/", {**ASK, "confidential": "on"})
    enquiry = assign(latest(), "o.dunn")
    page = text(client_as("o.dunn").get(f"/enquiries/{enquiry.public_id}/"))
    assert "Copy this reply to another member" not in page
    assert "Does it contain information about another councillor?" in page
    client_as("o.dunn").post(f"/enquiries/{enquiry.public_id}/response/",
                             {"response-text": "Answer", "response-copy_to": ["cllr.hughes"]})
    assert not MessageCopy.objects.filter(message__enquiry=enquiry).exists()  # a forged copy_to is not a field here


def test_enq_decline_and_resources_through_the_pages(client_as, assign):
    """ENQ-DECLINE cites the rule; ENQ-RESOURCES records that guidance was sought."""
    client_as("cllr.gordon").post("/enquiries/new/", ASK)
    enquiry = assign(latest(), "o.dunn")
    url = f"/enquiries/{enquiry.public_id}/"
    officer = client_as("o.dunn")
    officer.post(url + "guidance/", {"guidance-note": "Asked the Director of Place: a full survey is needed."})
    assert "Sought on 23 November 2026 (ENQ-RESOURCES)" in text(officer.get(url))
    bad = officer.post(url + "decline/", {"decline-rule": "ENQ-DECLINE", "decline-reason": ""})
    assert bad.status_code == 400 and "Say why this is political or personal work" in text(bad)
    officer.post(url + "decline/", {"decline-rule": "ENQ-DECLINE", "decline-reason": "This is campaign work."})
    page = text(client_as("cllr.gordon").get(url))
    assert "Declined</strong>" in page and "Declined under ENQ-DECLINE" in page


def test_queue_shows_overdue_due_soon_and_escalated_at_a_glance(client_as, ask, assign):
    """ENQ-REMIND, ENQ-ESCALATE: the queue tags what is overdue, due soon and escalated."""
    late = assign(ask(subject="Late one", now=london(2026, 11, 2, 10)), "o.dunn")
    assign(ask(subject="Soon one", now=london(2026, 11, 10, 10)), "o.dunn")  # due 24 November
    assign(ask(subject="Fresh one"), "o.dunn")
    run_escalations(now=RECEIVED)
    page = text(client_as("o.dunn").get("/enquiries/"))
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page, re.S)[1:]
    assert ["Late one" in rows[0], "Soon one" in rows[1], "Fresh one" in rows[2]] == [True, True, True]
    assert "Overdue" in rows[0] and "Escalated to Director" in rows[0]
    assert "Due soon" in rows[1] and "Overdue" not in rows[1]
    assert "Overdue" not in rows[2] and "Due soon" not in rows[2]
    director = text(client_as("d.okafor").get("/enquiries/"))
    assert 'data-testid="escalated"' in director and "Late one" in director
    assert client_as("d.okafor").get(f"/enquiries/{late.public_id}/").status_code == 200


def _grow(ask, n, member="cllr.gordon"):
    for i in range(n):
        ask(member, subject=f"Extra {i}")


def _constant(client, url, grow):
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    grow()
    with CaptureQueriesContext(connection) as after:
        page = text(client.get(url))
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
    return page


def test_the_members_list_keeps_its_query_count(client_as, ask):
    ask()
    page = _constant(client_as("cllr.gordon"), "/enquiries/", lambda: _grow(ask, 12))
    assert len(enquiry_links(page)) == 13


def test_the_department_queue_keeps_its_query_count(client_as, ask, assign):
    assign(ask(), "o.dunn")
    page = _constant(client_as("h.osei"), "/enquiries/?queue=department",
                     lambda: [assign(ask(subject=f"Extra {i}"), "o.dunn") for i in range(12)])
    assert len(enquiry_links(page)) == 13


def test_the_triage_queue_keeps_its_query_count(client_as, ask):
    ask(department=None)
    page = _constant(client_as("o.forde"), "/enquiries/?queue=triage",
                     lambda: [ask(subject=f"Extra {i}", department=None) for i in range(12)])
    assert len(enquiry_links(page)) == 13


def test_queues_are_paginated(client_as, ask):
    for i in range(55):
        ask(subject=f"Extra {i}")
    first = text(client_as("h.osei").get("/enquiries/?queue=department"))
    assert len(enquiry_links(first)) == 50 and 'class="govuk-pagination"' in first


def test_home_pages_show_a_members_enquiries_and_an_officers_count(client_as, ask, assign):
    assign(ask(), "o.dunn")
    member = text(client_as("cllr.gordon").get("/"))
    assert 'data-testid="recent-enquiries"' in member and "Potholes on Mill Lane" in member
    assert "Ask officers a question" in member
    officer = text(client_as("o.dunn").get("/"))
    assert "Assigned to you and not yet answered: <strong>1</strong>" in officer
    assert "No enquiry is waiting for your answer" in text(client_as("o.baker").get("/"))


def _submission_key(page):
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', page).group(1)


def test_the_same_form_sent_twice_makes_one_enquiry(client_as):
    """Issue 9: a double click sends the form twice; the second lands on the first's enquiry, and nothing else
    changes (one enquiry, one clock, one audit event). A fresh form is a fresh key, so asking again is possible."""
    from protocol_portal.audit.models import AuditEvent
    from protocol_portal.deadlines.models import Deadline

    client = client_as("cllr.gordon")
    form = text(client.get("/enquiries/new/"))
    assert 'data-prevent-double-click="true"' in form
    key = _submission_key(form)
    assert key != _submission_key(text(client.get("/enquiries/new/")))
    first = client.post("/enquiries/new/", {**ASK, "submission": key})
    counts = (Enquiry.objects.count(), Deadline.objects.count(), AuditEvent.objects.count())
    second = client.post("/enquiries/new/", {**ASK, "submission": key})
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert (Enquiry.objects.count(), Deadline.objects.count(), AuditEvent.objects.count()) == counts
    assert Enquiry.objects.filter(subject=ASK["subject"]).count() == 1
    client.post("/enquiries/new/", {**ASK, "submission": _submission_key(text(client.get("/enquiries/new/")))})
    assert Enquiry.objects.filter(subject=ASK["subject"]).count() == 2


def test_a_refused_form_keeps_its_key_and_a_tampered_key_is_ignored(client_as):
    """Issue 9: a form sent back with errors keeps the same key (nothing was made with it, so the corrected form
    makes the enquiry); a key altered by hand into something that is not a UUID sends the enquiry without one."""
    client = client_as("cllr.gordon")
    key = _submission_key(text(client.get("/enquiries/new/")))
    refused = client.post("/enquiries/new/", {**ASK, "subject": "", "submission": key})
    assert refused.status_code == 400 and _submission_key(text(refused)) == key
    assert client.post("/enquiries/new/", {**ASK, "submission": key}).status_code == 302
    assert latest().submission_key is not None and str(latest().submission_key) == key
    assert client.post("/enquiries/new/", {**ASK, "submission": "not-a-uuid"}).status_code == 302
    assert latest().submission_key is None


def test_one_members_key_does_not_find_another_members_enquiry(client_as):
    """Issue 9: keys are per member; another member sending the same key makes their own enquiry."""
    key = _submission_key(text(client_as("cllr.gordon").get("/enquiries/new/")))
    gordon = client_as("cllr.gordon").post("/enquiries/new/", {**ASK, "submission": key})
    ahmed = client_as("cllr.ahmed").post("/enquiries/new/", {**ASK, "submission": key})
    assert gordon["Location"] != ahmed["Location"]
    assert Enquiry.objects.filter(submission_key=key).count() == 2
