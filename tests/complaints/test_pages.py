"""Complaint and relationship pages: raising, routing shown at once, handling, privacy; two people per page
(CMP-*, REL-*)."""
import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.actions import (
    complaint_escalate,
    complaint_notify_subject,
    complaint_outcome,
    relationship_withdraw,
)
from complaints.models import Complaint, DeclaredRelationship

from .conftest import RAISED

pytestmark = pytest.mark.django_db

DETAILS = "He shouted at me in the corridor after the Planning Committee."
RAISE = {"about": "o.baker", "category": "bullying", "details": DETAILS, "formal": "on"}
ENDPOINTS = ["acknowledge/", "assess/", "notify-subject/", "escalate/", "outcome/", "independent-person/",
             "decision/"]
POSTED = {"acknowledge-note": "Received.", "assess-assessment": "Serious.", "escalate-reasons": "Stuck.",
          "outcome-outcome": "resolved", "outcome-reasons": "Sorted.", "independent-independent_person": "ms.rahman",
          "independent-views": "Breach.", "decide-finding": "breach", "decide-reasons": "Proven."}


@pytest.fixture(autouse=True)
def monday_23_november_2026():
    with time_machine.travel(RAISED, tick=False):
        yield


def text(response):
    """Return the page as the reader sees it: entities such as &#x27; unescaped."""
    return html.unescape(response.content.decode())


def url(complaint, rest=""):
    return f"/complaints/{complaint.public_id}/{rest}"


def state(complaint):
    complaint.refresh_from_db()
    return (complaint.status, complaint.handler_id, complaint.acknowledged_at, complaint.assessment,
            complaint.subject_notified_at, complaint.route_position, complaint.outcome, complaint.finding,
            complaint.independent_person_views)


@pytest.fixture
def staff(db, riverside):
    """A portal administrator who is neither a member nor an officer."""
    from protocol_portal.council.models import User

    return User.objects.create_user("portal.staff", "staff@riverside.example", "x" * 20, name="Portal Staff")


@pytest.fixture
def staff_client(staff):
    from django.test import Client

    client = Client()
    client.force_login(staff)
    return client


# CMP-ROUTE-*: raising a complaint shows its route at once ------------------------------------------

def test_cmp_route_officer_raising_a_complaint_shows_the_route_and_due_dates_at_once(client_as, person):
    """CMP-ROUTE-OFFICER, CMP-TIMES, CMP-BULLYING: Cllr Gordon complains of bullying by Tom Baker; the page he
    lands on says Hema Patel, Head of Planning, handles it, and when she must acknowledge and assess it."""
    client = client_as("cllr.gordon")
    form = text(client.get("/complaints/new/"))
    assert "Make a complaint" in form and "Bullying or harassment" in form and 'value="bullying"' in form
    assert "Tom Baker, Planning Officer" in form and "Cllr Sara Ahmed, Labour Group" in form
    assert '<optgroup label="Members">' in form and '<optgroup label="Officers">' in form
    assert 'value="cllr.gordon"' not in form  # not himself
    response = client.post("/complaints/new/", RAISE, follow=True)
    complaint = Complaint.objects.get()
    assert response.redirect_chain[-1][0] == url(complaint)
    page = text(response)
    assert ("Your complaint has been sent to Hema Patel, Head of Planning. They must acknowledge it by 30 November "
            "2026 and make an initial assessment by 21 December 2026 (CMP-TIMES).") in page
    assert "Who handles it" in page
    steps = re.findall(r'data-testid="route-step"[^>]*>(.*?)</li>', page, re.S)
    assert [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s)).strip() for s in steps] == [
        "Hema Patel, Head of Planning Handling it now",
        "Priya Shah, Monitoring Officer Next, if it is passed on (CMP-ARBITRATE)",
        "Clare Wright, Chief Executive Next, if it is passed on (CMP-ARBITRATE)",
        "The Standards Committee Next, if it is passed on (CMP-ARBITRATE)"]
    assert 'aria-current="step"' in page
    assert "Due by 30 November 2026 (CMP-TIMES)" in page and "Due by 21 December 2026 (CMP-TIMES)" in page
    assert "Bullying or harassment (CMP-BULLYING)" in page and DETAILS in page
    assert (complaint.complainant, complaint.subject, complaint.category, complaint.formal) == (
        person("cllr.gordon"), person("o.baker"), "bullying", True)
    assert "What you can do" not in page  # the complainant does not handle it


