"""Faults on real services (issue 9): Redis stopped while members keep submitting, and PostgreSQL
restarted in the middle of a sweep. Each ends with every enquiry, escalation, email and audit event
accounted for and the audit chain verifying. (A worker killed mid-sweep: test_sweep_services.py.)

Each fault is done to a throwaway server of the test's own (a redis-server, a PostgreSQL cluster made
with initdb), on a free port, never to the machine's shared ones. Runs where CI sets DATABASE_URL to
PostgreSQL and CELERY_BROKER_URL to Redis (``.ci/run``); skipped, saying why, everywhere else.
"""
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import Max
from django.utils import timezone

from protocol_portal.audit.models import AuditEvent
from protocol_portal.deadlines.models import DeadlineAction, Level
from protocol_portal.notify.models import Notification

from .services import ROOT, SKIP_WITHOUT_SERVICES, assert_each_once, overdue, wait_for

pytestmark = [pytest.mark.services, SKIP_WITHOUT_SERVICES]

# A person must not wait on a broker that is down: every page and API call answers within this.
REQUEST_BUDGET = 2.0  # seconds


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tool(name, *candidates):
    """Return the path of a program the test needs, or fail saying how to get it (CI must not skip)."""
    for candidate in (*candidates, shutil.which(name)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(f"{name} is not installed: this test needs it to run a throwaway server "
                f"(apt-get install -y postgresql redis-server util-linux)")


# Redis -------------------------------------------------------------------------------------------

class ThrowawayRedis:
    """A redis-server of the test's own on a free port, stopped and started again on the same port.

    Like the production broker's default here, nothing is saved: a stop loses what was queued.
    """

    def __init__(self, directory):
        self.executable = _tool("redis-server")
        self.directory = directory
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        log = open(self.directory / "redis.log", "a")
        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", str(self.directory)], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        stop = time.monotonic() + 10
        while not self.answers():
            assert self.process.poll() is None, f"redis-server exited:\n{(self.directory / 'redis.log').read_text()}"
            assert time.monotonic() < stop, "the throwaway redis-server did not answer within 10 s"
            time.sleep(0.05)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def answers(self):
        import redis

        client = redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5)
        try:
            return client.ping()
        except redis.ConnectionError:
            return False
        finally:
            client.close()


