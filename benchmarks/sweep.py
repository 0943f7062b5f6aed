"""Time the sweep over 1,000,000 enquiries of which 10,000 are due, on PostgreSQL.

    python benchmarks/sweep.py                          # 1,000,000 enquiries, 10,000 due
    python benchmarks/sweep.py --rows 100000 --due 2000 # a smaller run
    python benchmarks/sweep.py --database-url postgres://postgres@127.0.0.1:5432/test

The goal (ENQ-ESCALATE, STYLE.md habit 3): the sweep runs in a number of queries that grows with
its batches, not with the enquiries, and in memory that does not grow with the number due.

It creates a throwaway database beside the one --database-url names (dropped afterwards), migrates
it, imports Riverside (tests/fixtures/riverside.yaml), and writes --rows enquiries with their clocks
in a few INSERT ... SELECT generate_series statements: most answered long ago (some escalated on the
way), some open and not yet due, some escalated once and waiting for the second level, and six
groups of open enquiries, spread through the table, whose target passes on six successive days.
Each morning, in one process and one run so the ratios hold on a noisy machine, it escalates that
morning's group one way:

1. a naive per-row loop, as ticket trackers do it (per clock: check, load the Director, insert the
   action, update the clock, append the audit event, write and send the email, each on its own),
   on --small clocks;
2. ``run_escalations`` on --small clocks, then on --due clocks; before each, the bare SQL floor
   (one INSERT ... SELECT ... ON CONFLICT DO NOTHING and one UPDATE, no audit event, no email) on
   the same clocks, rolled back, best of three;
3. ``run_escalations`` under tracemalloc, for peak memory, on one batch of clocks, on two, and on
   --due (tracemalloc slows Python about 4x, so these runs are not the ones timed).

Emails go to Django's locmem backend (EMAIL_URL=memorymail://), its outbox kept to the last 100 so
that keeping every message is not counted as the sweep's memory. It prints the times, clocks
escalated per second, enquiries swept per second, queries and peak memory, and the ratios.
"""
import argparse
import collections
import cProfile
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import Path

from county import RIVERSIDE, ROOT
from county import environment as _environment
from county import manage as _manage
from import_council import _PostgresDatabase

DAY = timedelta(days=1)
# The first of the mornings the sweep runs on; each group's target passed the evening before.
FIRST_MORNING = datetime(2026, 12, 1, 9, tzinfo=dt_timezone.utc)
SECOND_LEVEL_AT = datetime(2027, 6, 30, 23, 59, 59, tzinfo=dt_timezone.utc)  # after every morning


