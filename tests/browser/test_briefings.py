"""A group asks for an officer briefing; the Chief Executive approves it and every other group is offered it.

Cllr Nadia Iqbal, an ordinary Conservative member, finds she cannot ask for a briefing: only a
group's leader or spokesperson, or a member of no group, may (BRF-REQUEST). Her leader, Cllr Ian
Gordon, asks for one on the draft local plan for the Conservative Group, with the group's planning
adviser, who is not a councillor, attending (BRF-NON-COUNCIL), first sending the form empty. Nobody
is assigned until Clare Wright (c.wright), Chief Executive and the council's briefing approver,
approves (BRF-APPROVE): she tries the Planning Officer Tom Baker (o.baker), who is too junior
(BRF-SENIOR), then the Head of Planning, Hema Patel (h.patel), without the reason BRF-NON-COUNCIL
asks for, then with it. On approval the Labour, Liberal Democrat and Green Groups and Cllr Peter
Nolan (no group) are each offered the same briefing (BRF-EQUAL): Labour accepts and the Liberal
Democrats decline, while Cllr Iqbal sees none of the offers made to other groups. Hema Patel gives
the Conservative briefing with a report, then Labour's, where she is shown the advice already given
and cannot give different advice without saying how and why (BRF-SAME-ADVICE). The Green Group is
told the Conservative briefing happened and its subject, never the advice, and asks for a copy of
the report (BRF-NOTIFY).

A second test drives the group's record: Cllr Gordon writes it and attributes a comment to the
officer, who verifies it before he can make it final (BRF-VERIFY); another group cannot open it
(BRF-CONFIDENTIAL). A third checks the request form and the members' Briefings lists on a 375px
mobile screen. Every page and every error state on the way is checked with axe-core against WCAG
2.2 AA. The live server runs on the real clock.
"""
import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

SUBJECT = "The draft local plan"
QUESTION = "What does the draft local plan mean for housing numbers, and which sites are proposed in South Ward?"
REASON = ("The group's planning adviser attends only to listen; the briefing is factual, on Council business, "
          "and the same officer offers it to every group.")
ADVICE = "Housing numbers rise to 9,000 over the plan period, 1,200 of them on sites H3 and H4 in South Ward."
OTHER_ADVICE = "Housing numbers stay at 7,500 over the plan period."
REPORT = "A two-page note of the draft plan's housing trajectory, with the proposed sites listed ward by ward."
NOTES = "The group will press for the H4 access road to be built before the first homes are occupied."
ATTRIBUTED = "The officer said the Planning Committee will consider site H4 in March."
CHIEF_EXECUTIVE = "Clare Wright, Chief Executive"
OFFICER = "Hema Patel, Head of Planning"
OFFERED_TO = ["Green Group", "Labour Group", "Liberal Democrat Group", "Cllr Peter Nolan (no group)"]
# How far right anything but a data table (and what is visually hidden) reaches, in CSS px.
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
RIGHTMOST_OUTSIDE_TABLES = """() => Math.max(...[...document.body.querySelectorAll('*')]
  .filter(e => !e.closest('table, .govuk-visually-hidden, .govuk-skip-link'))
  .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height).map(r => r.right))"""


def banner(page):
    return page.locator(".govuk-notification-banner")


def error_summary(page):
    return page.locator(".govuk-error-summary")


def value(page, key):
    """The value of a row of a GOV.UK summary list on the page, found by its key."""
    return page.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(key)}$"))).locator("dd")


def for_group(group):
    """A list link: the subject, then the group in a visually hidden span (Chromium puts a space before its comma)."""
    return re.compile(rf"^{re.escape(SUBJECT)}\s*, {re.escape(group)}$")


def wanted_on():
    """A weekday two weeks or so from today, the date the group would like its briefing."""
    wanted = timezone.localdate() + timedelta(days=14)
    while wanted.weekday() >= 5:
        wanted += timedelta(days=1)
    return wanted


