"""A member asks officers a question, gets a holding reply and then the answer: the whole walk in Chromium.

Cllr Ian Gordon (Conservative, South Ward) asks Environment and Waste how often Canal Path is
cleared, first forgetting the subject, and looks at asking for a constituent (ENQ-ON-BEHALF)
before deciding to ask for himself; he is told at once that a full response is due in 10 working
days (ENQ-DUE, WD-COUNT). Its Head of Service, Kwame Osei (h.osei), assigns it to Alex Dunn
(o.dunn), Waste Services Officer (ENQ-TRIAGE), who sends a holding reply - first with no reasons
and a revised date before the target, then properly (ENQ-HOLDING) - and then the full
response. Cllr Gordon reads both, each sent to him alone (COR-NO-BLIND). Every page and every error
state on the way is checked with axe-core against WCAG 2.2 AA; a second test checks the question
form and the officer's queue on a 375px mobile screen. The live server runs on the real clock.
"""
import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from protocol_portal.council.selectors import council_calendar
from protocol_portal.council.working_days import due_date
from tests.browser.axe import assert_accessible

SUBJECT = "Fly-tipping on Canal Path"
QUESTION = "How often is Canal Path cleared, and who do residents call when rubbish is dumped there?"
CONSTITUENT = "Mrs Edna Price"
REASONS = "The contractor is surveying Canal Path this month; the clearance schedule depends on the survey."
ANSWER = "Canal Path is cleared every Tuesday. Residents can report dumped rubbish on 01632 960000."
RECIPIENTS = "Sent to Cllr Ian Gordon. No blind copies (COR-NO-BLIND)."
# How far right anything but a data table (and what is visually hidden) reaches, in CSS px.
RIGHTMOST_OUTSIDE_TABLES = """() => Math.max(...[...document.body.querySelectorAll('*')]
  .filter(e => !e.closest('table, .govuk-visually-hidden, .govuk-skip-link'))
  .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height).map(r => r.right))"""
# The queue's link names the member in a visually hidden span (Chromium puts a space before its comma).
FROM_GORDON = re.compile(rf"^{re.escape(SUBJECT)}\s*, from Cllr Ian Gordon$")


def banner(page):
    return page.locator(".govuk-notification-banner")


def day(d):
    return f"{d:%-d %B %Y}"


def enquiry_dates():
    """Return (due, revised): ENQ-DUE's 10 working days from today, and a revised date 10 more on."""
    calendar = council_calendar()
    due = due_date(calendar, timezone.localdate(), 10).due
    return due, due_date(calendar, due, 10).due


