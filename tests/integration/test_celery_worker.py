"""A real Celery worker on a real broker runs a task against the real database.

Runs where CI sets DATABASE_URL to PostgreSQL and CELERY_BROKER_URL to Redis (``.ci/run``);
skipped, saying why, everywhere else.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from protocol_portal.audit.actions import record_event
from protocol_portal.audit.models import AuditEvent
from protocol_portal.audit.tasks import verify_audit_chain

ROOT = Path(__file__).resolve().parents[2]

SERVICES_CONFIGURED = settings.CELERY_BROKER_URL.startswith("redis://") and connection.vendor == "postgresql"

pytestmark = [
    pytest.mark.services,
    # .ci/run sets PORTAL_REQUIRE_SERVICES on its PostgreSQL run, so there a skip would be a failure.
    pytest.mark.skipif(
        not SERVICES_CONFIGURED and not os.environ.get("PORTAL_REQUIRE_SERVICES"),
        reason="needs CELERY_BROKER_URL=redis://… and DATABASE_URL=postgres://… (set by .ci/run)",
    ),
]


@pytest.fixture
def worker(transactional_db):
    """Start a worker process on the test database; stop it (and wait for it) afterwards."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "protocol_portal.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "protocol_portal", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--hostname=ci-worker@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def test_worker_runs_the_audit_verification_against_postgresql(worker):
    """AUD-CHAIN: the nightly task, run by a real worker from Redis, verifies and records on PostgreSQL."""
    assert SERVICES_CONFIGURED, "PORTAL_REQUIRE_SERVICES is set but the database or broker is not PostgreSQL/Redis"
    with transaction.atomic():
        for i in range(3):
            record_event(acting_user=None, verb="test.before_worker", target_type="test", target_id=i)
    verify_audit_chain.delay()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        event = AuditEvent.objects.filter(verb="audit.verified").first()
        if event is not None:
            break
        assert worker.poll() is None, f"the worker died:\n{worker.stdout.read()}"
        time.sleep(0.5)
    else:
        worker.terminate()
        pytest.fail(f"the worker did not run the task within 90 s:\n{worker.communicate(timeout=30)[0]}")
    assert event.data["intact"] is True
    assert event.data["events_checked"] >= 3
    assert event.rule_ids == ["AUD-CHAIN"]
