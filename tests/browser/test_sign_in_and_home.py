"""Sign-in, the home page that fits the person, sign-out and 404, in a real browser.

Every page is checked with axe-core against WCAG 2.2 AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa,
wcag22aa), and against the GOV.UK Design System patterns the templates follow.
"""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

NOT_RIGHT = (
    "The username or password is not right. Check both and try again. "
    "After 5 wrong attempts you will be locked out for an hour."
)

MEMBER = ["Your place on the council", "Your committees and bodies"]
OFFICER = ["Your post"]
MONITORING = ["The council at a glance", "Audit trail"]
EVERY_SECTION = MEMBER + OFFICER + MONITORING

PEOPLE = [
    # username, name, role description, sections they see
    ("cllr.ahmed", "Cllr Sara Ahmed",
     "Elected member, Leader of the Council, Cabinet Member, Group leader, Labour Group", MEMBER),
    ("cllr.hughes", "Cllr Beth Hughes", "Elected member, Spokesperson, Conservative Group", MEMBER),
    ("cllr.nolan", "Cllr Peter Nolan", "Elected member, No group", MEMBER),
    ("mr.quinn", "Mr Colin Quinn", "Co-opted member, No group", MEMBER),
    ("ms.rahman", "Ms Farah Rahman", "Independent Person, No group", MEMBER),
    ("o.baker", "Tom Baker", "Planning Officer", OFFICER),
    ("h.patel", "Hema Patel", "Head of Planning", OFFICER),
    ("d.okafor", "Daniel Okafor", "Director of Place", OFFICER),
    ("c.wright", "Clare Wright", "Chief Executive, Head of Paid Service", OFFICER),
    ("h.shah", "Priya Shah", "Head of Legal and Democratic Services, Monitoring Officer", OFFICER + MONITORING),
    ("s.evans", "Sian Evans", "Democratic Services Manager, Deputy Monitoring Officer", OFFICER + MONITORING),
]


def section(page, title):
    return page.get_by_role("heading", name=title, exact=True, level=2)


def test_home_sends_a_signed_out_person_to_an_accessible_sign_in_page(page, portal):
    """WCAG 2.2 AA (axe) on the GOV.UK sign-in form; 1.3.5 identify input purpose via autocomplete."""
    page.goto(f"{portal}/")
    expect(page).to_have_url(f"{portal}/sign-in/?next=/")
    expect(page).to_have_title("Sign in – Riverside Borough Council – Protocol Portal")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(page.get_by_label("Username")).to_have_attribute("autocomplete", "username")
    expect(page.get_by_label("Password")).to_have_attribute("autocomplete", "current-password")
    assert_accessible(page, context="the sign-in page")


@pytest.mark.parametrize("username", ["cllr.hughes", "nobody.at.all"])
def test_a_wrong_password_shows_a_gov_uk_error_summary(page, portal, sign_in, username):
    """GOV.UK error summary pattern (WCAG 2.2 AA 3.3.1 error identification, 4.1.3 status messages).

    The message is the same whether or not the username exists. One wrong attempt per username,
    well under django-axes' lockout of 5.
    """
    sign_in(page, username, password="not-the-password")

    expect(page).to_have_url(f"{portal}/sign-in/")
    expect(page).to_have_title(re.compile(r"^Error: Sign in – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("alert")).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem", level=2)).to_be_visible()
    link = summary.get_by_role("link", name=NOT_RIGHT)
    expect(link).to_have_attribute("href", "#id_username")
    # GOV.UK Frontend's ErrorSummary moves focus to the summary when the page loads.
    expect(summary).to_be_focused()
    assert "does not exist" not in page.content() and "unknown" not in page.content().lower()
    # The username is kept for correcting; the password is never sent back.
    expect(page.get_by_label("Username")).to_have_value(username)
    expect(page.get_by_label("Password")).to_have_value("")
    assert_accessible(page, context=f"the sign-in page after a wrong password for {username}")

    link.click()
    expect(page.get_by_label("Username")).to_be_focused()


