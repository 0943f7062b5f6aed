"""Briefing pages: groups ask and read, the approver decides, the officer gives it; two people per page (BRF-*)."""
import html
import re
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.briefings.actions import offer_respond, record_attribute, record_write
from requests_app.briefings.models import Attribution, Briefing, EqualOffer, GroupRecord, ReportCopy

from .conftest import ASKED

pytestmark = pytest.mark.django_db

ADVICE = "Housing numbers rise to 9,000 over the plan period."
NOTES = "We will oppose site H4 at the Planning Committee."
ASK = {"subject": "The harbour masterplan", "question": "What does the masterplan mean for the ferry terminal?",
       "department": "PLAN", "requested_date": "10", "requested_month": "12", "requested_year": "2026",
       "meeting": "MTG-PLAN-2026-12-03", "council_business": "on"}


@pytest.fixture(autouse=True)
def monday_23_november_2026():
    with time_machine.travel(ASKED, tick=False):
        yield


def text(response):
    """Return the page as the reader sees it: entities such as ' unescaped."""
    return html.unescape(response.content.decode())


def url(briefing, rest=""):
    return f"/briefings/{briefing.public_id}/{rest}"


def latest():
    return Briefing.objects.latest("requested_at", "pk")


def offer_to(briefing, group_code):
    return EqualOffer.objects.get(briefing=briefing, group__code=group_code)


def state(briefing):
    briefing.refresh_from_db()
    return (briefing.status, briefing.officer_id, briefing.attending_officer_id, briefing.decision_reason,
            briefing.declined_reason, briefing.advice, EqualOffer.objects.filter(briefing=briefing).count())


# BRF-REQUEST: asking -------------------------------------------------------------------------------

def test_brf_request_a_leader_asks_and_is_told_who_approves(client_as):
    """BRF-REQUEST, BRF-APPROVE: the group leader asks; the page says the Chief Executive will approve it."""
    client = client_as("cllr.gordon")
    form = text(client.get("/briefings/new/"))
    assert "Ask for an officer briefing" in form and "For Conservative Group" in form
    assert "Planning and Building Control" in form and "Planning Committee, 3 December 2026" in form
    assert "This briefing is about Council business, not party business" in form and "BRF-SCOPE" in form
    response = client.post("/briefings/new/", {**ASK, "non_council_attendees": "on"}, follow=True)
    briefing = latest()
    assert response.redirect_chain[-1][0] == url(briefing)
    page = text(response)
    assert "Your request has been sent to Clare Wright, Chief Executive, to approve" in page
    assert "Awaiting approval" in page and "Not assigned until the briefing is approved (BRF-APPROVE)" in page
    assert (briefing.group.code, briefing.meeting.ref, briefing.non_council_attendees) == (
        "CON", "MTG-PLAN-2026-12-03", True)
    assert str(briefing.requested_date) == "2026-12-10" and briefing.approver.user.username == "c.wright"


def test_brf_request_a_spokesperson_and_a_member_of_no_group_may_ask(client_as):
    """BRF-REQUEST: a spokesperson, and a member of no group, see the form and the list's button."""
    for username in ("cllr.hughes", "cllr.nolan"):
        client = client_as(username)
        assert client.get("/briefings/new/").status_code == 200, username
        assert "Ask for an officer briefing" in text(client.get("/briefings/"))
    client_as("cllr.nolan").post("/briefings/new/", ASK)
    assert (latest().group, latest().member.user.username) == (None, "cllr.nolan")


def test_brf_request_an_ordinary_member_gets_403_with_the_reason_and_no_button(client_as):
    """BRF-REQUEST: Cllr Iqbal, an ordinary Conservative member, is told only a leader or spokesperson asks."""
    client = client_as("cllr.iqbal")
    for response in (client.get("/briefings/new/"), client.post("/briefings/new/", ASK)):
        assert response.status_code == 403
        assert "Only your group's leader or a spokesperson can ask for an officer briefing" in text(response)
    page = text(client.get("/briefings/"))
    assert 'data-testid="ask"' not in page and "Your group's leader or a spokesperson asks for briefings" in page
    assert not Briefing.objects.exists()


def test_brf_request_officers_and_co_opted_members_cannot_ask(client_as):
    """BRF-REQUEST: officers do not ask for briefings; a co-opted member of no group is not elected."""
    assert "Only members can ask" in text(client_as("h.patel").get("/briefings/new/"))
    assert client_as("h.patel").post("/briefings/new/", ASK).status_code == 403
    response = client_as("mr.quinn").get("/briefings/new/")
    assert response.status_code == 403 and "Only elected members can ask" in text(response)
    assert not Briefing.objects.exists()


