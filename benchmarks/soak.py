"""Soak: 100 users submitting and answering enquiries for 2 minutes, with the sweep escalating as they work (issue 9).

    python benchmarks/soak.py                  # 100 users, 120 s (about 3.5 minutes in all)
    python benchmarks/soak.py --quick          # 20 users, 20 s: a check in about a minute
    python benchmarks/soak.py --json soak.json --database-url postgres://postgres@127.0.0.1:5432/postgres

It builds a small council with county.py in a throwaway PostgreSQL database (``soak_…``, dropped
afterwards), seeds enquiries assigned to the officers who take part, and serves the portal with
gunicorn (gthread, production settings: bench_settings.py) beside a real ``celery worker`` on Redis
db 12. The seeded enquiries' clocks are set so that their reminders, escalations to a Director and
to the Chief Executive fall due during the run, staggered over it; the driver sends the sweep task
to the worker every few seconds (the beat schedule's task, on a queue of this run's own) and times
each one. Then the users work, each a thread with its own cookie jar:

- members sign in through the sign-in page (CSRF and password), send enquiries through the web
  form and through the API with a token, and read their lists and enquiries;
- Democratic Services officers assign the new enquiries to the case officers, by form and by API;
- case officers read their queue, open enquiries and answer them (form or API) or send holding
  replies; the seeded ones each at a planned moment, many within a second of a reminder or an
  escalation falling due, so answers race the sweep. Some officers are signed in twice (two
  threads), so both may answer the same enquiry: the second gets 409.

Every request has a 60 s timeout. An error is any answer other than the one the step expects
(2xx, or the redirect a form gives), any socket error or timeout, and any sweep that fails. The
one answer expected otherwise is 409 to a reply or an assignment that another thread of the same
person made first; each is checked against the database at the end (the enquiry answered by a
reply of the ledger, or assigned to that same officer), and any 409 that is not so is an error.

At the end (users stopped, a final sweep, the worker idle) it checks, in a Django process on the
database, the client's ledger against what was stored: every enquiry sent exactly once, every
reply recorded, and for every clock each reminder or escalation the sweep had to make (a sweep
ran entirely after the moment it fell due and before the enquiry was answered) recorded exactly
once, with one audit event, one email and none after the enquiry was answered or its target
moved (by audit sequence, the order of commits), every email sent, and ``verify_audit`` exits 0.
It exits 1 on any error, loss or duplicate.
"""
import argparse
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import datetime
from datetime import timezone as dt_timezone
from pathlib import Path

from county import DEFAULT_SERVER, ROOT, council_database, manage
from load import HOST, _free_port, _gunicorn, served_environment
from soak_users import PASSWORD, TIMEOUT, Browser, Stats, case_user, member_user, triage_user

REDIS = "redis://127.0.0.1:6379/12"  # the soak's own Redis database
SWEEP_TASK = "protocol_portal.deadlines.tasks.sweep"
# Two cores: four processes of four threads take a slow request (a sign-in's password hash) without
# stalling the rest, and keep PostgreSQL at 16 connections from the web.
WORKERS, THREADS = 4, 4