@pytest.mark.parametrize(
    "username, name, role, sections", PEOPLE, ids=[p[0] for p in PEOPLE]
)
def test_signing_in_lands_on_a_home_page_that_fits_the_person(
    page, portal, sign_in, username, name, role, sections
):
    """Home shows the person's name, role and only their sections; the page meets WCAG 2.2 AA (axe)."""
    sign_in(page, username)

    expect(page).to_have_url(f"{portal}/")
    expect(page).to_have_title("Home – Riverside Borough Council – Protocol Portal")
    expect(page.get_by_test_id("signed-in-as")).to_have_text(f"Signed in as {name} – {role}")
    expect(page.get_by_test_id("signed-in-as").locator("strong")).to_have_text(name)
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    for title in EVERY_SECTION:
        expect(section(page, title)).to_have_count(1 if title in sections else 0)
    if "Audit trail" in sections:
        expect(page.get_by_test_id("audit-status")).to_be_visible()
    else:
        expect(page.get_by_test_id("audit-status")).to_have_count(0)
    expect(page.get_by_role("link", name="Home", exact=True)).to_have_attribute("aria-current", "page")
    assert_accessible(page, context=f"the home page of {username}")


def test_sign_out_returns_to_the_sign_in_page(page, portal, sign_in):
    sign_in(page, "o.baker")
    expect(page).to_have_url(f"{portal}/")

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{portal}/sign-in/")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(page.get_by_test_id("signed-in-as")).to_have_count(0)
    page.goto(f"{portal}/")
    expect(page).to_have_url(f"{portal}/sign-in/?next=/")


@pytest.mark.parametrize("who", [None, "cllr.ahmed"], ids=["signed-out", "signed-in"])
def test_an_unknown_page_is_an_accessible_gov_uk_404(page, portal, signed_in, who):
    """GOV.UK "Page not found" pattern, status 404; WCAG 2.2 AA (axe)."""
    if who:
        signed_in(who)
    response = page.goto(f"{portal}/no-such-page/")

    assert response.status == 404
    expect(page).to_have_title(re.compile(r"^Page not found – "))
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    assert_accessible(page, context=f"the 404 page ({'signed in' if who else 'signed out'})")


def test_home_on_a_375px_mobile_screen(page, signed_in):
    """WCAG 2.2 AA at 375 CSS px (1.4.10 reflow: no sideways scrolling); the service navigation's
    Menu button (GOV.UK Frontend) opens and closes the menu."""
    page.set_viewport_size({"width": 375, "height": 812})
    signed_in("h.shah")

    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    menu = page.get_by_role("button", name="Menu")
    links = page.locator("#navigation")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(links).to_be_hidden()
    assert_accessible(page, context="the home page at 375px, menu closed")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links.get_by_role("link", name="Home")).to_be_visible()
    assert_accessible(page, context="the home page at 375px, menu open")

    menu.click()
    expect(links).to_be_hidden()


def test_home_runs_gov_uk_frontend_under_the_csp_without_violations(strict_context, portal, sign_in):
    """The nonce'd inline script and the module scripts run under script-src 'self' + nonce, and
    GOV.UK Frontend initialises; the browser reports no CSP violations or script errors."""
    page = strict_context.new_page()
    console, errors = [], []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in(page, "h.shah")
    expect(page).to_have_url(f"{portal}/")
    page.wait_for_load_state("networkidle")

    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b.*\bgovuk-frontend-supported\b"))
    # initAll() marks each component it starts, e.g. data-govuk-button-init.
    for module in ["govuk-service-navigation", "govuk-button", "govuk-skip-link"]:
        expect(page.locator(f'[data-module="{module}"]').first).to_have_attribute(f"data-{module}-init", "")
    csp = [line for line in console if re.search(r"content security policy|refused to", line, re.I)]
    assert csp == [], csp
    assert [line for line in console if line.startswith("error")] == []
    assert errors == []

    # The listener would have caught one: an inline script without the nonce is refused.
    with pytest.raises(Exception):
        page.add_script_tag(content="window.injected = true;")
    assert any(re.search(r"content security policy", line, re.I) for line in console), console