def _populate(rows, sizes):
    """Write ``rows`` enquiries and their clocks in SQL; return the mornings each group is due on."""
    from django.db import connection

    from members.models import Member
    from officers.models import Department, Officer

    members = list(Member.objects.filter(is_active=True).values_list("user_id", flat=True).order_by("pk"))
    member_ids = list(Member.objects.filter(is_active=True).values_list("pk", flat=True).order_by("pk"))
    departments = list(Department.objects.filter(is_active=True).values_list("pk", flat=True).order_by("pk"))
    officers = list(Officer.objects.filter(is_active=True, political_assistant_to__isnull=True)
                    .values_list("pk", flat=True).order_by("pk"))
    due_total = sum(sizes)
    assert due_total <= rows // 2, "--rows must be at least twice the clocks due in all six groups"
    stride = rows // due_total
    # Group g (0-4) holds the due rows numbered bounds[g] < k <= bounds[g+1], k = i / stride for
    # every stride-th row: the due rows are spread through the table, as they would be.
    bounds = [sum(sizes[:g]) for g in range(len(sizes) + 1)]
    mornings = [FIRST_MORNING + g * DAY for g in range(len(sizes))]
    group_case = " ".join(f"WHEN k > {bounds[g]} AND k <= {bounds[g + 1]} THEN {g}" for g in range(len(sizes)))
    params = {"members": members, "member_ids": member_ids, "departments": departments, "officers": officers,
              "first": FIRST_MORNING, "second": SECOND_LEVEL_AT}
    # Per row: g = the due group (or -1), kind = 0 answered, 1 open not yet due, 2 escalated once, 3 due.
    rows_sql = f"""
        WITH numbered AS (
            SELECT i, CASE WHEN mod(i, {stride}) = 0 THEN i / {stride} ELSE 0 END AS k FROM generate_series(1, {rows}) i
        ), grouped AS (
            SELECT i, CASE {group_case} ELSE -1 END AS g FROM numbered
        ), shaped AS (
            SELECT i, g,
                   CASE WHEN g >= 0 THEN 3 WHEN mod(i, 20) < 17 THEN 0 WHEN mod(i, 20) < 19 THEN 1 ELSE 2 END AS kind,
                   md5(i::text)::uuid AS public_id
            FROM grouped
        ), timed AS (
            SELECT *,
                   CASE kind
                       WHEN 3 THEN %(first)s::timestamptz + g * interval '1 day' - interval '9 hours'
                                   - mod(i, 3600) * interval '1 second'
                       WHEN 1 THEN %(first)s::timestamptz + interval '9 days' + mod(i, 60) * interval '1 day'
                       WHEN 2 THEN %(first)s::timestamptz - interval '20 days' + mod(i, 15) * interval '1 day'
                       ELSE timestamptz '2024-01-15' + mod(i, 1000) * interval '1 day'
                   END AS target_at
            FROM shaped
        )
        SELECT i, kind, public_id, target_at,
               target_at - interval '14 days' AS started_at,
               CASE kind WHEN 3 THEN target_at - interval '1 hour' ELSE target_at - interval '2 days' END AS remind_at,
               CASE kind WHEN 0 THEN target_at + interval '7 days'
                         ELSE %(second)s::timestamptz + mod(i, 30) * interval '1 day' END AS second_at,
               CASE WHEN kind = 2 THEN 1 WHEN kind = 0 AND mod(i, 13) = 0 THEN 2
                    WHEN kind = 0 AND mod(i, 7) = 0 THEN 1 ELSE 0 END AS level,
               CASE kind WHEN 0 THEN target_at - interval '14 days' + mod(i, 20) * interval '1 day' END AS closed_at,
               (%(members)s::bigint[])[1 + mod(i, cardinality(%(members)s::bigint[]))] AS member_user_id,
               (%(member_ids)s::bigint[])[1 + mod(i, cardinality(%(member_ids)s::bigint[]))] AS member_id,
               (%(departments)s::bigint[])[1 + mod(i, cardinality(%(departments)s::bigint[]))] AS department_id,
               CASE WHEN mod(i, 4) = 0 THEN NULL
                    ELSE (%(officers)s::bigint[])[1 + mod(i, cardinality(%(officers)s::bigint[]))] END AS assignee_id
        FROM timed
    """
    with connection.cursor() as cursor:
        # The rows are consistent by construction: skip the foreign-key triggers while loading (7
        # checks a row; they more than double the load). Needs a superuser; otherwise they run.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
        if superuser:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(f"""
            CREATE TEMPORARY TABLE bench_rows AS {rows_sql};
            INSERT INTO deadlines_deadline (id, clock, item_type, item_id, title, path, department_id, member_user_id,
                                            assignee_id, started_at, due_at, target_at, remind_at, second_at,
                                            escalation_level, closed_at)
            SELECT i, 'enquiry.response', 'enquiries.enquiry', i, 'Enquiry ' || i || ': the state of Mill Lane',
                   '/enquiries/' || public_id || '/', department_id, member_user_id, assignee_id, started_at,
                   target_at, target_at, remind_at, second_at, level, closed_at
            FROM bench_rows;
            INSERT INTO enquiries_enquiry (id, public_id, member_id, subject, question, department_id,
                                           via_democratic_services, confidential, on_behalf_name, on_behalf_consent,
                                           on_behalf_basis, status, assigned_to_id, deadline_id, received_at,
                                           answered_at, updated_at)
            SELECT i, public_id, member_id, 'Enquiry ' || i || ': the state of Mill Lane',
                   'When will the potholes on Mill Lane be repaired?', department_id, false, false, '', false, '',
                   CASE WHEN kind = 0 THEN 'answered' ELSE 'open' END, assignee_id, i, started_at, closed_at,
                   coalesce(closed_at, started_at)
            FROM bench_rows;
            INSERT INTO deadlines_deadlineaction (deadline_id, level, recipient_id, acted_at)
            SELECT i, lv, NULL, target_at + lv * interval '1 second' FROM bench_rows, generate_series(1, 2) lv
            WHERE lv <= level;
            SELECT setval(pg_get_serial_sequence('deadlines_deadline', 'id'), {rows});
            SELECT setval(pg_get_serial_sequence('enquiries_enquiry', 'id'), {rows});
            DROP TABLE bench_rows;
        """, params)
        if superuser:
            cursor.execute("RESET session_replication_role")
        cursor.execute("ANALYZE")
    return mornings


