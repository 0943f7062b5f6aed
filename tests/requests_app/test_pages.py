"""The document catalogue and access-request pages, each with a person who may and one who may not.

Riverside (tests/fixtures/riverside.yaml) on Monday 23 November 2026: its meetings are still to come,
so ACC-S100F gives every member the papers of business due at them; tests about what happens once
a meeting is past move the clock on.
"""
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from protocol_portal.audit.models import AuditEvent
from requests_app import actions
from requests_app.models import AccessRequest, AccessStatus, Document
from requests_app.rules import ACCESS_RULES

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REASON = "I am the ward member and residents raised this at my surgery last week."


@pytest.fixture(autouse=True)
def monday_23_november_2026():
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON), tick=False):
        yield


def page_of(response):
    return response.content.decode()


def rule_line(rule_id):
    rule = ACCESS_RULES[rule_id]
    return f"{rule.id}: {rule.summary} ({rule.source})".replace("'", "&#x27;")


def without_tokens(html):
    """Drop what differs between any two responses: the CSRF token and the CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def ask(client, ref, justification=REASON, **options):
    return client.post(f"/documents/{ref}/request/", {"justification": justification, **options})


def request_links(page):
    return re.findall(r'href="/requests/[0-9a-f-]{36}/"', page)


def latest_request():
    return AccessRequest.objects.latest("created_at", "pk")


@pytest.fixture
def referred(person):
    """Cllr Nolan's request for DOC-0014 (fly-tipping, held by ENV), referred to h.osei (ACC-NEED-TO-KNOW)."""
    return actions.access_request_create(acting_user=person("cllr.nolan"), document=Document.objects.get(ref="DOC-0014"),
                                         justification=REASON)


# The catalogue --------------------------------------------------------------------------------

def test_catalogue_lists_only_what_the_person_may_know_of(client_as):
    """ACC-GROUP, ACC-ADVISER: another group's papers never appear, to members or officers."""
    gordon = page_of(client_as("cllr.gordon").get("/documents/"))
    assert "DOC-0010" in gordon and "DOC-0009" not in gordon
    assert 'class="govuk-table"' in gordon and "govuk-tag" in gordon
    ahmed = page_of(client_as("cllr.ahmed").get("/documents/"))
    assert "DOC-0009" in ahmed and "DOC-0010" not in ahmed
    baker = page_of(client_as("o.baker").get("/documents/"))
    assert "DOC-0001" in baker and "DOC-0009" not in baker and "DOC-0010" not in baker


def test_catalogue_says_what_the_member_can_read_and_what_to_ask_for(client_as):
    page = page_of(client_as("cllr.nolan").get("/documents/?classification=public"))
    assert page.count("You can read it") == 2 and "Ask to see it" not in page
    page = page_of(client_as("cllr.nolan").get("/documents/?q=fly-tipping"))
    assert "DOC-0014" in page and "Ask to see it" in page and 'href="/documents/DOC-0014/#ask"' in page


def test_catalogue_search_and_filters(client_as):
    client = client_as("cllr.nolan")
    waste = page_of(client.get("/documents/?q=waste"))
    assert "DOC-0003" in waste and "DOC-0004" in waste and "DOC-0014" not in waste
    planning = page_of(client.get("/documents/?body=PLANNING"))
    assert {"DOC-0005", "DOC-0006", "DOC-0007"} <= set(re.findall(r"DOC-\d{4}", planning))
    assert "DOC-0001" not in planning
    meeting = page_of(client.get("/documents/?meeting=MTG-CHOSC-2027-01-12"))
    assert "DOC-0008" in meeting and "DOC-0001" not in meeting
    # The filters are labelled GOV.UK selects, offering only what the person may know of.
    assert '<label class="govuk-label" for="id_body">Body</label>' in planning
    assert '<select class="govuk-select' in planning and '<option value="PLANNING" selected>' in planning
    assert "Party group internal" not in planning  # Cllr Nolan is in no group
    none = page_of(client.get("/documents/?q=no-such-thing"))
    assert "No documents match your search" in none


def test_catalogue_is_for_members_and_officers_only(client, client_as, riverside):
    from protocol_portal.council.models import User

    assert client.get("/documents/").status_code == 302  # signed out: to the sign-in page
    client.force_login(User.objects.create_user("clerk", password="x" * 20))
    response = client.get("/documents/")
    assert response.status_code == 403
    assert "Only councillors, co-opted members and council officers" in page_of(response)