def roles_for(users):
    """Return how many threads are members, Democratic Services, case officers, and officers signed in twice."""
    members = max(1, round(users * 0.5))
    triage = max(1, round(users * 0.06))
    case_threads = max(1, users - members - triage)
    doubled = max(1 if case_threads >= 3 else 0, case_threads // 7)
    return {"members": members, "triage": triage, "case_threads": case_threads, "doubled": doubled,
            "case_officers": case_threads - doubled}


# In the database's own process: seeding ------------------------------------------------------------

def _prepare(args):
    """Choose the people, give them a password and a token, seed their enquiries; print JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from complaints.selectors import user_ids_related_to
    from members.models import Member
    from officers.models import Department, Officer, StatutoryAppointment
    from protocol_portal.council.errors import Invalid
    from protocol_portal.council.selectors import current_council
    from requests_app.enquiries.actions import enquiry_assign, enquiry_create

    roles = roles_for(args.users)
    today = timezone.localdate()
    council = current_council()
    members = [m for m in Member.objects.filter(is_active=True, kind="elected").select_related("user").order_by("pk")
               if m.in_term_on(today)][:roles["members"]]
    if len(members) < roles["members"]:
        sys.exit(f"The council has {len(members)} members in term, {roles['members']} needed.")
    statutory = set(StatutoryAppointment.objects.values_list("officer_id", flat=True))
    heads = set(Department.objects.values_list("head_id", flat=True))
    ordinary = [o for o in Officer.objects.filter(is_active=True, political_assistant_to__isnull=True,
                                                  department__isnull=False).select_related("user", "department")
                .order_by("pk") if o.pk not in statutory and o.pk not in heads and o.grade != "director"]
    ds = council.democratic_services_id
    triage = [o for o in ordinary if o.department_id == ds][:roles["triage"]]
    rest = [o for o in ordinary if o not in triage]
    by_department = defaultdict(list)
    for officer in rest:
        by_department[officer.department_id].append(officer)
    # Case officers from every department in turn, so each department's enquiries have someone to answer them.
    case, queues = [], [list(q) for q in by_department.values()]
    while len(case) < roles["case_officers"] and any(queues):
        for queue in queues:
            if queue and len(case) < roles["case_officers"]:
                case.append(queue.pop(0))
    people = [m.user for m in members] + [o.user for o in triage + case]
    # One hash for all: hashing a password costs a third of a second, and the sign-in checks it anyway.
    get_user_model().objects.filter(pk__in=[u.pk for u in people]).update(password=make_password(PASSWORD))
    tokens = {u.pk: Token.objects.get_or_create(user=u)[0].key for u in people}
    related = {m.user.username: sorted(get_user_model().objects.filter(pk__in=user_ids_related_to(m.user_id))
                                       .values_list("username", flat=True)) for m in members}

    seeded, rng = [], random.Random(9)
    for i, officer in enumerate(case):
        made = 0
        for attempt in range(args.seed_per_officer * 3):
            if made == args.seed_per_officer:
                break
            member = members[(i * args.seed_per_officer + attempt) % len(members)]
            if officer.user.username in related[member.user.username]:
                continue
            enquiry = enquiry_create(acting_user=member.user, subject=f"Seeded {i}-{made}: the state of Mill Lane",
                                     question="When will the potholes on Mill Lane be repaired?",
                                     department=officer.department.code)
            try:
                enquiry_assign(acting_user=triage[0].user, enquiry=enquiry, officer=officer.user.username)
            except Invalid:
                continue
            seeded.append({"id": str(enquiry.public_id), "pk": enquiry.pk, "deadline": enquiry.deadline_id,
                           "officer": officer.user.username, "member": member.user.username})
            made += 1
    rng.shuffle(seeded)
    print(json.dumps({
        "members": [{"username": m.user.username, "token": tokens[m.user_id], "related": related[m.user.username]}
                    for m in members],
        "triage": [{"username": o.user.username, "token": tokens[o.user_id]} for o in triage],
        "case": [{"username": o.user.username, "token": tokens[o.user_id], "department": o.department.code}
                 for o in case],
        "departments": sorted(Department.objects.filter(is_active=True).values_list("code", flat=True)),
        "seeded": seeded,
    }))


def plan_clocks(seeded, *, start, duration, rng):
    """Give three quarters of the seeded enquiries moments during the run, and each a fate; return the plan.

    Three shapes, a third each: reminder, target and second escalation all during the run; the reminder
    window already open at the start (reminded by the first sweep) and the target passing during the run;
    the target passed an hour ago (escalated to the Director by the first sweep) and the second
    escalation falling due during the run. Fates: answered within a second of a moment falling due
    (the race), answered between two moments, a holding reply before the target, or left open.
    """
    gap = duration / 5
    plan = []
    due = seeded[: len(seeded) * 3 // 4]
    for n, enquiry in enumerate(due):
        shape = n % 3
        x = rng.uniform(0.02, 0.85) * duration
        if shape == 0:
            x = rng.uniform(0.0, max(0.1, duration - 2 * gap))
            remind, target, second = start + x, start + x + gap, start + x + 2 * gap
        elif shape == 1:
            remind, target, second = start - 60, start + x, start + x + gap
        else:
            remind, target, second = start - 7200, start - 3600, start + x
        moments = {0: remind, 1: target, 2: second}
        fate = rng.choice(["race", "race", "between", "holding", "open"])
        in_run = [m for m in moments.values() if start < m < start + duration]
        answer_at = None
        if fate == "race" and in_run:
            answer_at = rng.choice(in_run) + rng.uniform(-0.7, 0.7)
        elif fate == "between" and in_run:
            answer_at = rng.choice(in_run) + gap / 2
        elif fate == "holding" and shape != 2:
            answer_at = target - gap / 3  # before the target: in time, so the target moves (ENQ-HOLDING)
        plan.append({**enquiry, "moments": moments, "fate": fate if answer_at else "open", "act_at": answer_at})
    return plan


def _shape_clocks(url, plan):
    """Store the planned moments on the seeded clocks (the due date with the target, as a clock started so)."""
    import psycopg2

    def stamp(epoch):
        return datetime.fromtimestamp(epoch, dt_timezone.utc)

    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        for p in plan:
            m = p["moments"]
            cursor.execute("UPDATE deadlines_deadline SET remind_at = %s, target_at = %s, due_at = %s, second_at = %s "
                           "WHERE id = %s", (stamp(m[0]), stamp(m[1]), stamp(m[1]), stamp(m[2]), p["deadline"]))
    connection.close()


# In the benchmark's process: the users ---------------------------------------------------------------

class Sweeper:
    """Send the sweep task to the worker every ``interval`` s and time each run: [(sent, finished)]."""

    def __init__(self, queue, interval, stats):
        from celery import Celery

        self.app = Celery("soak", broker=REDIS, backend=REDIS)
        self.queue, self.interval, self.stats = queue, interval, stats
        self.windows, self.pending, self.lines = [], [], []
        self.failed = 0

    def send(self):
        result = self.app.send_task(SWEEP_TASK, queue=self.queue)
        self.pending.append((time.time(), result))

    def collect(self, *, wait):
        """Record the sweeps that have finished (all of them, if ``wait``)."""
        still = []
        for sent, result in self.pending:
            if wait or result.ready():
                try:
                    lines = result.get(timeout=300)
                except Exception as error:
                    self.failed += 1
                    self.stats.error("sweep", f"the sweep task failed: {type(error).__name__}: {error}")
                    continue
                # Finished by now; polled, so the finish is known to within the poll's period.
                self.windows.append((sent, time.time()))
                self.lines.append(lines)
                result.forget()
            else:
                still.append((sent, result))
        self.pending = still

    def run(self, stop):
        while not stop.is_set():
            self.send()
            deadline = time.time() + self.interval
            while time.time() < deadline and not stop.is_set():
                self.collect(wait=False)
                time.sleep(0.05)


# The run ------------------------------------------------------------------------------------------

@contextmanager
def _worker(env, queue, log):
    """Run a real Celery worker (two processes) on this run's queue until the block ends; stop it then."""
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "protocol_portal", "worker", "-Q", queue,
         "-c", "2", "--pool", "prefork", "-n", f"{queue}@%h", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-l", "warning"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield worker
    finally:
        worker.terminate()  # warm shutdown: a sweep under way finishes first
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        import redis

        # Kombu's bindings for this run's queue (the queue itself is gone once empty); nothing else in db 12.
        client = redis.Redis.from_url(REDIS)
        leftovers = list(client.scan_iter(match=f"*{queue}*"))
        if leftovers:
            client.delete(*leftovers)
        client.close()


def _percentile(values, q):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, help="concurrent users (default 100; 20 with --quick)")
    parser.add_argument("--duration", type=int, help="seconds of work (default 120; 20 with --quick)")
    parser.add_argument("--quick", action="store_true", help="20 users for 20 s: a check in about a minute")
    parser.add_argument("--sweep-every", type=float, help="seconds between sweeps (default 5; 2 with --quick)")
    parser.add_argument("--seed-per-officer", type=int, default=4, help="seeded enquiries per case officer (default 4)")
    parser.add_argument("--database-url", default=DEFAULT_SERVER,
                        help="a PostgreSQL server (by any database on it); the new database is made beside it")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the summary as JSON")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.users = args.users or (20 if args.quick else 100)
    if args.prepare:
        _prepare(args)
        return 0
    duration = args.duration or (20 if args.quick else 120)
    interval = args.sweep_every or (2 if args.quick else 5)
    roles = roles_for(args.users)
    wall = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    # Ctrl-C and a terminal's hang-up both unwind through the blocks below, which stop every process and
    # drop the database.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        with council_database(args.database_url, members=roles["members"] + 10, officers=300, documents=200,
                              prefix="soak") as (url, env):
            return _run(args, url, served_environment(env, work), work, duration=duration, interval=interval,
                        roles=roles, wall=wall)
    except KeyboardInterrupt:
        print("Interrupted: every process stopped and the database dropped.")
        return 130
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args, url, env, work, *, duration, interval, roles, wall):
    env = {**env, "CELERY_BROKER_URL": REDIS, "CELERY_RESULT_BACKEND": REDIS, "DJANGO_LOG_LEVEL": "WARNING"}
    manage(env, "collectstatic", "--noinput", "-v0")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--prepare", "--users", str(args.users),
                           "--seed-per-officer", str(args.seed_per_officer)], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"Preparing the people failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    people = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{len(people['members'])} members, {len(people['triage'])} Democratic Services officers, "
          f"{len(people['case'])} case officers ({roles['doubled']} signed in twice); {len(people['seeded'])} "
          f"enquiries seeded in {time.perf_counter() - started:.1f} s", flush=True)

    stats = Stats()
    queue = f"soak-{os.getpid()}-{int(time.time())}"
    port = _free_port()
    base = f"http://{HOST}:{port}"
    with open(work / "gunicorn.log", "w+") as server_log, open(work / "celery.log", "w+") as worker_log, \
            _gunicorn(env, port, server_log, workers=WORKERS, worker_class="gthread", threads=THREADS), \
            _worker(env, queue, worker_log):
        sweeper = Sweeper(queue, interval, stats)
        sweeper.send()  # the worker's first sweep, to know it is up before the clock starts
        sweeper.collect(wait=True)
        sweeper.windows.clear()
        start = time.time() + 1
        plan = plan_clocks(people["seeded"], start=start, duration=duration, rng=random.Random(2026))
        _shape_clocks(url, plan)
        print(f"gunicorn ({WORKERS} gthread workers x {THREADS} threads) on {base}; a Celery worker (2 processes) "
              f"on Redis db 12; a sweep every {interval:g} s; {len(plan)} clocks falling due over the run; "
              f"{args.users} users for {duration} s", flush=True)
        while time.time() < start:
            time.sleep(0.05)
        ended = _drive(base, people, plan, sweeper, stats, roles=roles, start=start, duration=duration)
        run_seconds = time.time() - start
        sweeper.collect(wait=True)
        sweeper.send()  # the final sweep, after the last user
        sweeper.collect(wait=True)
        for line in sweeper.lines[-1]:
            print(f"  final sweep: {line}")
    server_log_text = (work / "gunicorn.log").read_text()
    worker_log_text = (work / "celery.log").read_text()

    ledger = {"start": start, "end": ended, "sweeps": sweeper.windows, "seeded": people["seeded"], "plan": plan,
              "created": stats.created, "replies": stats.replies, "assigned": stats.assigned,
              "conflicts": stats.conflicts}
    ledger_path = work / "ledger.json"
    ledger_path.write_text(json.dumps(ledger))
    done = subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "soak_check.py"), str(ledger_path)], env=env,
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"Checking the ledger failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    checked = json.loads(done.stdout.strip().splitlines()[-1])
    audit = subprocess.run([sys.executable, str(ROOT / "manage.py"), "verify_audit"], env=env, cwd=ROOT,
                           capture_output=True, text=True)
    return _summary(args, stats, checked, audit, sweeper, roles, run_seconds=run_seconds, wall=wall, interval=interval,
                    server_log=server_log_text, worker_log=worker_log_text, plan=plan)


