"""The Monitoring Officer opens her dashboard, reads a chart against its table, downloads it and checks the audit trail.

The council has had a small year, every figure of it counted by hand (``council_year`` in
tests/oversight/conftest.py): five enquiries, five requests to see documents (three refusals of
DOC-0014 disputed: one upheld, one overturned, Cllr Simran Kaur's still open) and three complaints.
Cllr Declan Byrne (cllr.byrne) reads DOC-0003, which he was granted. Priya Shah (h.shah), the
Monitoring Officer, signs in and follows the Oversight link to her dashboard: Cllr Kaur's dispute
waits for her, overdue; the complaints are counted by stage; an enquiry in Environment and Waste and
her own dispute decision are late and escalated. On Statistics she reads a chart, an SVG image
named by its title and description whose bars carry the very figures of the table beside it (50%
of Environment and Waste's November enquiries answered within the deadline); she sends an end date
before the start date and is told what to fix, with no figures shown; she filters by department and
downloads a table as CSV, which holds the table's rows. On Audit she finds Cllr Byrne's read of
DOC-0003 (AUD-VIEW) and checks the audit trail, which is intact (AUD-CHAIN).

A second test has the Chief Executive, Clare Wright (c.wright), and a member, Cllr Sara Ahmed
(cllr.ahmed), open the pages: to them they are the site's ordinary 404, and no menu offers them. A
third checks the dashboard and the statistics on a 375px mobile screen. Every page and every error
state on the way is checked with axe-core against WCAG 2.2 AA.

The live server runs on Tuesday 8 December 2026 at 09:00, the morning the council year's sweep ran
(time_machine, shared by the server's thread), so that what is overdue does not depend on the day
the tests run.
"""
import csv
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.oversight.conftest import NOW, council_year  # noqa: F401  (council_year is a fixture)

MONITORING_OFFICER = "Priya Shah"
KAUR_DISPUTE = "DOC-0014: Fly-tipping hotspots - East Ward"
STAGES = [("Received: awaiting acknowledgement", "1"), ("Acknowledged: awaiting initial assessment", "0"),
          ("Assessed: being dealt with", "0"), ("Under investigation", "0"),
          ("Referred to the Standards Committee", "0"), ("Closed", "2")]
LATE_BY_DEPARTMENT = [["Environment and Waste", "1", "0", "1"], ["Legal and Democratic Services", "0", "1", "1"]]
IN_TIME = [["Environment and Waste", "November 2026", "2", "1", "50%"],
           ["Environment and Waste", "December 2026", "1", "1", "100%"],
           ["Planning and Building Control", "November 2026", "1", "1", "100%"]]
PLANNING_RESPONSE_TIMES = [["Department", "Answered", "Median (working days)", "90th percentile (working days)"],
                           ["Planning and Building Control", "1", "5", "5"], ["Whole council", "1", "5", "5"]]
# How far right anything but a data table (and what is visually hidden) reaches, in CSS px (as test_briefings.py).
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
RIGHTMOST_OUTSIDE_TABLES = """() => Math.max(...[...document.body.querySelectorAll('*')]
  .filter(e => !e.closest('table, .app-chart__scroll, .govuk-visually-hidden, .govuk-skip-link'))
  .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height).map(r => r.right))"""
# Every row of a table as the text a reader sees in each cell, header row first.
TABLE_ROWS = """(table) => [...table.querySelectorAll('tr')].map(
  row => [...row.querySelectorAll('th, td')].map(cell => cell.innerText.replace(/\\s+/g, ' ').trim()))"""


@pytest.fixture(autouse=True)
def tuesday_8_december_2026():
    """The morning the council year's sweep ran: an enquiry and Cllr Kaur's dispute are overdue and escalated.

    time_machine moves the clock for the whole process, the live server's thread included; Chromium keeps the
    real clock, which the portal's cookies do not depend on (they last as long as the browser)."""
    with time_machine.travel(NOW, tick=False):
        yield


def banner(page):
    return page.locator(".govuk-notification-banner")


