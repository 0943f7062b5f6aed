"""The Monitoring Officer's pages (issue 7): the dashboard, statistics, audit and staff access, each opened by those
who may (the Monitoring Officer, the deputy, an officer they authorise) and by those who may not (a 404, as for a
page that does not exist); every figure checked against the hand-counted council year in conftest.py, every CSV
against its table, and every page's query count against ten times the rows."""
import csv
import html
import io
from datetime import date
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from protocol_portal.audit.models import AuditEvent
from protocol_portal.oversight.actions import oversight_grant, oversight_revoke
from protocol_portal.oversight.models import OversightAccess

from .conftest import NOW

pytestmark = pytest.mark.django_db

PAGES = ["/oversight/", "/oversight/statistics/", "/oversight/audit/", "/oversight/access/",
         "/oversight/statistics/?download=in-time", "/oversight/audit/?download=csv"]
MAY_NOT = ["c.wright", "cllr.ahmed", "o.forde"]
DECEMBER = {"from_day": "1", "from_month": "12", "from_year": "2026", "to_day": "31", "to_month": "12",
            "to_year": "2026"}
STATISTICS = ["in-time", "response-times", "outcomes", "rules", "disputes", "complaints"]


@pytest.fixture(autouse=True)
def tuesday_8_december_2026():
    """The morning the council year's sweep ran: e5 and a5's dispute are overdue and escalated."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def forde_authorised(person):
    """Rachel Forde, a Democratic Services Officer, authorised by the Monitoring Officer."""
    return oversight_grant(acting_user=person("h.shah"), username="o.forde")


class _Tables(HTMLParser):
    """Collect every table's rows (header row first) as the text a reader sees in each cell, by data-testid."""

    def __init__(self):
        super().__init__()
        self.tables, self.rows, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.rows = self.tables.setdefault(dict(attrs).get("data-testid"), [])
        elif tag == "tr" and self.rows is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "table":
            self.rows = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(response):
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def text(response):
    return html.unescape(response.content.decode())


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# Who may open the pages (issue 7 part 5) ------------------------------------------------------------

@pytest.mark.parametrize("username", MAY_NOT)
def test_every_page_and_form_is_the_sites_404_to_those_who_may_not_oversee(client_as, person, username):
    """The Chief Executive, a member and an officer nobody authorised get 404 for every page, download and POST;
    their POSTs change nothing."""
    client = client_as(username)
    grant = oversight_grant(acting_user=person("h.shah"), username="o.dunn")
    events = AuditEvent.objects.count()
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Page not found" in text(response)
    for path in ["/oversight/audit/check/", "/oversight/access/", f"/oversight/access/{grant.public_id}/withdraw/"]:
        assert client.post(path, {"username": "o.chen"}).status_code == 404, path
    assert AuditEvent.objects.count() == events
    assert list(OversightAccess.objects.values_list("user__username", "revoked_at")) == [("o.dunn", None)]


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/oversight/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("username", ["h.shah", "s.evans", "o.forde"])
def test_the_monitoring_officer_deputy_and_authorised_staff_open_every_page(client_as, forde_authorised, username):
    """Each sees the Oversight link in the menu and on their home page, and every page opens."""
    client = client_as(username)
    home = text(client.get("/"))
    assert 'href="/oversight/"' in home and "Monitoring Officer's dashboard" in home
    for path in PAGES:
        assert client.get(path).status_code == 200, path


def test_the_oversight_link_is_not_shown_to_those_who_may_not_oversee(client_as):
    for username in MAY_NOT:
        assert 'href="/oversight/"' not in client_as(username).get("/").content.decode(), username


@pytest.mark.parametrize("username", ["o.forde", "cllr.ahmed", "h.shah"])
def test_the_menu_asks_whether_someone_may_oversee_at_most_once_a_page(client_as, username):
    """The Oversight link costs one query of the authorisations per page, none for the Monitoring Officer."""
    client = client_as(username)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    asked = [q for q in queries.captured_queries if "oversight_oversightaccess" in q["sql"]]
    assert len(asked) == (0 if username == "h.shah" else 1)


def test_a_withdrawn_authorisation_closes_the_pages_again(client_as, person, forde_authorised):
    oversight_revoke(acting_user=person("s.evans"), grant=forde_authorised)
    assert client_as("o.forde").get("/oversight/").status_code == 404


