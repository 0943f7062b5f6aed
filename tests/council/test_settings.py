"""Settings from the environment: safe defaults for a fresh machine, strict ones for production."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage("check", DJANGO_DEBUG="false", PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "set DJANGO_DEBUG=true for local development only" in result.stderr


def test_production_settings_pass_check_deploy_with_no_warnings(tmp_path):
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="false", PORTAL_VAR_DIR=str(tmp_path),
        DJANGO_SECRET_KEY="kS8v-2qP_z7LxN4wR9tY1uB6mC3dF5gH0jK8lZ2xV7bN4mQ1wE6rT9yU3iO5pA2s",
        DJANGO_ALLOWED_HOSTS="portal.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_defaults_need_no_servers(tmp_path):
    """A fresh machine gets SQLite and the filesystem broker under var/, and console email."""
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);print(s.DATABASES['default']['NAME']);"
        "print(s.CELERY_BROKER_URL);print(s.CELERY_BROKER_TRANSPORT_OPTIONS['data_folder_in']);"
        "print(s.EMAIL_BACKEND);print(s.TIME_ZONE)"
    )
    result = _manage("shell", "--no-imports", "-c", code, DJANGO_DEBUG="true", PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    engine, name, broker, queue, email, tz = result.stdout.split()
    assert engine == "django.db.backends.sqlite3" and name.startswith(str(tmp_path))
    assert broker == "filesystem://" and queue.startswith(str(tmp_path))
    assert email == "django.core.mail.backends.console.EmailBackend"
    assert tz == "Europe/London"


def test_database_and_broker_come_from_the_environment(tmp_path):
    code = "from django.conf import settings as s;print(s.DATABASES['default']['ENGINE']);print(s.CELERY_BROKER_URL)"
    result = _manage(
        "shell", "--no-imports", "-c", code, DJANGO_DEBUG="true", PORTAL_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal", CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "redis://127.0.0.1:6379/0"]


def test_an_unsupported_broker_fails_the_system_check(tmp_path):
    result = _manage("check", DJANGO_DEBUG="true", PORTAL_VAR_DIR=str(tmp_path), CELERY_BROKER_URL="carrier-pigeon://loft")
    assert result.returncode != 0
    assert "portal.E001" in result.stderr
