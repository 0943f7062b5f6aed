"""Hardening (issue 9, docs/security.md): cookies, session expiry, opaque ids in addresses, the CSP, and the
production settings as a deployment gets them. The lockout and `check --deploy` have their own tests
(tests/council/test_sign_in_and_home.py, tests/council/test_settings.py)."""
import json
import os
import re
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PASSWORD = "correct-horse-battery-staple"

# Path parameters that are not random ids, and why each may stay as it is.
NOT_IDS = {
    # A document's reference is the council's own, printed on its agendas and reports (COUNCIL-FILE.md); one
    # a person may not know of answers 404 exactly as a made-up one does (ACC-GROUP), so guessing tells nothing.
    "ref": "the council's published document reference",
    "rest": "the API's catch-all 404",
}

# Production settings in a process of their own (DJANGO_DEBUG=false, as a deployment runs), signing a person in
# through the real sign-in page over HTTPS, and printing what the browser is told to keep.
PRODUCTION_SIGN_IN = """
import django, json
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)  # production serves hashed files only
from protocol_portal.council.models import User
User.objects.create_user(username="cllr.test", password=%(password)r, name="Cllr Test")
client = Client(HTTP_HOST="portal.example.gov.uk")
client.get("/sign-in/", secure=True)
response = client.post("/sign-in/", {"username": "cllr.test", "password": %(password)r}, secure=True)
cookies = {name: {key: str(value) for key, value in morsel.items()} for name, morsel in response.cookies.items()}
print(json.dumps({"status": response.status_code, "cookies": cookies, "csrf": {
    key: str(value) for key, value in client.cookies["csrftoken"].items()},
    "insecure": Client(HTTP_HOST="portal.example.gov.uk").get("/sign-in/").status_code,
    "hsts": client.get("/sign-in/", secure=True).get("Strict-Transport-Security")}))
"""


def _production(code, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(DJANGO_DEBUG="false", DJANGO_SETTINGS_MODULE="protocol_portal.settings",
               DJANGO_SECRET_KEY="kS8v-2qP_z7LxN4wR9tY1uB6mC3dF5gH0jK8lZ2xV7bN4mQ1wE6rT9yU3iO5pA2s",
               DJANGO_ALLOWED_HOSTS="portal.example.gov.uk", DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
               PORTAL_VAR_DIR=str(tmp_path), DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_http_only_and_same_site(tmp_path):
    """The session and CSRF cookies go over HTTPS only, are hidden from scripts, stay on same-site requests,
    and the session's ends with the browser; plain HTTP is sent to HTTPS and HSTS is on."""
    seen = _production(PRODUCTION_SIGN_IN % {"password": PASSWORD}, tmp_path)
    assert seen["status"] == 302, seen
    session = seen["cookies"]["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax", session
    assert session["max-age"] == "" and session["expires"] == "", "the session must end when the browser closes"
    csrf = seen["csrf"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax", csrf
    assert seen["insecure"] == 301
    assert seen["hsts"].startswith("max-age=31536000") and "includeSubDomains" in seen["hsts"]


def test_test_settings_keep_the_same_cookie_flags_but_secure(client, riverside):
    """The flags the browser tests rely on are the production ones (only Secure is off, for plain HTTP)."""
    client.get("/sign-in/")
    response = client.post("/sign-in/", {"username": "cllr.ahmed", "password": PASSWORD})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax" and not session["max-age"]
    assert client.cookies["csrftoken"]["httponly"]


def test_a_session_expires_after_a_working_day(client, riverside):
    """A session older than SESSION_COOKIE_AGE (8 hours) is over, whatever the browser still holds."""
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post("/sign-in/", {"username": "cllr.ahmed", "password": PASSWORD})
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(hours=7, minutes=59), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(hours=8, minutes=1), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
        api = client.get("/api/v1/me")
        assert api.status_code in (401, 403)


def test_signing_out_ends_the_session_on_the_server(client, riverside):
    """A session cookie copied before signing out is worth nothing afterwards."""
    client.post("/sign-in/", {"username": "cllr.ahmed", "password": PASSWORD})
    stolen = client.cookies["sessionid"].value
    client.post("/sign-out/")
    from django.test import Client

    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get("/").status_code == 302


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def test_no_address_carries_a_counting_id():
    """Every record in an address is named by a random UUID (or the council's own document reference), never
    by a sequence number someone could count through to learn how many complaints or requests exist."""
    routes = [(route, name) for route, name in _routes() if not route.startswith("admin/")]
    assert len(routes) > 60
    for route, name in routes:
        assert "<int:" not in route and "<pk>" not in route, f"{name}: {route}"
        for parameter in re.findall(r"<(?:(\w+):)?(\w+)>", route):
            converter, variable = parameter
            assert converter == "uuid" or variable in NOT_IDS or route.startswith("api/v1/"), f"{name}: {route}"


def test_every_api_id_is_a_uuid_in_the_schema(api_as):
    """The API takes its ids as strings (an id that is not a UUID answers 404, not 400), so the schema says
    which are UUIDs: every path id is one."""
    schema = api_as("cllr.ahmed").get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    ids = 0
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] not in NOT_IDS:
                    assert parameter["schema"] == {"type": "string", "format": "uuid"}, (path, parameter)
                    ids += 1
    assert ids > 20


@pytest.mark.parametrize("path", ["/api/v1/relationships/{}/withdraw", "/api/v1/complaints/{}/",
                                  "/api/v1/enquiries/{}/", "/api/v1/access-requests/{}/"])
def test_a_number_where_an_id_goes_is_just_unknown(api_as, path):
    """Guessing small numbers finds nothing: 404 in the API's error format, as for a random UUID."""
    api = api_as("s.evans")
    answers = [api.post(path.format(value)) if path.endswith("withdraw") else api.get(path.format(value))
               for value in ("1", "2", str(uuid.uuid4()))]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1


def test_pages_have_no_inline_script_or_style_for_the_csp_to_allow():
    """The CSP allows no inline code: every <script> in a page's template is a file or carries the nonce, and
    no page template has a style attribute or <style> block (emails are not pages: they have no CSP)."""
    for template in TEMPLATES.rglob("*.html"):
        if template.parts[len(TEMPLATES.parts)] == "email":
            continue
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'nonce="{{ request.csp_nonce }}"' in tag, f"{template}: {tag}"
        assert not re.search(r"\sstyle=\"|<style\b|\son[a-z]+=\"", text), template


def test_every_page_sends_the_csp_and_framing_headers(client_as):
    """The headers come from middleware for every answer, a 404 included."""
    client = client_as("cllr.ahmed")
    for path in ("/", "/documents/", "/enquiries/", "/no-such-page/", "/api/v1/me"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
