"""A member asks to see a document, is refused, disputes, and reads it: the whole walk in Chromium.

Cllr Nolan (no group, West Ward) asks for DOC-0014, "Fly-tipping hotspots - East Ward", held by
Environment and Waste: ACC-NEED-TO-KNOW refers it to its Head of Service, Kwame Osei (h.osei), who
refuses; Cllr Nolan disputes (ACC-DISPUTE); the Monitoring Officer, Priya Shah (h.shah), overturns
the refusal; Cllr Nolan reads the document under the ACC-USE notice. Every page on the way is
checked with axe-core against WCAG 2.2 AA. The live server runs on the real clock.
"""
import re

from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

REASON = ("I am organising a ward clean-up day with residents and need to know which sites are worst, "
          "so volunteers are sent where they are needed.")
REFUSAL = "The hotspots list is unverified working data for the enforcement team, not for ward work."
GROUNDS = "The clean-up covers the Canal Path, which borders my ward, and residents have asked me to act."
OVERTURN = "Organising a ward clean-up is part of a member's role; the list is needed for it."


def banner(page):
    return page.locator(".govuk-notification-banner")


def test_a_member_asks_is_refused_disputes_and_reads(page, portal, signed_in):
    # The member finds the document in the catalogue.
    signed_in("cllr.nolan")
    expect(page.get_by_role("heading", name="Your requests to see documents", level=2)).to_be_visible()
    assert_accessible(page, context="the member's home page")
    page.get_by_role("link", name="Documents", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Documents – "))
    expect(page.get_by_role("link", name="Documents", exact=True)).to_have_attribute("aria-current", "page")
    assert_accessible(page, context="the catalogue")

    page.get_by_label("Search by reference, title or summary").fill("fly-tipping")
    page.get_by_label("Classification").select_option(label="Internal")
    page.get_by_role("button", name="Search").click()
    catalogue = page.get_by_test_id("catalogue")
    expect(catalogue.get_by_role("row")).to_have_count(2)  # the header and DOC-0014
    assert_accessible(page, context="the catalogue, searched and filtered")
    catalogue.get_by_role("link", name="Fly-tipping hotspots - East Ward").click()

    # The document's page, and the request form with an error.
    expect(page.get_by_role("heading", name="Fly-tipping hotspots - East Ward", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Ask to see this document", level=2)).to_be_visible()
    assert_accessible(page, context="the document page with the request form")
    page.get_by_label("Why do you need to see this document?").fill("x" * 5001)
    page.get_by_role("button", name="Ask to see it").click()
    expect(page).to_have_title(re.compile(r"^Error: DOC-0014: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(re.compile(r"5000 characters"))
    assert_accessible(page, context="the request form with an error")

    page.get_by_label("Why do you need to see this document?").fill(REASON)
    page.get_by_role("button", name="Ask to see it").click()
    expect(page).to_have_url(re.compile(rf"{portal}/requests/[0-9a-f-]{{36}}/$"))
    request_url = page.url
    expect(banner(page)).to_contain_text("has been sent to Kwame Osei (Head of Environment)")
    expect(page.get_by_test_id("status")).to_have_text("Referred")
    expect(page.get_by_test_id("rules")).to_contain_text("ACC-NEED-TO-KNOW: Otherwise the Head of Service")
    assert_accessible(page, context="the request page, referred")

    # The Head of Service refuses, first forgetting the reasons.
    signed_in("h.osei")
    expect(page.get_by_test_id("awaiting-decision")).to_have_text(re.compile(r"Waiting for your decision: 1\b"))
    assert_accessible(page, context="the Head of Service's home page")
    page.get_by_role("link", name="See the requests waiting for you").click()
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text("Need to know")
    expect(queue).to_contain_text("Cllr Peter Nolan")
    assert_accessible(page, context="the Head of Service's queue")
    queue.get_by_role("link", name=re.compile("DOC-0014")).click()
    expect(page.get_by_role("heading", name="Decide this request", level=2)).to_be_visible()
    assert_accessible(page, context="the request page with the decision form")
    page.get_by_label("Refuse access").check()
    page.get_by_role("button", name="Confirm decision").click()
    expect(page).to_have_title(re.compile(r"^Error: Request to see DOC-0014"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give written reasons for refusing")
    assert_accessible(page, context="the decision form with an error")
    page.get_by_label("Reasons for your decision").fill(REFUSAL)
    page.get_by_role("button", name="Confirm decision").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(portal)}/requests/[0-9a-f-]{{36}}/$"))
    expect(banner(page)).to_contain_text("You refused access to DOC-0014")
    assert_accessible(page, context="the request page after the Head of Service's refusal")
    page.goto(f"{portal}/requests/")
    expect(page.get_by_test_id("queue-empty")).to_be_visible()
    assert_accessible(page, context="the Head of Service's queue after deciding")

    # The member sees the refusal and disputes it.
    signed_in("cllr.nolan")
    page.get_by_role("link", name="Requests", exact=True).click()
    expect(page.get_by_test_id("my-requests")).to_contain_text("Refused")
    assert_accessible(page, context="the member's requests")
    page.get_by_test_id("my-requests").get_by_role("link", name=re.compile("DOC-0014")).click()
    expect(page.get_by_test_id("status")).to_have_text("Refused")
    expect(page.get_by_test_id("reasons")).to_have_text(REFUSAL)
    assert_accessible(page, context="the request page, refused, with the dispute form")
    page.get_by_label("Why do you think the refusal is wrong?").fill(GROUNDS)
    page.get_by_role("button", name="Dispute the refusal").click()
    expect(page).to_have_url(request_url)
    expect(page.get_by_test_id("status")).to_have_text("Disputed")
    expect(page.get_by_test_id("assigned-to")).to_contain_text("Priya Shah")
    assert_accessible(page, context="the request page, disputed")

    # The Monitoring Officer overturns the refusal.
    signed_in("h.shah")
    page.get_by_role("link", name="Requests", exact=True).click()
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text("Dispute of a refusal")
    expect(page.get_by_test_id("all-requests")).to_contain_text("DOC-0014")
    assert_accessible(page, context="the Monitoring Officer's queue")
    queue.get_by_role("link", name=re.compile("DOC-0014")).click()
    expect(page.get_by_role("heading", name="Decide the dispute", level=2)).to_be_visible()
    assert_accessible(page, context="the request page with the dispute decision form")
    page.get_by_label("Overturn the refusal: grant access").check()
    page.get_by_label("Reasons for your decision").fill(OVERTURN)
    page.get_by_role("button", name="Confirm decision").click()
    expect(page).to_have_url(request_url)
    expect(banner(page)).to_contain_text("You overturned the refusal")
    expect(page.get_by_test_id("status")).to_have_text("Granted (final)")
    assert_accessible(page, context="the request page, granted on dispute")

    # The member reads the document, under the ACC-USE notice.
    signed_in("cllr.nolan")
    page.goto(request_url)
    expect(page.get_by_test_id("status")).to_have_text("Granted (final)")
    expect(page.get_by_test_id("rules")).to_contain_text("ACC-DISPUTE: A member may dispute a refusal")
    expect(page.get_by_test_id("reasons")).to_have_text(OVERTURN)
    assert_accessible(page, context="the member's request page, granted")
    page.get_by_role("button", name="Read the document").click()
    expect(page).to_have_url(f"{portal}/documents/DOC-0014/read/")
    expect(page.get_by_test_id("use-notice")).to_contain_text(
        "You may use this document only for the purpose you gave when you asked for it")
    expect(page.get_by_test_id("document-text")).to_have_text("Top three sites: Canal Path, Mill Yard, Station Road arches.")
    assert_accessible(page, context="the read page")


def test_a_secret_document_is_an_accessible_404(page, portal, signed_in):
    """ACC-GROUP: to a Conservative member the Labour Group's papers are a plain "Page not found"."""
    signed_in("cllr.gordon")
    response = page.goto(f"{portal}/documents/DOC-0009/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    assert_accessible(page, context="the 404 for another group's document")
