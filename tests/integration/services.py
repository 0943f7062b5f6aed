"""Helpers for the tests on real services (test_sweep_services.py, test_faults.py): workers, bounded
waits, overdue clocks made in bulk, and the accounting every such test ends with.

Importable from a subprocess with Django set up (test_faults.py checks a throwaway database that way).
"""
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery, Sum
from django.urls import reverse

from protocol_portal.audit.models import AuditEvent
from protocol_portal.audit.selectors import verify_chain
from protocol_portal.deadlines.models import Clock, Deadline, DeadlineAction, Level
from protocol_portal.notify.models import Notification

ROOT = Path(__file__).resolve().parents[2]

SERVICES_CONFIGURED = settings.CELERY_BROKER_URL.startswith("redis://") and connection.vendor == "postgresql"

# For a module's pytestmark. .ci/run sets PORTAL_REQUIRE_SERVICES on its PostgreSQL run, so there a
# skip would be a failure: the `services` fixture fails instead (require_services).
SKIP_WITHOUT_SERVICES = pytest.mark.skipif(
    not SERVICES_CONFIGURED and not os.environ.get("PORTAL_REQUIRE_SERVICES"),
    reason="needs CELERY_BROKER_URL=redis://… and DATABASE_URL=postgres://… (set by .ci/run)",
)

VERBS = {Level.REMINDER: "deadline.reminded", Level.DIRECTOR: "deadline.escalated_to_director",
         Level.CHIEF_EXECUTIVE: "deadline.escalated_to_chief_executive"}

# Settings for a worker that takes over from a killed one: the test settings, with Redis handing an
# unacknowledged message out again after 2 s instead of kombu's default hour. The portal's settings.py
# takes no broker transport options from the environment, so that worker is pointed at this module
# (written to a temporary directory). Only the replacement gets it: a worker whose own task runs longer
# than the visibility timeout would hand that task out again while it is still running.
TAKEOVER_SETTINGS = """\
from protocol_portal.test_settings import *  # noqa: F401,F403

CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2,          # an unacknowledged message is handed out again after 2 s ...
    "unacked_restore_interval": 1,    # ... checked every second by an idle worker
    "unacked_restore_throttle": 1,
}
"""
# kombu's Redis keys for the default queue and its unacknowledged messages.
BROKER_KEYS = ("celery", "unacked", "unacked_index", "unacked_mutex")


def require_services():
    assert SERVICES_CONFIGURED, "PORTAL_REQUIRE_SERVICES is set but the database or broker is not PostgreSQL/Redis"


def clear_broker():
    """Drop any message left on the test broker by an earlier, interrupted run."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        client.delete(*BROKER_KEYS)
    finally:
        client.close()


def subprocess_env(tmp_path):
    """Return the environment for a worker or command on the test database and broker."""
    db = connection.settings_dict
    (tmp_path / "takeover_settings.py").write_text(TAKEOVER_SETTINGS)
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "protocol_portal.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PYTHONUNBUFFERED": "1",
    }


def _children(pid):
    """Return the ids of the processes whose parent is ``pid`` (Linux /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(entry.name))
    return children