def test_get_pages_are_read_only(client_as, council_year):
    """Opening every page and download records nothing and changes nothing."""
    client = client_as("h.shah")
    events = AuditEvent.objects.count()
    for path in PAGES + [f"/oversight/statistics/?download={name}" for name in STATISTICS]:
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:
            b"".join(response.streaming_content)
    assert AuditEvent.objects.count() == events


# The dashboard (issue 7 part 1) ---------------------------------------------------------------------------

def test_dashboard_shows_what_waits_for_the_monitoring_officer_and_what_is_late(client_as, council_year):
    """Cllr Kaur's dispute waits for Priya Shah; complaints by stage; e5 and a5's dispute late and escalated."""
    from protocol_portal.deadlines.models import Deadline
    from protocol_portal.oversight.selectors import LATE_CLOCKS
    from requests_app.models import AccessRequest

    response = client_as("h.shah").get("/oversight/")
    found = tables(response)
    dispute = AccessRequest.objects.get(member__user__username="cllr.kaur")
    assert found["awaiting"][1:] == [[
        "DOC-0014: Fly-tipping hotspots - East Ward", "Cllr Simran Kaur", "Disputed", "Priya Shah",
        f"{dispute.due_at:%-d %b %Y}" + (" Overdue" if dispute.due_at < NOW else "")]]
    assert f'href="/requests/{dispute.public_id}/"' in response.content.decode()
    assert found["stages"][1:] == [
        ["Received: awaiting acknowledgement", "1"], ["Acknowledged: awaiting initial assessment", "0"],
        ["Assessed: being dealt with", "0"], ["Under investigation", "0"], ["Referred to the Standards Committee", "0"],
        ["Closed", "2"]]
    assert 'href="/complaints/"' in response.content.decode()
    assert found["late-by-department"][1:] == [["Environment and Waste", "1", "0", "1"],
                                                ["Legal and Democratic Services", "0", "1", "1"]]
    late = found["late"][1:]
    assert [(row[1], row[2], row[5]) for row in late] == [
        ("Full response to a member's enquiry", "Environment and Waste", "The Director"),
        ("Decision on a disputed refusal", "Legal and Democratic Services", "The Director")]
    for deadline in Deadline.objects.filter(closed_at__isnull=True, escalation_level__gte=1, clock__in=LATE_CLOCKS):
        assert f'href="{deadline.path}"' in response.content.decode()
    page = text(response)
    for link in ("/oversight/statistics/", "/oversight/audit/", "/relationships/register/", "/oversight/access/"):
        assert f'href="{link}"' in page


def test_authorised_staff_open_the_register_of_relationships_but_others_get_404(client_as, forde_authorised):
    """Issue 7: the register is part of what the Monitoring Officer's authorised staff may open (REL-DECLARE);
    anyone else, even the Chief Executive, gets 404."""
    page = text(client_as("o.forde").get("/oversight/"))
    assert 'href="/relationships/register/"' in page
    assert client_as("o.forde").get("/relationships/register/").status_code == 200
    assert client_as("c.wright").get("/relationships/register/").status_code == 404


# Statistics (issue 7 part 2) -------------------------------------------------------------------------------

HAND_COUNTED = {
    "in-time": [["Department", "Month received", "Answered", "Answered within the deadline",
                 "Share within the deadline"],
                ["Environment and Waste", "November 2026", "2", "1", "50%"],
                ["Environment and Waste", "December 2026", "1", "1", "100%"],
                ["Planning and Building Control", "November 2026", "1", "1", "100%"]],
    "response-times": [["Department", "Answered", "Median (working days)", "90th percentile (working days)"],
                       ["Environment and Waste", "3", "2", "12"],
                       ["Planning and Building Control", "1", "5", "5"],
                       ["Whole council", "4", "2", "12"]],
    "outcomes": [["Outcome", "Requests"], ["Granted", "3"], ["Refused", "1"], ["Referred", "0"], ["Disputed", "1"]],
    "rules": [["Rule", "Requests"], ["ACC-NEED-TO-KNOW", "3"], ["ACC-BODY", "1"], ["ACC-PUBLIC", "1"]],
    "disputes": [["Dispute", "Requests"], ["Upheld", "1"], ["Overturned", "1"], ["Open", "1"]],
    "complaints": [
        ["Outcome", "Conduct", "Breach of the Member/Officer Protocol", "Bullying or harassment", "Service",
         "All categories"],
        ["No further action", "0", "0", "1", "0", "1"],
        ["Informal resolution", "0", "0", "0", "0", "0"],
        ["Informal resolution: referred to the member's group leader", "0", "0", "0", "0", "0"],
        ["Investigation", "0", "0", "0", "0", "0"],
        ["Referral to the Standards Committee", "0", "0", "0", "0", "0"],
        ["Resolved by the handler", "1", "0", "0", "0", "1"],
        ["Upheld: dealt with under the council's procedures", "0", "0", "0", "0", "0"],
        ["Not upheld", "0", "0", "0", "0", "0"],
        ["Not yet decided", "0", "0", "0", "1", "1"],
        ["Total", "1", "0", "1", "1", "3"]],
}