def submit(page, button_name):
    """Press a form's button and return the response the browser navigated to (its status: 200, 400 …)."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button_name, exact=True).click()
    return navigation.value


def open_briefings(page, portal):
    page.get_by_role("link", name="Briefings", exact=True).click()
    expect(page).to_have_url(f"{portal}/briefings/")
    expect(page.get_by_role("heading", name="Party-group briefings", level=1)).to_be_visible()


def test_a_group_asks_for_a_briefing_the_chief_executive_approves_and_every_other_group_is_offered_it(
        page, portal, sign_in, signed_in):
    """BRF-REQUEST, BRF-SCOPE, BRF-APPROVE, BRF-SENIOR, BRF-NON-COUNCIL, BRF-EQUAL, BRF-SAME-ADVICE, BRF-NOTIFY: from
    the request to the briefings given, with the equal offers seen, answered and hidden from other groups."""
    wanted = wanted_on()

    # BRF-REQUEST: an ordinary member of a group is not offered the form, and is told why if she finds it.
    sign_in(page, "cllr.iqbal")
    open_briefings(page, portal)
    expect(page.get_by_role("heading", name="Conservative Group's briefings", level=2)).to_be_visible()
    expect(page.get_by_role("button", name="Ask for an officer briefing")).to_have_count(0)
    expect(page.get_by_role("link", name="Ask for an officer briefing")).to_have_count(0)
    expect(page.get_by_test_id("who-asks")).to_have_text(
        "Your group's leader or a spokesperson asks for briefings and answers offers for Conservative Group "
        "(BRF-REQUEST).")
    expect(page.get_by_test_id("no-briefings")).to_have_text("No briefings yet.")
    assert_accessible(page, context="an ordinary member's briefings, none yet")
    refused = page.goto(f"{portal}/briefings/new/")
    assert refused.status == 403
    expect(page).to_have_title(re.compile(r"^You cannot do that – "))
    expect(page.get_by_role("heading", name="You cannot do that", level=1)).to_be_visible()
    expect(page.get_by_test_id("reason")).to_have_text(
        "Only your group's leader or a spokesperson can ask for an officer briefing for the group (BRF-REQUEST). "
        "Ask one of them to request it.")
    expect(page.get_by_role("link", name="Go back to briefings")).to_have_attribute("href", "/briefings/")
    expect(page.get_by_label("Subject")).to_have_count(0)
    assert_accessible(page, context="the 403 page refusing an ordinary member the request form")

    # The group's leader asks, first sending the form empty.
    signed_in("cllr.gordon")
    open_briefings(page, portal)
    expect(page.get_by_role("link", name="Briefings", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.get_by_test_id("no-offers")).to_have_text("No offers yet.")
    expect(page.get_by_test_id("no-notices")).to_have_text("No other group has been briefed yet.")
    assert_accessible(page, context="the group leader's briefings, none yet")
    page.get_by_role("button", name="Ask for an officer briefing").click()
    expect(page).to_have_url(f"{portal}/briefings/new/")
    expect(page).to_have_title(re.compile(r"^Ask for an officer briefing – "))
    expect(page.get_by_role("heading", name="Ask for an officer briefing", level=1)).to_be_visible()
    expect(page.get_by_text("For Conservative Group", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Briefings", exact=True)).to_have_attribute("aria-current", "true")
    assert_accessible(page, context="the request form")

    assert submit(page, "Send the request").status == 400
    expect(page).to_have_title(re.compile(r"^Error: Ask for an officer briefing – "))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expected_errors = [
        ('Give a subject, e.g. "The draft local plan".', "#id_subject"),
        ("Say what the group would like the officer to brief it on.", "#id_question"),
        ("Choose the department whose business the briefing concerns.", "#id_department"),
        ("Enter the date you would like the briefing, for example 15 1 2027.", "#id_requested_date"),
        ("Officers brief groups on Council business only, never party business (BRF-SCOPE): confirm that this "
         "briefing is about Council business.", "#id_council_business"),
    ]
    expect(summary.get_by_role("link")).to_have_count(len(expected_errors))
    for message, href in expected_errors:
        expect(summary.get_by_role("link", name=message, exact=True)).to_have_attribute("href", href)
    subject = page.get_by_label("Subject", exact=True)
    expect(subject).to_have_attribute("aria-describedby", re.compile(r"\bid_subject-error\b"))
    expect(page.get_by_role("group", name="When would you like the briefing?")).to_have_attribute(
        "aria-describedby", "requested-date-hint requested-date-error")
    expect(page.locator("#id_council_business-error")).to_contain_text("confirm that this briefing is about")
    assert_accessible(page, context="the request form sent empty")
    summary.get_by_role("link", name=expected_errors[0][0]).click()
    expect(subject).to_be_focused()

    subject.fill(SUBJECT)
    page.get_by_label("What would the group like to be briefed on?").fill(QUESTION)
    page.get_by_label("Which department's business is it?").select_option(label="Planning and Building Control")
    page.get_by_label("Day", exact=True).fill(str(wanted.day))
    page.get_by_label("Month", exact=True).fill(str(wanted.month))
    page.get_by_label("Year", exact=True).fill(str(wanted.year))
    page.get_by_label("People who are not council members will attend").check()
    page.get_by_label("This briefing is about Council business, not party business").check()
    page.get_by_role("button", name="Send the request").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(portal)}/briefings/[0-9a-f-]{{36}}/$"))
    conservative_url = page.url
    expect(page).to_have_title(re.compile(rf"^Briefing: {re.escape(SUBJECT)} – "))
    expect(banner(page)).to_contain_text(f"Your request has been sent to {CHIEF_EXECUTIVE}, to approve. No "
                                         "officer is assigned until they do (BRF-APPROVE).")
    expect(page.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Awaiting approval")
    expect(value(page, "For")).to_have_text("Conservative Group")
    expect(value(page, "Approver")).to_contain_text(CHIEF_EXECUTIVE)
    expect(value(page, "Wanted on")).to_have_text(f"{wanted:%-d %B %Y} or later")
    expect(value(page, "Department")).to_have_text("Planning and Building Control")
    expect(page.get_by_test_id("non-council")).to_have_text("Will attend (BRF-NON-COUNCIL)")
    expect(page.get_by_test_id("officer")).to_have_text("Not assigned until the briefing is approved (BRF-APPROVE)")
    expect(page.get_by_test_id("question")).to_have_text(QUESTION)
    expect(page.get_by_role("heading", name="Approve it")).to_have_count(0)
    assert_accessible(page, context="the group's briefing, awaiting approval")

    # BRF-APPROVE: the Chief Executive finds it waiting for her.
    signed_in("c.wright")
    open_briefings(page, portal)
    queue = page.get_by_test_id("queue")
    expect(queue.get_by_role("row")).to_have_count(2)  # the header and this briefing
    expect(queue).to_contain_text("Conservative Group")
    expect(queue).to_contain_text("Approve or reject")
    expect(queue).to_contain_text(f"{wanted:%-d %b %Y}")
    assert_accessible(page, context="the Chief Executive's queue")
    queue.get_by_role("link", name=for_group("Conservative Group")).click()
    expect(page).to_have_url(conservative_url)
    expect(page.get_by_role("heading", name="Approve it", level=2)).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text("People who are not council members will attend.")
    officer = page.get_by_label("Senior officer to give the briefing")
    expect(officer.locator("option").nth(1)).to_have_text(OFFICER)  # the department's own seniors first
    expect(officer.locator("option", has_text="Tom Baker")).to_have_count(0)
    assert_accessible(page, context="the briefing with the approval form")

    # BRF-SENIOR: the list offers only senior officers, but it is a suggestion: a junior officer sent anyway (a
    # form kept open across a regrading, or a crafted request) is refused by the rule, not by "not a choice".
    officer.evaluate("(select) => select.add(new Option('Tom Baker, Planning Officer', 'o.baker'))")
    officer.select_option("o.baker")
    assert submit(page, "Approve").status == 400
    expect(page).to_have_title(re.compile(rf"^Error: Briefing: {re.escape(SUBJECT)} – "))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(summary.get_by_role("link", name=re.compile(r"^Only a senior officer .*\(BRF-SENIOR\)"))).to_have_attribute(
        "href", "#id_approve-officer")
    expect(summary.get_by_role("link", name=re.compile(r"\(BRF-NON-COUNCIL\)"))).to_have_attribute(
        "href", "#id_approve-reason")
    expect(page.locator("#id_approve-officer-error")).to_contain_text("(BRF-SENIOR)")
    expect(page.get_by_test_id("status")).to_have_text("Awaiting approval")
    assert_accessible(page, context="the approval form with a junior officer (BRF-SENIOR)")

    # BRF-NON-COUNCIL: a senior officer, but no reason for an officer to attend with non-councillors there.
    page.get_by_label("Senior officer to give the briefing").select_option(label=OFFICER)
    assert submit(page, "Approve").status == 400
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text(
        "People who are not council members will attend, so an officer normally would not (BRF-NON-COUNCIL): give "
        "the reason an officer should attend this one.")
    reason = page.get_by_label("Why should an officer attend?")
    expect(reason).to_have_attribute("aria-describedby", re.compile(r"\bid_approve-reason-error\b"))
    expect(page.get_by_label("Senior officer to give the briefing")).to_have_value("h.patel")
    expect(page.get_by_test_id("officer")).to_have_text("Not assigned until the briefing is approved (BRF-APPROVE)")
    assert_accessible(page, context="the approval form without a reason (BRF-NON-COUNCIL)")

    reason.fill(REASON)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page).to_have_url(conservative_url)
    expect(banner(page)).to_contain_text("Approved. Hema Patel will give the briefing, and every other group and "
                                         "member of no group has been offered the same briefing (BRF-EQUAL).")
    expect(page.get_by_test_id("status")).to_have_text("Approved")
    expect(page.get_by_test_id("officer")).to_have_text(OFFICER)
    expect(page.get_by_test_id("decision-reason")).to_have_text(REASON)
    offers = page.get_by_test_id("offers")
    expect(offers.locator("tbody tr")).to_have_count(len(OFFERED_TO))
    for audience in OFFERED_TO:
        expect(offers.get_by_role("row", name=f"{audience} Offered", exact=True)).to_have_count(1)
    expect(page.get_by_role("heading", name="Approve it")).to_have_count(0)
    assert_accessible(page, context="the briefing, approved, with its equal offers")

    # BRF-EQUAL: the Labour leader sees the offer and accepts it for her group.
    signed_in("cllr.ahmed")
    open_briefings(page, portal)
    offer = page.get_by_test_id("offer")
    expect(offer).to_have_count(1)
    expect(offer).to_contain_text(SUBJECT)
    expect(offer).to_contain_text("Planning and Building Control; approved for Conservative Group")
    expect(offer).to_contain_text("Hema Patel")
    expect(offer).to_contain_text("Offered")
    expect(page.locator("body")).not_to_contain_text(QUESTION)  # offered the matter, not the group's question
    assert_accessible(page, context="the Labour leader's briefings with an offer")
    offer.get_by_role("button", name=f"Accept the offer of a briefing on {SUBJECT}").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(portal)}/briefings/[0-9a-f-]{{36}}/$"))
    labour_url = page.url
    assert labour_url != conservative_url
    expect(banner(page)).to_contain_text(f'You accepted the offer. Hema Patel will brief Labour Group on "{SUBJECT}", '
                                         "with substantially the same advice (BRF-SAME-ADVICE).")
    expect(page.get_by_text("Officer briefing of Labour Group")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Approved")
    expect(page.get_by_test_id("original")).to_contain_text("The briefing approved for Conservative Group")
    expect(page.get_by_test_id("officer")).to_have_text(OFFICER)
    assert_accessible(page, context="Labour's equivalent briefing, approved")

    # The Liberal Democrat leader declines hers.
    signed_in("cllr.kaur")
    open_briefings(page, portal)
    offer = page.get_by_test_id("offer")
    expect(offer).to_contain_text(SUBJECT)
    assert_accessible(page, context="the Liberal Democrat leader's briefings with an offer")
    offer.get_by_role("button", name=f"Decline the offer of a briefing on {SUBJECT}").click()
    expect(page).to_have_url(f"{portal}/briefings/")
    expect(banner(page)).to_contain_text(f'You declined the offer of a briefing on "{SUBJECT}".')
    expect(offer).to_contain_text("Declined")
    expect(offer.get_by_role("button")).to_have_count(0)
    expect(page.get_by_test_id("no-briefings")).to_be_visible()
    assert_accessible(page, context="the Liberal Democrat leader's briefings, offer declined")

    # The ordinary Conservative member sees her group's briefing, and none of the offers made to other groups.
    signed_in("cllr.iqbal")
    open_briefings(page, portal)
    mine = page.get_by_test_id("briefings")
    expect(mine.get_by_role("link", name=SUBJECT, exact=True)).to_have_attribute(
        "href", conservative_url.removeprefix(portal))
    expect(page.get_by_test_id("no-offers")).to_have_text("No offers yet.")
    expect(page.get_by_test_id("offer")).to_have_count(0)
    for audience in OFFERED_TO:
        expect(page.locator("main")).not_to_contain_text(audience)
    assert_accessible(page, context="the ordinary member's briefings after the offers")
    assert page.goto(labour_url).status == 404  # another group's briefing is the site's 404
    assert_accessible(page, context="the 404 page for another group's briefing")

    # BRF-SAME-ADVICE: the officer gives the Conservative briefing, with a report.
    signed_in("h.patel")
    open_briefings(page, portal)
    queue = page.get_by_test_id("queue")
    expect(queue.get_by_role("row")).to_have_count(3)  # the header, the Conservative and the Labour briefings
    expect(queue.get_by_text("Give it")).to_have_count(2)
    assert_accessible(page, context="the officer's queue")
    queue.get_by_role("link", name=for_group("Conservative Group")).click()
    expect(page).to_have_url(conservative_url)
    expect(page.get_by_role("heading", name="Record that you gave it", level=2)).to_be_visible()
    expect(page.get_by_test_id("same-matter")).to_have_count(0)
    expect(page.get_by_text("Nominate another officer to attend", exact=True)).to_be_visible()
    expect(page.get_by_text("Decline to give it", exact=True)).to_be_visible()
    assert_accessible(page, context="the Conservative briefing with the officer's forms")
    page.get_by_label("The advice you gave").fill(ADVICE)
    page.get_by_label("Written report for the group (optional)").fill(REPORT)
    page.get_by_role("button", name="Record the briefing").click()
    expect(page).to_have_url(conservative_url)
    expect(banner(page)).to_contain_text("Recorded that the briefing was given. Every other group has been told "
                                         "that it happened and its subject, never the advice (BRF-NOTIFY).")
    expect(page.get_by_test_id("status")).to_have_text("Delivered")
    expect(page.get_by_test_id("advice")).to_have_text(ADVICE)
    expect(page.get_by_test_id("report")).to_have_text(REPORT)
    expect(page.get_by_role("heading", name="Record that you gave it")).to_have_count(0)
    assert_accessible(page, context="the Conservative briefing, delivered, to the officer")

    # Then Labour's: she is shown the advice already given, and cannot quietly give different advice.
    open_briefings(page, portal)
    expect(page.get_by_test_id("queue").get_by_role("row")).to_have_count(2)
    page.get_by_test_id("queue").get_by_role("link", name=for_group("Labour Group")).click()
    expect(page).to_have_url(labour_url)
    same = page.get_by_test_id("same-matter")
    expect(same).to_have_count(1)
    expect(same).to_contain_text("Given to Conservative Group on")
    expect(same).to_contain_text(ADVICE)
    expect(page.get_by_test_id("bound-to-give")).to_contain_text("(BRF-EQUAL)")
    expect(page.get_by_text("Decline to give it", exact=True)).to_have_count(0)
    assert_accessible(page, context="Labour's briefing with the advice already given")
    page.get_by_label("The advice you gave").fill(OTHER_ADVICE)
    assert submit(page, "Record the briefing").status == 400
    expect(page).to_have_title(re.compile(rf"^Error: Briefing: {re.escape(SUBJECT)} – "))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link", name=re.compile(r"\(BRF-SAME-ADVICE\)"))).to_have_attribute(
        "href", "#id_deliver-advice_differences")
    differences = page.get_by_label("How and why the advice differs (only if it does)")
    expect(differences).to_have_attribute("aria-describedby", re.compile(r"\bid_deliver-advice_differences-error\b"))
    expect(page.get_by_label("The advice you gave")).to_have_value(OTHER_ADVICE)
    expect(page.get_by_test_id("status")).to_have_text("Approved")
    assert_accessible(page, context="Labour's briefing with different advice and no reason (BRF-SAME-ADVICE)")
    page.get_by_label("The advice you gave").fill(ADVICE)
    page.get_by_role("button", name="Record the briefing").click()
    expect(page).to_have_url(labour_url)
    expect(banner(page)).to_contain_text("Recorded that the briefing was given.")
    expect(page.get_by_test_id("status")).to_have_text("Delivered")
    expect(page.get_by_test_id("advice")).to_have_text(ADVICE)
    expect(page.get_by_test_id("advice-differences")).to_have_count(0)
    assert_accessible(page, context="Labour's briefing, delivered")

    # BRF-NOTIFY: the Green Group hears that each briefing happened and its subject, never the advice.
    signed_in("cllr.moss")
    open_briefings(page, portal)
    notices = page.get_by_test_id("notice")
    expect(notices).to_have_count(2)
    conservative_notice = notices.filter(has_text="Conservative Group")
    expect(conservative_notice).to_contain_text("Hema Patel, Head of Planning")
    expect(conservative_notice).to_contain_text("Report available")
    expect(notices.filter(has_text="Labour Group")).to_contain_text("No report")
    expect(page.get_by_test_id("offer")).to_contain_text("Offered")  # the Greens have not answered theirs yet
    expect(page.locator("body")).not_to_contain_text(ADVICE)
    assert_accessible(page, context="the Green leader's briefings with notices")
    conservative_notice.get_by_role("link", name=for_group("Conservative Group")).click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(portal)}/briefings/notices/[0-9a-f-]{{36}}/$"))
    notice_url = page.url
    expect(page).to_have_title(re.compile(rf"^Another group's briefing: {re.escape(SUBJECT)} – "))
    expect(page.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    expect(value(page, "Briefed")).to_have_text("Conservative Group")
    expect(value(page, "Officer")).to_have_text(OFFICER)
    expect(value(page, "Report")).to_have_text("Report available")
    expect(page.locator("body")).not_to_contain_text(ADVICE)
    expect(page.locator("body")).not_to_contain_text(QUESTION)
    expect(page.locator("body")).not_to_contain_text(REPORT)
    assert_accessible(page, context="the notice of the Conservative briefing")
    page.get_by_role("button", name="Ask for a copy of the report").click()
    expect(page).to_have_url(notice_url)
    expect(banner(page)).to_contain_text("Your group now has a copy of the report: it is below.")
    expect(page.get_by_role("heading", name="Your copy of the report", level=2)).to_be_visible()
    expect(page.get_by_test_id("report")).to_have_text(REPORT)
    expect(value(page, "Report")).to_have_text("Report copy received")
    expect(page.get_by_role("button", name="Ask for a copy of the report")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(ADVICE)
    assert_accessible(page, context="the notice with the report copied")

    # The Conservative leader reads the advice his group was given, and who was offered the same.
    signed_in("cllr.gordon")
    open_briefings(page, portal)
    expect(page.get_by_test_id("briefings")).to_contain_text("Delivered")
    expect(page.get_by_test_id("notice")).to_have_count(1)  # Labour's briefing; never his own group's
    expect(page.get_by_test_id("notice")).to_contain_text("Labour Group")
    page.get_by_test_id("briefings").get_by_role("link", name=SUBJECT, exact=True).click()
    expect(page).to_have_url(conservative_url)
    expect(page.get_by_test_id("status")).to_have_text("Delivered")
    expect(page.get_by_test_id("advice")).to_have_text(ADVICE)
    offers = page.get_by_test_id("offers")
    expect(offers.get_by_role("row", name=re.compile(r"^Labour Group Accepted"))).to_have_count(1)
    expect(offers.get_by_role("row", name=re.compile(r"^Liberal Democrat Group Declined"))).to_have_count(1)
    expect(offers.get_by_role("row", name=re.compile(r"^Green Group Offered"))).to_have_count(1)
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Accepted the equal offer (LAB)")
    expect(history).to_contain_text("Declined the equal offer (LD)")
    expect(history).to_contain_text("Asked for a copy of the report for their group, and was given it (GRN)")
    assert_accessible(page, context="the Conservative briefing, delivered, to its group")


def _delivered_conservative_briefing(person, *, report=""):
    """Ask, approve and give a Conservative briefing through the real actions; return it."""
    from requests_app.briefings.actions import briefing_approve, briefing_deliver, briefing_request

    briefing = briefing_request(acting_user=person("cllr.gordon"), subject=SUBJECT, question=QUESTION,
                                department="PLAN", requested_date=wanted_on())
    briefing = briefing_approve(acting_user=person("c.wright"), briefing=briefing, officer="h.patel")
    return briefing_deliver(acting_user=person("h.patel"), briefing=briefing, advice=ADVICE, report=report)


def test_the_groups_record_is_verified_by_the_officer_before_it_is_final(page, portal, signed_in, person):
    """BRF-CONFIDENTIAL, BRF-VERIFY: the group writes its record and attributes a comment to the officer; it
    cannot be final until the officer verifies it; only the group and the officer who attended can read it."""
    briefing = _delivered_conservative_briefing(person)
    briefing_url = f"{portal}/briefings/{briefing.public_id}/"

    signed_in("cllr.gordon")
    open_briefings(page, portal)
    page.get_by_test_id("briefings").get_by_role("link", name=SUBJECT, exact=True).click()
    expect(page).to_have_url(briefing_url)
    expect(page.get_by_role("heading", name="The group's record", level=2)).to_be_visible()
    expect(page.get_by_test_id("no-record")).to_have_text("The group has not written its record yet.")
    expect(page.get_by_label("What the record attributes to the officer")).to_have_count(0)
    assert_accessible(page, context="the delivered briefing, no record yet")

    assert submit(page, "Save the notes").status == 400
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Write the group's notes of the briefing.")).to_have_attribute(
        "href", "#id_record-notes")
    assert_accessible(page, context="the record form sent empty")
    page.get_by_label("The group's notes of the briefing").fill(NOTES)
    page.get_by_role("button", name="Save the notes").click()
    expect(page).to_have_url(briefing_url)
    expect(banner(page)).to_contain_text("The group's record is saved. Only the group's members and the officer who "
                                         "attended can read it (BRF-CONFIDENTIAL).")
    record = page.get_by_test_id("record")
    expect(record).to_contain_text("Draft")
    expect(page.get_by_test_id("record-notes")).to_have_text(NOTES)
    expect(page.get_by_label("The group's notes of the briefing")).to_have_value(NOTES)

    page.get_by_label("What the record attributes to the officer").fill(ATTRIBUTED)
    page.get_by_role("button", name="Add it for the officer to verify").click()
    expect(page).to_have_url(briefing_url)
    expect(banner(page)).to_contain_text("Added to the record. Hema Patel has been asked to verify or correct it "
                                         "before the record can be final (BRF-VERIFY).")
    attribution = page.get_by_test_id("attribution")
    expect(attribution.get_by_role("heading", level=3)).to_have_text("Attributed to Hema Patel")
    expect(attribution).to_contain_text("Awaiting the officer")
    expect(attribution.get_by_test_id("attribution-text")).to_have_text(ATTRIBUTED)
    expect(attribution.get_by_role("button")).to_have_count(0)  # only the officer verifies
    assert_accessible(page, context="the group's draft record with a comment awaiting the officer")

    # BRF-VERIFY: not final while the officer has not verified what it says she said.
    assert submit(page, "Make the record final").status == 400
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        "The officer has not yet verified 1 comment the record attributes to them. It cannot be final until they "
        "verify or correct each one (BRF-VERIFY).")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#record-final")
    expect(page.locator("#record-final .govuk-error-message")).to_contain_text("(BRF-VERIFY)")
    expect(record).to_contain_text("Draft")
    assert_accessible(page, context="making the record final before the officer verifies (BRF-VERIFY)")

    # BRF-CONFIDENTIAL: another group cannot open the briefing, let alone its record.
    signed_in("cllr.ahmed")
    assert page.goto(briefing_url).status == 404
    expect(page.locator("body")).not_to_contain_text(NOTES)

    # The officer who attended reads the record and verifies the comment.
    signed_in("h.patel")
    open_briefings(page, portal)
    page.get_by_test_id("briefings").get_by_role("link", name=for_group("Conservative Group")).click()
    expect(page).to_have_url(briefing_url)
    expect(page.get_by_test_id("record-notes")).to_have_text(NOTES)
    expect(page.get_by_label("The group's notes of the briefing")).to_have_count(0)  # the group writes it
    expect(page.get_by_role("button", name="Make the record final")).to_have_count(0)
    attribution = page.get_by_test_id("attribution")
    expect(attribution.get_by_label("Your correction (optional)")).to_be_visible()
    assert_accessible(page, context="the record with the officer's verify form")
    attribution.get_by_role("button", name="Verify or correct this comment").click()
    expect(page).to_have_url(briefing_url)
    expect(banner(page)).to_contain_text("Verified: the record's words stand (BRF-VERIFY).")
    expect(attribution).to_contain_text("Verified")
    expect(attribution.get_by_role("button")).to_have_count(0)
    expect(page.get_by_test_id("history")).to_contain_text("Verified a comment attributed to them")
    assert_accessible(page, context="the record, verified, to the officer")

    # Now the group's leader makes it final.
    signed_in("cllr.gordon")
    page.goto(briefing_url)
    expect(page.get_by_test_id("attribution")).to_contain_text("Verified")
    page.get_by_role("button", name="Make the record final").click()
    expect(page).to_have_url(briefing_url)
    expect(banner(page)).to_contain_text("The group's record is final. It can no longer be changed.")
    expect(page.get_by_test_id("record")).to_contain_text("Final since")
    expect(page.get_by_label("The group's notes of the briefing")).to_have_count(0)
    expect(page.get_by_label("What the record attributes to the officer")).to_have_count(0)
    expect(page.get_by_role("button", name="Make the record final")).to_have_count(0)
    assert_accessible(page, context="the group's final record")

    # Any member of the group reads it.
    signed_in("cllr.iqbal")
    page.goto(briefing_url)
    expect(page.get_by_test_id("record-notes")).to_have_text(NOTES)
    expect(page.get_by_test_id("record")).to_contain_text("Final since")


def test_the_request_form_and_the_briefings_lists_on_a_375px_mobile_screen(page, portal, signed_in, person):
    """BRF-REQUEST, BRF-EQUAL, BRF-NOTIFY at 375 CSS px (WCAG 2.2 AA, 1.4.10 reflow): the request form and its
    errors fit, and so does everything on the members' Briefings lists (their briefings, offers with the buttons
    to answer them, and notices) but the data tables, which 1.4.10 lets need two dimensions."""
    page.set_viewport_size({"width": 375, "height": 812})
    wanted = wanted_on()
    signed_in("cllr.gordon")
    page.goto(f"{portal}/briefings/new/")
    expect(page.get_by_role("heading", name="Ask for an officer briefing", level=1)).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_accessible(page, context="the request form at 375px")
    assert submit(page, "Send the request").status == 400
    expect(error_summary(page)).to_be_focused()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_accessible(page, context="the request form with errors at 375px")
    page.get_by_label("Subject", exact=True).fill(SUBJECT)
    page.get_by_label("What would the group like to be briefed on?").fill(QUESTION)
    page.get_by_label("Which department's business is it?").select_option(label="Planning and Building Control")
    page.get_by_label("Day", exact=True).fill(str(wanted.day))
    page.get_by_label("Month", exact=True).fill(str(wanted.month))
    page.get_by_label("Year", exact=True).fill(str(wanted.year))
    page.get_by_label("This briefing is about Council business, not party business").check()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_test_id("status")).to_have_text("Awaiting approval")
    assert page.evaluate(RIGHTMOST_OUTSIDE_TABLES) <= 375
    assert page.evaluate(PAGE_WIDTH) <= 375  # the history table scrolls in its own region (1.4.10)
    assert_accessible(page, context="the group's briefing at 375px")

    page.goto(f"{portal}/briefings/")
    expect(page.get_by_test_id("briefings")).to_contain_text(SUBJECT)
    assert page.evaluate(RIGHTMOST_OUTSIDE_TABLES) <= 375
    assert page.evaluate(PAGE_WIDTH) <= 375  # wide tables scroll in their own region, not the page
    assert_accessible(page, context="the group leader's briefings at 375px")

    # Another group's leader, with an offer to answer and a notice of a briefing given, on the same screen.
    _delivered_conservative_briefing(person, report=REPORT)
    signed_in("cllr.ahmed")
    page.goto(f"{portal}/briefings/")
    expect(page.get_by_test_id("offer").get_by_role("button")).to_have_count(2)
    expect(page.get_by_test_id("notice")).to_contain_text("Report available")
    assert page.evaluate(RIGHTMOST_OUTSIDE_TABLES) <= 375
    assert page.evaluate(PAGE_WIDTH) <= 375  # wide tables scroll in their own region, not the page
    assert_accessible(page, context="the Labour leader's briefings with an offer and a notice at 375px")