def add_documents(count, start=0):
    from members.models import Body, Meeting
    from officers.models import Department

    env, cabinet = Department.objects.get(code="ENV"), Body.objects.get(code="CABINET")
    meeting = Meeting.objects.get(ref="MTG-CAB-2026-12-09")
    for n in range(start, start + count):
        Document.objects.create(ref=f"DOC-X{n:03}", title=f"Extra paper {n}", department=env, body=cabinet,
                                meeting=meeting if n % 2 else None, classification="exempt" if n % 3 else "internal",
                                exempt_paragraphs=[3] if n % 3 else [], summary="Generated for a query count.")


def test_catalogue_query_count_does_not_grow_with_documents(client_as):
    """STYLE.md habit 4: one page of the catalogue costs the same whatever the number of rows."""
    client = client_as("cllr.nolan")
    client.get("/documents/")
    with CaptureQueriesContext(connection) as before:
        assert client.get("/documents/").status_code == 200
    add_documents(30)
    with CaptureQueriesContext(connection) as after:
        page = page_of(client.get("/documents/"))
    assert "DOC-X029" in page
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


def test_catalogue_is_paginated_50_a_page_with_the_gov_uk_component(client_as):
    add_documents(60)
    client = client_as("o.dunn")
    first = page_of(client.get("/documents/?q=Extra"))
    assert "Showing 1 to 50 of 60 documents" in first and 'class="govuk-pagination"' in first
    assert 'href="?q=Extra&amp;page=2"' in first and 'aria-current="page">1</a>' in first
    second = page_of(client.get("/documents/?q=Extra&page=2"))
    assert "Showing 51 to 60 of 60 documents" in second and "DOC-X059" in second and "DOC-X000" not in second


# A document's page ----------------------------------------------------------------------------

def test_document_page_describes_it_and_offers_the_request_form(client_as):
    page = page_of(client_as("cllr.nolan").get("/documents/DOC-0003/"))
    assert "Waste collection contract - tender evaluation" in page and "Part II report scoring the three tenders." in page
    assert "Exempt (Part II)" in page and "Environment and Waste" in page and "Cabinet, 9 December 2026" in page
    assert "Paragraph 3: Information relating to the financial or business affairs" in page
    assert "including terms proposed in contract negotiations" in page
    assert "Read the document" not in page
    assert 'action="/documents/DOC-0003/request/"' in page and "csrfmiddlewaretoken" in page
    for label in ["Why do you need to see this document?",
                  "I am asking on behalf of a constituent or other third party",
                  "I have a personal or prejudicial interest in this subject",
                  "Scrutiny item or work-programme review this is for (if any)"]:
        assert label in page
    assert 'class="govuk-textarea' in page and 'class="govuk-checkboxes"' in page
    assert "Curiosity is not a reason" in page  # the hint says what a good reason looks like


def test_a_readable_document_offers_read_not_ask(client_as):
    page = page_of(client_as("o.dunn").get("/documents/DOC-0014/"))  # ENV's own document (ACC-OFFICER)
    assert 'href="/documents/DOC-0014/read/"' in page and "Read the document" in page
    assert 'id="ask"' not in page


def test_an_officer_is_told_why_they_cannot_read_another_departments_document(client_as):
    page = page_of(client_as("o.baker").get("/documents/DOC-0014/"))
    assert "ACC-OFFICER" in page and 'id="ask"' not in page and "Read the document" not in page


def test_a_secret_document_is_exactly_the_same_404_as_a_missing_one(client_as):
    """ACC-GROUP: to Cllr Gordon (Conservative) the Labour Group's DOC-0009 does not exist, on every page."""
    client = client_as("cllr.gordon")
    for suffix in ["", "read/"]:
        secret, missing = client.get(f"/documents/DOC-0009/{suffix}"), client.get(f"/documents/DOC-9999/{suffix}")
        assert secret.status_code == missing.status_code == 404
        assert without_tokens(page_of(secret)).replace("DOC-0009", "DOC-9999") == without_tokens(page_of(missing))
        assert "Page not found" in page_of(secret) and "Labour Group" not in page_of(secret)
    secret, missing = ask(client, "DOC-0009"), ask(client, "DOC-9999")
    assert secret.status_code == missing.status_code == 404
    assert without_tokens(page_of(secret)) == without_tokens(page_of(missing))
    assert not AccessRequest.objects.exists()
    # The group's own member knows of it and can read it.
    assert client_as("cllr.ahmed").get("/documents/DOC-0009/read/").status_code == 200


# Asking ---------------------------------------------------------------------------------------

