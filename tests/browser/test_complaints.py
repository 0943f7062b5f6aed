"""An officer complains about a member; the Monitoring Officer investigates and decides: the whole walk in Chromium.

Tom Baker (o.baker), a Planning Officer, complains formally that Cllr Ian Gordon, the Conservative
leader, bullied him, first sending the form empty. Bullying or harassment is a category of its own
(CMP-BULLYING). A complaint about a member goes to the Monitoring Officer, Priya Shah (h.shah), and
then, if it cannot be resolved, to the Standards Committee: the route is shown the moment the
complaint is made (CMP-ROUTE-MEMBER), with the dates by which it must be acknowledged and assessed
(CMP-TIMES). Cllr Gordon cannot open it, nor can his colleague Cllr Nadia Iqbal: to them it is the
site's ordinary 404 (CMP-PRIVACY). Priya Shah finds it waiting for her, acknowledges it, assesses it
(first sending the assessment empty) and tells Cllr Gordon, who from then on can read it. She
records that it will be investigated - suspension is never offered (CMP-OUTCOMES) - tries to decide
it before the Independent Person, Ms Farah Rahman (ms.rahman), has given her views, is stopped by
CMP-OUTCOMES (Localism Act 2011 s.28(7)), records the views and decides. Cllr Gordon reads the
decision; Tom Baker reads the outcome and the complaint's history.

A second test has Cllr Sara Ahmed (cllr.ahmed) declare a family relationship with an officer,
Rachel Forde (o.forde), and withdraw it (REL-DECLARE); the Deputy Monitoring Officer, Sian Evans
(s.evans), sees it in the register, which members cannot open. A third checks the complaint form and
a complaint's page on a 375px mobile screen. Every page and every error state on the way is checked
with axe-core against WCAG 2.2 AA. The live server runs on the real clock.
"""
import re

from django.utils import timezone
from playwright.sync_api import expect

from protocol_portal.council.selectors import council_calendar
from protocol_portal.council.working_days import due_date
from tests.browser.axe import assert_accessible

CATEGORY = "Bullying or harassment"
DETAILS = ("At the Planning Committee pre-meeting on 3 March Cllr Gordon shouted at me in front of the applicant, "
           "called my report \"incompetent rubbish\" and said he would have me moved off the case.")
ACKNOWLEDGEMENT = "Thank you for raising this. I will make an initial assessment within the council's timescales."
ASSESSMENT = ("The complaint alleges bullying of an officer by a member at a pre-meeting, in front of a member of "
              "the public. If proved it could breach the Code of Conduct, so it needs investigating.")
OUTCOME_REASONS = "The allegation is serious and the facts are disputed: an investigator will interview those present."
VIEWS = ("Having read the investigator's report, I consider that Cllr Gordon's conduct at the pre-meeting was "
         "disrespectful and amounted to bullying of an officer.")
DECISION = ("Three witnesses confirm what was said. Shouting at an officer in front of an applicant and threatening "
            "his position is bullying, which the Code of Conduct forbids.")
TITLE = f"{CATEGORY} complaint about Cllr Ian Gordon"
MONITORING_OFFICER = "Priya Shah, Monitoring Officer"
INDEPENDENT_PERSON = "Ms Farah Rahman, Independent Person"
BREACH = "The member breached the Code of Conduct"
# The tables' links name the complaint in a visually hidden span (Chromium may put a space before its colon).
ABOUT_GORDON = re.compile(rf"^{re.escape(CATEGORY)}\s*: complaint about Cllr Ian Gordon, received ")
# How far right anything but a data table (and what is visually hidden) reaches, in CSS px.
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
RIGHTMOST_OUTSIDE_TABLES = """() => Math.max(...[...document.body.querySelectorAll('*')]
  .filter(e => !e.closest('table, .govuk-visually-hidden, .govuk-skip-link'))
  .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height).map(r => r.right))"""
# Every sentence of the page's text that mentions suspension (CMP-OUTCOMES), lower-cased.
SUSPENSION_SENTENCES = """() => document.body.innerText.split(/(?<=[.!?])\\s+|\\n/)
  .filter(s => /suspen/i.test(s)).map(s => s.trim().toLowerCase())"""


def banner(page):
    return page.locator(".govuk-notification-banner")


def error_summary(page):
    return page.locator(".govuk-error-summary")


def day(d):
    return f"{d:%-d %B %Y}"


