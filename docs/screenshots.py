"""Take the screenshots of the Monitoring Officer's pages that docs/ shows: `.venv/bin/python docs/screenshots.py`.

It builds the Harbourside demo council as `make demo` does (migrate, import_council with a demo
password, seed_demo_activity) in a temporary PORTAL_VAR_DIR, so your own var/portal.sqlite3 is
never touched; runs Django's development server on a free port; signs in through the real sign-in
form as the Monitoring Officer, Eleanor Hollingworth (e.hollingworth), in Debian's Chromium
(/usr/bin/chromium, as the browser tests use); and saves full-page screenshots, 1280 CSS px wide, of

  docs/oversight-dashboard.png    /oversight/
  docs/oversight-statistics.png   /oversight/statistics/

Then it stops the server and removes the temporary directory. It exits non-zero, with the server's
log, if a page is not the page it expects (an error page is never saved as a screenshot). The
demo data are dated from today, so the figures change from one day to the next.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DEMO_FILE = "protocol_portal/council/demo/harbourside.yaml"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-portal-2026")  # the Makefile's default
MONITORING_OFFICER = "e.hollingworth"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTH = 1280
PAGES = [  # (path, the page's h1, the file to save)
    ("/oversight/", "Monitoring Officer's dashboard", DOCS / "oversight-dashboard.png"),
    ("/oversight/statistics/", "Statistics", DOCS / "oversight-statistics.png"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args):
    """Run a manage.py command in the temporary var dir; stop with its output if it fails."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def wait_until_serving(port, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the development server did not start on port {port}")


def stop(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def screenshot(base_url):
    """Sign in as the Monitoring Officer and save each page; return [(path, file, width, height)]."""
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": 900})
            page.goto(f"{base_url}/sign-in/")
            page.get_by_label("Username").fill(MONITORING_OFFICER)
            page.get_by_label("Password").fill(DEMO_PASSWORD)
            with page.expect_navigation():
                page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("link", name="Oversight", exact=True)).to_be_visible()
            for path, heading, file in PAGES:
                response = page.goto(f"{base_url}{path}")
                if response is None or response.status != 200:
                    raise RuntimeError(f"{path} answered {response and response.status}, not 200")
                expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
                page.evaluate("document.fonts.ready")
                page.screenshot(path=str(file), full_page=True)
                size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
                saved.append((path, file, *size))
        finally:
            browser.close()
    return saved


def main():
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is absent: apt-get install -y chromium (never `playwright install`).")
    started = time.monotonic()
    var_dir = Path(tempfile.mkdtemp(prefix="portal-screenshots-"))
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(PORTAL_VAR_DIR=str(var_dir), DJANGO_STATIC_ROOT=str(var_dir / "staticfiles"), DJANGO_DEBUG="true",
               DJANGO_SETTINGS_MODULE="protocol_portal.settings", PYTHONUNBUFFERED="1")
    server = None
    log_path = var_dir / "runserver.log"
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "import_council", DEMO_FILE, "--demo-password", DEMO_PASSWORD)
        print(manage(env, "seed_demo_activity").strip())
        built = time.monotonic()
        port = free_port()
        with log_path.open("w") as log:
            server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                                      cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_until_serving(port, server)
        try:
            saved = screenshot(f"http://127.0.0.1:{port}")
        except Exception as error:
            stop(server)
            sys.exit(f"Screenshots failed: {error}\n--- the server's log ---\n{log_path.read_text()}")
        for path, file, width, height in saved:
            print(f"Saved {file.relative_to(ROOT)}: {path} at {width}x{height} CSS px")
        print(f"Built the demo council in {built - started:.1f} s; took the screenshots in "
              f"{time.monotonic() - built:.1f} s.")
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