def test_acc_no_roving_an_empty_reason_is_refused_and_explained(client_as):
    """ACC-NO-ROVING: after the Cabinet meeting (so ACC-S100F no longer applies) an empty reason is refused."""
    with time_machine.travel(datetime(2026, 12, 14, 10, 0, tzinfo=LONDON), tick=False):
        client = client_as("cllr.nolan")
        response = ask(client, "DOC-0002", justification="")
        request = latest_request()
        assert response.status_code == 302 and response["Location"] == f"/requests/{request.public_id}/"
        page = page_of(client.get(response["Location"]))
    assert request.status == AccessStatus.REFUSED and request.rule_ids == ["ACC-NO-ROVING"]
    assert "was refused" in page and "govuk-notification-banner" in page  # the banner after asking
    assert "Refused</strong>" in page and rule_line("ACC-NO-ROVING") in page
    assert "A good reason names the role" in page  # the policy's reasons, shown as given
    assert "Dispute the refusal" in page and 'name="dispute-grounds"' in page


def test_acc_s100f_before_the_meeting_the_same_request_is_granted(client_as):
    """ACC-S100F: papers for business still to be transacted at a meeting go to every member."""
    response = ask(client_as("cllr.nolan"), "DOC-0002", justification="")
    assert response.status_code == 302
    assert latest_request().rule_ids == ["ACC-S100F"]


def test_acc_body_a_cabinet_member_is_granted_and_reads_it_not_for_publication(client_as, person):
    """ACC-BODY then ACC-USE and AUD-VIEW: Cllr Byrne (Cabinet) reads the Part II tender evaluation."""
    client = client_as("cllr.byrne")
    response = ask(client, "DOC-0003", justification="Cabinet decides the waste contract award on 9 December.")
    request = latest_request()
    assert request.status == AccessStatus.GRANTED and request.rule_ids == ["ACC-BODY"]
    page = page_of(client.get(response["Location"]))
    assert "Access granted: you can read DOC-0003 now." in page and "govuk-notification-banner--success" in page
    assert rule_line("ACC-BODY") in page and 'href="/documents/DOC-0003/read/"' in page
    assert "Read the document" in page_of(client.get("/documents/DOC-0003/"))

    read = client.get("/documents/DOC-0003/read/")
    text = page_of(read)
    assert read.status_code == 200
    assert "Bidder A 78, bidder B 71, bidder C 64." in text
    assert "Not for publication" in text and "Paragraph 3: Information relating to the financial" in text
    assert 'class="govuk-warning-text"' in text
    assert actions.use_notice(Document.objects.get(ref="DOC-0003")).replace("'", "&#x27;") in text
    assert text.index("govuk-warning-text") < text.index("Bidder A")  # the notice comes first
    event = AuditEvent.objects.get(verb="document.viewed")
    assert event.actor == person("cllr.byrne") and "AUD-VIEW" in event.rule_ids and event.data["ref"] == "DOC-0003"


def test_aud_view_reading_a_document_one_may_not_read_is_refused_and_not_recorded(client_as):
    response = client_as("cllr.nolan").get("/documents/DOC-0003/read/")
    assert response.status_code == 403
    page = page_of(response)
    assert "You cannot read this document yet" in page and 'href="/documents/DOC-0003/#ask"' in page
    assert "Bidder A" not in page
    assert not AuditEvent.objects.filter(verb="document.viewed").exists()
    officer = client_as("o.baker").get("/documents/DOC-0014/read/")
    assert officer.status_code == 403 and "ACC-OFFICER" in page_of(officer) and "Canal Path" not in page_of(officer)


def test_a_published_document_is_read_without_a_notice_or_a_record(client_as):
    page = page_of(client_as("cllr.nolan").get("/documents/DOC-0001/read/"))
    assert "Housing revenue account budget" in page
    assert "govuk-warning-text" not in page and "Not for publication" not in page
    assert not AuditEvent.objects.filter(verb="document.viewed").exists()


def test_acc_term_a_member_out_of_term_reads_only_published_documents(client_as):
    """ACC-TERM, ACC-EXPIRY: Cllr Okoro's term ended in 2023."""
    client = client_as("cllr.okoro")
    page = page_of(client.get("/documents/"))
    assert page.count("You can read it") == 2  # DOC-0001 and DOC-0016, the published ones
    assert "Ask to see it" not in page and "Not available to you" in page
    detail = page_of(client.get("/documents/DOC-0014/"))
    assert 'id="ask"' not in detail and rule_line("ACC-TERM") in detail
    assert client.get("/documents/DOC-0009/read/").status_code == 403  # even her own group's papers
    assert client.get("/documents/DOC-0016/read/").status_code == 200