class Worker:
    """One worker as production runs it (`celery worker`, the prefork pool), with one pool process.

    The solo pool would not do here: it runs the task inside the consumer's event loop, which then
    cannot send even an early acknowledgement until the task ends, so a kill would look the same
    with or without acks_late. The worker gets a process group of its own, for killing it whole.
    """

    def __init__(self, env, log):
        self.log = log
        self._log_file = open(log, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "protocol_portal", "worker", "--pool=prefork", "--concurrency=1",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             f"--hostname=sweep-{log.stem}@%h"],
            cwd=ROOT, env=env, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True)

    def output(self):
        return self.log.read_text()

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        """SIGKILL the whole worker, pool process and all: nothing is acknowledged, rejected or restored."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def kill_pool_process(self):
        """SIGKILL the pool process running the task; the worker itself sees it die and carries on."""
        children = _children(self.process.pid)
        assert children, "the worker has no pool process"
        for pid in children:
            os.kill(pid, signal.SIGKILL)

    def stop(self):
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log_file.close()


def wait_for(condition, *, timeout, what, workers=()):
    """Poll ``condition`` until it is true; fail saying ``what`` (with the workers' logs) on timeout."""
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        if condition():
            return
        for worker in workers:
            assert worker.alive(), f"a worker died:\n{worker.output()[-4000:]}"
        time.sleep(0.1)
    logs = "\n".join(f"--- {w.log.name}\n{w.output()[-4000:]}" for w in workers)
    pytest.fail(f"{what} did not happen within {timeout} s\n{logs}")


def overdue(count, *, target_at, second_at, tag):
    """Bulk-create ``count`` open enquiries in Environment with clocks at the given moments; return the clock ids.

    Made in bulk (enquiry_create takes about 20 ms each) in the shape enquiry_create gives them:
    the enquiry, its clock naming it, and the enquiry pointing at its clock.
    """
    from members.models import Member
    from officers.models import Department
    from requests_app.enquiries.models import Enquiry

    member = Member.objects.select_related("user").get(user__username="cllr.gordon")
    environment = Department.objects.get(code="ENV")
    received = target_at - timedelta(days=14)
    enquiries = Enquiry.objects.bulk_create(
        [Enquiry(member=member, subject=f"{tag} {n}", question="When will it be fixed?", department=environment,
                 received_at=received, updated_at=received) for n in range(count)], batch_size=1000)
    deadlines = Deadline.objects.bulk_create(
        [Deadline(clock=Clock.ENQUIRY_RESPONSE, item_type="enquiries.enquiry", item_id=e.pk,
                  title=f"Enquiry from {member.user.name}: {e.subject}",
                  path=reverse("enquiries:enquiry", args=[e.public_id]), department=environment,
                  member_user=member.user, started_at=received, due_at=target_at, target_at=target_at,
                  remind_at=target_at - timedelta(days=4), second_at=second_at) for e in enquiries],
        batch_size=1000)
    Enquiry.objects.filter(pk__in=[e.pk for e in enquiries]).update(deadline_id=Subquery(
        Deadline.objects.filter(item_type="enquiries.enquiry", item_id=OuterRef("pk")).values("pk")[:1]))
    return [d.pk for d in deadlines]


def verify_audit():
    """Run `manage.py verify_audit` and return what it printed; fail with its complaint if it exits 1."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exit:
        pytest.fail(f"verify_audit exited {exit.code}: {err.getvalue()}")
    assert out.getvalue().startswith("Audit chain intact: "), out.getvalue()
    return out.getvalue().strip()


def sweep_figures():
    """Return what the sweeps have done so far, counted four ways that must agree if no batch was half-done.

    Each batch is one transaction holding the (clock, level) rows, the clocks' new levels, the audit
    events and the emails; a batch cut off part way must leave none of them. Counted in one snapshot
    (REPEATABLE READ), so a sweep still running cannot commit a batch between the counts.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return {
            "actions": DeadlineAction.objects.count(),
            "escalations": DeadlineAction.objects.exclude(level=Level.REMINDER).count(),
            "levels": Deadline.objects.aggregate(total=Sum("escalation_level"))["total"] or 0,
            "audit events": AuditEvent.objects.filter(verb__startswith="deadline.").count(),
            "emails written": Notification.objects.filter(reason__startswith="deadline.").count(),
            "emails sent": Notification.objects.filter(reason__startswith="deadline.", sent_at__isnull=False).count(),
        }


def assert_whole_batches():
    """Assert no sweep batch was left half-done (see sweep_figures); return the figures."""
    figures = sweep_figures()
    assert figures["actions"] == figures["audit events"] == figures["emails written"], f"half a batch: {figures}"
    assert figures["escalations"] == figures["levels"], f"half a batch: {figures}"
    return figures


def assert_each_once(expected):
    """Assert the sweep did exactly ``expected`` ({clock id: set of levels}) and nothing twice; return figures.

    Every enquiry of those clocks still there and pointing at its clock; one action row per (clock,
    level), the clock's level bumped to match, one audit event and one email (written and sent) per
    action; and the audit chain intact, by `verify_chain` and by the `verify_audit` command.
    """
    from requests_app.enquiries.models import Enquiry

    items = dict(Deadline.objects.filter(pk__in=expected).values_list("pk", "item_id"))
    assert len(items) == len(expected), f"{len(expected) - len(items)} clocks are missing"
    enquiries = dict(Enquiry.objects.filter(pk__in=items.values()).values_list("pk", "deadline_id"))
    assert enquiries == {item: pk for pk, item in items.items()}, "an enquiry is missing or not on its clock"

    actions = Counter(DeadlineAction.objects.values_list("deadline_id", "level"))
    assert not [key for key, n in actions.items() if n > 1], "an action was done twice"
    wanted = {(pk, int(level)) for pk, levels in expected.items() for level in levels}
    assert set(actions) == wanted, (f"{len(wanted - set(actions))} actions missing, "
                                    f"{len(set(actions) - wanted)} unexpected")

    levels = dict(Deadline.objects.filter(pk__in=expected).values_list("pk", "escalation_level"))
    assert levels == {pk: max(ls, default=0) for pk, ls in expected.items()}

    events = Counter(AuditEvent.objects.filter(verb__startswith="deadline.", target_type="enquiries.enquiry")
                     .values_list("target_id", "verb"))
    assert not [key for key, n in events.items() if n > 1], "an audit event was recorded twice"
    assert set(events) == {(str(items[pk]), VERBS[level]) for pk, level in wanted}

    # Every email was written once (its subject names the clock, and each clock's title is unique) ...
    titles = dict(Deadline.objects.filter(pk__in=expected).values_list("pk", "title"))
    subjects = {Level.REMINDER: "Reminder: due by ", Level.DIRECTOR: "Overdue, escalated to you: ",
                Level.CHIEF_EXECUTIVE: "Overdue, escalated to the Chief Executive: "}
    written = Counter(Notification.objects.filter(reason__startswith="deadline.").values_list("reason", "subject"))
    assert not [key for key, n in written.items() if n > 1], "an email was written twice"
    assert len(written) == len(wanted)
    for pk, level in wanted:
        if level != Level.REMINDER:  # the reminder's subject carries the date first
            assert (f"deadline.level_{level}", subjects[level] + titles[pk]) in written
    # ... and sent, by the batch's after-commit hook or, if a worker died first, by a later sweep.
    assert not Notification.objects.filter(reason__startswith="deadline.", sent_at__isnull=True).exists()

    report = verify_chain()
    assert report.intact, report.problem
    return {"enquiries": len(enquiries), "escalations": len(wanted), "audit events": AuditEvent.objects.count(),
            "verify_audit": verify_audit()}