def test_brf_request_empty_form_is_refused_field_by_field_and_changes_nothing(client_as):
    """BRF-REQUEST, BRF-SCOPE: every missing field is named, each linked from the error summary."""
    response = client_as("cllr.gordon").post("/briefings/new/", {})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page and "<title>Error: " in page
    for field in ("id_subject", "id_question", "id_department", "id_requested_date", "id_council_business"):
        assert f'href="#{field}"' in page, field
    assert "Give a subject" in page and "Say what the group would like the officer to brief it on" in page
    assert "Choose the department whose business the briefing concerns." in page
    assert "Enter the date you would like the briefing, for example 15 1 2027." in page
    assert "by its code" not in page and "2027-01-15" not in page  # the API's words are not the page's
    assert "never party business (BRF-SCOPE)" in page
    assert not Briefing.objects.exists()


@pytest.mark.parametrize("change, message", [
    ({"requested_date": "31", "requested_month": "2", "requested_year": "2027"}, "must be a real date"),
    ({"requested_date": "1", "requested_month": "11", "requested_year": "2026"},
     "must be today or later, not 1 November 2026"),
    ({"department": "NOPE"}, "Choose the department whose business the briefing concerns."),
    ({"meeting": "MTG-NOPE"}, "Choose a meeting from the list, or leave it as no meeting."),
    ({"subject": "x" * 201}, "“Subject” must be 200 characters or fewer."),
    ({"council_business": ""}, "confirm that this briefing is about Council business"),
])
def test_brf_request_bad_input_is_refused_with_a_specific_message(client_as, change, message):
    """BRF-REQUEST, BRF-SCOPE: each bad value is named; nothing is created."""
    response = client_as("cllr.gordon").post("/briefings/new/", {**ASK, **change})
    assert response.status_code == 400 and message in text(response)
    assert not Briefing.objects.exists()


# BRF-CONFIDENTIAL: who sees a briefing -------------------------------------------------------------