def test_a_reason_that_is_too_long_shows_the_form_again_with_a_gov_uk_error(client_as):
    response = ask(client_as("cllr.nolan"), "DOC-0014", justification="x" * 5001, declared_interest="on")
    page = page_of(response)
    assert response.status_code == 400
    assert "<title>Error: DOC-0014" in page and "govuk-error-summary" in page
    assert re.search(r'<a href="#id_justification">Keep this [^<]*5000 characters', page)
    assert 'id="id_justification-error"' in page and "govuk-textarea--error" in page
    assert 'id="id_declared_interest" name="declared_interest" type="checkbox" value="on" checked' in page
    assert not AccessRequest.objects.exists()


def test_only_members_ask(client_as):
    response = ask(client_as("o.baker"), "DOC-0001")
    assert response.status_code == 403 and "Only members can ask to see documents." in page_of(response)


def test_asking_needs_a_post(client_as):
    assert client_as("cllr.nolan").get("/documents/DOC-0014/request/").status_code == 405


# A request's page -----------------------------------------------------------------------------

def test_request_page_for_the_member_and_the_assignee_and_404_for_others(client_as, referred):
    url = f"/requests/{referred.public_id}/"
    member = page_of(client_as("cllr.nolan").get(url))
    assert "Referred</strong>" in member and "Kwame Osei" in member and "7 December 2026" in member
    assert rule_line("ACC-NEED-TO-KNOW") in member and REASON in member
    assert "Asked to see it; referred to an officer to decide" in member  # the history (request_events)
    assert 'name="determine-decision"' not in member and 'name="dispute-grounds"' not in member

    officer = page_of(client_as("h.osei").get(url))
    assert "Decide this request" in officer and "Grant access" in officer and "Refuse access" in officer
    assert 'name="determine-decision"' in officer and 'class="govuk-radios"' in officer
    assert "Refer to the Monitoring Officer" in officer

    monitoring = page_of(client_as("h.shah").get(url))  # sees every request, decides only what is hers
    assert "Kwame Osei" in monitoring and 'name="determine-decision"' not in monitoring

    for other in ["h.patel", "cllr.gordon", "o.dunn"]:
        assert client_as(other).get(url).status_code == 404, other
    assert client_as("cllr.nolan").get("/requests/not-a-uuid/").status_code == 404
    assert client_as("cllr.nolan").get("/requests/3f0d2c1e-0000-4000-8000-000000000000/").status_code == 404


def test_acc_determine_refusal_needs_reasons_then_acc_dispute_then_the_mo_overturns(client_as, referred):
    """ACC-DETERMINE, ACC-DISPUTE, ACC-MO-CONFLICT through the pages, with GOV.UK errors on the way."""
    url = f"/requests/{referred.public_id}/"
    osei = client_as("h.osei")
    response = osei.post(url + "determine/", {"determine-decision": "refuse", "determine-reasons": ""})
    page = page_of(response)
    assert response.status_code == 400 and "<title>Error: Request to see DOC-0014" in page
    assert '<a href="#id_determine-reasons">Give written reasons for refusing' in page
    nothing = osei.post(url + "determine/", {"determine-reasons": "x"})
    assert nothing.status_code == 400 and "Choose whether to grant or refuse access" in page_of(nothing)
    assert '<a href="#id_determine-decision">' in page_of(nothing)

    response = osei.post(url + "determine/", {"determine-decision": "refuse",
                                              "determine-reasons": "The data is unverified working data."})
    assert response.status_code == 302 and response["Location"] == url  # he still sees what he decided
    assert "You refused access to DOC-0014" in page_of(osei.get(url))

    nolan = client_as("cllr.nolan")
    page = page_of(nolan.get(url))
    assert "Refused</strong>" in page and "The data is unverified working data." in page and "Dispute the refusal" in page
    empty = nolan.post(url + "dispute/", {"dispute-grounds": "  "})
    assert empty.status_code == 400 and "Say why you think the refusal is wrong" in page_of(empty)
    response = nolan.post(url + "dispute/", {"dispute-grounds": "Residents need the hotspots for a clean-up day."})
    assert response.status_code == 302 and response["Location"] == url
    referred.refresh_from_db()
    assert referred.status == AccessStatus.DISPUTED and referred.assigned_to.user.username == "h.shah"
    assert "You have disputed the refusal" in page_of(nolan.get(url))

    shah = client_as("h.shah")
    page = page_of(shah.get(url))
    assert "Decide the dispute" in page
    assert "Overturn the refusal: grant access" in page and "Uphold the refusal" in page
    response = shah.post(url + "determine/", {"determine-decision": "grant",
                                              "determine-reasons": "A ward clean-up is a ward member's role."})
    assert response.status_code == 302 and response["Location"] == url
    referred.refresh_from_db()
    assert referred.status == AccessStatus.GRANTED and referred.final
    page = page_of(nolan.get(url))
    assert "Granted (final)" in page and rule_line("ACC-DISPUTE") in page
    assert "Overturned the refusal: access granted (final)" in page
    assert nolan.get("/documents/DOC-0014/read/").status_code == 200

    again = shah.post(url + "determine/", {"determine-decision": "refuse", "determine-reasons": "Changed my mind."})
    assert again.status_code == 409
    assert "already been granted and the decision is final" in page_of(again)
    assert nolan.post(url + "dispute/", {"dispute-grounds": "Again."}).status_code == 409