def test_statistics_show_every_hand_counted_figure_in_a_table(client_as, council_year):
    """50% of Environment and Waste's November enquiries in time; median 2 and 90th percentile 12 working days;
    requests by outcome and deciding rule; one dispute upheld, one overturned, one open; complaints."""
    response = client_as("h.shah").get("/oversight/statistics/")
    assert response.status_code == 200
    found = tables(response)
    for name, rows in HAND_COUNTED.items():
        assert found[f"table-{name}"] == rows, name


@pytest.mark.parametrize("name", STATISTICS)
def test_each_csv_download_is_its_table_row_for_row(client_as, council_year, name):
    client = client_as("s.evans")
    page = tables(client.get("/oversight/statistics/"))
    response = client.get("/oversight/statistics/", {"download": name})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    assert csv_rows(response) == page[f"table-{name}"] == HAND_COUNTED[name]


def test_an_unknown_table_is_not_found(client_as, council_year):
    assert client_as("h.shah").get("/oversight/statistics/", {"download": "salaries"}).status_code == 404
    assert client_as("h.shah").get("/oversight/audit/", {"download": "xlsx"}).status_code == 404


def test_every_chart_is_an_accessible_svg_with_its_figures_as_text(client_as, council_year):
    """Each bar is a rect with its label and value as visible text; the SVG is an image named by its title and
    description, so the chart means nothing by colour alone."""
    page = text(client_as("h.shah").get("/oversight/statistics/"))
    for chart in ("chart-in-time", "chart-response-times", "chart-outcomes", "chart-rules", "chart-disputes",
                  "chart-complaints-category", "chart-complaints-outcome"):
        assert f'role="img" aria-labelledby="{chart}-title {chart}-desc"' in page, chart
        assert f'<title id="{chart}-title">' in page and f'<desc id="{chart}-desc">' in page
    disputes = page.split('data-testid="chart-disputes"')[1].split("</figure>")[0]
    assert disputes.count("<rect") == 3
    for label, value in (("Upheld", "1"), ("Overturned", "1"), ("Open", "1")):
        assert f">{label}</text>" in disputes
    assert ">50%</text>" in page.split('data-testid="chart-in-time"')[1].split("</figure>")[0]
    assert "Environment and Waste, Nov 2026: 50%" in page  # the description reads the bars out


def test_statistics_filter_by_dates_and_department(client_as, council_year):
    client = client_as("h.shah")
    december = tables(client.get("/oversight/statistics/", DECEMBER))
    assert december["table-in-time"][1:] == [["Environment and Waste", "December 2026", "1", "1", "100%"]]
    assert december["table-disputes"][1:] == [["Upheld", "0"], ["Overturned", "0"], ["Open", "0"]]
    assert december["table-complaints"][-1] == ["Total", "0", "0", "0", "0", "0"]
    response = client.get("/oversight/statistics/", {"department": "PLAN"})
    assert "Showing all dates, Planning and Building Control." in text(response)
    planning = tables(response)
    assert planning["table-response-times"][1:] == [["Planning and Building Control", "1", "5", "5"],
                                                    ["Whole council", "1", "5", "5"]]
    assert planning["table-outcomes"][1:] == [["Granted", "0"], ["Refused", "0"], ["Referred", "0"],
                                              ["Disputed", "0"]]
    download = client.get("/oversight/statistics/", {**DECEMBER, "download": "in-time"})
    assert csv_rows(download)[1:] == [["Environment and Waste", "December 2026", "1", "1", "100%"]]