def _drive(base, people, plan, sweeper, stats, *, roles, start, duration):
    """Run the users and the periodic sweep from ``start`` for ``duration`` s; return when the users stopped."""
    stop = threading.Event()
    plan_by_id = {p["id"]: p for p in plan}
    case_by_department = defaultdict(list)
    for c in people["case"]:
        case_by_department[c["department"]].append(c["username"])
    related = {m["username"]: set(m["related"]) for m in people["members"]}
    threads = []
    for n, person in enumerate(people["members"]):
        browser = Browser(base, person["username"], person["token"], stats)
        threads.append(threading.Thread(target=member_user, args=(browser, people["departments"], stop,
                                                                  random.Random(n), itertools.count(1))))
    for n, person in enumerate(people["triage"]):
        browser = Browser(base, person["username"], person["token"], stats)
        threads.append(threading.Thread(target=triage_user, args=(browser, case_by_department, related, stop,
                                                                  random.Random(1000 + n))))
    case_people = people["case"] + people["case"][: roles["doubled"]]  # the first few on two devices
    doubled = {c["username"] for c in people["case"][: roles["doubled"]]}
    for n, person in enumerate(case_people):
        browser = Browser(base, person["username"], person["token"], stats)
        threads.append(threading.Thread(target=case_user, args=(browser, plan_by_id, stop, random.Random(2000 + n)),
                                        kwargs={"holding_allowed": person["username"] not in doubled}))
    random.Random(7).shuffle(threads)
    # Daemons, and stopped however this ends (Ctrl-C included), so nothing outlives the run.
    sweeping = threading.Thread(target=sweeper.run, args=(stop,), daemon=True)
    try:
        sweeping.start()
        ramp = min(20.0, duration / 6)  # sign-ins spread over the first seconds: each hashes a password
        for thread in threads:
            thread.daemon = True
            thread.start()
            stop.wait(ramp / len(threads))
        stop.wait(max(0.0, start + duration - time.time()))
    finally:
        stop.set()
    ended = time.time()
    for thread in threads:
        thread.join(TIMEOUT + 5)
    sweeping.join()
    still = sum(t.is_alive() for t in threads)
    if still:
        stats.error("users", f"{still} users still waiting {TIMEOUT + 5} s after the end")
    return ended