def complaint_dates():
    """Return (acknowledge by, assess by): CMP-TIMES's 5 and 20 working days from today."""
    calendar, today = council_calendar(), timezone.localdate()
    return due_date(calendar, today, 5).due, due_date(calendar, today, 20).due


def submit(page, button_name):
    """Press a form's button and return the response the browser navigated to (its status: 200, 400 …)."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button_name, exact=True).click()
    return navigation.value


def open_complaints(page, portal):
    """Follow the service navigation's Complaints link (the home page has another of the same name)."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Complaints", exact=True).click()
    expect(page).to_have_url(f"{portal}/complaints/")
    expect(page).to_have_title(re.compile(r"^Complaints – "))
    expect(page.get_by_role("heading", name="Complaints", level=1)).to_be_visible()


def route_steps(page):
    return page.get_by_test_id("route").get_by_test_id("route-step")


def test_an_officer_complains_about_a_member_and_the_monitoring_officer_decides_after_an_investigation(
        page, portal, sign_in, signed_in):
    """CMP-ROUTE-MEMBER, CMP-TIMES, CMP-BULLYING, CMP-PRIVACY, CMP-OUTCOMES: from the complaint to the decision,
    routed to the Monitoring Officer at once, hidden from the member until he is told, investigated, and decided
    only once the Independent Person's views are recorded, with suspension never offered."""
    acknowledge_by, assess_by = complaint_dates()

    # The officer signs in with the form, finds Complaints and opens the complaint form.
    sign_in(page, "o.baker")
    open_complaints(page, portal)
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Complaints")).to_have_attribute(
        "aria-current", "page")
    expect(page.get_by_test_id("queue-empty")).to_have_text("No complaint is waiting for you.")
    expect(page.get_by_test_id("made-empty")).to_have_text("You have not made any complaints.")
    expect(page.get_by_test_id("complaints-empty")).to_have_text("None yet.")
    assert_accessible(page, context="the officer's complaints, none yet")
    page.get_by_role("button", name="Make a complaint").click()
    expect(page).to_have_url(f"{portal}/complaints/new/")
    expect(page).to_have_title(re.compile(r"^Make a complaint – "))
    expect(page.get_by_role("heading", name="Make a complaint", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Complaints")).to_have_attribute(
        "aria-current", "true")
    about = page.get_by_label("Who is the complaint about?")
    expect(about.locator("optgroup[label=Members] option", has_text="Cllr Ian Gordon")).to_have_text(
        "Cllr Ian Gordon, Conservative Group")
    expect(about.locator("option", has_text="Tom Baker")).to_have_count(0)  # nobody complains about themselves
    expect(page.get_by_role("group", name="What kind of complaint is it?")).to_have_attribute(
        "aria-describedby", "id_category-hint")
    expect(page.get_by_label(CATEGORY, exact=True)).to_be_visible()  # CMP-BULLYING: a category of its own
    assert_accessible(page, context="the complaint form")

    # Sent empty: the error summary takes focus and links to each field.
    assert submit(page, "Make the complaint").status == 400
    expect(page).to_have_title(re.compile(r"^Error: Make a complaint – "))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expected_errors = [
        ("Choose the member or officer the complaint is about.", "#id_about"),
        ("Choose what kind of complaint it is: conduct, a breach of the Member/Officer Protocol, bullying or "
         "harassment, or service.", "#id_category"),
        ("Say what happened: what was said or done, when, and who was there.", "#id_details"),
    ]
    expect(summary.get_by_role("link")).to_have_count(len(expected_errors))
    for message, href in expected_errors:
        expect(summary.get_by_role("link", name=message, exact=True)).to_have_attribute("href", href)
    expect(about).to_have_attribute("aria-describedby", "id_about-hint id_about-error")
    expect(page.get_by_role("group", name="What kind of complaint is it?")).to_have_attribute(
        "aria-describedby", "id_category-hint id_category-error")
    details = page.get_by_label("What happened?")
    expect(details).to_have_attribute("aria-describedby", re.compile(r"\bid_details-error\b"))
    expect(page.locator("#id_details-error")).to_contain_text("Say what happened")
    assert_accessible(page, context="the complaint form sent empty")
    summary.get_by_role("link", name=expected_errors[2][0]).click()
    expect(details).to_be_focused()

    about.select_option(label="Cllr Ian Gordon, Conservative Group")
    page.get_by_label(CATEGORY, exact=True).check()
    details.fill(DETAILS)
    page.get_by_label("This is a formal complaint").check()
    page.get_by_role("button", name="Make the complaint").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(portal)}/complaints/[0-9a-f-]{{36}}/$"))
    complaint_url = page.url
    expect(page).to_have_title(re.compile(rf"^{re.escape(TITLE)} – "))
    expect(banner(page)).to_contain_text(
        f"Your complaint has been sent to {MONITORING_OFFICER}. They must acknowledge it by {day(acknowledge_by)} "
        f"and make an initial assessment by {day(assess_by)} (CMP-TIMES).")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Formal complaint made "))).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Received")
    # CMP-ROUTE-MEMBER: the Monitoring Officer handles it, and the Standards Committee comes next.
    expect(page.locator("#route").locator("xpath=following-sibling::p[1]")).to_contain_text("(CMP-ROUTE-MEMBER,")
    steps = route_steps(page)
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_have_text(re.compile(rf"^\s*{re.escape(MONITORING_OFFICER)}\s+Handling it now\s*$"))
    expect(steps.nth(0)).to_have_attribute("aria-current", "step")
    expect(steps.nth(1)).to_have_text(re.compile(r"^\s*The Standards Committee\s+Next, if it is passed on "
                                                 r"\(CMP-ARBITRATE\)\s*$"))
    expect(page.get_by_test_id("acknowledgement")).to_have_text(f"Due by {day(acknowledge_by)} (CMP-TIMES)")
    expect(page.get_by_test_id("assessment-due")).to_have_text(f"Due by {day(assess_by)} (CMP-TIMES)")
    expect(page.get_by_test_id("complainant")).to_have_text("Tom Baker (officer)")
    expect(page.get_by_test_id("subject")).to_have_text("Cllr Ian Gordon (member)")
    expect(page.get_by_test_id("category")).to_have_text(f"{CATEGORY} (CMP-BULLYING)")
    expect(page.get_by_test_id("formal")).to_have_text("Yes")
    expect(page.get_by_test_id("subject-told")).to_have_text(
        "Not yet: they cannot see it until the handler tells them (CMP-PRIVACY)")
    expect(page.get_by_test_id("details")).to_have_text(DETAILS)
    expect(page.get_by_role("heading", name="What you can do")).to_have_count(0)  # the complainant does not act
    expect(page.get_by_test_id("history")).to_contain_text("Made the complaint; the portal worked out who handles it")
    assert_accessible(page, context="the officer's complaint, received")

    # CMP-PRIVACY: the member complained about cannot open it until he is told; nor can his group colleague.
    signed_in("cllr.gordon")
    response = page.goto(complaint_url)
    assert response.status == 404
    expect(page).to_have_title(re.compile(r"^Page not found – "))
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(DETAILS)
    assert_accessible(page, context="the 404 page for the member complained about, not yet told")
    open_complaints(page, portal)
    expect(page.get_by_test_id("complaints-empty")).to_be_visible()
    signed_in("cllr.iqbal")
    assert page.goto(complaint_url).status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(DETAILS)

    # The Monitoring Officer finds it waiting for her and acknowledges it.
    signed_in("h.shah")
    open_complaints(page, portal)
    queue = page.get_by_test_id("queue")
    expect(queue.get_by_role("row")).to_have_count(2)  # the header and this complaint
    expect(queue).to_contain_text("Tom Baker")
    expect(queue).to_contain_text("Cllr Ian Gordon")
    expect(queue).to_contain_text(f"By {acknowledge_by:%-d %b %Y}")
    expect(queue).to_contain_text(f"By {assess_by:%-d %b %Y}")
    expect(page.get_by_role("heading", name="All complaints", level=2)).to_be_visible()
    assert_accessible(page, context="the Monitoring Officer's complaints")
    queue.get_by_role("link", name=ABOUT_GORDON).click()
    expect(page).to_have_url(complaint_url)
    expect(page.get_by_role("heading", name="What you can do", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Acknowledge it", level=3)).to_be_visible()
    expect(page.get_by_role("heading", name="Decide the allegation")).to_have_count(0)
    assert_accessible(page, context="the complaint with the handler's forms")
    page.get_by_label("A note to the complainant (optional)").fill(ACKNOWLEDGEMENT)
    page.get_by_role("button", name="Acknowledge the complaint").click()
    expect(page).to_have_url(complaint_url)
    expect(banner(page)).to_contain_text(
        f"Acknowledged. Tom Baker has been told; your initial assessment is due by {day(assess_by)} (CMP-TIMES).")
    expect(page.get_by_test_id("status")).to_have_text("Acknowledged")
    expect(page.get_by_test_id("acknowledgement")).to_have_text(f"Acknowledged on {day(timezone.localdate())}")
    expect(page.get_by_role("button", name="Acknowledge the complaint")).to_have_count(0)
    assert_accessible(page, context="the complaint, acknowledged")

    # The assessment, first sent empty.
    assert submit(page, "Record the assessment").status == 400
    expect(page).to_have_title(re.compile(rf"^Error: {re.escape(TITLE)} – "))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text(
        "Write your initial assessment: what the complaint alleges, and how you will deal with it.")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_assess-assessment")
    assessment = page.get_by_label("Your initial assessment")
    expect(assessment).to_have_attribute("aria-describedby", re.compile(r"\bid_assess-assessment-error\b"))
    expect(page.get_by_test_id("status")).to_have_text("Acknowledged")
    assert_accessible(page, context="the assessment sent empty")
    summary.get_by_role("link").click()
    expect(assessment).to_be_focused()
    assessment.fill(ASSESSMENT)
    page.get_by_role("button", name="Record the assessment").click()
    expect(page).to_have_url(complaint_url)
    expect(banner(page)).to_contain_text(
        "Your initial assessment is recorded, and Tom Baker has been told (CMP-TIMES).")
    expect(page.get_by_test_id("status")).to_have_text("Assessed")
    expect(page.get_by_test_id("assessment")).to_have_text(ASSESSMENT)
    expect(page.get_by_test_id("assessment-due")).to_have_text(f"Made on {day(timezone.localdate())}")

    # CMP-PRIVACY: she tells the member, who from now on can read it.
    page.get_by_role("button", name="Tell Cllr Ian Gordon of the complaint").click()
    expect(page).to_have_url(complaint_url)
    expect(banner(page)).to_contain_text("Cllr Ian Gordon has been told of the complaint, and can now read it and "
                                         "follow what happens (CMP-PRIVACY).")
    expect(page.get_by_test_id("subject-told")).to_have_text(f"On {day(timezone.localdate())}")
    expect(page.get_by_role("button", name="Tell Cllr Ian Gordon of the complaint")).to_have_count(0)
    assert_accessible(page, context="the complaint, assessed and the member told")

    # CMP-OUTCOMES: the Monitoring Officer's outcomes for a member, and never suspension.
    outcomes = page.get_by_role("group", name="Outcome", exact=True)
    expect(outcomes.get_by_role("radio")).to_have_count(5)
    for outcome in ["No further action", "Informal resolution",
                    "Informal resolution: referred to the member's group leader", "Investigation",
                    "Referral to the Standards Committee"]:
        expect(outcomes.get_by_role("radio", name=outcome, exact=True)).to_have_count(1)
    expect(page.get_by_role("radio", name=re.compile("suspen", re.IGNORECASE))).to_have_count(0)
    expect(page.locator("#outcome-section").locator("xpath=following-sibling::p[1]")).to_have_text(
        "The outcomes open to the Monitoring Officer for a complaint about a member. Suspension is not one: the law "
        "gives no such sanction (CMP-OUTCOMES).")
    outcomes.get_by_role("radio", name="Investigation", exact=True).check()
    page.get_by_label("Reasons for the outcome").fill(OUTCOME_REASONS)
    page.get_by_role("button", name="Record the outcome").click()
    expect(page).to_have_url(complaint_url)
    expect(banner(page)).to_contain_text("Recorded: the complaint will be investigated. Record the Independent "
                                         "Person's views before deciding it (CMP-OUTCOMES).")
    expect(page.get_by_test_id("status")).to_have_text("Under investigation")
    expect(page.get_by_test_id("outcome-value")).to_have_text("Investigation")
    expect(page.get_by_test_id("outcome-reasons")).to_have_text(OUTCOME_REASONS)
    expect(page.get_by_role("heading", name="Record the outcome")).to_have_count(0)
    # Nothing on the page offers suspension: where the word appears at all, it is to say it is not available.
    expect(page.get_by_role("radio", name=re.compile("suspen", re.IGNORECASE))).to_have_count(0)
    expect(page.get_by_role("option", name=re.compile("suspen", re.IGNORECASE))).to_have_count(0)
    mentions = page.evaluate(SUSPENSION_SENTENCES)
    assert mentions and all("not an available sanction" in s for s in mentions), mentions
    expect(page.get_by_test_id("views-first")).to_have_text(
        "Record the Independent Person's views first: the allegation cannot be decided without them "
        "(CMP-OUTCOMES; Localism Act 2011 s.28(7)).")
    assert_accessible(page, context="the complaint under investigation")

    # CMP-OUTCOMES: she cannot decide it before the Independent Person's views are recorded.
    page.get_by_role("group", name="What did the investigation find?").get_by_role(
        "radio", name=BREACH, exact=True).check()
    page.get_by_label("Reasons for the decision").fill(DECISION)
    assert submit(page, "Decide").status == 400
    expect(page).to_have_title(re.compile(rf"^Error: {re.escape(TITLE)} – "))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text(
        "Record the Independent Person's views before deciding an allegation that was investigated "
        "(CMP-OUTCOMES; Localism Act 2011 s.28(7)).")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#independent-person")
    expect(page.get_by_role("radio", name=BREACH, exact=True)).to_be_checked()
    expect(page.get_by_label("Reasons for the decision")).to_have_value(DECISION)
    expect(page.get_by_test_id("status")).to_have_text("Under investigation")
    assert_accessible(page, context="deciding before the Independent Person's views (CMP-OUTCOMES)")

    # She records Ms Rahman's views, then decides.
    independent = page.get_by_label("Independent Person", exact=True)
    expect(independent.locator("option")).to_have_count(2)  # the empty choice and Ms Rahman
    independent.select_option(label=INDEPENDENT_PERSON)
    page.get_by_label("Their views on the allegation").fill(VIEWS)
    page.get_by_role("button", name="Record their views").click()
    expect(page).to_have_url(complaint_url)
    expect(banner(page)).to_contain_text(
        "Recorded Ms Farah Rahman's views. You can now decide the allegation (CMP-OUTCOMES).")
    views = page.get_by_test_id("independent-person-views")
    expect(views).to_contain_text(VIEWS)
    expect(views).to_contain_text(f"Ms Farah Rahman, recorded {day(timezone.localdate())} (Localism Act 2011 s.28(7))")
    expect(page.get_by_test_id("views-first")).to_have_count(0)
    assert_accessible(page, context="the complaint with the Independent Person's views")
    page.get_by_role("radio", name=BREACH, exact=True).check()
    page.get_by_label("Reasons for the decision").fill(DECISION)
    page.get_by_role("button", name="Decide").click()
    expect(page).to_have_url(complaint_url)
    expect(banner(page)).to_contain_text("The complaint is closed and the complainant told (CMP-OUTCOMES).")
    expect(page.get_by_test_id("status")).to_have_text("Closed")
    expect(page.get_by_test_id("finding")).to_have_text(BREACH)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("main").locator("form")).to_have_count(0)  # nothing left to do to it
    expect(steps.nth(0)).to_have_text(re.compile(rf"^\s*{re.escape(MONITORING_OFFICER)}\s+Dealt with it\s*$"))
    assert_accessible(page, context="the complaint, decided and closed, to the Monitoring Officer")

    # The member, told of it, now reads it and the decision.
    signed_in("cllr.gordon")
    open_complaints(page, portal)
    theirs = page.get_by_test_id("complaints")
    expect(theirs.get_by_role("row")).to_have_count(2)  # the header and this complaint
    expect(theirs).to_contain_text("Closed")
    assert_accessible(page, context="the member's complaints, one about him")
    theirs.get_by_role("link", name=ABOUT_GORDON).click()
    expect(page).to_have_url(complaint_url)
    expect(page.get_by_test_id("status")).to_have_text("Closed")
    expect(page.get_by_test_id("finding")).to_have_text(BREACH)
    expect(page.get_by_test_id("history")).to_contain_text(DECISION)
    expect(page.get_by_role("heading", name="What you can do")).to_have_count(0)
    assert_accessible(page, context="the decided complaint, to the member complained about")

    # The officer who complained reads the outcome and the history.
    signed_in("o.baker")
    open_complaints(page, portal)
    made = page.get_by_test_id("made")
    expect(made.get_by_role("row")).to_have_count(2)
    expect(made).to_contain_text("Closed")
    assert_accessible(page, context="the officer's complaints, decided")
    made.get_by_role("link", name=ABOUT_GORDON).click()
    expect(page).to_have_url(complaint_url)
    expect(page.get_by_test_id("outcome-value")).to_have_text("Investigation")
    expect(page.get_by_test_id("finding")).to_have_text(BREACH)
    expect(page.get_by_test_id("independent-person-views")).to_contain_text(VIEWS)
    expect(page.get_by_test_id("assessment")).to_have_text(ASSESSMENT)
    history = page.get_by_test_id("history")
    expect(history.locator("tbody tr")).to_have_count(7)
    for happened in ["Made the complaint; the portal worked out who handles it", "Acknowledged it",
                     "Made the initial assessment", "Told the person complained about",
                     "Recorded the outcome (Investigation)", "Recorded the Independent Person's views",
                     f"Decided the investigated allegation ({BREACH})"]:
        expect(history.get_by_role("cell", name=happened, exact=True)).to_have_count(1)
    expect(history).to_contain_text(ACKNOWLEDGEMENT)
    expect(history).to_contain_text(OUTCOME_REASONS)
    expect(history).to_contain_text(DECISION)
    expect(history).to_contain_text("CMP-BULLYING")
    assert_accessible(page, context="the decided complaint, to the officer who made it")


def test_a_member_declares_a_relationship_and_the_monitoring_officer_sees_the_register(page, portal, signed_in):
    """REL-DECLARE, REL-CONFLICT: a member declares a family relationship with an officer and withdraws it; it
    stays in the register, marked withdrawn, which the Deputy Monitoring Officer reads and members cannot open."""
    today = timezone.localdate()
    signed_in("cllr.ahmed")
    page.get_by_test_id("complaints-links").get_by_role("link", name="Declared relationships").click()
    expect(page).to_have_url(f"{portal}/relationships/")
    expect(page).to_have_title(re.compile(r"^Declared relationships – "))
    expect(page.get_by_role("heading", name="Declared relationships", level=1)).to_be_visible()
    expect(page.get_by_test_id("no-relationships")).to_have_text("You have no declared relationships.")
    other = page.get_by_label("Who is the relationship with?")
    expect(other.locator("option").first).to_have_text("Choose an officer")
    expect(other.locator("option", has_text="Cllr ")).to_have_count(0)  # members declare with officers (REL-DECLARE)
    expect(page.get_by_role("link", name=re.compile("register", re.IGNORECASE))).to_have_count(0)
    assert_accessible(page, context="the member's declared relationships, none yet")

    assert submit(page, "Declare the relationship").status == 400
    expect(page).to_have_title(re.compile(r"^Error: Declared relationships – "))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expected_errors = [
        ("Choose the member or officer you have the relationship with.", "#id_other"),
        ("Choose the kind of relationship: family, personal (close personal) or business.", "#id_kind"),
    ]
    expect(summary.get_by_role("link")).to_have_count(len(expected_errors))
    for message, href in expected_errors:
        expect(summary.get_by_role("link", name=message, exact=True)).to_have_attribute("href", href)
    expect(other).to_have_attribute("aria-describedby", re.compile(r"\bid_other-error\b"))
    expect(page.get_by_role("group", name="What kind of relationship is it?")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_kind-error\b"))
    assert_accessible(page, context="the declaration sent empty")
    summary.get_by_role("link", name=expected_errors[0][0]).click()
    expect(other).to_be_focused()

    other.select_option(label="Rachel Forde, Democratic Services Officer")
    page.get_by_label("Family", exact=True).check()
    page.get_by_role("button", name="Declare the relationship").click()
    expect(page).to_have_url(f"{portal}/relationships/")
    expect(banner(page)).to_contain_text(
        "Your family relationship with Rachel Forde is declared. The Monitoring Officer has been told. From now on "
        "neither of you will handle, decide or answer anything that concerns the other (REL-CONFLICT).")
    relationship = page.get_by_test_id("relationship")
    expect(relationship).to_have_count(1)
    expect(relationship.locator("dt")).to_have_text("Rachel Forde")
    expect(relationship).to_contain_text("Family Active")
    expect(relationship).to_contain_text(f"Declared by Cllr Sara Ahmed on {day(today)}")
    assert_accessible(page, context="the member's declared relationship, active")

    page.get_by_role("button", name="Withdraw your relationship with Rachel Forde").click()
    expect(page).to_have_url(f"{portal}/relationships/")
    expect(banner(page)).to_contain_text(
        "Your relationship with Rachel Forde is withdrawn. It stays in the Monitoring Officer's register, marked "
        "withdrawn.")
    expect(relationship).to_contain_text("Family Withdrawn")
    expect(relationship).to_contain_text(f"; withdrawn on {day(today)}")
    expect(relationship.get_by_role("button")).to_have_count(0)
    assert_accessible(page, context="the member's declared relationship, withdrawn")

    # REL-DECLARE: the Deputy Monitoring Officer reads the register, the withdrawal included.
    signed_in("s.evans")
    page.get_by_test_id("complaints-links").get_by_role("link", name="Register of relationships").click()
    expect(page).to_have_url(f"{portal}/relationships/register/")
    expect(page).to_have_title(re.compile(r"^Register of declared relationships – "))
    expect(page.get_by_role("heading", name="Register of declared relationships", level=1)).to_be_visible()
    registered = page.get_by_test_id("registered")
    ours = registered.filter(has_text="Rachel Forde").filter(has_text="Cllr Sara Ahmed")
    expect(ours).to_have_count(1)
    expect(ours.locator("td")).to_have_text(
        [re.compile(r"^(Cllr Sara Ahmed|Rachel Forde)$"), re.compile(r"^(Cllr Sara Ahmed|Rachel Forde)$"), "Family",
         "Withdrawn", "Cllr Sara Ahmed", f"{today:%-d %b %Y}", f"{today:%-d %b %Y}"])
    expect(registered.last).to_contain_text("Withdrawn")  # active first
    expect(registered.filter(has_text="Council records")).to_have_count(2)  # the council file's two
    assert_accessible(page, context="the register of relationships")

    # A member cannot open the register: to her it does not exist.
    signed_in("cllr.ahmed")
    assert page.goto(f"{portal}/relationships/register/").status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(page.get_by_test_id("registered")).to_have_count(0)
    assert_accessible(page, context="the 404 page for a member opening the register")


def test_the_complaint_form_and_a_complaint_on_a_375px_mobile_screen(page, portal, signed_in):
    """CMP-ROUTE-MEMBER, CMP-TIMES, CMP-BULLYING at 375 CSS px (WCAG 2.2 AA, 1.4.10 reflow): the complaint form and
    its errors fit, and so does the complaint's page with its route, all but the history table, which scrolls in
    its own region."""
    page.set_viewport_size({"width": 375, "height": 812})
    acknowledge_by, _ = complaint_dates()
    signed_in("o.baker")
    page.goto(f"{portal}/complaints/new/")
    expect(page.get_by_role("heading", name="Make a complaint", level=1)).to_be_visible()
    assert page.evaluate(RIGHTMOST_OUTSIDE_TABLES) <= 375
    assert page.evaluate(PAGE_WIDTH) <= 375
    assert_accessible(page, context="the complaint form at 375px")
    assert submit(page, "Make the complaint").status == 400
    expect(error_summary(page)).to_be_focused()
    assert page.evaluate(RIGHTMOST_OUTSIDE_TABLES) <= 375
    assert page.evaluate(PAGE_WIDTH) <= 375
    assert_accessible(page, context="the complaint form with errors at 375px")

    page.get_by_label("Who is the complaint about?").select_option(label="Cllr Ian Gordon, Conservative Group")
    page.get_by_label(CATEGORY, exact=True).check()
    page.get_by_label("What happened?").fill(DETAILS)
    page.get_by_role("button", name="Make the complaint").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    steps = route_steps(page)
    expect(steps.nth(0)).to_be_visible()
    expect(steps.nth(0)).to_contain_text(MONITORING_OFFICER)
    expect(steps.nth(1)).to_be_visible()
    expect(steps.nth(1)).to_contain_text("The Standards Committee")
    expect(page.get_by_test_id("acknowledgement")).to_have_text(f"Due by {day(acknowledge_by)} (CMP-TIMES)")
    assert page.evaluate(RIGHTMOST_OUTSIDE_TABLES) <= 375
    assert page.evaluate(PAGE_WIDTH) <= 375  # the history table scrolls in its own region (1.4.10)
    assert_accessible(page, context="the officer's complaint at 375px")
