"""The sweep (ENQ-REMIND, ENQ-ESCALATE) on real services: exactly once through a Celery worker on Redis,
after the worker is killed mid-sweep, and with two sweeps running at once on PostgreSQL.

Runs where CI sets DATABASE_URL to PostgreSQL and CELERY_BROKER_URL to Redis (``.ci/run``); skipped,
saying why, everywhere else (SQLite serialises every write, so it could prove nothing here).
"""
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from protocol_portal.audit.models import AuditEvent
from protocol_portal.audit.selectors import verify_chain
from protocol_portal.deadlines.models import Clock, Deadline, DeadlineAction, Level
from protocol_portal.notify.models import Notification

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


def _require_services():
    assert SERVICES_CONFIGURED, "PORTAL_REQUIRE_SERVICES is set but the database or broker is not PostgreSQL/Redis"


def _clear_broker():
    """Drop any message left on the test broker by an earlier, interrupted run."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        client.delete(*BROKER_KEYS)
    finally:
        client.close()


def _subprocess_env(tmp_path):
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


@pytest.fixture
def services(transactional_db, tmp_path):
    """Riverside committed (workers and commands see it), a clean broker, and a worker starter.

    Every worker started is stopped, and waited for, before the database is flushed.
    """
    from protocol_portal.council.models import Council
    from tests.conftest import import_riverside

    _require_services()
    if not Council.objects.exists():
        import_riverside()
    _clear_broker()
    env = _subprocess_env(tmp_path)
    workers = []

    def start_worker(name, *, takeover=False):
        worker_env = {**env, "DJANGO_SETTINGS_MODULE": "takeover_settings"} if takeover else env
        workers.append(Worker(worker_env, tmp_path / f"{name}.log"))
        return workers[-1]

    start_worker.env = env
    yield start_worker
    for worker in workers:
        worker.stop()
    connection.close()  # PostgreSQL cannot flush tables a stale session still reads
    _clear_broker()


def _wait_for(condition, *, timeout, what, workers=()):
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


def _overdue(count, *, target_at, second_at, tag):
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


def _assert_each_once(expected):
    """Assert the sweep did exactly ``expected`` ({clock id: set of levels}) and nothing twice.

    One action row per (clock, level), the clock's level bumped to match, one audit event and one
    email (written and sent) per action, and the audit chain intact.
    """
    actions = Counter(DeadlineAction.objects.values_list("deadline_id", "level"))
    assert not [key for key, n in actions.items() if n > 1], "an action was done twice"
    wanted = {(pk, int(level)) for pk, levels in expected.items() for level in levels}
    assert set(actions) == wanted, (f"{len(wanted - set(actions))} actions missing, "
                                    f"{len(set(actions) - wanted)} unexpected")

    levels = dict(Deadline.objects.filter(pk__in=expected).values_list("pk", "escalation_level"))
    assert {pk: levels[pk] for pk in expected} == {pk: max(ls, default=0) for pk, ls in expected.items()}

    items = dict(Deadline.objects.filter(pk__in=expected).values_list("pk", "item_id"))
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


def test_the_sweep_through_a_celery_worker_on_redis_acts_once(services, ask_at):
    """ENQ-ESCALATE through the beat's own task: a real worker, Redis, PostgreSQL, real now."""
    from protocol_portal.deadlines.tasks import sweep

    # Received 5 January 2026: by any real now this machine will see, the target (19 January) and
    # the second escalation (26 January) have both passed, so level 1 then level 2 are due.
    long_ago = [ask_at(_london(2026, 1, 5, 10), subject=f"Question from January {n}") for n in range(6)]
    # Received 17 days ago: usually only the target has passed (level 1); the expectations below
    # follow each stored clock, so holidays that move the dates do not matter.
    recent = [ask_at(timezone.now() - timedelta(days=17), subject=f"Recent question {n}") for n in range(4)]
    clocks = Deadline.objects.filter(pk__in=[e.deadline_id for e in long_ago + recent if e is not None])
    assert DeadlineAction.objects.count() == 0

    worker = services("worker")
    sent_at = timezone.now()
    task = sweep.delay()
    _wait_for(lambda: f"[{task.id}] succeeded" in worker.output(), timeout=60, what="the sweep task",
              workers=[worker])
    finished_at = timezone.now()
    moments = {d.pk: {Level.DIRECTOR: d.target_at, Level.CHIEF_EXECUTIVE: d.second_at} for d in clocks}
    assert not [at for m in moments.values() for at in m.values() if sent_at <= at <= finished_at], \
        "a clock fell due while the task ran; run the test again"
    expected = {pk: {level for level, at in m.items() if at < sent_at} for pk, m in moments.items()}
    assert all(expected[e.deadline_id] == {Level.DIRECTOR, Level.CHIEF_EXECUTIVE} for e in long_ago)
    _assert_each_once(expected)
    for enquiry in long_ago:
        assert list(DeadlineAction.objects.filter(deadline=enquiry.deadline_id).order_by("level")
                    .values_list("level", "recipient__user__username")) == [(1, "d.okafor"), (2, "c.wright")]

    # The beat fires again: nothing more happens.
    again = sweep.delay()
    _wait_for(lambda: f"[{again.id}] succeeded" in worker.output(), timeout=60, what="the second sweep task",
              workers=[worker])
    _assert_each_once(expected)


