"""Shared fixtures: a realistic council (Riverside, from the spec's example file) and its people."""
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).parent / "fixtures"
RIVERSIDE = FIXTURES / "riverside.yaml"
DEMO_PASSWORD = "correct-horse-battery-staple"


def import_riverside():
    from protocol_portal.council.importer.apply import apply_council_plan
    from protocol_portal.council.importer.validation import parse_council_file, validate_council_file

    plan = validate_council_file(parse_council_file(RIVERSIDE.read_text()))
    apply_council_plan(plan, demo_password=DEMO_PASSWORD, source="riverside.yaml")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Import Riverside once; each test's transaction is rolled back, so every test starts from it."""
    with django_db_blocker.unblock():
        import_riverside()


@pytest.fixture
def riverside(db):
    """Return the Riverside council record (imported again if a transactional test flushed it)."""
    from protocol_portal.council.models import Council

    if not Council.objects.exists():
        import_riverside()
    return Council.objects.get()


@pytest.fixture
def empty_db(transactional_db):
    """Give a test a database with no council in it at all (it is flushed again afterwards)."""
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def person(riverside):
    """Return a function giving the User with a username, e.g. ``person("cllr.ahmed")``."""
    from protocol_portal.council.models import User

    return lambda username: User.objects.get(username=username)


@pytest.fixture
def client_as(person):
    """Return a function giving a new test client signed in as a username (one client per person)."""
    from django.test import Client

    def sign_in(username):
        signed_in = Client()
        signed_in.force_login(person(username))
        return signed_in

    return sign_in


@pytest.fixture
def api_as(person):
    """Return a function giving a DRF API client authenticated by token as a username."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def sign_in(username):
        api = APIClient()
        token, _ = Token.objects.get_or_create(user=person(username))
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return sign_in


def import_file(path, *args):
    """Run import_council on a file; return (exit code, stdout, stderr)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_council", str(path), *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()