def test_brf_confidential_other_groups_and_other_officers_get_404_on_the_page_and_every_post(
        client_as, person, delivered):
    """BRF-CONFIDENTIAL, BRF-NOTIFY: another group, a member of no group, the Monitoring Officer and unrelated
    officers cannot tell the briefing exists: 404 on its page and on every form it has."""
    briefing = delivered(report="The report.")
    record_write(acting_user=person("cllr.gordon"), briefing=briefing, notes=NOTES)
    said = record_attribute(acting_user=person("cllr.gordon"), briefing=briefing, text="Site H4 will go.")
    endpoints = ["approve/", "reject/", "nominate/", "decline/", "deliver/", "record/", "record/attributions/",
                 f"record/attributions/{said.public_id}/verify/", "record/final/"]
    for outsider in ("cllr.ahmed", "cllr.clarke", "cllr.nolan", "h.shah", "o.dunn", "s.ali"):
        client = client_as(outsider)
        assert client.get(url(briefing)).status_code == 404, outsider
        for endpoint in endpoints:
            assert client.post(url(briefing, endpoint), {"record-notes": "Leaked."}).status_code == 404, (
                outsider, endpoint)
    for insider in ("cllr.gordon", "cllr.iqbal", "c.wright", "h.patel"):
        assert client_as(insider).get(url(briefing)).status_code == 200, insider
    assert GroupRecord.objects.get().notes == NOTES
    assert client_as("cllr.gordon").get("/briefings/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_brf_confidential_the_list_shows_a_group_only_its_own_briefings(client_as, request_briefing):
    """BRF-CONFIDENTIAL: the Conservative Group sees its request; Labour sees nothing of it before a notice."""
    request_briefing("cllr.gordon", subject="Conservative question")
    request_briefing("cllr.ahmed", subject="Labour question")
    conservative = text(client_as("cllr.iqbal").get("/briefings/"))
    assert "Conservative question" in conservative and "Labour question" not in conservative
    labour = text(client_as("cllr.clarke").get("/briefings/"))
    assert "Labour question" in labour and "Conservative question" not in labour
    officer = text(client_as("c.wright").get("/briefings/"))
    assert "Conservative question" in officer and "Labour question" in officer and "Approve or reject" in officer
    assert "Conservative question" not in text(client_as("h.patel").get("/briefings/"))


# BRF-APPROVE, BRF-SENIOR, BRF-NON-COUNCIL: deciding -----------------------------------------------

def test_brf_approve_the_approver_names_a_senior_officer_and_the_other_groups_are_offered_it(
        client_as, request_briefing):
    """BRF-APPROVE, BRF-SENIOR, BRF-EQUAL: only the approver sees the forms; approving offers every other group."""
    briefing = request_briefing()
    approver = client_as("c.wright")
    page = text(approver.get(url(briefing)))
    assert "Approve it" in page and "Reject it" in page and "Hema Patel, Head of Planning" in page
    assert "Tom Baker" not in page  # BRF-SENIOR: a junior officer is not offered
    assert "Approve it" not in text(client_as("cllr.gordon").get(url(briefing)))
    response = approver.post(url(briefing, "approve/"), {"approve-officer": "h.patel"}, follow=True)
    page = text(response)
    assert "Approved. Hema Patel will give the briefing" in page
    assert 'data-testid="offers"' in page
    for audience in ("Labour Group", "Liberal Democrat Group", "Green Group", "Cllr Peter Nolan (no group)"):
        assert audience in page, audience
    assert "Approved it, naming the officer" in page  # the history
    assert state(briefing)[0] == "approved" and briefing.officer.user.username == "h.patel"
    assert "Approve it" not in page


def test_brf_approve_only_the_approver_may_approve_or_reject(client_as, request_briefing):
    """BRF-APPROVE: the group's leader can see the request but gets 403 with the reason on the forms."""
    briefing = request_briefing()
    before = state(briefing)
    response = client_as("cllr.gordon").post(url(briefing, "approve/"), {"approve-officer": "h.patel"})
    assert response.status_code == 403 and "Only the approver, Clare Wright, can approve" in text(response)
    response = client_as("cllr.gordon").post(url(briefing, "reject/"), {"reject-reason": "No."})
    assert response.status_code == 403
    assert state(briefing) == before


def test_brf_senior_approving_a_junior_officer_is_refused_with_the_rule_and_changes_nothing(
        client_as, request_briefing):
    """BRF-SENIOR: Tom Baker is a Planning Officer, below service manager grade."""
    briefing = request_briefing()
    before = state(briefing)
    response = client_as("c.wright").post(url(briefing, "approve/"), {"approve-officer": "o.baker"})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page and 'href="#id_approve-officer"' in page
    assert "Only a senior officer (service manager grade or above)" in page and "(BRF-SENIOR)" in page
    assert state(briefing) == before and not EqualOffer.objects.exists()


@pytest.mark.parametrize("officer, message", [
    ("", "Choose the senior officer who will give the briefing (BRF-SENIOR)."),
    ("nobody.here", "Choose the senior officer who will give the briefing (BRF-SENIOR)."),
    ("o.hussain", "A political assistant advises one group"),
])
def test_brf_senior_bad_officer_choices_are_refused(client_as, request_briefing, officer, message):
    """BRF-SENIOR: no officer, an unknown one, or a political assistant: 400 naming what is wrong."""
    briefing = request_briefing()
    before = state(briefing)
    response = client_as("c.wright").post(url(briefing, "approve/"), {"approve-officer": officer})
    assert response.status_code == 400 and message in text(response)
    assert "by their username" not in text(response)
    assert state(briefing) == before


def test_rel_conflict_a_related_officer_is_not_offered_and_cannot_be_approved(client_as, request_briefing):
    """REL-CONFLICT, BRF-SENIOR: Cllr Hughes has declared a relationship with Morag Reid, a senior officer."""
    briefing = request_briefing("cllr.hughes", department="HOUS")
    assert "Morag Reid" not in text(client_as("c.wright").get(url(briefing)))
    response = client_as("c.wright").post(url(briefing, "approve/"), {"approve-officer": "s.reid"})
    assert response.status_code == 400 and "REL-CONFLICT" in text(response)
    assert state(briefing)[0] == "awaiting_approval"


def test_brf_non_council_approving_without_a_reason_is_refused(client_as, request_briefing):
    """BRF-NON-COUNCIL: with people who are not council members attending, the approver gives a reason."""
    briefing = request_briefing(non_council_attendees=True)
    approver = client_as("c.wright")
    page = text(approver.get(url(briefing)))
    assert "Why should an officer attend?" in page and "a reason is required (BRF-NON-COUNCIL)" in page
    before = state(briefing)
    response = approver.post(url(briefing, "approve/"), {"approve-officer": "h.patel", "approve-reason": "  "})
    assert response.status_code == 400
    assert "(BRF-NON-COUNCIL)" in text(response) and 'href="#id_approve-reason"' in text(response)
    assert state(briefing) == before
    approver.post(url(briefing, "approve/"), {"approve-officer": "h.patel",
                                              "approve-reason": "Only the group's agent attends."})
    assert state(briefing)[0] == "approved"
    assert "Only the group's agent attends." in text(client_as("cllr.gordon").get(url(briefing)))


def test_brf_approve_rejection_needs_reasons_the_group_sees(client_as, request_briefing):
    """BRF-APPROVE: a rejection without reasons is refused; with them, the group reads them."""
    briefing = request_briefing()
    before = state(briefing)
    response = client_as("c.wright").post(url(briefing, "reject/"), {"reject-reason": ""})
    assert response.status_code == 400 and "Give the reasons for rejecting the request" in text(response)
    assert 'href="#id_reject-reason"' in text(response) and "<details" in text(response)
    assert state(briefing) == before
    response = client_as("c.wright").post(url(briefing, "reject/"),
                                          {"reject-reason": "This is the party's manifesto."}, follow=True)
    assert "Rejected. Conservative Group has been sent your reasons." in text(response)
    page = text(client_as("cllr.gordon").get(url(briefing)))
    assert "Rejected</strong>" in page and "Reasons for rejecting it" in page
    assert "This is the party's manifesto." in page
    again = client_as("c.wright").post(url(briefing, "approve/"), {"approve-officer": "h.patel"})
    assert again.status_code == 409 and "This briefing is rejected" in text(again)


# BRF-SENIOR, BRF-SCOPE: the officer ----------------------------------------------------------------

def test_brf_senior_the_senior_officer_nominates_another_to_attend(client_as, approved):
    """BRF-SENIOR: Hema Patel nominates Tom Baker; the nomination is recorded and he may then give it."""
    briefing = approved()
    senior = client_as("h.patel")
    assert "Nominate another officer to attend" in text(senior.get(url(briefing)))
    assert "Nominate another officer" not in text(client_as("c.wright").get(url(briefing)))
    before = state(briefing)
    bad = senior.post(url(briefing, "nominate/"), {"nominate-officer": ""})
    assert bad.status_code == 400 and "Choose the officer to attend on your behalf." in text(bad)
    assert state(briefing) == before
    assert client_as("c.wright").post(url(briefing, "nominate/"), {"nominate-officer": "o.baker"}).status_code == 403
    response = senior.post(url(briefing, "nominate/"), {"nominate-officer": "o.baker",
                                                        "nominate-reason": "Tom wrote the housing chapter."},
                           follow=True)
    page = text(response)
    assert "Tom Baker will attend on your behalf" in page
    assert "Tom Baker, Planning Officer, nominated by Hema Patel (BRF-SENIOR)" in page
    assert "Tom wrote the housing chapter." in page and "Nominated another officer to attend (o.baker)" in page
    nominee = text(client_as("o.baker").get(url(briefing)))
    assert "Record that you gave it" in nominee and "Nominate another officer" not in nominee
    refused = client_as("o.baker").post(url(briefing, "nominate/"), {"nominate-officer": "s.ali"})
    assert refused.status_code == 403 and "Only the officer named to give this briefing" in text(refused)


def test_brf_scope_the_officer_may_decline_with_reasons(client_as, approved):
    """BRF-SCOPE: the officer declines with reasons the group reads; nobody else may decline it."""
    briefing = approved()
    assert client_as("cllr.gordon").post(url(briefing, "decline/"), {"decline-reason": "No."}).status_code == 403
    assert client_as("c.wright").post(url(briefing, "decline/"), {"decline-reason": "No."}).status_code == 403
    before = state(briefing)
    bad = client_as("h.patel").post(url(briefing, "decline/"), {"decline-reason": ""})
    assert bad.status_code == 400 and "Say why you decline" in text(bad)
    assert state(briefing) == before
    client_as("h.patel").post(url(briefing, "decline/"), {"decline-reason": "It is the party's campaign."})
    page = text(client_as("cllr.gordon").get(url(briefing)))
    assert "Declined by the officer" in page and "It is the party's campaign." in page


def test_brf_same_advice_the_officer_records_the_advice_and_the_group_reads_it(client_as, approved):
    """BRF-SAME-ADVICE, BRF-NOTIFY: delivery needs the advice; then the group sees the advice and report."""
    briefing = approved()
    before = state(briefing)
    bad = client_as("h.patel").post(url(briefing, "deliver/"), {"deliver-advice": " "})
    assert bad.status_code == 400 and "Record the advice you gave" in text(bad)
    assert 'href="#id_deliver-advice"' in text(bad)
    assert state(briefing) == before
    refused = client_as("cllr.gordon").post(url(briefing, "deliver/"), {"deliver-advice": ADVICE})
    assert refused.status_code == 403 and state(briefing) == before
    response = client_as("h.patel").post(url(briefing, "deliver/"), {"deliver-advice": ADVICE,
                                                                     "deliver-report": "Site H4 analysis."},
                                         follow=True)
    assert "Every other group has been told that it happened and its subject, never the advice" in text(response)
    page = text(client_as("cllr.iqbal").get(url(briefing)))
    assert "Delivered</strong>" in page and ADVICE in page and "Site H4 analysis." in page
    again = client_as("h.patel").post(url(briefing, "deliver/"), {"deliver-advice": ADVICE})
    assert again.status_code == 409


def test_the_advice_is_not_shown_before_the_briefing_is_given(client_as, approved):
    """BRF-SAME-ADVICE: an approved briefing's page has no advice section yet."""
    page = text(client_as("cllr.gordon").get(url(approved())))
    assert 'data-testid="advice"' not in page and 'id="record"' not in page


# BRF-EQUAL: offers -------------------------------------------------------------------------------

def test_brf_equal_another_groups_leader_sees_the_offer_and_accepts_it(client_as, approved):
    """BRF-EQUAL: Labour's leader accepts; Labour gets the same briefing by the same officer."""
    briefing = approved()
    leader = client_as("cllr.ahmed")
    page = text(leader.get("/briefings/"))
    assert 'data-testid="offer"' in page and "The draft local plan" in page
    assert "approved for Conservative Group" in page and "Hema Patel" in page
    assert f'action="/briefings/offers/{offer_to(briefing, "LAB").public_id}/respond/"' in page
    assert ">Accept<span" in page and ">Decline<span" in page
    response = leader.post(f"/briefings/offers/{offer_to(briefing, 'LAB').public_id}/respond/", {"accept": "yes"},
                           follow=True)
    equivalent = offer_to(briefing, "LAB").result
    assert response.redirect_chain[-1][0] == url(equivalent)
    page = text(response)
    assert "You accepted the offer. Hema Patel will brief Labour Group" in page
    assert "The briefing approved for Conservative Group" in page and "Approved</strong>" in page
    assert 'data-testid="offers"' not in page  # the original's offers are not Labour's business
    assert "Accepted" in text(client_as("cllr.gordon").get(url(briefing)))
    listed = text(leader.get("/briefings/"))
    assert "Accepted</strong>" in listed and f'href="{url(equivalent)}"' in listed
    again = leader.post(f"/briefings/offers/{offer_to(briefing, 'LAB').public_id}/respond/", {"accept": "no"})
    assert again.status_code == 409 and "already been accepted" in text(again)


def test_brf_equal_an_offer_may_be_declined(client_as, approved):
    """BRF-EQUAL: the Liberal Democrats' leader declines; nothing is created for them."""
    briefing = approved()
    response = client_as("cllr.kaur").post(f"/briefings/offers/{offer_to(briefing, 'LD').public_id}/respond/",
                                           {"accept": "no"}, follow=True)
    assert response.redirect_chain[-1][0] == "/briefings/"
    assert "You declined the offer of a briefing on" in text(response)
    assert (offer_to(briefing, "LD").status, offer_to(briefing, "LD").result) == ("declined", None)


def test_brf_equal_an_ordinary_member_sees_the_offer_without_buttons_and_gets_403(client_as, approved):
    """BRF-EQUAL, BRF-REQUEST: Cllr Clarke (Labour, no group role) sees it but cannot answer it."""
    briefing = approved()
    member = client_as("cllr.clarke")
    page = text(member.get("/briefings/"))
    assert "The draft local plan" in page and "Offered</strong>" in page
    assert ">Accept<span" not in page and ">Decline<span" not in page
    response = member.post(f"/briefings/offers/{offer_to(briefing, 'LAB').public_id}/respond/", {"accept": "yes"})
    assert response.status_code == 403 and "Only your group's leader or a spokesperson can accept" in text(response)
    assert offer_to(briefing, "LAB").status == "offered"


def test_brf_equal_an_offer_to_another_group_is_404_and_a_bad_answer_is_400(client_as, approved):
    """BRF-EQUAL: the group that asked, and another group, cannot answer Labour's offer; 'maybe' is no answer."""
    briefing = approved()
    path = f"/briefings/offers/{offer_to(briefing, 'LAB').public_id}/respond/"
    for outsider in ("cllr.gordon", "cllr.kaur", "h.patel", "c.wright"):
        assert client_as(outsider).post(path, {"accept": "yes"}).status_code == 404, outsider
    for answer in ({"accept": "maybe"}, {}):
        response = client_as("cllr.ahmed").post(path, answer)
        assert response.status_code == 400 and "Choose whether to accept or decline the offer." in text(response)
    assert offer_to(briefing, "LAB").status == "offered"
    assert client_as("cllr.ahmed").get(path).status_code == 405
    assert "The draft local plan" not in text(client_as("cllr.iqbal").get("/briefings/")).split('id="offers"')[1]


def test_brf_equal_the_officer_may_not_decline_an_equivalent_while_the_original_stands(client_as, person, approved):
    """BRF-EQUAL (003 ¶91): the equivalent's page has no decline form, and says why."""
    briefing = approved()
    equivalent = offer_respond(acting_user=person("cllr.moss"), offer=offer_to(briefing, "GRN"), accept=True).result
    page = text(client_as("h.patel").get(url(equivalent)))
    assert 'data-testid="bound-to-give"' in page and "Decline under BRF-SCOPE" not in page
    response = client_as("h.patel").post(url(equivalent, "decline/"), {"decline-reason": "Too busy."})
    assert response.status_code == 403 and "BRF-EQUAL" in text(response)


def test_brf_same_advice_the_officer_sees_the_advice_already_given_and_must_match_it(client_as, person, delivered):
    """BRF-SAME-ADVICE: on Labour's equivalent, the officer reads what the Conservatives were told; Labour does not."""
    briefing = delivered(advice=ADVICE)
    equivalent = offer_respond(acting_user=person("cllr.ahmed"), offer=offer_to(briefing, "LAB"), accept=True).result
    officer = client_as("h.patel")
    page = text(officer.get(url(equivalent)))
    assert 'data-testid="same-matter"' in page and "Given to Conservative Group" in page and ADVICE in page
    assert ADVICE not in text(client_as("cllr.ahmed").get(url(equivalent)))
    before = state(equivalent)
    response = officer.post(url(equivalent, "deliver/"), {"deliver-advice": "Housing numbers fall to 6,000."})
    assert response.status_code == 400 and "(BRF-SAME-ADVICE)" in text(response)
    assert 'href="#id_deliver-advice_differences"' in text(response)
    assert state(equivalent) == before
    officer.post(url(equivalent, "deliver/"), {"deliver-advice": ADVICE})
    assert state(equivalent)[0] == "delivered"
    assert ADVICE in text(client_as("cllr.clarke").get(url(equivalent)))


# BRF-NOTIFY: notices and report copies ---------------------------------------------------------------

def test_brf_notify_other_groups_see_the_notice_but_never_the_advice(client_as, delivered):
    """BRF-NOTIFY: Labour is told the subject, the group and the officer; never the advice or the report."""
    briefing = delivered(advice=ADVICE, report="The site H4 report.")
    notice = briefing.notice
    member = client_as("cllr.clarke")
    listed = text(member.get("/briefings/"))
    assert 'data-testid="notice"' in listed and "Report available" in listed
    assert f'href="/briefings/notices/{notice.public_id}/"' in listed
    page = text(member.get(f"/briefings/notices/{notice.public_id}/"))
    assert "The draft local plan" in page and "Conservative Group" in page
    assert "Hema Patel, Head of Planning" in page and "23 November 2026" in page
    assert ADVICE not in page and "The site H4 report." not in page and ADVICE not in listed
    assert url(briefing) not in page and url(briefing) not in listed  # not even the briefing's address
    assert "Ask for a copy of the report" in page


def test_brf_notify_the_notice_is_404_to_the_briefed_group_and_to_officers(client_as, delivered):
    """BRF-NOTIFY: only the groups that were told see the notice; the group briefed sees the briefing instead."""
    notice = delivered(report="The report.").notice
    path = f"/briefings/notices/{notice.public_id}/"
    for outsider in ("cllr.gordon", "cllr.iqbal", "h.patel", "c.wright"):
        assert client_as(outsider).get(path).status_code == 404, outsider
        assert client_as(outsider).post(path + "report/").status_code == 404, outsider
    assert not ReportCopy.objects.exists()
    assert client_as("cllr.nolan").get(path).status_code == 200


def test_brf_notify_any_group_may_have_a_copy_of_the_report(client_as, delivered):
    """BRF-NOTIFY (003 ¶97): the Green Group asks for the report and reads it; Labour still has not got it."""
    notice = delivered(report="The site H4 report.").notice
    path = f"/briefings/notices/{notice.public_id}/"
    response = client_as("cllr.moss").post(path + "report/", follow=True)
    assert response.redirect_chain[-1][0] == path
    page = text(response)
    assert "Your group now has a copy of the report" in page and "The site H4 report." in page
    assert "Report copy received" in text(client_as("cllr.moss").get("/briefings/"))
    assert "The site H4 report." not in text(client_as("cllr.ahmed").get(path))
    assert ReportCopy.objects.get().group.code == "GRN"
    assert client_as("cllr.moss").get(path + "report/").status_code == 405


def test_brf_notify_no_report_no_copy(client_as, delivered):
    """BRF-NOTIFY: a briefing without a report has nothing to copy: 409 with the reason."""
    notice = delivered().notice
    path = f"/briefings/notices/{notice.public_id}/"
    page = text(client_as("cllr.ahmed").get(path))
    assert "No report was prepared" in page and "Ask for a copy" not in page
    response = client_as("cllr.ahmed").post(path + "report/")
    assert response.status_code == 409 and "No report was prepared for this briefing" in text(response)
    assert not ReportCopy.objects.exists()


# BRF-CONFIDENTIAL, BRF-VERIFY: the group's record ----------------------------------------------------

def test_brf_confidential_the_record_is_seen_by_the_group_and_the_attending_officer_only(client_as, delivered):
    """BRF-CONFIDENTIAL: any member of the group writes it; the approver and the other groups never see it."""
    briefing = delivered()
    member = client_as("cllr.iqbal")
    assert "The group has not written its record yet." in text(member.get(url(briefing)))
    bad = member.post(url(briefing, "record/"), {"record-notes": ""})
    assert bad.status_code == 400 and "Write the group's notes of the briefing." in text(bad)
    assert not GroupRecord.objects.exists()
    response = member.post(url(briefing, "record/"), {"record-notes": NOTES}, follow=True)
    assert "The group's record is saved" in text(response) and NOTES in text(response)
    for reader in ("cllr.gordon", "h.patel"):
        assert NOTES in text(client_as(reader).get(url(briefing))), reader
    approver = text(client_as("c.wright").get(url(briefing)))
    assert NOTES not in approver and 'id="record"' not in approver and "Save the notes" not in approver
    refused = client_as("c.wright").post(url(briefing, "record/"), {"record-notes": "The approver's notes."})
    assert refused.status_code == 403 and GroupRecord.objects.get().notes == NOTES
    refused = client_as("h.patel").post(url(briefing, "record/"), {"record-notes": "The officer's notes."})
    assert refused.status_code == 403 and GroupRecord.objects.get().notes == NOTES
    assert client_as("cllr.ahmed").get(url(briefing)).status_code == 404


def test_brf_confidential_a_nominated_officer_who_attended_reads_the_record_and_the_senior_does_not(
        client_as, person, approved):
    """BRF-CONFIDENTIAL: the record is for the officers who attended."""
    from requests_app.briefings.actions import briefing_deliver, briefing_nominate

    briefing = briefing_nominate(acting_user=person("h.patel"), briefing=approved(), officer="o.baker")
    briefing = briefing_deliver(acting_user=person("o.baker"), briefing=briefing, advice=ADVICE)
    record_write(acting_user=person("cllr.gordon"), briefing=briefing, notes=NOTES)
    assert NOTES in text(client_as("o.baker").get(url(briefing)))
    assert NOTES not in text(client_as("h.patel").get(url(briefing)))


def test_brf_confidential_the_record_waits_for_the_briefing(client_as, approved):
    """BRF-CONFIDENTIAL: no record section, and 409 on writing one, before the briefing is given."""
    briefing = approved()
    response = client_as("cllr.gordon").post(url(briefing, "record/"), {"record-notes": NOTES})
    assert response.status_code == 409 and "after the briefing has been given" in text(response)
    assert not GroupRecord.objects.exists()


def test_brf_verify_the_officer_verifies_or_corrects_and_only_then_the_record_is_final(client_as, delivered):
    """BRF-VERIFY: an attributed comment awaits the officer; finalising before that is 400 naming the rule."""
    briefing = delivered()
    group = client_as("cllr.gordon")
    group.post(url(briefing, "record/"), {"record-notes": NOTES})
    bad = group.post(url(briefing, "record/attributions/"), {"attribute-text": ""})
    assert bad.status_code == 400 and "Write the comment or advice the record attributes to the officer." in text(bad)
    assert not Attribution.objects.exists()
    response = group.post(url(briefing, "record/attributions/"),
                          {"attribute-text": "The officer said site H4 would be dropped."}, follow=True)
    assert "Hema Patel has been asked to verify or correct it" in text(response)
    said = Attribution.objects.get()
    assert "Awaiting the officer" in text(response)
    verify = url(briefing, f"record/attributions/{said.public_id}/verify/")
    assert f'action="{verify}"' not in text(response)  # the group cannot verify for the officer

    blocked = group.post(url(briefing, "record/final/"))
    assert blocked.status_code == 400
    page = text(blocked)
    assert "BRF-VERIFY" in page and "has not yet verified 1 comment" in page and 'href="#record-final"' in page
    assert GroupRecord.objects.get().status == "draft"

    assert group.post(verify, {f"verify-{said.public_id}-correction": ""}).status_code == 403
    assert client_as("c.wright").post(verify, {}).status_code == 404  # the approver cannot read the record
    officer = client_as("h.patel")
    page = text(officer.get(url(briefing)))
    assert f'action="{verify}"' in page and "Make the record final" not in page
    response = officer.post(verify, {f"verify-{said.public_id}-correction": "I said site H4 was under review."}, follow=True)
    page = text(response)
    assert "Corrected: the record now shows your words (BRF-VERIFY)." in page
    assert "I said site H4 was under review." in page and f'action="{verify}"' not in page
    assert Attribution.objects.get().status == "corrected"

    response = group.post(url(briefing, "record/final/"), follow=True)
    page = text(response)
    assert "The group's record is final." in page and "Final</strong>" in page
    assert "Save the changed notes" not in page and "Make the record final" not in page
    assert group.post(url(briefing, "record/"), {"record-notes": "Changed."}).status_code == 409
    assert GroupRecord.objects.get().notes == NOTES


def test_brf_verify_an_officer_verifies_as_it_stands(client_as, person, delivered):
    """BRF-VERIFY: a correction too long is refused on its field; an empty one verifies the comment as written."""
    briefing = delivered()
    record_write(acting_user=person("cllr.gordon"), briefing=briefing, notes=NOTES)
    said = record_attribute(acting_user=person("cllr.gordon"), briefing=briefing, text="Site H4 is under review.")
    verify = url(briefing, f"record/attributions/{said.public_id}/verify/")
    too_long = client_as("h.patel").post(verify, {f"verify-{said.public_id}-correction": "x" * 10001})
    assert too_long.status_code == 400 and "Keep this to 10000 characters or fewer" in text(too_long)
    assert f'href="#id_verify-{said.public_id}-correction"' in text(too_long)
    assert f'id="id_verify-{said.public_id}-correction"' in text(too_long)
    assert Attribution.objects.get().status == "awaiting"
    response = client_as("h.patel").post(verify, {f"verify-{said.public_id}-correction": ""}, follow=True)
    assert "Verified: the record's words stand (BRF-VERIFY)." in text(response)
    assert (Attribution.objects.get().status, Attribution.objects.get().correction) == ("verified", "")
    missing = client_as("h.patel").post(url(briefing, f"record/attributions/{uuid.uuid4()}/verify/"), {})
    assert missing.status_code == 404


# Lists: query budgets and pagination ------------------------------------------------------------------

def _constant(client, path, grow):
    client.get(path)
    with CaptureQueriesContext(connection) as before:
        assert client.get(path).status_code == 200
    grow()
    with CaptureQueriesContext(connection) as after:
        page = text(client.get(path))
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
    return page


def briefing_links(page):
    return re.findall(r'href="/briefings/[0-9a-f-]{36}/"', page)


def _rows(person, approved, delivered, n):
    """Give the Conservatives n briefings, n offers from Labour's approved ones and n notices of Labour's."""
    from requests_app.briefings.actions import report_copy_request

    for i in range(n):
        approved("cllr.gordon", subject=f"Ours {i}")
        approved("cllr.ahmed", subject=f"Offered {i}")
        notice = delivered("cllr.ahmed", subject=f"Told {i}", report="A report.").notice
        if i % 2:
            report_copy_request(acting_user=person("cllr.gordon"), notice=notice)


def test_the_members_list_keeps_its_query_count_as_briefings_offers_and_notices_grow(
        client_as, person, approved, delivered):
    """BRF-EQUAL, BRF-NOTIFY, STYLE habit 4: one of each, then many; the same number of queries."""
    _rows(person, approved, delivered, 1)
    page = _constant(client_as("cllr.gordon"), "/briefings/", lambda: _rows(person, approved, delivered, 6))
    assert page.count('data-testid="offer"') == 14 and page.count('data-testid="notice"') == 7
    assert "Report copy received" in page and "Report available" in page
    assert len(re.findall(r'href="/briefings/notices/[0-9a-f-]{36}/"', page)) == 7


def test_the_officers_list_keeps_its_query_count_as_briefings_grow(client_as, request_briefing, approved):
    """BRF-APPROVE, STYLE habit 4: the approver's queue and list, one briefing then many."""
    request_briefing()
    approved()

    def grow():
        for i in range(6):
            request_briefing("cllr.ahmed", subject=f"To approve {i}")
            approved("cllr.kaur", subject=f"Approved {i}")

    page = _constant(client_as("c.wright"), "/briefings/", grow)
    assert page.count("Approve or reject") == 7
    page = _constant(client_as("h.patel"), "/briefings/", lambda: [approved(subject=f"More {i}") for i in range(6)])
    assert page.count("Give it") == 13  # Cllr Kaur's six, Cllr Gordon's first and six more


def test_the_list_is_paginated(client_as, request_briefing):
    """BRF-REQUEST: a long list is paged, 50 at a time."""
    for i in range(52):
        request_briefing(subject=f"Question {i}")
    first = text(client_as("cllr.iqbal").get("/briefings/"))
    assert len(briefing_links(first)) == 50 and 'class="govuk-pagination"' in first
    assert len(briefing_links(text(client_as("cllr.iqbal").get("/briefings/?page=2")))) == 2


def test_briefings_is_in_the_menu_for_members_and_officers(client_as):
    """BRF-REQUEST: every member and officer can find the briefings pages."""
    for username in ("cllr.iqbal", "o.baker"):
        page = text(client_as(username).get("/briefings/"))
        assert 'href="/briefings/" aria-current="page">Briefings</a>' in page, username


def test_the_home_page_links_members_and_officers_to_briefings(client_as):
    """BRF-REQUEST, BRF-APPROVE: the home page leads a member and an officer to the briefings."""
    assert "See your group's officer briefings" in text(client_as("cllr.iqbal").get("/"))
    assert "See your officer briefings" in text(client_as("cllr.nolan").get("/"))
    assert "See the party-group briefings you approve, give or attend" in text(client_as("c.wright").get("/"))