def _summary(args, stats, checked, audit, sweeper, roles, *, run_seconds, wall, interval, server_log, worker_log,
             plan):
    latencies = [r[2] for r in stats.requests]
    by_kind = defaultdict(list)
    for kind, status, seconds, ok in stats.requests:
        by_kind[kind].append((status, seconds, ok))
    problems = checked["problems"]
    e = checked["escalations"]
    request_errors = len(stats.errors)
    lost = len(problems.get("lost", []))
    duplicates = len(problems.get("duplicates", [])) + e["duplicates"]
    other = sum(len(v) for k, v in problems.items() if k not in ("lost", "duplicates"))
    result = {
        "users": args.users, "duration_s": round(run_seconds, 1), "roles": roles,
        "requests": len(latencies), "requests_per_s": round(len(latencies) / run_seconds, 1),
        "p50_ms": round(_percentile(latencies, 50) * 1000, 1), "p95_ms": round(_percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 99) * 1000, 1), "max_ms": round(max(latencies, default=0) * 1000, 1),
        "errors": request_errors, "conflicts_409": checked["conflicts"],
        "enquiries_submitted": len(stats.created),
        "enquiries_by": dict(Counter(c["via"] for c in stats.created)),
        "answers": sum(1 for r in stats.replies if r["kind"] == "response"),
        "holding_replies": sum(1 for r in stats.replies if r["kind"] == "holding"),
        "assignments": len(stats.assigned), "sweeps": len(sweeper.windows), "sweep_every_s": interval, "sweeps_failed": sweeper.failed,
        "clocks_due_in_run": len(plan), "escalations": e, "emails": checked["emails"],
        "lost": lost, "duplicates": duplicates, "other_problems": other,
        "problems": {k: v[:20] for k, v in problems.items() if v},
        "verify_audit": {"exit": audit.returncode, "output": (audit.stdout + audit.stderr).strip()[-500:]},
        "by_kind": {kind: {"requests": len(rows), "p50_ms": round(_percentile([s for _, s, _ in rows], 50) * 1000, 1),
                           "p95_ms": round(_percentile([s for _, s, _ in rows], 95) * 1000, 1),
                           "errors": sum(1 for _, _, ok in rows if not ok),
                           "409": sum(1 for st, _, _ in rows if st == 409)}
                    for kind, rows in sorted(by_kind.items())},
        "wall_clock_s": round(time.perf_counter() - wall, 1),
    }
    print()
    print(f"{'request':<32}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'409':>6}")
    for kind, row in result["by_kind"].items():
        print(f"{kind:<32}{row['requests']:>7}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['errors']:>8}{row['409']:>6}")
    print()
    print(f"users                 {args.users} ({roles['members']} members, {roles['triage']} Democratic Services, "
          f"{roles['case_threads']} case-officer threads, {roles['doubled']} of them a second device)")
    print(f"duration              {run_seconds:.1f} s")
    print(f"requests              {len(latencies):,} ({result['requests_per_s']:.1f}/s); latency p50 "
          f"{result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
          f"max {result['max_ms']:.0f} ms")
    print(f"errors                {request_errors}")
    print(f"409 (someone first)   {checked['conflicts']['expected']} expected, {checked['conflicts']['unexpected']} "
          f"unexpected")
    print(f"enquiries submitted   {len(stats.created)} (form {result['enquiries_by'].get('form', 0)}, API "
          f"{result['enquiries_by'].get('api', 0)}); {checked['stored_enquiries']} stored")
    print(f"replies               {result['answers']} full responses, {result['holding_replies']} holding replies; "
          f"{result['assignments']} assignments")
    print(f"sweeps                {len(sweeper.windows)} ({sweeper.failed} failed): every {interval:g} s and a final one")
    print(f"escalations           {e['expected']} expected, {e['recorded']} recorded (reminders "
          f"{e['by_level'].get('0', e['by_level'].get(0, 0))}, Directors {e['by_level'].get('1', e['by_level'].get(1, 0))}"
          f", Chief Executive {e['by_level'].get('2', e['by_level'].get(2, 0))}); {e['raced']} more fell due as the "
          f"enquiry was answered; missing {e['missing']}, after the answer {e['after_answer']}, early {e['early']}")
    print(f"duplicates            {duplicates}")
    print(f"lost                  {lost}")
    print(f"emails                {checked['emails']['written']} written, {checked['emails']['unsent_anywhere']} unsent")
    print(f"verify_audit          exit {audit.returncode}: {(audit.stdout + audit.stderr).strip().splitlines()[-1:]}")
    for kind, items in result["problems"].items():
        print(f"PROBLEM {kind}: {len(problems[kind])}, e.g. {items[:3]}")
    if "Traceback" in server_log or "Error" in server_log:
        print(f"gunicorn said:\n{server_log[-3000:]}")
    if "Traceback" in worker_log or "ERROR" in worker_log:
        print(f"the worker said:\n{worker_log[-3000:]}")
    print(f"wall clock            {result['wall_clock_s']:.0f} s in all")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"Wrote {args.json}")
    failed = (request_errors or lost or duplicates or other or sweeper.failed or audit.returncode
              or checked["conflicts"]["unexpected"] or e["missing"])
    print("PASS" if not failed else "FAIL")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
