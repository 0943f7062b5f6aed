"""Models and migrations agree: a model change without its migration fails here, not in production."""
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        assert exc.code == 0, f"makemigrations --check found changes without migrations:\n{out.getvalue()}"