@pytest.fixture
def throwaway_redis(tmp_path):
    server = ThrowawayRedis(tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def broker_at(settings):
    """Return a function pointing this process's Celery app (what `.delay()` publishes to) at a broker URL."""
    from protocol_portal.celery import app

    def forget_connections():
        # What Celery itself does after a fork: the next publish opens a connection to the new URL.
        app._pool = None
        app.amqp._producer_pool = None

    with pytest.MonkeyPatch.context() as patch:
        def point(url):
            # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
            patch.setenv("CELERY_BROKER_URL", url)
            settings.CELERY_BROKER_URL = url
            forget_connections()

        yield point
    forget_connections()


def test_members_keep_submitting_while_redis_is_down_and_the_sweep_catches_up(
        throwaway_redis, services, broker_at, client_as, api_as, mailoutbox):
    """Redis stops with a worker on it and 200 escalations due. Members keep sending enquiries through
    the form and the API and the Head of Environment assigns each (an email each): no page waits on
    the broker, each enquiry is saved with its audit event and its email sent. Redis comes back on the
    same port, the worker reconnects, the beat's next sweep escalates the 200 once each."""
    import kombu.exceptions

    from protocol_portal.deadlines.tasks import sweep
    from requests_app.enquiries.models import Enquiry

    broker_at(throwaway_redis.url)
    now = timezone.now()
    backlog = overdue(200, target_at=now - timedelta(days=7), second_at=now + timedelta(days=30), tag="Backlog")
    worker = services("outage", CELERY_BROKER_URL=throwaway_redis.url)
    wait_for(lambda: " ready." in worker.output(), timeout=30, what="the worker starting", workers=[worker])
    last_event = AuditEvent.objects.aggregate(last=Max("sequence"))["last"] or 0
    throwaway_redis.stop()
    assert not throwaway_redis.answers()

    timings = []

    def timed(what, request, expected_status):
        started = time.monotonic()
        response = request()
        took = time.monotonic() - started
        timings.append((what, round(took, 3), response.status_code))
        assert response.status_code == expected_status, f"{what}: {response.status_code}\n{response.content[:2000]}"
        return response

    question = "When will the bins on Mill Lane be collected?"
    for n, username in enumerate(["cllr.gordon", "cllr.iqbal", "cllr.hughes"] * 2):
        member = client_as(username)
        timed("GET /enquiries/new/", lambda: member.get("/enquiries/new/"), 200)
        timed("POST /enquiries/new/", lambda: member.post(
            "/enquiries/new/", {"subject": f"Outage page {n}", "question": question, "department": "ENV"}), 302)
        timed("POST /api/v1/enquiries/", lambda: api_as(username).post(
            "/api/v1/enquiries/", {"subject": f"Outage API {n}", "question": question, "department": "ENV"},
            format="json"), 201)
    sent = Enquiry.objects.filter(subject__startswith="Outage ")
    head = client_as("h.osei")
    for enquiry in sent:
        timed("POST assign", lambda: head.post(f"/enquiries/{enquiry.public_id}/assign/",
                                               {"assign-officer": "o.dunn"}), 302)
        timed("GET the enquiry", lambda: head.get(f"/enquiries/{enquiry.public_id}/"), 200)
    timed("GET /enquiries/", lambda: head.get("/enquiries/"), 200)

    # The beat's tick while the broker is down fails at once, saying so, and is not retried for
    # long: the next tick's sweep finds the same stored deadlines (set-based), so nothing is lost.
    started = time.monotonic()
    with pytest.raises(kombu.exceptions.OperationalError):
        sweep.delay()
    timings.append(("sweep.delay() with Redis down", round(time.monotonic() - started, 3), "refused"))
    slow = [t for t in timings if t[1] >= REQUEST_BUDGET]
    assert not slow, f"waited on the broker: {slow}"
    assert worker.alive(), f"the worker died with Redis down:\n{worker.output()[-4000:]}"

    # Everything the members and the head did is saved, audited and emailed, with Redis still down.
    assert sent.count() == 12 and not sent.filter(deadline__isnull=True).exists()
    ids = {str(pk) for pk in sent.values_list("pk", flat=True)}
    verbs = Counter(AuditEvent.objects.filter(target_type="enquiries.enquiry", target_id__in=ids)
                    .values_list("target_id", "verb"))
    assert verbs == {(pk, verb): 1 for pk in ids for verb in ("enquiry.received", "enquiry.assigned")}
    assigned = Notification.objects.filter(reason="enquiry.assigned")
    assert assigned.count() == 12 and not assigned.filter(sent_at__isnull=True).exists()
    assert len(mailoutbox) == 12 and {m.to[0] for m in mailoutbox} == {"a.dunn@riverside.example"}
    assert DeadlineAction.objects.count() == 0

    # Redis returns; the worker reconnects and the beat's next sweep runs.
    throwaway_redis.start()
    task = sweep.delay()
    wait_for(lambda: f"[{task.id}] succeeded" in worker.output(), timeout=60,
             what="the sweep after Redis came back", workers=[worker])
    figures = assert_each_once({pk: {Level.DIRECTOR} for pk in backlog})
    assert Counter(AuditEvent.objects.filter(sequence__gt=last_event).values_list("verb", flat=True)) == {
        "enquiry.received": 12, "enquiry.assigned": 12, "deadline.escalated_to_director": 200}
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    print(f"\nRedis down: {len(ids)} enquiries sent, {len(mailoutbox)} emails sent, {len(timings)} calls timed, "
          f"slowest {max(timings, key=lambda t: t[1])}; after Redis returned: {figures}")


# PostgreSQL --------------------------------------------------------------------------------------

class ThrowawayPostgres:
    """A PostgreSQL cluster of the test's own: initdb into a temporary directory, a free port, trust auth.

    PostgreSQL refuses to run as root, so where the tests run as root (CI) its programs run as the
    ``postgres`` user through runuser.
    """

    def __init__(self):
        bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
        self.initdb = _tool("initdb", *(str(b / "initdb") for b in bindirs))
        self.pg_ctl = _tool("pg_ctl", str(Path(self.initdb).parent / "pg_ctl"))
        self.as_owner, owner = [], None
        if os.geteuid() == 0:
            self.as_owner = [_tool("runuser"), "-u", "postgres", "--"]
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail("there is no postgres user to run the throwaway PostgreSQL cluster as "
                            "(apt-get install -y postgresql creates it)")
        self.directory = Path(tempfile.mkdtemp(prefix="portal-faults-pg-"))
        if owner is not None:
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        self.data = self.directory / "data"
        self.log = self.directory / "postgresql.log"
        self.port = _free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"
        self.started = False

    def _run(self, *command, timeout=60):
        try:
            done = subprocess.run([*self.as_owner, *command], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{' '.join(command)} did not finish within {timeout} s")
        log = self.log.read_text() if self.log.exists() else ""
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}\n{log[-4000:]}"

    def _pg_ctl(self, action, *options):
        # -l on every start: without it the server keeps pg_ctl's output pipe open and run() never returns.
        self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", *options, action)

    def create(self):
        self._run(self.initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self.started = True  # from here on, destroy() stops whatever may be running
        # fsync off: only a crash of the machine itself would lose what PostgreSQL wrote, and the fault
        # here is the server process stopping; the migrations run several seconds faster.
        self._pg_ctl("start", "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off")
        self.query("CREATE DATABASE portal", dbname="postgres")

    def query(self, sql, *, dbname="portal"):
        """Run one statement on its own connection, outside any transaction; return the first row."""
        import psycopg2

        db = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, connect_timeout=2)
        try:
            db.autocommit = True
            with db.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone() if cursor.description else None
        finally:
            db.close()

    def restart(self):
        """Stop the server at once, as a crash of it would (no checkpoint: it recovers from its WAL), and start it."""
        self._pg_ctl("restart", "-m", "immediate")

    def destroy(self):
        """Stop the server if it runs (whatever state a failed test left it in) and delete the cluster."""
        if self.started and (self.data / "postmaster.pid").exists():
            subprocess.run([*self.as_owner, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "-t", "30",
                            "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def throwaway_postgres():
    cluster = ThrowawayPostgres()
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.destroy()


# Run in a process of its own on the throwaway database (argv: what to do, a JSON file).
ON_THROWAWAY = """
import json, sys
from datetime import timedelta
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from protocol_portal.deadlines.models import Level
from tests.conftest import import_riverside
from tests.integration.services import assert_each_once, assert_whole_batches, overdue, verify_audit
what, path = sys.argv[1:]
if what == "prepare":
    call_command("migrate", verbosity=0)
    import_riverside()
    now = timezone.now()
    ids = overdue(3000, target_at=now - timedelta(days=7), second_at=now + timedelta(days=30), tag="Restart")
    json.dump(ids, open(path, "w"))
elif what == "whole batches":
    print(json.dumps({**assert_whole_batches(), "verify_audit": verify_audit()}))
else:
    print(json.dumps(assert_each_once({pk: {Level.DIRECTOR} for pk in json.load(open(path))})))
"""


def test_postgresql_restarted_mid_sweep_leaves_whole_batches_and_the_next_sweep_finishes(
        throwaway_postgres, services, tmp_path):
    """The database stops at once (immediate: no checkpoint) while a worker's sweep is part way
    through 3000 escalations, in batches of 100, and starts again. The sweep fails; what it committed
    is whole batches, each with its audit events and emails, and the chain verifies; the beat's
    next sweep, on the same worker, does the rest, every escalation once."""
    from protocol_portal.deadlines.tasks import sweep

    env = {**services.env, "DATABASE_URL": throwaway_postgres.url}
    ids_file = tmp_path / "clocks.json"

    def on_throwaway(what, timeout=90):
        try:
            done = subprocess.run([sys.executable, "-c", ON_THROWAWAY, what, str(ids_file)], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{what} on the throwaway database did not finish within {timeout} s")
        assert done.returncode == 0, f"{what} on the throwaway database failed:\n{done.stdout}\n{done.stderr[-6000:]}"
        return done.stdout

    on_throwaway("prepare")
    ids = json.loads(ids_file.read_text())
    worker = services("restart", DATABASE_URL=throwaway_postgres.url)
    wait_for(lambda: " ready." in worker.output(), timeout=30, what="the worker starting", workers=[worker])

    def escalated():
        return throwaway_postgres.query(f"SELECT count(*) FROM {DeadlineAction._meta.db_table}")[0]

    task = sweep.apply_async(kwargs={"batch_size": 100})  # 30 batches, each one transaction
    wait_for(lambda: escalated() >= 500, timeout=60, what="500 escalations before the restart", workers=[worker])
    throwaway_postgres.restart()
    at_restart = escalated()
    assert 0 < at_restart < len(ids), "the sweep finished before the restart: give it more clocks"
    wait_for(lambda: f"[{task.id}] raised unexpected" in worker.output(), timeout=30,
             what="the sweep failing on the restarted database", workers=[worker])
    cut = json.loads(on_throwaway("whole batches"))
    assert cut["actions"] % 100 == 0 and 0 < cut["actions"] < len(ids), cut

    again = sweep.delay()  # the beat's next tick
    wait_for(lambda: f"[{again.id}] succeeded" in worker.output(), timeout=60,
             what="the next sweep after the restart", workers=[worker])
    figures = json.loads(on_throwaway("each once"))
    verified = subprocess.run([sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=60)
    assert verified.returncode == 0, f"verify_audit exited {verified.returncode}: {verified.stderr}"
    print(f"\nPostgreSQL restarted with {at_restart} of {len(ids)} escalations committed; the failed sweep left "
          f"{cut}; after the next sweep: {figures}; {verified.stdout.strip()}")