def test_only_the_assignee_determines(client_as, referred):
    url = f"/requests/{referred.public_id}/determine/"
    data = {"determine-decision": "grant", "determine-reasons": ""}
    assert client_as("h.patel").post(url, data).status_code == 404  # may not even see it
    response = client_as("h.shah").post(url, data)  # sees it, but it is h.osei's to decide
    assert response.status_code == 403 and "Only the officer this request is assigned to" in page_of(response)
    response = client_as("cllr.nolan").post(url, data)
    assert response.status_code == 403
    referred.refresh_from_db()
    assert referred.status == AccessStatus.REFERRED


def test_only_the_requester_disputes(client_as, person, referred):
    actions.access_request_determine(acting_user=person("h.osei"), access_request=referred, decision="refuse",
                                     reasons="Operational data only.")
    url = f"/requests/{referred.public_id}/dispute/"
    assert client_as("cllr.gordon").post(url, {"dispute-grounds": "Mine."}).status_code == 404
    assert client_as("h.shah").post(url, {"dispute-grounds": "Mine."}).status_code == 403
    assert 'name="dispute-grounds"' not in page_of(client_as("h.shah").get(f"/requests/{referred.public_id}/"))


def test_a_head_of_service_in_doubt_refers_to_the_monitoring_officer(client_as, referred):
    url = f"/requests/{referred.public_id}/"
    osei = client_as("h.osei")
    empty = osei.post(url + "refer/", {"refer-reasons": ""})
    assert empty.status_code == 400 and "Say why you are referring this request" in page_of(empty)
    response = osei.post(url + "refer/", {"refer-reasons": "Unsure whether ward work is need to know."})
    assert response.status_code == 302 and response["Location"] == url  # he still sees what he referred
    referred.refresh_from_db()
    assert referred.assigned_to.user.username == "h.shah"
    page = page_of(client_as("h.shah").get(url))
    assert "Referred it to the Monitoring Officer" in page and "Decide this request" in page
    assert "Refer to the Monitoring Officer" not in page  # she is the Monitoring Officer
    assert client_as("h.patel").post(url + "refer/", {"refer-reasons": "x"}).status_code == 404


def test_the_monitoring_officer_revokes_a_grant(client_as):
    byrne = client_as("cllr.byrne")
    ask(byrne, "DOC-0003", justification="Cabinet decides the waste contract award on 9 December.")
    url = f"/requests/{latest_request().public_id}/"
    assert client_as("cllr.byrne").post(url + "revoke/", {"revoke-reasons": "x"}).status_code == 403
    assert client_as("o.baker").post(url + "revoke/", {"revoke-reasons": "x"}).status_code == 404
    shah = client_as("h.shah")
    assert "Revoke access" in page_of(shah.get(url))
    empty = shah.post(url + "revoke/", {"revoke-reasons": ""})
    assert empty.status_code == 400 and "Give the reasons for revoking access" in page_of(empty)
    response = shah.post(url + "revoke/", {"revoke-reasons": "The contract award was withdrawn."})
    assert response.status_code == 302
    assert "Revoked</strong>" in page_of(shah.get(url))
    assert client_as("cllr.byrne").get("/documents/DOC-0003/read/").status_code == 403
    assert shah.post(url + "revoke/", {"revoke-reasons": "Again."}).status_code == 409


# Lists and their query budgets ----------------------------------------------------------------