class QueryCounter:
    """Count the queries run inside ``with`` (connection.execute_wrapper; works with DEBUG off)."""

    def __init__(self):
        self.count = 0
        self.seconds = collections.Counter()  # by the statement's first words, for --by-statement

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds[" ".join(sql.split()[:3])[:60]] += time.perf_counter() - started

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def naive_sweep(now):
    """Escalate every overdue clock one at a time, as a ticket tracker's nightly job does.

    Per clock: is it done already, who is the Director (loaded attribute by attribute), is the
    Director related to the member, insert the action, update the clock, append the audit event,
    write the email and send it: the same rows, events and emails as run_escalations.
    """
    from django.db import transaction

    from complaints.selectors import user_ids_related_to
    from officers.selectors import chief_executive as find_chief_executive
    from protocol_portal.audit.actions import record_event
    from protocol_portal.deadlines import actions
    from protocol_portal.deadlines.models import Deadline, DeadlineAction, Level
    from protocol_portal.deadlines.policy import first_free_recipient
    from protocol_portal.notify.actions import notify

    chief_executive = find_chief_executive()
    acted = 0
    overdue = Deadline.objects.filter(closed_at__isnull=True, escalation_level=0, target_at__lt=now)
    for pk in list(overdue.order_by("target_at", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            deadline = Deadline.objects.get(pk=pk)
            if DeadlineAction.objects.filter(deadline=deadline, level=Level.DIRECTOR).exists():
                continue
            director = deadline.department.directorate.director if deadline.department_id else None
            related = user_ids_related_to(deadline.member_user_id) if deadline.member_user_id else set()
            recipient = first_free_recipient([director, chief_executive], related_user_ids=related,
                                             assignee_id=deadline.assignee_id)
            DeadlineAction.objects.create(deadline=deadline, level=Level.DIRECTOR, recipient=recipient, acted_at=now)
            deadline.escalation_level = Level.DIRECTOR
            deadline.save(update_fields=["escalation_level"])
            # The same audit event and email text as run_escalations, from the model instances.
            due = actions.DueClock(deadline.pk, deadline.clock, deadline.item_type, deadline.item_id, deadline.title,
                                   deadline.path, deadline.member_user_id, deadline.target_at, director=director,
                                   assignee=deadline.assignee)
            record_event(**actions._event(Level.DIRECTOR, due, recipient), now=now)
            if recipient is not None:  # rendered, then sent when the row commits, as trackers do
                notify([actions._message(Level.DIRECTOR, due, recipient)], now=now)
        acted += 1
    return acted


BARE_SQL = """
    WITH due AS (
        SELECT d.id, dir.director_id AS recipient_id
        FROM deadlines_deadline d
        LEFT JOIN officers_department dep ON dep.id = d.department_id
        LEFT JOIN officers_directorate dir ON dir.id = dep.directorate_id
        WHERE d.closed_at IS NULL AND d.escalation_level = 0 AND d.target_at < %(now)s
          AND NOT EXISTS (SELECT 1 FROM deadlines_deadlineaction a WHERE a.deadline_id = d.id AND a.level = 1)
    ), claimed AS (
        INSERT INTO deadlines_deadlineaction (deadline_id, level, recipient_id, acted_at)
        SELECT id, 1, recipient_id, %(now)s FROM due
        ON CONFLICT (deadline_id, level) DO NOTHING
        RETURNING deadline_id
    )
    UPDATE deadlines_deadline SET escalation_level = 1 WHERE id IN (SELECT deadline_id FROM claimed)
"""


# The same four writes as run_escalations in one statement: the action, the clock, an audit event
# (sequence and a placeholder hash, no chain) and an outbox row (no rendered text) per clock.
SAME_WRITES_SQL = """
    WITH due AS (
        SELECT d.id, d.item_type, d.item_id, d.target_at, d.title, d.path, dir.director_id AS recipient_id,
               u.id AS user_id, u.email
        FROM deadlines_deadline d
        LEFT JOIN officers_department dep ON dep.id = d.department_id
        LEFT JOIN officers_directorate dir ON dir.id = dep.directorate_id
        LEFT JOIN officers_officer o ON o.id = dir.director_id
        LEFT JOIN council_user u ON u.id = o.user_id
        WHERE d.closed_at IS NULL AND d.escalation_level = 0 AND d.target_at < %(now)s
          AND NOT EXISTS (SELECT 1 FROM deadlines_deadlineaction a WHERE a.deadline_id = d.id AND a.level = 1)
    ), claimed AS (
        INSERT INTO deadlines_deadlineaction (deadline_id, level, recipient_id, acted_at)
        SELECT id, 1, recipient_id, %(now)s FROM due
        ON CONFLICT (deadline_id, level) DO NOTHING
        RETURNING deadline_id
    ), marked AS (
        UPDATE deadlines_deadline SET escalation_level = 1 WHERE id IN (SELECT deadline_id FROM claimed)
    ), acted AS (
        SELECT due.*, row_number() OVER (ORDER BY due.id) AS k FROM due JOIN claimed ON claimed.deadline_id = due.id
    ), audited AS (
        INSERT INTO audit_auditevent (sequence, occurred_at, actor_id, actor_username, verb, target_type, target_id,
                                      rule_ids, reasons, data, previous_hash, hash)
        SELECT (SELECT last_sequence FROM audit_auditchainhead) + k, %(now)s, NULL, '',
               'deadline.escalated_to_director', item_type, item_id::text, '["ENQ-ESCALATE", "ENQ-DUE"]',
               'The target passed with no full response.',
               jsonb_build_object('clock', 'enquiry.response', 'level', 1, 'target_at', target_at,
                                  'recipient', user_id),
               md5(k::text) || md5(k::text), md5(id::text) || md5(k::text || 'x')
        FROM acted
    )
    INSERT INTO notify_notification (recipient_id, email, subject, text_body, html_body, content, reason, created_at,
                                     attempts, last_error)
    SELECT user_id, coalesce(email, ''), 'Overdue, escalated to you: ' || title, '', '',
           jsonb_build_object('greeting', 'Dear Director,', 'paragraphs', jsonb_build_array('The response was due.'),
                              'path', path, 'link_text', 'Open it in the Protocol Portal'),
           'deadline.level_1', %(now)s, 0, ''
    FROM acted WHERE user_id IS NOT NULL
"""


def bare_sql(now, sql=BARE_SQL):
    """The floor: the same clocks escalated in one statement (``sql``), no hashing, no Python; rolled back."""
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, {"now": now})
            cursor.execute("SELECT count(*) FROM deadlines_deadline WHERE escalation_level = 1 AND target_at < %s "
                           "AND target_at > %s - interval '1 day' AND closed_at IS NULL", [now, now])
            acted = cursor.fetchone()[0]
        transaction.set_rollback(True)
    return acted


def _timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def _batches(clocks, batch_size):
    return -(-clocks // batch_size)


def run(args):
    from django.core import mail
    from django.db import connection

    from protocol_portal.audit.selectors import verify_chain
    from protocol_portal.deadlines.actions import run_escalations
    from protocol_portal.deadlines.models import Deadline, DeadlineAction
    from protocol_portal.notify.actions import deliver_pending

    mail.outbox = collections.deque(maxlen=100)  # locmem appends every message it "sends"
    batch = args.batch_size
    # One group of clocks per morning, in this order; each is escalated on its own morning.
    groups = {"naive": args.small, "small": args.small, "due": args.due,
              "memory 1": batch, "memory 2": 2 * batch, "memory due": args.due}
    sizes = list(groups.values())
    started = time.perf_counter()
    mornings = dict(zip(groups, _populate(args.rows, sizes)))
    actions_before = DeadlineAction.objects.count()
    print(f"Wrote {args.rows:,} enquiries and clocks ({actions_before:,} earlier escalations) in "
          f"{time.perf_counter() - started:.1f} s on PostgreSQL {connection.pg_version // 10000}")
    open_clocks = Deadline.objects.filter(closed_at__isnull=True).count()
    print(f"  {open_clocks:,} open; due on {len(sizes)} successive mornings: {', '.join(f'{n:,}' for n in sizes)}")

    results = {}

    def deliver_everything():
        sent = 0
        while batch_sent := deliver_pending(limit=500):
            sent += batch_sent
        return sent

    deliver_everything()  # the import's own emails, if any

    def sweep(group, *, memory=False):
        def escalate():
            return run_escalations(now=mornings[group], batch_size=batch)

        with QueryCounter() as queries:
            if memory:
                tracemalloc.start()
            if args.profile and group == "due":
                profile = cProfile.Profile()
                seconds, report = _timed(lambda: profile.runcall(escalate))
                profile.dump_stats(args.profile)
            else:
                seconds, report = _timed(escalate)
            peak = tracemalloc.get_traced_memory()[1] if memory else None
            if memory:
                tracemalloc.stop()
        assert report.total == report.directors == groups[group], (group, report)
        results[group] = (seconds, report.total, queries.count, peak)
        if args.by_statement and group == "due":
            print(f"\nDatabase time by statement in run_escalations at {args.due:,} due (of {seconds:.2f} s in all):")
            for statement, spent in queries.seconds.most_common():
                print(f"  {spent:>7.3f} s  {statement}")

    # 1. The naive loop.
    with QueryCounter() as queries:
        seconds, acted = _timed(lambda: naive_sweep(mornings["naive"]))
    assert acted == groups["naive"]
    results["naive"] = (seconds, acted, queries.count, None)
    # 2. The bare SQL floor on the same clocks (the best of three, each rolled back), then the sweep.
    floor, same_writes, delivery = {}, {}, {}
    for group in ("small", "due"):
        for best, sql in ((floor, BARE_SQL), (same_writes, SAME_WRITES_SQL)):
            times = []
            for _ in range(3):
                seconds, acted = _timed(lambda: bare_sql(mornings[group], sql))
                assert acted == groups[group], (group, acted)
                times.append(seconds)
            best[group] = min(times)
        sweep(group)
        # The sweep leaves its emails in the outbox, unrendered; run_sweep delivers them next, as timed here.
        delivery[group] = _timed(deliver_everything)
    # 3. Peak memory at one batch, two batches and every batch due.
    for group in ("memory 1", "memory 2", "memory due"):
        sweep(group, memory=True)

    assert DeadlineAction.objects.count() == actions_before + sum(sizes)
    chain = verify_chain()
    assert chain.intact, chain.problem

    def line(label, seconds, acted, queries=None, peak=None):
        memory = f"{peak / 1e6:>9.1f}" if peak is not None else f"{'':>9}"
        per_row = f"{queries / acted:>8.2f}" if queries is not None else f"{'':>8}"
        count = f"{queries:>8,}" if queries is not None else f"{'':>8}"
        print(f"  {label:<46}{acted:>8,}{seconds:>9.2f}{acted / seconds:>10,.0f}{count}{per_row}{memory}")

    print(f"\nThe sweep over {args.rows:,} enquiries (batch size {batch:,}), PostgreSQL, one process")
    print(f"  {'':<46}{'clocks':>8}{'seconds':>9}{'per s':>10}{'queries':>8}{'per row':>8}{'peak MB':>9}")
    line(f"naive per-row loop, {args.small:,} due", *results["naive"][:3])
    for group in ("small", "due"):
        line(f"bare SQL, {groups[group]:,} due (marks the rows)", floor[group], groups[group])
        line(f"bare SQL, {groups[group]:,} due (the same four writes)", same_writes[group], groups[group])
        line(f"run_escalations, {groups[group]:,} due", *results[group][:3])
    for group in ("memory 1", "memory 2", "memory due"):
        line(f"run_escalations, {groups[group]:,} due, under tracemalloc", *results[group])
    for group in ("small", "due"):
        seconds, sent = delivery[group]
        line(f"then delivering its {sent:,} emails (render + send)", seconds, sent)

    seconds, acted, queries, _ = results["due"]
    small_seconds, _, small_queries, _ = results["small"]
    naive_seconds, _, naive_queries, _ = results["naive"]
    print(f"\n  {args.due:,} due of {args.rows:,}: {seconds:.1f} s, {acted / seconds:,.0f} clocks escalated per "
          f"second, {args.rows / seconds:,.0f} enquiries swept per second")
    print(f"  naive loop / run_escalations at {args.small:,} due: {naive_seconds / small_seconds:.1f}x the time, "
          f"{naive_queries / small_queries:.0f}x the queries ({naive_queries:,} against {small_queries:,})")
    print(f"  run_escalations / bare SQL marking the rows: {small_seconds / floor['small']:.1f}x at {args.small:,} due, "
          f"{seconds / floor['due']:.1f}x at {args.due:,} due (the sweep also writes an audit event and an "
          f"email per clock, AUD-EVENT)")
    print(f"  run_escalations / bare SQL doing the same four writes: {small_seconds / same_writes['small']:.1f}x at "
          f"{args.small:,} due, {seconds / same_writes['due']:.1f}x at {args.due:,} due (the rest: the hash chain, "
          f"the policy in Python, one transaction per batch)")
    small_batches, due_batches = _batches(args.small, batch), _batches(args.due, batch)
    if due_batches > small_batches:
        per_batch = (queries - small_queries) / (due_batches - small_batches)
        fixed = small_queries - per_batch * small_batches
        print(f"  queries: {small_queries:,} at {args.small:,} due, {queries:,} at {args.due:,} due "
              f"= {fixed:.0f} + {per_batch:.0f} per batch of {batch:,} ({small_batches} and {due_batches} batches): "
              f"they grow with the batches, not with the {args.rows:,} enquiries")
    peaks = {group: results[group][3] for group in ("memory 1", "memory 2", "memory due")}
    print(f"  peak Python memory: {peaks['memory 1'] / 1e6:.1f} MB at one batch due, "
          f"{peaks['memory 2'] / 1e6:.1f} MB at two, {peaks['memory due'] / 1e6:.1f} MB at "
          f"{_batches(args.due, batch)} ({peaks['memory due'] / peaks['memory 2']:.2f}x the peak at two batches)")
    print(f"  audit chain intact: {chain.events_checked:,} events checked")
    if args.json:
        memory_growth = peaks["memory due"] / peaks["memory 1"]
        checks = [
            {"measure": f"sweep: naive per-row loop / run_escalations, {args.small:,} due",
             "value": naive_seconds / small_seconds, "goal": ">= 50x", "met": naive_seconds / small_seconds >= 50},
            {"measure": f"sweep: run_escalations / bare SQL marking the rows, {args.due:,} due of {args.rows:,}",
             "value": seconds / floor["due"], "goal": "<= 2x", "met": seconds / floor["due"] <= 2},
            {"measure": f"sweep: run_escalations / bare SQL doing the same writes, {args.due:,} due",
             "value": seconds / same_writes["due"], "goal": "<= 2x", "met": seconds / same_writes["due"] <= 2},
            {"measure": f"sweep: peak memory at {_batches(args.due, batch)} batches / at one",
             "value": memory_growth, "goal": "<= 1.5x (flat)", "met": memory_growth <= 1.5},
        ]
        Path(args.json).write_text(json.dumps({"benchmark": "sweep", "checks": checks}, indent=1))
    if args.profile:
        print(f"\nWhere run_escalations spends its time at {args.due:,} due "
              f"(cProfile, so slower; saved in {args.profile}):")
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(args.profile_top)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="enquiries in the table (default 1,000,000)")
    parser.add_argument("--due", type=int, default=10_000, help="clocks due in the main run (default 10,000)")
    parser.add_argument("--small", type=int, default=1_000,
                        help="clocks due in the naive loop and the comparison run (default 1,000)")
    parser.add_argument("--batch-size", type=int, default=1000, help="run_escalations' batch size (default 1,000)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server (by any database on it); a fresh database is created beside it")
    parser.add_argument("--profile", metavar="FILE", default="",
                        help="run the main sweep under cProfile, save the stats to FILE and print the top functions")
    parser.add_argument("--profile-top", type=int, default=30, metavar="N")
    parser.add_argument("--json", metavar="FILE", default="", help="also write the ratios and their goals to FILE")
    parser.add_argument("--by-statement", action="store_true",
                        help="print the database time of the main sweep by statement")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="portal-bench-sweep-"))
    try:
        with _PostgresDatabase(args.database_url) as url:
            env = _environment(work, url)
            started = time.perf_counter()
            _manage(env, "migrate", "--noinput", "-v0")
            _manage(env, "import_council", str(RIVERSIDE))
            print(f"Migrated a fresh database and imported Riverside in {time.perf_counter() - started:.1f} s")
            os.environ.update(env)
            sys.path.insert(0, str(ROOT))
            import django

            django.setup()
            try:
                run(args)
            finally:
                from django.db import connections

                connections.close_all()  # else the database cannot be dropped
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