def test_cmp_conflict_skipped_people_are_shown_with_why(client_as):
    """CMP-CONFLICT, CMP-ROUTE-MEMBER: the Monitoring Officer's own complaint about a member goes to her deputy,
    and the page says why she does not handle it."""
    page = text(client_as("h.shah").post("/complaints/new/", {**RAISE, "about": "cllr.gordon", "category": "protocol"},
                                         follow=True))
    assert "Your complaint has been sent to Sian Evans, Deputy Monitoring Officer" in page
    assert "Does not handle it: Priya Shah made the complaint (CMP-CONFLICT)." in page
    assert re.search(r"<strong>Sian Evans, Deputy Monitoring Officer</strong>\s*<strong[^>]*>Handling it now", page)


def test_cmp_conflict_a_declared_relationship_skips_the_head_of_service(client_as, declare):
    """CMP-CONFLICT, REL-CONFLICT: Cllr Gordon is related to the Head of Planning: his complaint about a planning
    officer goes to the Director of Place, and the route says why."""
    declare("cllr.gordon", "h.patel", kind="family")
    page = text(client_as("cllr.gordon").post("/complaints/new/", RAISE, follow=True))
    assert "sent to Daniel Okafor, Director of Place" in page
    assert ("Does not handle it: Hema Patel has declared a relationship with the person complaining "
            "(CMP-CONFLICT, REL-CONFLICT).") in page


@pytest.mark.parametrize("change, field, message", [
    ({"about": "cllr.gordon"}, "id_about", "You cannot complain about yourself."),
    ({"about": "nobody.here"}, "id_about", 'There is no member or officer with the username "nobody.here".'),
    ({"about": ""}, "id_about", "Choose the member or officer the complaint is about."),
    ({"details": "   "}, "id_details", "Say what happened: what was said or done, when, and who was there."),
    ({"category": "rudeness"}, "id_category", "Choose what kind of complaint it is"),
])
def test_cmp_route_member_bad_input_is_refused_with_a_specific_message(client_as, change, field, message):
    """CMP-ROUTE-MEMBER, CMP-ROUTE-OFFICER: each bad field is named and linked from the error summary; nothing
    is created."""
    response = client_as("cllr.gordon").post("/complaints/new/", {**RAISE, **change})
    assert response.status_code == 400
    page = text(response)
    assert "<title>Error: " in page and "There is a problem" in page
    assert f'<a href="#{field}">{message}' in page
    assert "by their username" not in page  # the API's words are not the page's
    assert not Complaint.objects.exists()


def test_cmp_route_member_an_empty_form_names_every_field(client_as):
    """CMP-ROUTE-MEMBER: who, what kind and what happened are all asked for at once."""
    response = client_as("o.baker").post("/complaints/new/", {})
    page = text(response)
    assert response.status_code == 400
    for field in ("id_about", "id_category", "id_details"):
        assert f'href="#{field}"' in page, field
    assert not Complaint.objects.exists()


def test_cmp_privacy_only_members_and_officers_may_complain(staff_client):
    """CMP-PRIVACY: to anyone who is not a member or officer, the complaint and relationship pages do not exist."""
    for path in ("/complaints/", "/complaints/new/", "/relationships/"):
        assert staff_client.get(path).status_code == 404, path
    assert staff_client.post("/complaints/new/", RAISE).status_code == 404
    assert staff_client.post("/relationships/", {"other": "o.baker", "kind": "family"}).status_code == 404
    assert not Complaint.objects.exists() and DeclaredRelationship.objects.count() == 2


# CMP-PRIVACY: who sees a complaint and who may act on it ----------------------------------------------