def error_summary(page):
    return page.locator(".govuk-error-summary")


def rows(locator):
    """The table's rows, header first, each a list of its cells' text."""
    return locator.evaluate(TABLE_ROWS)


def submit(page, button_name):
    """Press a form's button and return the response the browser navigated to (its status: 200, 400 …)."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button_name, exact=True).click()
    return navigation.value


def oversight_nav(page):
    return page.get_by_role("navigation", name="Oversight pages")


def test_the_monitoring_officer_opens_the_dashboard_and_a_chart(page, portal, sign_in, signed_in, context,
                                                                 council_year):  # noqa: F811
    """The dashboard's waiting dispute, complaints by stage and late work; a chart read against its table; a bad
    date filter; a department filter and a CSV download; a search for reads (AUD-VIEW) and a check of the audit
    trail (AUD-CHAIN)."""
    from protocol_portal.audit.models import AuditEvent
    from requests_app.models import AccessRequest

    # AUD-VIEW: Cllr Byrne reads the document he was granted; the read is recorded.
    signed_in("cllr.byrne")
    assert page.goto(f"{portal}/documents/DOC-0003/read/").status == 200
    context.clear_cookies()

    # The Monitoring Officer follows the menu's Oversight link to her dashboard.
    sign_in(page, "h.shah")
    expect(page).to_have_url(f"{portal}/")
    page.get_by_role("link", name="Oversight", exact=True).click()
    expect(page).to_have_url(f"{portal}/oversight/")
    expect(page).to_have_title(re.compile(r"^Monitoring Officer's dashboard – "))
    expect(page.get_by_role("heading", name="Monitoring Officer's dashboard", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Oversight", exact=True)).to_have_attribute("aria-current", "page")

    dispute = AccessRequest.objects.get(member__user__username="cllr.kaur")
    assert dispute.due_at < NOW  # overdue, and escalated by the sweep
    awaiting = page.get_by_test_id("awaiting")
    assert rows(awaiting)[1:] == [[KAUR_DISPUTE, "Cllr Simran Kaur", "Disputed", MONITORING_OFFICER,
                                   f"{timezone.localtime(dispute.due_at):%-d %b %Y} Overdue"]]
    expect(awaiting.get_by_role("link", name=KAUR_DISPUTE)).to_have_attribute(
        "href", f"/requests/{dispute.public_id}/")
    stages = page.get_by_test_id("stages")
    for stage, count in STAGES:
        expect(stages.get_by_role("row", name=stage)).to_have_text(re.compile(rf"^\s*{re.escape(stage)}\s*{count}\s*$"))
    expect(page.get_by_role("link", name="See the complaints")).to_have_attribute("href", "/complaints/")
    assert rows(page.get_by_test_id("late-by-department"))[1:] == LATE_BY_DEPARTMENT
    late = rows(page.get_by_test_id("late"))[1:]
    assert [(row[1], row[2], row[5]) for row in late] == [
        ("Full response to a member's enquiry", "Environment and Waste", "The Director"),
        ("Decision on a disputed refusal", "Legal and Democratic Services", "The Director")]
    assert all(row[4].endswith(" Overdue") for row in late)
    assert_accessible(page, context="the Monitoring Officer's dashboard")

    # Statistics: a chart is an image named by its title and description, and its bars are the table's figures.
    page.get_by_test_id("oversight-links").get_by_role("link", name="Statistics", exact=True).click()
    expect(page).to_have_url(f"{portal}/oversight/statistics/")
    expect(page).to_have_title(re.compile(r"^Statistics – "))
    expect(page.get_by_role("heading", name="Statistics", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Oversight", exact=True)).to_have_attribute("aria-current", "true")
    expect(page.get_by_test_id("showing")).to_have_text("Showing all dates, all departments.")
    in_time = page.get_by_test_id("section-in-time")
    chart = in_time.get_by_test_id("chart-in-time").get_by_role("img")
    expect(chart).to_have_count(1)
    expect(chart).to_have_accessible_name(
        "Share of enquiries answered within the deadline The percentage answered within the deadline, for each "
        "department and month received. Environment and Waste, Nov 2026: 50%; Environment and Waste, Dec 2026: "
        "100%; Planning and Building Control, Nov 2026: 100%.")
    expect(chart.locator(".app-chart__label")).to_have_text(["Environment and Waste, Nov 2026",
                                                             "Environment and Waste, Dec 2026",
                                                             "Planning and Building Control, Nov 2026"])
    table = rows(in_time.get_by_test_id("table-in-time"))
    assert table[1:] == IN_TIME
    expect(chart.locator(".app-chart__value")).to_have_text([row[4] for row in table[1:]])  # 50%, 100%, 100%
    expect(chart.locator("rect")).to_have_count(3)
    disputes = page.get_by_test_id("section-disputes")
    assert rows(disputes.get_by_test_id("table-disputes"))[1:] == [["Upheld", "1"], ["Overturned", "1"], ["Open", "1"]]
    expect(disputes.get_by_role("img").locator(".app-chart__label")).to_have_text(["Upheld", "Overturned", "Open"])
    expect(disputes.get_by_role("img").locator(".app-chart__value")).to_have_text(["1", "1", "1"])
    assert_accessible(page, context="the statistics, all dates and departments")

    # A bad filter: the end date before the start date. She is told what to fix, and no figures are shown.
    start = page.get_by_role("group", name="Start date (optional)")
    end = page.get_by_role("group", name="End date (optional)")
    for group, (day, month, year) in ((start, ("1", "12", "2026")), (end, ("30", "11", "2026"))):
        group.get_by_label("Day", exact=True).fill(day)
        group.get_by_label("Month", exact=True).fill(month)
        group.get_by_label("Year", exact=True).fill(year)
    assert submit(page, "Show the figures").status == 400
    expect(page).to_have_title(re.compile(r"^Error: Statistics – "))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text("The end date must be the same as or after the start date.")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_to_day")
    expect(end).to_have_attribute("aria-describedby", "to-date-hint to-date-error")
    expect(page.locator("#to-date-error")).to_contain_text("The end date must be the same as or after the start date.")
    expect(page.get_by_test_id("section-in-time")).to_have_count(0)
    expect(page.get_by_role("img")).to_have_count(0)
    assert_accessible(page, context="the statistics with a bad date filter")
    summary.get_by_role("link").click()
    expect(end.get_by_label("Day", exact=True)).to_be_focused()

    # She clears the dates and chooses Planning and Building Control.
    for group in (start, end):
        for part in ("Day", "Month", "Year"):
            group.get_by_label(part, exact=True).fill("")
    page.get_by_label("Department", exact=True).select_option(label="Planning and Building Control")
    assert submit(page, "Show the figures").status == 200
    expect(page).to_have_url(re.compile(r"/oversight/statistics/\?.*department=PLAN"))
    expect(page.get_by_test_id("showing")).to_have_text("Showing all dates, Planning and Building Control.")
    expect(page.get_by_label("Department", exact=True)).to_have_value("PLAN")
    table = rows(page.get_by_test_id("table-response-times"))
    assert table == PLANNING_RESPONSE_TIMES
    assert_accessible(page, context="the statistics for one department")

    # She downloads the response times as CSV: the same rows as the table, for the same department.
    link = page.get_by_test_id("download-response-times")
    expect(link).to_have_accessible_name(re.compile(  # the caption is in a visually hidden span (Chromium's space)
        r"^Download this table as CSV\s*: Response times in working days, by department and for the whole council$"))
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename == "response-times.csv"
    assert download.failure() is None
    with Path(download.path()).open(encoding="utf-8-sig", newline="") as csv_file:
        assert list(csv.reader(csv_file)) == table

    # Audit: she finds who read which non-public document (AUD-VIEW).
    oversight_nav(page).get_by_role("link", name="Audit", exact=True).click()
    expect(page).to_have_url(f"{portal}/oversight/audit/")
    expect(page).to_have_title(re.compile(r"^Audit – "))
    expect(page.get_by_role("heading", name="Audit", level=1)).to_be_visible()
    expect(page.get_by_test_id("last-check")).to_have_text("Not yet checked. It is checked every night.")
    page.get_by_label("What", exact=True).select_option(label="Who read which non-public document (AUD-VIEW)")
    assert submit(page, "Search").status == 200
    expect(page.get_by_test_id("count")).to_contain_text("1 record found, newest first.")
    assert rows(page.get_by_test_id("audit"))[1:] == [[
        "8 Dec 2026, 09:00", "Cllr Declan Byrne (cllr.byrne)", "Read a non-public document", "DOC-0003",
        "AUD-VIEW, ACC-USE", ""]]
    expect(page.get_by_test_id("download-csv")).to_have_text("Download all 1 as CSV")
    assert_accessible(page, context="the audit trail's reads")

    # AUD-CHAIN: she checks the trail now; it is intact, and the check is itself recorded.
    events = AuditEvent.objects.count()
    assert submit(page, "Check the audit trail now").status == 200
    expect(page).to_have_url(f"{portal}/oversight/audit/")
    expect(banner(page)).to_contain_text(f"The audit trail is intact: {events} events checked.")
    expect(page.get_by_test_id("last-check")).to_have_text(
        f"Intact {events} events checked, at 8 December 2026, 09:00.")
    check = AuditEvent.objects.order_by("-sequence").first()
    assert (check.verb, check.actor_username, check.rule_ids) == ("audit.verified", "h.shah", ["AUD-CHAIN"])
    assert_accessible(page, context="the audit page after an intact check")


def test_the_chief_executive_and_a_member_get_the_sites_404(page, portal, signed_in, council_year):  # noqa: F811
    """The pages do not exist for those who may not oversee, not even the Chief Executive; no menu offers them."""
    for username in ("c.wright", "cllr.ahmed"):
        signed_in(username)
        expect(page.get_by_role("link", name="Oversight", exact=True)).to_have_count(0)
        expect(page.get_by_test_id("oversight-link")).to_have_count(0)
        for path in ("/oversight/", "/oversight/statistics/"):
            assert page.goto(f"{portal}{path}").status == 404, (username, path)
            expect(page).to_have_title(re.compile(r"^Page not found – "))
            expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
            expect(page.get_by_role("heading", name="Monitoring Officer's dashboard")).to_have_count(0)
            expect(page.get_by_role("img")).to_have_count(0)
            expect(page.get_by_test_id("awaiting")).to_have_count(0)
        assert_accessible(page, context=f"the 404 page for {username} opening the statistics")


def test_the_dashboard_and_statistics_on_a_375px_mobile_screen(page, portal, signed_in, council_year):  # noqa: F811
    """WCAG 2.2 AA, 1.4.10 reflow at 375 CSS px: the charts keep readable 16px text and, like the tables, scroll in
    their own focusable regions, so neither page scrolls sideways."""
    page.set_viewport_size({"width": 375, "height": 812})
    signed_in("h.shah")
    for path, heading in (("/oversight/", "Monitoring Officer's dashboard"), ("/oversight/statistics/", "Statistics")):
        assert page.goto(f"{portal}{path}").status == 200
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert page.evaluate(RIGHTMOST_OUTSIDE_TABLES) <= 375, path
        assert page.evaluate(PAGE_WIDTH) <= 375, path
        assert_accessible(page, context=f"{path} at 375px")
    regions = page.locator(".app-chart__scroll")
    expect(regions).to_have_count(7)
    for box in (regions.nth(i).bounding_box() for i in range(7)):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    sizes = page.locator(".app-chart__value").evaluate_all("els => els.map(e => getComputedStyle(e).fontSize)")
    assert set(sizes) == {"16px"}
    assert all(h >= 14 for h in page.locator(".app-chart__value").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"))  # drawn at its size, not shrunk
