"""The sweep (ENQ-REMIND, ENQ-ESCALATE) on real services: exactly once through a Celery worker on Redis,
after the worker is killed mid-sweep, and with two sweeps running at once on PostgreSQL.

Runs where CI sets DATABASE_URL to PostgreSQL and CELERY_BROKER_URL to Redis (``.ci/run``); skipped,
saying why, everywhere else (SQLite serialises every write, so it could prove nothing here).
"""
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from protocol_portal.deadlines.models import Deadline, DeadlineAction, Level

from .services import ROOT, SKIP_WITHOUT_SERVICES, assert_each_once, assert_whole_batches, overdue, wait_for

pytestmark = [pytest.mark.services, SKIP_WITHOUT_SERVICES]


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
    wait_for(lambda: f"[{task.id}] succeeded" in worker.output(), timeout=60, what="the sweep task",
              workers=[worker])
    finished_at = timezone.now()
    moments = {d.pk: {Level.DIRECTOR: d.target_at, Level.CHIEF_EXECUTIVE: d.second_at} for d in clocks}
    assert not [at for m in moments.values() for at in m.values() if sent_at <= at <= finished_at], \
        "a clock fell due while the task ran; run the test again"
    expected = {pk: {level for level, at in m.items() if at < sent_at} for pk, m in moments.items()}
    assert all(expected[e.deadline_id] == {Level.DIRECTOR, Level.CHIEF_EXECUTIVE} for e in long_ago)
    assert_each_once(expected)
    for enquiry in long_ago:
        assert list(DeadlineAction.objects.filter(deadline=enquiry.deadline_id).order_by("level")
                    .values_list("level", "recipient__user__username")) == [(1, "d.okafor"), (2, "c.wright")]

    # The beat fires again: nothing more happens.
    again = sweep.delay()
    wait_for(lambda: f"[{again.id}] succeeded" in worker.output(), timeout=60, what="the second sweep task",
              workers=[worker])
    assert_each_once(expected)


@pytest.mark.parametrize("killed", ["worker", "pool process"])
def test_a_sweep_killed_part_way_is_run_again_and_nothing_is_done_twice(services, killed):
    """SIGKILL mid-sweep, then the task runs again and finishes; every escalation is done once.

    The whole worker killed (a machine lost, an OOM kill of the group): acks_late left the message
    unacknowledged, so Redis hands it to a new worker once the visibility timeout passes. Only the
    pool process killed: the worker sees it die and, with reject_on_worker_lost, puts the message
    back on the queue and runs it again itself. Either way the second run skips the batches already
    committed and sends the emails of a batch that committed just before the kill. The kill leaves
    whole batches or none (each is one transaction), and at the end every enquiry, escalation, email
    and audit event is accounted for and `verify_audit` passes (issue 9).
    """
    from protocol_portal.deadlines.tasks import sweep

    now = timezone.now()
    # Target passed a week ago, second escalation a month away: level 1 is due on every clock.
    ids = overdue(3000, target_at=now - timedelta(days=7), second_at=now + timedelta(days=30), tag="Killed")
    first = services("first")
    task = sweep.apply_async(kwargs={"batch_size": 50})  # 60 batches: long enough to kill part way
    done = DeadlineAction.objects.filter(level=Level.DIRECTOR)
    wait_for(lambda: done.count() >= 300, timeout=60, what="300 escalations before the kill", workers=[first])
    if killed == "worker":
        first.kill()
    else:
        first.kill_pool_process()
    at_kill = done.count()
    assert 0 < at_kill < len(ids), "the sweep finished before it could be killed: give it more clocks"
    assert_whole_batches()
    succeeded = f"[{task.id}] succeeded"

    if killed == "worker":
        assert succeeded not in first.output()
        time.sleep(2.5)  # past the replacement's visibility timeout
        second = services("second", takeover=True)
        wait_for(lambda: succeeded in second.output(), timeout=45, what="the redelivered sweep task",
                  workers=[second])
        assert f"[{task.id}] received" in second.output()  # the same message, not a new one
    else:
        wait_for(lambda: succeeded in first.output(), timeout=45, what="the requeued sweep task",
                  workers=[first])
        log = first.output()
        assert "WorkerLostError" in log and log.count(f"[{task.id}] received") == 2, log[-4000:]
    assert done.count() == len(ids)
    assert_each_once({pk: {Level.DIRECTOR} for pk in ids})


def test_two_sweeps_at_once_share_the_work_and_do_everything_once(services):
    """Two `manage.py run_escalations` processes over the same due clocks: each action happens in
    exactly one of them, and their reports add up to what was due."""
    as_of = _london(2026, 12, 8, 9)
    target = _london(2026, 12, 7, 23, 59, 59)
    level_1_only = overdue(1500, target_at=target, second_at=_london(2026, 12, 14, 23, 59, 59), tag="Once")
    both_levels = overdue(300, target_at=target - timedelta(days=14), second_at=_london(2026, 11, 30, 23, 59, 59),
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
    assert_each_once({**{pk: {Level.DIRECTOR} for pk in level_1_only},
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