def test_cmp_privacy_outsiders_get_404_on_the_page_and_every_post(client_as, complain):
    """CMP-PRIVACY: an unrelated member, Tom Baker's own manager and an unrelated Director cannot tell the
    complaint exists: 404 on its page and on every form it has; nothing changes."""
    complaint = complain("cllr.gordon", "o.baker")
    before = state(complaint)
    for outsider in ("cllr.ahmed", "s.ali", "d.okafor", "o.chen", "ms.rahman"):
        client = client_as(outsider)
        assert client.get(url(complaint)).status_code == 404, outsider
        for endpoint in ENDPOINTS:
            assert client.post(url(complaint, endpoint), POSTED).status_code == 404, (outsider, endpoint)
    assert state(complaint) == before
    assert client_as("h.patel").get("/complaints/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client_as("h.patel").get("/complaints/not-a-uuid/").status_code == 404


def test_cmp_privacy_the_complainant_and_the_monitoring_officer_read_it_but_acting_is_403(client_as, complain):
    """CMP-PRIVACY: the complainant and the Monitoring Officer may read the complaint; neither handles it, so
    no form is shown and sending one is refused (403: they know it exists; everyone else gets 404)."""
    complaint = complain("cllr.gordon", "o.baker")
    before = state(complaint)
    for reader in ("cllr.gordon", "h.shah", "s.evans"):
        client = client_as(reader)
        page = text(client.get(url(complaint)))
        assert "Conduct complaint about Tom Baker" in page and "What you can do" not in page, reader
        for endpoint in ENDPOINTS:
            assert client.post(url(complaint, endpoint), POSTED).status_code == 403, (reader, endpoint)
    assert state(complaint) == before


def test_cmp_privacy_the_person_complained_about_sees_it_only_once_notified(client_as, complain):
    """CMP-PRIVACY: Tom Baker gets 404 until Hema Patel tells him; then he reads it, but cannot act on it (403),
    and the button to tell him is gone."""
    complaint = complain("cllr.gordon", "o.baker")
    subject, handler = client_as("o.baker"), client_as("h.patel")
    assert subject.get(url(complaint)).status_code == 404
    assert 'data-testid="complaint"' not in text(subject.get("/complaints/"))
    page = text(handler.get(url(complaint)))
    assert "Tell Tom Baker of the complaint" in page and "Not yet: they cannot see it" in page
    response = handler.post(url(complaint, "notify-subject/"), follow=True)
    page = text(response)
    assert "Tom Baker has been told of the complaint, and can now read it" in page
    assert "Tell Tom Baker of the complaint" not in page and "On 23 November 2026" in page
    assert "Told the person complained about" in page  # the history
    assert subject.get(url(complaint)).status_code == 200
    assert text(subject.get("/complaints/")).count('data-testid="complaint"') == 1
    for endpoint in ENDPOINTS:
        assert subject.post(url(complaint, endpoint), POSTED).status_code == 403, endpoint
    again = handler.post(url(complaint, "notify-subject/"))
    assert again.status_code == 409 and "Tom Baker was told of this complaint on 23 November 2026" in text(again)


def test_cmp_route_officer_the_employment_chair_is_told_of_a_formal_complaint_about_the_chief_executive(
        client_as, complain):
    """CMP-ROUTE-OFFICER, CMP-PRIVACY: the chair of the employment committee may read the formal complaint about
    the Chief Executive, but it is the Monitoring Officer's to handle."""
    complaint = complain("cllr.gordon", "c.wright", formal=True)
    chair = client_as("cllr.clarke")
    assert "Conduct complaint about Clare Wright" in text(chair.get(url(complaint)))
    assert chair.post(url(complaint, "acknowledge/"), POSTED).status_code == 403
    assert "Acknowledge it" in text(client_as("h.shah").get(url(complaint)))


def test_cmp_privacy_the_list_shows_each_person_only_what_they_may_see(client_as, complain):
    """CMP-PRIVACY: the handler sees it waiting, the complainant among those he made, the Monitoring Officer
    among all; an unrelated member sees nothing of it."""
    complain("cllr.gordon", "o.baker")
    handler = text(client_as("h.patel").get("/complaints/"))
    assert 'data-testid="queue"' in handler and "Cllr Ian Gordon" in handler and "By 30 Nov 2026" in handler
    gordon = text(client_as("cllr.gordon").get("/complaints/"))
    assert 'data-testid="made"' in gordon and 'data-testid="queue-empty"' in gordon
    assert 'data-testid="make"' in gordon and "Received" in gordon and "Tom Baker" in gordon
    monitoring = text(client_as("h.shah").get("/complaints/"))
    assert "All complaints" in monitoring and 'data-testid="complaints"' in monitoring and "Tom Baker" in monitoring
    outsider = text(client_as("cllr.ahmed").get("/complaints/"))
    main = outsider[outsider.index("<main"):]
    assert "Tom Baker" not in main and "Cllr Ian Gordon" not in main and 'data-testid="complaint"' not in main


# CMP-TIMES, CMP-ARBITRATE, CMP-OUTCOMES: handling ------------------------------------------------------

def test_cmp_times_the_handler_acknowledges_then_assesses(client_as, complain):
    """CMP-TIMES: Hema Patel acknowledges with a note, is refused an empty assessment, then assesses; the
    complainant reads the assessment."""
    complaint = complain("cllr.gordon", "o.baker")
    handler = client_as("h.patel")
    page = text(handler.get(url(complaint)))
    for form in ("Acknowledge it", "Make the initial assessment", "Record the outcome", "Pass it up the line"):
        assert form in page, form
    page = text(handler.post(url(complaint, "acknowledge/"), {"acknowledge-note": "I will look into it."},
                             follow=True))
    assert ("Acknowledged. Cllr Ian Gordon has been told; your initial assessment is due by 21 December 2026 "
            "(CMP-TIMES).") in page
    assert "Acknowledged on 23 November 2026" in page and "Acknowledge it" not in page
    assert "I will look into it." in page  # in the history's reasons
    bad = handler.post(url(complaint, "assess/"), {"assess-assessment": ""})
    assert bad.status_code == 400 and '<a href="#id_assess-assessment">Write your initial assessment' in text(bad)
    handler.post(url(complaint, "assess/"), {"assess-assessment": "An allegation of shouting; I will meet both."})
    assert state(complaint)[0] == "assessed"
    page = text(client_as("cllr.gordon").get(url(complaint)))
    assert "An allegation of shouting; I will meet both." in page and "Made on 23 November 2026" in page
    again = handler.post(url(complaint, "acknowledge/"), {})
    assert again.status_code == 409 and "so you cannot acknowledge it" in text(again)


def test_cmp_arbitrate_passing_it_up_the_line_names_who_is_next(client_as, complain):
    """CMP-ARBITRATE: Hema Patel is told it goes next to the Monitoring Officer; she must give reasons; then it is
    Priya Shah's to handle, and Hema Patel can read it but no longer act."""
    complaint = complain("cllr.gordon", "o.baker")
    handler = client_as("h.patel")
    assert ("If you cannot resolve it, it goes next to Priya Shah, Monitoring Officer (CMP-ARBITRATE)."
            in text(handler.get(url(complaint))))
    bad = handler.post(url(complaint, "escalate/"), {"escalate-reasons": ""})
    assert bad.status_code == 400 and "Say why the difficulty could not be resolved at your level" in text(bad)
    assert "<details class=\"govuk-details\" id=\"escalate\" open>" in text(bad)
    page = text(handler.post(url(complaint, "escalate/"), {"escalate-reasons": "Both sides dispute the facts."},
                             follow=True))
    assert "Passed to Priya Shah, Monitoring Officer, with your reasons (CMP-ARBITRATE)." in page
    assert "What you can do" not in page and "Passed it on" in page
    assert handler.post(url(complaint, "outcome/"), POSTED).status_code == 403
    page = text(client_as("h.shah").get(url(complaint)))
    assert "it goes next to Clare Wright, Chief Executive" in page
    assert re.search(r"<strong>Priya Shah, Monitoring Officer</strong>\s*<strong[^>]*>Handling it now", page)
    assert "Passed it up the line (to the Monitoring Officer)" in page and "Both sides dispute the facts." in page


def test_cmp_outcomes_an_officer_complaint_gets_the_officer_outcomes(client_as, complain):
    """CMP-OUTCOMES: a complaint about an officer is resolved, upheld or not upheld; the member outcomes are not
    offered, and the complaint closes."""
    complaint = complain("cllr.gordon", "o.baker")
    handler = client_as("h.patel")
    page = text(handler.get(url(complaint)))
    assert 'value="upheld"' in page and 'value="not_upheld"' in page and 'value="investigation"' not in page
    bad = handler.post(url(complaint, "outcome/"), {"outcome-outcome": "investigation", "outcome-reasons": "x"})
    assert bad.status_code == 400 and "Choose one of the outcomes listed (CMP-OUTCOMES)." in text(bad)
    page = text(handler.post(url(complaint, "outcome/"), {"outcome-outcome": "upheld",
                                                          "outcome-reasons": "Witnesses confirm it."}, follow=True))
    assert "Recorded the outcome: Upheld: dealt with under the council's procedures." in page
    assert "Witnesses confirm it." in page and "Closed" in page and "Dealt with it" in page
    assert "Record the outcome" not in page and "Pass it up the line" not in page
    assert state(complaint)[0] == "closed"


def test_cmp_outcomes_suspension_is_never_offered_and_posting_it_is_refused(client_as, complain):
    """CMP-OUTCOMES: the Monitoring Officer is offered the member outcomes, never suspension; posting it anyway
    is refused with the law's reason and changes nothing."""
    complaint = complain("o.baker", "cllr.iqbal")
    monitoring = client_as("h.shah")
    page = text(monitoring.get(url(complaint)))
    for outcome in ("no_further_action", "informal_resolution", "group_leader", "investigation",
                    "standards_referral"):
        assert f'value="{outcome}"' in page, outcome
    assert 'value="suspension"' not in page and "Suspend" not in page
    before = state(complaint)
    response = monitoring.post(url(complaint, "outcome/"), {"outcome-outcome": "suspension",
                                                            "outcome-reasons": "Serious."})
    assert response.status_code == 400
    assert '<a href="#id_outcome-outcome">Suspension is not an available sanction' in text(response)
    assert state(complaint) == before


def test_cmp_outcomes_deciding_an_investigation_needs_the_independent_persons_views(client_as, complain):
    """CMP-OUTCOMES: after an investigation outcome, deciding without the Independent Person's views is refused
    naming CMP-OUTCOMES; once Ms Rahman's views are recorded, the decision closes it."""
    complaint = complain("o.baker", "cllr.iqbal")
    monitoring = client_as("h.shah")
    page = text(monitoring.post(url(complaint, "outcome/"), {"outcome-outcome": "investigation",
                                                             "outcome-reasons": "Needs witnesses."}, follow=True))
    assert "the complaint will be investigated. Record the Independent Person's views before deciding it" in page
    assert "Under investigation" in page and "Ms Farah Rahman, Independent Person" in page
    assert 'data-testid="views-first"' in page and "Record the outcome" not in page
    before = state(complaint)
    response = monitoring.post(url(complaint, "decision/"), {"decide-finding": "breach", "decide-reasons": "Proven."})
    assert response.status_code == 400
    page = text(response)
    assert ('<a href="#independent-person">Record the Independent Person\'s views before deciding an allegation '
            "that was investigated (CMP-OUTCOMES; Localism Act 2011 s.28(7)).") in page
    assert state(complaint) == before
    bad = monitoring.post(url(complaint, "independent-person/"), {"independent-independent_person": "cllr.gordon",
                                                                  "independent-views": ""})
    assert bad.status_code == 400
    assert "Choose the Independent Person whose views these are." in text(bad)
    assert "Write the Independent Person's views on the allegation." in text(bad)
    monitoring.post(url(complaint, "independent-person/"), {"independent-independent_person": "ms.rahman",
                                                            "independent-views": "A breach, but a minor one."})
    page = text(monitoring.post(url(complaint, "decision/"), {"decide-finding": "breach",
                                                              "decide-reasons": "The witnesses agree."}, follow=True))
    assert "Decided: The member breached the Code of Conduct." in page
    page = text(client_as("o.baker").get(url(complaint)))
    assert "A breach, but a minor one." in page and "The member breached the Code of Conduct" in page
    assert "Ms Farah Rahman, recorded 23 November 2026" in page and "The witnesses agree." in page
    assert state(complaint)[0] == "closed"


def test_cmp_outcomes_the_monitoring_officer_and_deputy_record_the_standards_committees_outcome(
        client_as, person, complain):
    """CMP-OUTCOMES, CMP-ARBITRATE: referred to the Standards Committee, nobody in the route holds it; the
    Monitoring Officer and deputy record the committee's outcome, the complainant cannot."""
    complaint = complain("o.baker", "cllr.iqbal")
    complaint_outcome(acting_user=person("h.shah"), complaint=complaint, outcome="standards_referral",
                      reasons="Repeated conduct.")
    page = text(client_as("s.evans").get(url(complaint)))
    assert re.search(r"<strong>The Standards Committee</strong>\s*<strong[^>]*>Handling it now", page)
    assert "With the Standards Committee" in page and 'value="standards_referral"' not in page
    assert 'value="no_further_action"' in page and "Pass it up the line" not in page
    assert client_as("o.baker").post(url(complaint, "outcome/"), POSTED).status_code == 403
    client_as("s.evans").post(url(complaint, "outcome/"), {"outcome-outcome": "no_further_action",
                                                           "outcome-reasons": "The committee took no action."})
    assert state(complaint)[0] == "closed"


def test_cmp_arbitrate_past_the_chief_executive_it_goes_to_the_standards_committee(client_as, person, complain):
    """CMP-ARBITRATE: the last step is the Standards Committee, named on the Chief Executive's page."""
    complaint = complain("cllr.gordon", "o.baker")
    complaint_escalate(acting_user=person("h.patel"), complaint=complaint, reasons="Not resolved.")
    complaint_escalate(acting_user=person("h.shah"), complaint=complaint, reasons="Still not.")
    ceo = client_as("c.wright")
    assert "it goes next to the Standards Committee (CMP-ARBITRATE)" in text(ceo.get(url(complaint)))
    page = text(ceo.post(url(complaint, "escalate/"), {"escalate-reasons": "For the committee."}, follow=True))
    assert "Passed to the Standards Committee, the last step of the route (CMP-ARBITRATE)." in page


# REL-DECLARE, REL-CONFLICT: declared relationships ----------------------------------------------------

def test_rel_declare_a_member_declares_a_relationship_with_an_officer(client_as, person):
    """REL-DECLARE, REL-CONFLICT: Cllr Iqbal is offered officers only; declaring tells her the Monitoring Officer
    knows and neither will handle the other's business; Tom Baker sees it too."""
    member = client_as("cllr.iqbal")
    page = text(member.get("/relationships/"))
    assert "Tom Baker, Planning Officer" in page and 'value="cllr.gordon"' not in page
    assert "Close personal" in page and 'data-testid="no-relationships"' in page
    page = text(member.post("/relationships/", {"other": "o.baker", "kind": "business"}, follow=True))
    assert ("Your business relationship with Tom Baker is declared. The Monitoring Officer has been told. From now on "
            "neither of you will handle, decide or answer anything that concerns the other (REL-CONFLICT).") in page
    assert "Declared by Cllr Nadia Iqbal on 23 November 2026" in page and "Active" in page
    assert "Withdraw<span class=\"govuk-visually-hidden\"> your relationship with Tom Baker" in page
    officer = text(client_as("o.baker").get("/relationships/"))
    assert "Cllr Nadia Iqbal" in officer and 'value="o.chen"' not in officer and 'value="cllr.iqbal"' in officer
    relationship = DeclaredRelationship.objects.get(declared_by=person("cllr.iqbal"))
    assert (relationship.kind, relationship.is_active) == ("business", True)


@pytest.mark.parametrize("posted, field, message", [
    ({"other": "", "kind": "family"}, "id_other", "Choose the member or officer you have the relationship with."),
    ({"other": "cllr.gordon", "kind": "family"}, "id_other", "is a member like you (REL-DECLARE)"),
    ({"other": "nobody.here", "kind": "family"}, "id_other", 'There is no member or officer with the username'),
    ({"other": "o.baker", "kind": ""}, "id_kind", "Choose the kind of relationship"),
])
def test_rel_declare_bad_input_is_refused_with_a_specific_message(client_as, posted, field, message):
    """REL-DECLARE: relationships are between a member and an officer, of a named kind; nothing is created."""
    response = client_as("cllr.iqbal").post("/relationships/", posted)
    assert response.status_code == 400
    page = text(response)
    assert f'<a href="#{field}">' in page and message in page and "<title>Error: " in page
    assert DeclaredRelationship.objects.count() == 2


def test_rel_declare_declaring_twice_is_a_conflict(client_as, declare):
    """REL-DECLARE: a pair has one declaration; a second is refused with the reason."""
    declare("cllr.iqbal", "o.baker")
    response = client_as("o.baker").post("/relationships/", {"other": "cllr.iqbal", "kind": "family"})
    assert response.status_code == 409 and "A relationship with Cllr Nadia Iqbal is already declared." in text(
        response)


def test_rel_declare_only_the_two_people_may_withdraw_it(client_as, declare):
    """REL-DECLARE: another member and the Monitoring Officer get 404; Cllr Iqbal withdraws it, and it stays
    in the register, withdrawn."""
    relationship = declare("cllr.iqbal", "o.baker")
    path = f"/relationships/{relationship.public_id}/withdraw/"
    for outsider in ("cllr.gordon", "h.shah", "o.chen"):
        assert client_as(outsider).post(path).status_code == 404, outsider
    assert client_as("cllr.iqbal").get(path).status_code == 405
    page = text(client_as("cllr.iqbal").post(path, follow=True))
    assert "Your relationship with Tom Baker is withdrawn. It stays in the Monitoring Officer's register" in page
    assert "Withdrawn" in page and "withdrawn on 23 November 2026" in page and "Withdraw<span" not in page
    relationship.refresh_from_db()
    assert relationship.is_active is False
    again = client_as("o.baker").post(path)
    assert again.status_code == 409 and "already been withdrawn" in text(again)
    assert client_as("cllr.iqbal").post("/relationships/999999/withdraw/").status_code == 404


def test_rel_declare_a_relationship_from_the_council_file_cannot_be_withdrawn_in_the_portal(client_as):
    """REL-DECLARE: Cllr Das and Alex Dunn's relationship is in the council's records: no button, and 409."""
    relationship = DeclaredRelationship.objects.get(person_a__username__in=["cllr.das", "o.dunn"],
                                                    person_b__username__in=["cllr.das", "o.dunn"])
    page = text(client_as("cllr.das").get("/relationships/"))
    assert "Alex Dunn" in page and "In the council's own records" in page and "Withdraw<span" not in page
    response = client_as("cllr.das").post(f"/relationships/{relationship.public_id}/withdraw/")
    assert response.status_code == 409 and "ask the Monitoring Officer to change it" in text(response)


def test_rel_declare_the_register_is_for_the_monitoring_officer_and_deputy_only(client_as, staff_client, declare,
                                                                                person):
    """REL-DECLARE: Priya Shah and Sian Evans see every relationship, active and withdrawn, and who declared it;
    anyone else gets 404."""
    withdrawn = declare("cllr.iqbal", "o.baker")
    relationship_withdraw(acting_user=person("o.baker"), relationship=withdrawn)
    declare("h.patel", "cllr.jones", kind="business")
    for monitoring in ("h.shah", "s.evans"):
        page = text(client_as(monitoring).get("/relationships/register/"))
        assert page.count('data-testid="registered"') == 4, monitoring
        assert "Council records" in page and "Cllr Arun Das" in page and "Hema Patel" in page
        assert "Withdrawn" in page and "Declared by" in page and "Cllr Nadia Iqbal" in page
    for outsider in ("cllr.gordon", "c.wright", "h.patel", "ms.rahman", "o.hussain"):
        assert client_as(outsider).get("/relationships/register/").status_code == 404, outsider
    assert staff_client.get("/relationships/register/").status_code == 404


def test_rel_declare_the_home_page_and_menu_link_to_complaints_and_relationships(client_as):
    """REL-DECLARE, CMP-PRIVACY: every member and officer finds both pages from home; only the Monitoring Officer
    and deputy are shown the register."""
    for username in ("cllr.gordon", "o.baker"):
        page = text(client_as(username).get("/"))
        assert 'href="/complaints/"' in page and 'href="/relationships/"' in page, username
        assert 'href="/relationships/register/"' not in page, username
    for username in ("h.shah", "s.evans"):
        assert 'href="/relationships/register/"' in text(client_as(username).get("/")), username
    page = text(client_as("cllr.gordon").get("/complaints/"))
    assert re.search(r'href="/complaints/" aria-current="page">Complaints</a>', page)


# STYLE habit 4: query budgets -------------------------------------------------------------------------

def _constant(client, path, grow):
    with CaptureQueriesContext(connection) as before:
        assert client.get(path).status_code == 200
    grow()
    with CaptureQueriesContext(connection) as after:
        page = text(client.get(path))
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
    return page


def _complaints(complain, person, n):
    """Give each list every kind of row: made, waiting, handled before, notified about, with the committee."""
    for _ in range(n):
        complain("cllr.gordon", "o.baker")
        complain("o.baker", "cllr.iqbal")
        passed = complain("cllr.ahmed", "s.ali")
        complaint_escalate(acting_user=person("h.patel"), complaint=passed, reasons="Not resolved.")
        told = complain("cllr.kaur", "h.patel")
        complaint_notify_subject(acting_user=person("d.okafor"), complaint=told)


@pytest.mark.parametrize("username, rows", [("h.shah", 7 * 4 + 7 * 2), ("h.patel", 7 + 7 * 3), ("cllr.gordon", 7)])
def test_cmp_privacy_the_list_keeps_its_query_count_as_complaints_grow(client_as, person, complain, username, rows):
    """CMP-PRIVACY, STYLE habit 4: one of each kind of complaint, then seven; the same number of queries."""
    _complaints(complain, person, 1)
    page = _constant(client_as(username), "/complaints/", lambda: _complaints(complain, person, 6))
    assert page.count('data-testid="complaint"') == rows
    assert len(re.findall(r'href="/complaints/[0-9a-f-]{36}/"', page)) == rows


def test_rel_declare_the_register_keeps_its_query_count_as_relationships_grow(client_as, declare, person):
    """REL-DECLARE, STYLE habit 4: the register, two relationships then many (some withdrawn); the same queries."""
    members = ["cllr.ahmed", "cllr.byrne", "cllr.clarke", "cllr.edwards", "cllr.flynn", "cllr.gordon"]

    def grow():
        for i, member in enumerate(members):
            relationship = declare(member, "o.baker" if i % 2 else "o.chen", kind="business")
            if i % 3 == 0:
                relationship_withdraw(acting_user=person(member), relationship=relationship)

    page = _constant(client_as("h.shah"), "/relationships/register/", grow)
    assert page.count('data-testid="registered"') == 8 and page.count('govuk-tag--grey">Withdrawn') == 2


def test_cmp_privacy_the_list_is_paginated(client_as, complain):
    """CMP-PRIVACY: a long list is paged, 50 at a time."""
    for _ in range(51):
        complain("cllr.gordon", "o.baker")
    page = text(client_as("cllr.gordon").get("/complaints/"))
    assert page.count('data-testid="complaint"') == 50 and 'aria-label="Pages of complaints you made"' in page
    assert text(client_as("cllr.gordon").get("/complaints/?made=2")).count('data-testid="complaint"') == 1


def test_the_independent_person_is_not_shown_a_form_she_may_not_use(client_as):
    """CMP-*: an Independent Person advises on complaints and is not a party to them; the action refuses her (404),
    so the form does not exist for her either (found by the permission matrix)."""
    assert client_as("ms.rahman").get("/complaints/new/").status_code == 404
    assert client_as("cllr.gordon").get("/complaints/new/").status_code == 200