@pytest.mark.parametrize("killed", ["worker", "pool process"])
def test_a_sweep_killed_part_way_is_run_again_and_nothing_is_done_twice(services, killed):
    """SIGKILL mid-sweep, then the task runs again and finishes; every escalation is done once.

    The whole worker killed (a machine lost, an OOM kill of the group): acks_late left the message
    unacknowledged, so Redis hands it to a new worker once the visibility timeout passes. Only the
    pool process killed: the worker sees it die and, with reject_on_worker_lost, puts the message
    back on the queue and runs it again itself. Either way the second run skips the batches already
    committed and sends the emails of a batch that committed just before the kill.
    """
    from protocol_portal.deadlines.tasks import sweep

    now = timezone.now()
    # Target passed a week ago, second escalation a month away: level 1 is due on every clock.
    ids = _overdue(3000, target_at=now - timedelta(days=7), second_at=now + timedelta(days=30), tag="Killed")
    first = services("first")
    task = sweep.apply_async(kwargs={"batch_size": 50})  # 60 batches: long enough to kill part way
    done = DeadlineAction.objects.filter(level=Level.DIRECTOR)
    _wait_for(lambda: done.count() >= 300, timeout=60, what="300 escalations before the kill", workers=[first])
    if killed == "worker":
        first.kill()
    else:
        first.kill_pool_process()
    at_kill = done.count()
    assert 0 < at_kill < len(ids), "the sweep finished before it could be killed: give it more clocks"
    succeeded = f"[{task.id}] succeeded"

    if killed == "worker":
        assert succeeded not in first.output()
        time.sleep(2.5)  # past the replacement's visibility timeout
        second = services("second", takeover=True)
        _wait_for(lambda: succeeded in second.output(), timeout=45, what="the redelivered sweep task",
                  workers=[second])
        assert f"[{task.id}] received" in second.output()  # the same message, not a new one
    else:
        _wait_for(lambda: succeeded in first.output(), timeout=45, what="the requeued sweep task",
                  workers=[first])
        log = first.output()
        assert "WorkerLostError" in log and log.count(f"[{task.id}] received") == 2, log[-4000:]
    assert done.count() == len(ids)
    _assert_each_once({pk: {Level.DIRECTOR} for pk in ids})


def test_two_sweeps_at_once_share_the_work_and_do_everything_once(services):
    """Two `manage.py run_escalations` processes over the same due clocks: each action happens in
    exactly one of them, and their reports add up to what was due."""
    as_of = _london(2026, 12, 8, 9)
    target = _london(2026, 12, 7, 23, 59, 59)
    level_1_only = _overdue(1500, target_at=target, second_at=_london(2026, 12, 14, 23, 59, 59), tag="Once")
    both_levels = _overdue(300, target_at=target - timedelta(days=14), second_at=_london(2026, 11, 30, 23, 59, 59),
                           tag="Twice")
    command = [sys.executable, "manage.py", "run_escalations", "--as-of", as_of.isoformat()]
    runs = [subprocess.Popen(command, cwd=ROOT, env=services.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    try:
        outputs = [run.communicate(timeout=60) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, f"run_escalations failed:\n{out}\n{err}"

    def counted(label):
        return [int(re.search(rf"{re.escape(label)}: (\d+)", out).group(1)) for out, _ in outputs]

    directors = counted("Escalated to a Director (ENQ-ESCALATE level 1)")
    chief_executives = counted("Escalated to the Chief Executive (ENQ-ESCALATE level 2)")
    assert sum(directors) == len(level_1_only) + len(both_levels), directors
    assert sum(chief_executives) == len(both_levels), chief_executives
    assert counted("Reminders sent (ENQ-REMIND)") == [0, 0]
    _assert_each_once({**{pk: {Level.DIRECTOR} for pk in level_1_only},
                       **{pk: {Level.DIRECTOR, Level.CHIEF_EXECUTIVE} for pk in both_levels}})
    # Environment's Director at level 1, the Chief Executive at level 2 (nobody related to the member).
    recipients = Counter(DeadlineAction.objects.values_list("level", "recipient__user__username"))
    assert recipients == {(1, "d.okafor"): len(level_1_only) + len(both_levels),
                          (2, "c.wright"): len(both_levels)}


def _london(*args):
    from tests.enquiries.conftest import london

    return london(*args)


@pytest.fixture
def ask_at(person):
    """Send an enquiry as cllr.gordon to Environment at ``now`` through enquiry_create; None if the
    member was not in office then (the enquiry is refused)."""
    from protocol_portal.council.errors import NotAllowed
    from requests_app.enquiries.actions import enquiry_create

    def send(now, subject):
        try:
            return enquiry_create(acting_user=person("cllr.gordon"), subject=subject, question="When?",
                                  department="ENV", now=now)
        except NotAllowed:
            return None

    return send