def add_requests(person, count):
    """Add ``count`` referred requests for h.osei's queue from several members (ACC-NEED-TO-KNOW)."""
    document = Document.objects.get(ref="DOC-0014")
    members = ["cllr.nolan", "cllr.jones", "cllr.moss", "cllr.lewis"]
    for n in range(count):
        actions.access_request_create(acting_user=person(members[n % len(members)]), document=document,
                                      justification=REASON)


def assert_constant_queries(client, url, grow, check):
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    grow()
    with CaptureQueriesContext(connection) as after:
        page = page_of(client.get(url))
    check(page)
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


def test_my_requests_lists_the_members_own_and_keeps_its_query_count(client_as, person, referred):
    client = client_as("cllr.nolan")
    assert_constant_queries(client, "/requests/", lambda: add_requests(person, 12),
                            lambda page: len(request_links(page)) == 1 + 3)  # Nolan's: 1 + every 4th of 12
    page = page_of(client.get("/requests/"))
    assert "Your requests" in page and "Referred</strong>" in page and "7 Dec 2026" in page
    assert "cllr.jones" not in page and "Rhys Jones" not in page


def test_the_queue_lists_what_waits_for_the_officer_and_keeps_its_query_count(client_as, person, referred):
    client = client_as("h.osei")
    assert_constant_queries(client, "/requests/", lambda: add_requests(person, 12),
                            lambda page: len(re.findall(r"Need to know\s*</td>", page)) == 13)
    page = page_of(client.get("/requests/"))
    assert "Waiting for your decision" in page and "Peter Nolan" in page and "Overdue" not in page
    with time_machine.travel(datetime(2026, 12, 8, 9, 0, tzinfo=LONDON), tick=False):
        assert "Overdue</strong>" in page_of(client_as("h.osei").get("/requests/"))
    assert "Nothing is waiting for your decision" in page_of(client_as("h.patel").get("/requests/"))


def test_the_monitoring_officer_sees_disputes_and_every_request_with_a_constant_query_count(client_as, person, referred):
    actions.access_request_determine(acting_user=person("h.osei"), access_request=referred, decision="refuse",
                                     reasons="Operational data only.")
    actions.access_request_dispute(acting_user=person("cllr.nolan"), access_request=referred, grounds="Ward clean-up.")
    client = client_as("h.shah")
    assert_constant_queries(client, "/requests/", lambda: add_requests(person, 12),
                            lambda page: "Dispute of a refusal" in page and page.count("Need to know") == 0)
    page = page_of(client.get("/requests/"))
    assert "All requests" in page and page.count("Kwame Osei") == 12  # the new ones wait for him


def test_acc_group_the_monitoring_officer_never_sees_requests_about_a_groups_papers(client_as):
    """ACC-GROUP: to officers outside the group, requests about its papers do not exist."""
    ask(client_as("cllr.ahmed"), "DOC-0009")
    assert "DOC-0009" not in page_of(client_as("h.shah").get("/requests/"))


# Home and navigation --------------------------------------------------------------------------

def test_home_shows_a_member_their_latest_requests_and_an_officer_what_waits(client_as, person, referred):
    nolan = page_of(client_as("cllr.nolan").get("/"))
    assert "Your requests to see documents" in nolan and "DOC-0014: Fly-tipping hotspots - East Ward" in nolan
    assert 'href="/requests/"' in nolan and 'href="/documents/"' in nolan
    assert "Waiting for your decision: <strong>1</strong>" in page_of(client_as("h.osei").get("/"))
    assert "Nothing is waiting for your decision." in page_of(client_as("h.patel").get("/"))


@pytest.mark.parametrize("username", ["cllr.nolan", "h.osei"])
def test_home_query_count_does_not_grow_with_requests(client_as, person, referred, username):
    assert_constant_queries(client_as(username), "/", lambda: add_requests(person, 12),
                            lambda page: "Your requests" in page or "<strong>13</strong>" in page)
    if username == "cllr.nolan":
        assert len(request_links(page_of(client_as(username).get("/")))) == 4  # all 4 of his: fewer than 5


def test_navigation_marks_documents_and_requests(client_as):
    client = client_as("cllr.nolan")
    catalogue = page_of(client.get("/documents/"))
    assert 'href="/documents/" aria-current="page">Documents</a>' in catalogue
    detail = page_of(client.get("/documents/DOC-0001/"))
    assert 'href="/documents/" aria-current="true">Documents</a>' in detail
    assert 'href="/requests/" aria-current="page">Requests</a>' in page_of(client.get("/requests/"))