def test_a_member_asks_gets_a_holding_reply_then_the_answer(page, portal, sign_in, signed_in):
    due, revised = enquiry_dates()

    # The member signs in with the form, finds Enquiries and opens the question form.
    sign_in(page, "cllr.gordon")
    page.get_by_role("link", name="Enquiries", exact=True).click()
    expect(page).to_have_url(f"{portal}/enquiries/")
    expect(page).to_have_title(re.compile(r"^Your enquiries – "))
    expect(page.get_by_role("link", name="Enquiries", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Your enquiries", level=1)).to_be_visible()
    expect(page.get_by_test_id("no-enquiries")).to_have_text("You have not sent any enquiries.")
    assert_accessible(page, context="the member's enquiries, none yet")
    page.get_by_role("button", name="Ask a question").click()
    expect(page).to_have_url(f"{portal}/enquiries/new/")
    expect(page.get_by_role("heading", name="Ask a question", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Enquiries", exact=True)).to_have_attribute("aria-current", "true")
    assert_accessible(page, context="the question form")

    # Asking for a constituent reveals their name, ward and consent (the GOV.UK conditional reveal).
    on_behalf = page.get_by_label("I am asking on behalf of a constituent")
    name = page.get_by_label("Constituent's name")
    ward = page.get_by_label("Ward the matter concerns")
    consent = page.get_by_label("The constituent has agreed to me asking for them")
    expect(on_behalf).to_have_attribute("aria-expanded", "false")
    expect(name).to_be_hidden()
    expect(ward).to_be_hidden()
    expect(consent).to_be_hidden()
    on_behalf.check()
    expect(on_behalf).to_have_attribute("aria-expanded", "true")
    expect(name).to_be_visible()
    expect(ward).to_be_visible()
    expect(consent).to_be_visible()
    expect(page.locator("#on-behalf-hint")).to_contain_text("You can ask for a constituent about South Ward")
    name.fill(CONSTITUENT)
    ward.select_option(label="South Ward")
    assert_accessible(page, context="the question form, asking for a constituent")
    on_behalf.uncheck()
    expect(on_behalf).to_have_attribute("aria-expanded", "false")
    expect(name).to_be_hidden()

    # Sent without a subject: the error summary takes focus and links to the field.
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_label("Which department is it for?").select_option(label="Environment and Waste")
    page.get_by_role("button", name="Send the question").click()
    expect(page).to_have_title(re.compile(r"^Error: Ask a question – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    error_link = summary.get_by_role("link", name=re.compile(r"^Give a subject"))
    expect(error_link).to_have_attribute("href", "#id_subject")
    subject = page.get_by_label("Subject")
    expect(subject).to_have_attribute("aria-describedby", re.compile(r"\bid_subject-error\b"))
    expect(page.get_by_label("Your question")).to_have_value(QUESTION)
    expect(page.get_by_label("Which department is it for?")).to_have_value("ENV")
    assert_accessible(page, context="the question form with an error")
    error_link.click()
    expect(subject).to_be_focused()

    subject.fill(SUBJECT)
    page.get_by_role("button", name="Send the question").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(portal)}/enquiries/[0-9a-f-]{{36}}/$"))
    enquiry_url = page.url
    expect(page).to_have_title(re.compile(rf"^Enquiry: {re.escape(SUBJECT)} – "))
    expect(banner(page)).to_have_text(re.compile(r"A full response is due by \d{1,2} [A-Z][a-z]+ \d{4}\."))
    expect(banner(page)).to_contain_text(f"Your enquiry has been sent. A full response is due by {day(due)}.")
    expect(page.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Open")
    expect(page.get_by_test_id("due")).to_have_text(day(due))
    expect(page.get_by_test_id("assigned-to")).to_have_text("Nobody yet")
    expect(page.get_by_test_id("summary")).to_contain_text("Environment and Waste")
    expect(page.get_by_test_id("summary")).not_to_contain_text("On behalf of")
    expect(page.get_by_test_id("question")).to_have_text(QUESTION)
    expect(page.get_by_test_id("no-replies")).to_have_text(f"No reply yet. A full response is due by {day(due)}.")
    assert_accessible(page, context="the member's enquiry page, open")

    # The Head of Service finds it in the department's queue and assigns it.
    signed_in("h.osei")
    page.get_by_role("link", name="Enquiries", exact=True).click()
    queues = page.get_by_test_id("queues")
    expect(queues).to_contain_text("Assigned to you (0)")
    expect(page.get_by_test_id("queue-empty")).to_be_visible()
    assert_accessible(page, context="the Head of Service's own queue, empty")
    queues.get_by_role("link", name="Your department (1)").click()
    expect(page).to_have_title(re.compile(r"^Enquiries: Your department – "))
    expect(queues.locator("[aria-current=page]")).to_have_text("Your department (1)")
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text("Cllr Ian Gordon")
    expect(queue).to_contain_text("Nobody yet")
    expect(queue).to_contain_text(due.strftime("%-d %b %Y"))
    assert_accessible(page, context="the department's queue")
    queue.get_by_role("link", name=FROM_GORDON).click()
    expect(page).to_have_url(enquiry_url)
    expect(page.get_by_role("heading", name="Assign it", level=2)).to_be_visible()
    assert_accessible(page, context="the enquiry page with the assign form")
    page.get_by_label("Officer").select_option(label="Alex Dunn, Waste Services Officer")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page).to_have_url(enquiry_url)
    expect(banner(page)).to_contain_text("Assigned to Alex Dunn. They have been sent an email.")
    expect(page.get_by_test_id("assigned-to")).to_have_text("Alex Dunn, Waste Services Officer")
    expect(page.get_by_test_id("history")).to_contain_text("Assigned it")
    assert_accessible(page, context="the enquiry page, assigned")

    # The officer sends a holding reply, first with no reasons and a date before the target.
    signed_in("o.dunn")
    page.get_by_role("link", name="Enquiries", exact=True).click()
    expect(page.get_by_test_id("queues").locator("[aria-current=page]")).to_have_text("Assigned to you (1)")
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text("Alex Dunn")
    assert_accessible(page, context="the officer's queue")
    queue.get_by_role("link", name=FROM_GORDON).click()
    expect(page.get_by_role("heading", name="Send the full response", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Send a holding reply", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Assign it")).to_have_count(0)
    assert_accessible(page, context="the enquiry page with the reply forms")

    too_soon = due - timedelta(days=1)
    page.get_by_label("Day").fill(str(too_soon.day))
    page.get_by_label("Month").fill(str(too_soon.month))
    page.get_by_label("Year").fill(str(too_soon.year))
    page.get_by_role("button", name="Send the holding reply").click()
    expect(page).to_have_title(re.compile(rf"^Error: Enquiry: {re.escape(SUBJECT)} – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(summary.get_by_role("link", name=re.compile(r"^Give the reasons"))).to_have_attribute(
        "href", "#id_holding-reasons")
    expect(summary.get_by_role("link", name=f"The revised date must be after the current target, {day(due)} "
                               "(ENQ-HOLDING).")).to_have_attribute("href", "#id_holding-revised_date")
    expect(page.get_by_label("Day")).to_have_value(str(too_soon.day))
    expect(page.get_by_test_id("status")).to_have_text("Open")
    assert_accessible(page, context="the holding reply form with errors")

    page.get_by_label("Why a full response cannot be sent in time").fill(REASONS)
    page.get_by_label("Day").fill(str(revised.day))
    page.get_by_label("Month").fill(str(revised.month))
    page.get_by_label("Year").fill(str(revised.year))
    page.get_by_role("button", name="Send the holding reply").click()
    expect(page).to_have_url(enquiry_url)
    expect(banner(page)).to_contain_text(f"Holding reply sent. The new target is {day(revised)}.")
    expect(page.get_by_test_id("status")).to_have_text("Holding reply sent")
    expect(page.get_by_test_id("target")).to_have_text(day(revised))
    expect(page.get_by_test_id("reply")).to_have_count(1)
    assert_accessible(page, context="the enquiry page after the holding reply")

    # Then the full response.
    page.get_by_label("Full response", exact=True).fill(ANSWER)
    page.get_by_role("button", name="Send the response").click()
    expect(page).to_have_url(enquiry_url)
    expect(banner(page)).to_contain_text("Response sent to Cllr Ian Gordon. The enquiry is answered.")
    expect(page.get_by_test_id("status")).to_have_text("Answered")
    expect(page.get_by_test_id("reply")).to_have_count(2)
    expect(page.get_by_role("heading", name="Send the full response")).to_have_count(0)
    assert_accessible(page, context="the enquiry page, answered, to the officer")

    # The member reads the holding reply and the response, each sent to him alone.
    signed_in("cllr.gordon")
    page.get_by_role("link", name="Enquiries", exact=True).click()
    mine = page.get_by_test_id("my-enquiries")
    expect(mine.get_by_role("row")).to_have_count(2)  # the header and this enquiry
    expect(mine).to_contain_text("Answered")
    assert_accessible(page, context="the member's enquiries, answered")
    mine.get_by_role("link", name=SUBJECT).click()
    expect(page).to_have_url(enquiry_url)
    expect(page.get_by_test_id("status")).to_have_text("Answered")
    replies = page.get_by_test_id("reply")
    expect(replies).to_have_count(2)
    holding, response = replies.nth(0), replies.nth(1)
    expect(holding.get_by_role("heading", level=3)).to_have_text(re.compile(r"^Holding reply from Alex Dunn, "))
    expect(holding.get_by_test_id("reply-text")).to_have_text(REASONS)
    expect(holding).to_contain_text(f"Revised date for the full response: {day(revised)}.")
    expect(holding.get_by_test_id("recipients")).to_have_text(RECIPIENTS)
    expect(response.get_by_role("heading", level=3)).to_have_text(re.compile(r"^Full response from Alex Dunn, "))
    expect(response.get_by_test_id("reply-text")).to_have_text(ANSWER)
    expect(response.get_by_test_id("recipients")).to_have_text(RECIPIENTS)
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Sent a holding reply in time: the target moved to the revised date")
    expect(history).to_contain_text("Sent the full response")
    expect(page.get_by_role("heading", name="Send the full response")).to_have_count(0)
    assert_accessible(page, context="the member's enquiry page, answered")


def test_the_question_form_and_the_officers_queue_on_a_375px_mobile_screen(page, portal, signed_in):
    """WCAG 2.2 AA at 375 CSS px (1.4.10 reflow): the question form fits, with the constituent's fields
    revealed, and so does everything on the officer's queue but its six-column table, which 1.4.10
    lets need two dimensions."""
    page.set_viewport_size({"width": 375, "height": 812})
    signed_in("cllr.gordon")
    page.goto(f"{portal}/enquiries/new/")
    expect(page.get_by_role("heading", name="Ask a question", level=1)).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_accessible(page, context="the question form at 375px")
    page.get_by_label("I am asking on behalf of a constituent").check()
    expect(page.get_by_label("Constituent's name")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_accessible(page, context="the question form at 375px, asking for a constituent")
    page.get_by_label("Subject").fill(SUBJECT)
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_label("Constituent's name").fill(CONSTITUENT)
    page.get_by_label("Ward the matter concerns").select_option(label="South Ward")
    page.get_by_label("The constituent has agreed to me asking for them").check()
    page.get_by_label("Which department is it for?").select_option(label="Environment and Waste")
    page.get_by_role("button", name="Send the question").click()
    on_behalf_row = page.get_by_test_id("summary").locator(".govuk-summary-list__row", has_text="On behalf of")
    expect(on_behalf_row).to_contain_text(f"{CONSTITUENT}, South Ward (consent recorded")
    assert_accessible(page, context="the member's enquiry page at 375px")

    signed_in("h.osei")
    page.goto(f"{portal}/enquiries/?queue=department")
    expect(page.get_by_test_id("queue")).to_contain_text(SUBJECT)
    expect(page.get_by_test_id("queues")).to_contain_text("Your department (1)")
    assert page.evaluate(RIGHTMOST_OUTSIDE_TABLES) <= 375
    # WCAG 1.4.10: the wide table scrolls inside its own focusable region; the page itself does not.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_accessible(page, context="the department's queue at 375px")