@pytest.mark.parametrize("query, message", [
    ({"from_day": "31", "from_month": "2", "from_year": "2026"}, "The start date must be a real date"),
    ({"from_day": "1", "from_month": "11", "from_year": "26"}, "The year of the start date must include 4 numbers"),
    ({"to_day": "5"}, "The end date must include a month and year."),
    ({"from_day": "x", "from_month": "11", "from_year": "2026"}, "The start date must be a real date, written in "
                                                                 "numbers"),
    ({**DECEMBER, "to_day": "30", "to_month": "11"}, "The end date must be the same as or after the start date."),
    ({"department": "NOPE"}, "Choose a department from the list, or all departments."),
])
def test_bad_filters_show_the_page_at_400_with_what_to_fix_and_no_figures(client_as, council_year, query, message):
    client = client_as("h.shah")
    for extra in ({}, {"download": "in-time"}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/oversight/statistics/", {**query, **extra})
        assert response.status_code == 400
        page = text(response)
        assert "There is a problem" in page and message in page
        assert "govuk-error-summary__list" in page and 'data-testid="section-in-time"' not in page
        assert not any("enquiries_enquiry" in q["sql"] for q in queries.captured_queries)


# Audit (issue 7 part 3; AUD-VIEW, AUD-CHAIN) ---------------------------------------------------------------

def _read(person, username, ref):
    from requests_app.actions import document_open
    from requests_app.selectors import document_for

    document = document_for(person(username), ref, today=date(2026, 12, 8))
    document_open(acting_user=person(username), document=document)


def test_audit_search_finds_who_read_which_non_public_document(client_as, person, council_year):
    """AUD-VIEW: Cllr Byrne read DOC-0003; the search by kind, person and document finds it, and the CSV is the
    whole result."""
    _read(person, "cllr.byrne", "DOC-0003")
    client = client_as("h.shah")
    query = {"kind": "reads", "actor": "cllr.byrne", "target": "DOC-0003"}
    rows = tables(client.get("/oversight/audit/", query))["audit"]
    assert rows[1:] == [["8 Dec 2026, 09:00", "Cllr Declan Byrne (cllr.byrne)", "Read a non-public document",
                         "DOC-0003", "AUD-VIEW, ACC-USE", ""]]
    download = client.get("/oversight/audit/", {**query, "download": "csv"})
    assert download.streaming
    assert csv_rows(download) == [
        ["Time (London)", "Username", "Name", "What happened", "Event", "Target", "Rules", "Reasons", "Sequence"],
        ["2026-12-08 09:00:00", "cllr.byrne", "Cllr Declan Byrne", "Read a non-public document", "document.viewed",
         "DOC-0003", "AUD-VIEW ACC-USE", "", str(AuditEvent.objects.get(verb="document.viewed").sequence)]]
    assert tables(client.get("/oversight/audit/", {**query, "actor": "cllr.ahmed"})).get("audit") is None


def test_audit_search_finds_every_decision_on_a_request(client_as, council_year):
    """The Monitoring Officer's two dispute decisions, in plain English with their reasons."""
    rows = tables(client_as("s.evans").get("/oversight/audit/", {"kind": "requests", "actor": "h.shah"}))["audit"]
    assert sorted(row[2] for row in rows[1:]) == ["Overturned a refusal: access granted (final)",
                                                  "Upheld a refusal (final)"]
    assert {row[5] for row in rows[1:]} == {"Decided on the member's need."}
    assert all(row[3].startswith("Request to see a document DOC-0014 by cllr.") for row in rows[1:])


def test_audit_search_by_dates_and_bad_dates(client_as, council_year):
    client = client_as("h.shah")
    response = client.get("/oversight/audit/", {"from_day": "1", "from_month": "1", "from_year": "2027"})
    assert 'data-testid="audit-empty"' in response.content.decode()
    response = client.get("/oversight/audit/", {"from_day": "30", "from_month": "2", "from_year": "2026"})
    assert response.status_code == 400
    assert "The start date must be a real date" in text(response) and 'data-testid="audit"' not in text(response)
    assert client.get("/oversight/audit/", {"kind": "everything"}).status_code == 400


def test_audit_results_are_paginated_fifty_to_a_page_and_the_csv_has_them_all(client_as, person, council_year):
    for _ in range(20):
        _read(person, "cllr.byrne", "DOC-0003")
    client = client_as("h.shah")
    total = AuditEvent.objects.count()
    assert total > 50
    first = client.get("/oversight/audit/")
    assert len(tables(first)["audit"]) == 51 and f"{total} records found" in text(first)
    second = tables(client.get("/oversight/audit/", {"page": 2}))["audit"]
    assert len(second) == 1 + min(50, total - 50)
    rows = csv_rows(client.get("/oversight/audit/", {"download": "csv", "page": 2}))
    assert len(rows) == total + 1
    assert [int(row[-1]) for row in rows[1:]] == sorted(AuditEvent.objects.values_list("sequence", flat=True),
                                                        reverse=True)


def test_authorised_staff_do_not_see_complaints_in_the_audit_trail(client_as, forde_authorised, council_year):
    """CMP-PRIVACY: complaint events are the Monitoring Officer's and deputy's to see, not their staff's."""
    def verbs(username):
        rows = csv_rows(client_as(username).get("/oversight/audit/", {"download": "csv"}))
        return {row[4] for row in rows[1:]}

    assert "complaint.raised" in verbs("h.shah") and "complaint.raised" in verbs("s.evans")
    staff = verbs("o.forde")
    assert "complaint.raised" not in staff and "complaint.outcome" not in staff
    assert "access_request.dispute_upheld" in staff


def test_the_audit_trails_last_check_is_shown_and_can_be_run_now(client_as, person, council_year):
    """AUD-CHAIN: "not yet checked", then the button checks the chain, records who checked it, and says so."""
    client = client_as("h.shah")
    assert "Not yet checked." in text(client.get("/oversight/audit/"))
    before = AuditEvent.objects.count()
    response = client.post("/oversight/audit/check/", follow=True)
    assert response.redirect_chain == [("/oversight/audit/", 302)]
    check = AuditEvent.objects.order_by("-sequence").first()
    assert (check.verb, check.actor_username, check.rule_ids, check.data) == (
        "audit.verified", "h.shah", ["AUD-CHAIN"], {"events_checked": before, "intact": True})
    page = text(response)
    assert f"The audit trail is intact: {before} events checked." in page
    assert f"Intact</strong> {before} events checked, at 8 December 2026, 09:00." in page


def test_a_broken_chain_is_reported_where_it_breaks(client_as, council_year):
    """AUD-CHAIN: an event altered behind the portal's back is named by the check."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reasons = 'Altered.' WHERE sequence = 3")
    response = client_as("s.evans").post("/oversight/audit/check/", follow=True)
    page = text(response)
    assert "The audit trail is broken: event #3" in page and "was altered" in page
    assert "Broken</strong> at 8 December 2026, 09:00: event #3" in page
    assert AuditEvent.objects.order_by("-sequence").first().verb == "audit.broken"


# Staff access (issue 7 part 5) ----------------------------------------------------------------------------

def test_the_monitoring_officer_authorises_an_officer_who_then_sees_the_pages_but_not_the_form(client_as):
    client = client_as("h.shah")
    form = client.get("/oversight/access/").content.decode()
    assert 'value="o.forde"' in form and 'value="s.evans"' not in form and 'value="cllr.ahmed"' not in form
    response = client.post("/oversight/access/", {"username": "o.forde"}, follow=True)
    assert "Rachel Forde is authorised." in text(response)
    assert tables(response)["grants"][1:] == [["Rachel Forde (o.forde)", "Priya Shah", "8 Dec 2026", "Authorised",
                                               "Withdraw Rachel Forde's authorisation"]]
    assert 'value="o.forde"' not in response.content.decode()  # already authorised
    staff = client_as("o.forde")
    page = staff.get("/oversight/access/")
    assert page.status_code == 200 and 'data-testid="authorise"' not in page.content.decode()
    assert tables(page)["grants"][1:] == [["Rachel Forde (o.forde)", "Priya Shah", "8 Dec 2026", "Authorised"]]
    assert staff.post("/oversight/access/", {"username": "o.chen"}).status_code == 404
    grant = OversightAccess.objects.get()
    assert staff.post(f"/oversight/access/{grant.public_id}/withdraw/").status_code == 404
    assert OversightAccess.objects.filter(revoked_at__isnull=True).count() == 1


def test_the_deputy_withdraws_an_authorisation(client_as, forde_authorised):
    response = client_as("s.evans").post(f"/oversight/access/{forde_authorised.public_id}/withdraw/", follow=True)
    assert "Rachel Forde's authorisation is withdrawn." in text(response)
    assert tables(response)["grants"][1][3] == "Withdrawn 8 Dec 2026"
    assert client_as("o.forde").get("/oversight/").status_code == 404
    again = client_as("s.evans").post(f"/oversight/access/{forde_authorised.public_id}/withdraw/")
    assert again.status_code == 409 and "already withdrawn" in text(again)
    assert client_as("s.evans").post("/oversight/access/999999/withdraw/").status_code == 404


@pytest.mark.parametrize("username, status, message", [
    ("", 400, "Choose an officer of the council by their username"),
    ("cllr.ahmed", 400, "only officers may be authorised"),
    ("s.evans", 409, "is the Monitoring Officer or deputy"),
])
def test_authorising_someone_who_cannot_be_authorised_says_why_and_changes_nothing(client_as, username, status,
                                                                                   message):
    response = client_as("h.shah").post("/oversight/access/", {"username": username})
    assert response.status_code == status and message in text(response)
    if status == 400:
        assert "There is a problem" in text(response) and 'data-testid="authorise"' in text(response)
    assert not OversightAccess.objects.exists()


# Query budgets (STYLE.md habit 4; issue 7 "Speed") ----------------------------------------------------------

def _more_of_everything(person):
    """Add overdue enquiries, answered ones, disputes, complaints and document reads: ten times the rows."""
    from complaints.actions import complaint_raise
    from protocol_portal.deadlines.actions import run_escalations
    from requests_app import actions as access
    from requests_app.enquiries.actions import enquiry_assign, enquiry_create, enquiry_respond
    from requests_app.models import Document
    from tests.enquiries.conftest import london

    for day in range(2, 7):
        for member, department, head in (("cllr.das", "FIN", "h.grant"), ("cllr.iqbal", "ENV", "h.osei")):
            made = enquiry_create(acting_user=person(member), subject="More", question="More.", department=department,
                                  now=london(2026, 11, day + 7, 10))
            enquiry_assign(acting_user=person(head), enquiry=made, officer=head, now=london(2026, 11, day + 7, 10))
            if department == "FIN":
                enquiry_respond(acting_user=person(head), enquiry=made, text="Done.",
                                now=london(2026, 11, day + 10, 10))
    for username in ("cllr.edwards", "cllr.flynn", "cllr.jones"):
        request = access.access_request_create(acting_user=person(username),
                                               document=Document.objects.get(ref="DOC-0014"),
                                               justification="Residents in my ward asked me about fly-tipping.")
        access.access_request_determine(acting_user=person("h.osei"), access_request=request, decision="refuse",
                                        reasons="Operational data only.")
        access.access_request_dispute(acting_user=person(username), access_request=request, grounds="My ward.")
    for about in ("o.chen", "o.dunn"):
        complaint_raise(acting_user=person("cllr.hughes"), about=about, category="service", details="Slow.",
                        now=london(2026, 11, 25, 10))
    for _ in range(60):
        _read(person, "cllr.byrne", "DOC-0003")
    run_escalations(now=NOW)


def test_the_pages_run_the_same_queries_however_many_rows(client_as, person, council_year):
    """The dashboard, statistics and audit pages (and their downloads) cost the same with ten times the rows."""
    paths = ["/oversight/", "/oversight/statistics/", "/oversight/statistics/?department=ENV",
             "/oversight/audit/", "/oversight/audit/?kind=reads&page=2", "/oversight/access/"]
    _read(person, "cllr.byrne", "DOC-0003")  # so that every search finds something before as after
    client = client_as("h.shah")
    client.get("/")  # the session's first request

    def counts():
        result = []
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, path
            result.append(len(queries))
        return result

    before = counts()
    _more_of_everything(person)
    after = counts()
    page = text(client.get("/oversight/"))
    assert "Cllr Gareth Edwards" in page and "Cllr Rhys Jones" in page
    assert after == before
