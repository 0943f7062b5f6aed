"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

See STACK.md, "Browser tests". Every test in this folder is marked ``browser``; where
/usr/bin/chromium is absent they skip with a reason, unless PORTAL_REQUIRE_BROWSER is set (as
.ci/run does), when a missing browser is a failure instead.
"""
import os
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD, import_riverside

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).parent
BROWSER_REQUIRED = bool(os.environ.get("PORTAL_REQUIRE_BROWSER"))
NO_CHROMIUM = (
    f"{CHROMIUM} is absent: browser tests need Debian's Chromium (apt-get install -y chromium; "
    "never `playwright install`)"
)


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests ``browser``, and skip them where there is no Chromium."""
    skip = pytest.mark.skip(reason=NO_CHROMIUM)
    for item in items:
        if HERE not in Path(str(item.path)).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists() and not BROWSER_REQUIRED:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(f"PORTAL_REQUIRE_BROWSER is set but {NO_CHROMIUM}", pytrace=False)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Let axe be injected: the portal's CSP (script-src 'self' + nonce) blocks add_script_tag.

    Tests about the CSP itself open their own context without this (see ``strict_context``).
    """
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def strict_context(browser):
    """A browser context that enforces the portal's Content Security Policy as a user's would."""
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture(scope="session")
def _django_orm_beside_playwright():
    """Allow Django's ORM while Playwright's sync API keeps an event loop running in this thread.

    Playwright's event loop stays "running" from its first use until the end of the session, and
    Django refuses synchronous database calls inside a running loop (SynchronousOnlyOperation).
    The flag is set only once a browser test starts Playwright, and removed when Playwright stops.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def playwright(_django_orm_beside_playwright, playwright):
    """pytest-playwright's Playwright, started after (and stopped before) the ORM flag above."""
    return playwright


@pytest.fixture(scope="package")
def _riverside_restored_afterwards(django_db_blocker):
    """Put Riverside back after this folder's last test, whose transactional teardown flushed it.

    Other folders' tests expect the council imported once by ``django_db_setup``; without this,
    every ``riverside`` test after the browser tests would import it again.
    """
    yield
    from protocol_portal.council.models import Council

    with django_db_blocker.unblock():
        if not Council.objects.exists():
            import_riverside()


@pytest.fixture
def portal(_riverside_restored_afterwards, transactional_db, live_server, riverside):
    """Return the live server's URL (no trailing slash) with the Riverside council in its database.

    ``transactional_db`` lets the server thread see the data; it flushes the database after each
    test, and ``riverside`` imports the council again when it is missing.
    """
    return live_server.url


@pytest.fixture
def sign_in(portal):
    """Return ``sign_in(page, username, password=DEMO_PASSWORD)``: the real GOV.UK sign-in form, as a
    person would use it. The page is left wherever the form sends it (home, or the form again)."""

    def submit(page, username, password=DEMO_PASSWORD):
        page.goto(f"{portal}/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        return page

    return submit


@pytest.fixture
def signed_in(page, portal, context, person):
    """Return a function that signs a username in without the form (a session cookie) and opens home.

    For tests that are about what a signed-in person sees rather than about signing in.
    """
    from django.conf import settings
    from django.test import Client

    def open_home(username):
        client = Client()
        client.force_login(person(username))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": portal}])
        page.goto(f"{portal}/")
        return page

    return open_home
