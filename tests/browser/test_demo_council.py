"""What `make demo` shows: every demo role signs in to a GOV.UK home page that fits them (WCAG 2.2 AA)."""
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

DEMO_FILE = Path(__file__).resolve().parents[2] / "protocol_portal" / "council" / "demo" / "harbourside.yaml"
DEMO_PASSWORD = "demo-portal-2026"


@pytest.fixture
def demo_portal(_riverside_restored_afterwards, transactional_db, live_server):
    """Return the live server's URL with only the demo council in it, imported as `make demo` does."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("import_council", str(DEMO_FILE), "--demo-password", DEMO_PASSWORD, stdout=StringIO())
    return live_server.url


def test_every_demo_role_gets_a_home_page_that_fits(demo_portal, page):
    """Sign in through the form as one person in each role the demo prints, as a newcomer would."""
    from protocol_portal.council.selectors import demo_sign_ins

    roles = demo_sign_ins()
    assert len(roles) == 17, roles
    for role, username, name in roles:
        page.goto(f"{demo_portal}/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("signed-in-as")).to_contain_text(name)
        expect(page.locator("h1")).to_have_text(name)
        expect(page.locator(".govuk-service-navigation__service-name")).to_have_text("Harbourside District Council")
        if role in ("Monitoring Officer", "Deputy Monitoring Officer"):
            expect(page.get_by_text("The council at a glance")).to_be_visible()
        assert_accessible(page, context=f"the demo home page of the {role} ({username})")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign out").click()
