"""Time the Monitoring Officer's dashboard and statistics at 100,000 enquiries, on PostgreSQL.

    python benchmarks/oversight.py                               # 100,000 enquiries and 20,000 requests, and a tenth
    python benchmarks/oversight.py --rows 20000 --requests 4000  # a smaller run
    python benchmarks/oversight.py --explain                     # also EXPLAIN ANALYZE every query at full size
    python benchmarks/oversight.py --try-indexes                 # and time them again with the indexes suggested
    python benchmarks/oversight.py --database-url postgres://postgres@127.0.0.1:5432/test

The goal (issue 7, Speed): the dashboard and the statistics render in a constant number of queries
however many enquiries and requests there are: aggregates in the database, not Python loops.

It runs twice in one go, on two throwaway databases created beside the one --database-url names
(dropped afterwards): a small council (a tenth of --rows and --requests) and the full one. Each is
migrated, Riverside is imported (tests/fixtures/riverside.yaml), and county.py's write_history adds
seven years of enquiries, documents, access requests, complaints and the audit events they would have
written (its docstring says what, in what mix of status and age): about 235,000 events at full size,
with placeholder hashes (verify_audit would fail, and nothing here calls it).

After VACUUM ANALYZE, each figure (the selectors in protocol_portal/oversight/selectors.py,
evaluated as the pages in protocol_portal/oversight/views.py do: lists as their first page of 50 and
the count, the audit search as the Monitoring Officer runs it), the whole dashboard and the
statistics page's six figures together, runs five times: the best time and the query count
(the same on every run) are kept. Two figures are also computed the naive way, every answered
enquiry loaded as a model and grouped in Python, to show what the aggregates save; their results
must equal the selectors'. The table compares the two sizes. It exits 1 if any figure's query count
differs between the sizes (or an error occurs), however slow the figures are.

With --explain it prints EXPLAIN (ANALYZE, BUFFERS) of every query at full size (the indexes the
plans first asked for are now in the models: deadline_open_target_idx, and the audit search's
audit_target_id_idx, audit_actor_idx, audit_data_ref_idx and audit_data_document_idx). The whole
default run takes about a minute on 2 cores.
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from county import NOW, RIVERSIDE, ROOT, write_history
from county import environment as _environment
from county import manage as _manage
from import_council import _PostgresDatabase
from sweep import QueryCounter

REPEAT = 5
NAIVE_REPEAT = 3
PAGE = 50


# The figures ------------------------------------------------------------------------------------------

def _first_page(queryset):
    """As a list page shows it: the first PAGE rows and the count (Django's Paginator: two queries)."""
    from django.core.paginator import Paginator

    page = Paginator(queryset, PAGE).page(1)
    return list(page), page.paginator.count


def _figures():
    """Return [(section, name, function)]: each function evaluates a figure as a page would."""
    from officers.models import Department, StatutoryAppointment, StatutoryRole
    from protocol_portal.council.selectors import person_of
    from protocol_portal.oversight import selectors
    from protocol_portal.oversight.selectors import AuditQuery, Filters

    # The audit search as the Monitoring Officer runs it. Her page has looked her up already
    # (require_oversight), once per request, so the search adds none of those queries.
    monitoring_officer = StatutoryAppointment.objects.select_related("officer__user").get(
        role=StatutoryRole.MONITORING_OFFICER).officer.user
    person_of(monitoring_officer)

    def search(**query):
        return lambda: _first_page(selectors.audit_search(AuditQuery(**query), user=monitoring_officer))

    everything = Filters()
    one_year_one_department = Filters(start=date(2025, 4, 1), end=date(2026, 3, 31),
                                      department=Department.objects.get(code="ENV"))
    statistics = (selectors.enquiries_in_time, selectors.response_times, selectors.access_by_outcome,
                  selectors.access_by_rule, selectors.disputes, selectors.complaints_by_category_and_outcome)

    def dashboard():
        return (_first_page(selectors.awaiting_monitoring_officer()), selectors.complaints_by_stage(),
                selectors.late_work_by_department(NOW), _first_page(selectors.late_work(NOW)))

    def statistics_page(filters):
        return lambda: [figure(filters) for figure in statistics]

    figures = [
        ("dashboard", f"awaiting_monitoring_officer (first {PAGE}, count)",
         lambda: _first_page(selectors.awaiting_monitoring_officer())),
        ("dashboard", "complaints_by_stage", selectors.complaints_by_stage),
        ("dashboard", "late_work_by_department", lambda: selectors.late_work_by_department(NOW)),
        ("dashboard", f"late_work (first {PAGE}, count)", lambda: _first_page(selectors.late_work(NOW))),
        ("dashboard", "the whole dashboard", dashboard),
    ]
    figures += [("statistics", figure.__name__, (lambda f=figure: f(everything))) for figure in statistics]
    figures += [
        ("statistics", "the whole statistics page", statistics_page(everything)),
        ("statistics", "the same, ENV, April 2025 to March 2026", statistics_page(one_year_one_department)),
        ("audit", f"audit_search: reads (first {PAGE}, count)", search(kind="reads")),
        ("audit", f"audit_search: h.shah's decisions (first {PAGE}, count)", search(kind="requests", actor="h.shah")),
        ("audit", f"audit_search: DOC-0003 (first {PAGE}, count)", search(target="DOC-0003")),
    ]
    return figures


def naive_response_times():
    """response_times the naive way: every answered enquiry loaded as a model, sorted per department in Python."""
    from protocol_portal.oversight.selectors import Filters, _answered

    days, council = defaultdict(list), []
    for enquiry in _answered(Filters()).filter(response_working_days__isnull=False).select_related("department"):
        days[enquiry.department.name].append(enquiry.response_working_days)
        council.append(enquiry.response_working_days)

    def row(name, values):
        values.sort()
        n = len(values)
        return {"department": name, "answered": n, "median": values[-(-n // 2) - 1],
                "p90": values[-(-n * 9 // 10) - 1]}  # nearest rank, in integers

    return [row(name, values) for name, values in sorted(days.items())] + [row("Whole council", council)]


def naive_enquiries_in_time():
    """enquiries_in_time the naive way: every answered enquiry loaded as a model, counted per department and month."""
    from django.utils import timezone

    from protocol_portal.council.working_days import LONDON
    from protocol_portal.oversight.policy import share
    from protocol_portal.oversight.selectors import Filters, _answered

    counts = defaultdict(lambda: [0, 0])
    for enquiry in _answered(Filters()).select_related("department"):
        month = timezone.localtime(enquiry.received_at, LONDON).date().replace(day=1)
        entry = counts[enquiry.department.name, month]
        entry[0] += 1
        entry[1] += bool(enquiry.answered_in_time)
    return [{"department": name, "month": month, "answered": answered, "in_time": in_time,
             "share": share(in_time, answered)} for (name, month), (answered, in_time) in sorted(counts.items())]


def _measure(function, repeat):
    """Run ``function`` ``repeat`` times; return (best seconds, queries, result). The queries must not vary."""
    times, counts = [], set()
    for _ in range(repeat):
        with QueryCounter() as queries:
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
        counts.add(queries.count)
    assert len(counts) == 1, f"the query count varied between runs: {sorted(counts)}"
    return min(times), counts.pop(), result


def _size(result):
    """How many rows a figure shows: a list's length; a first page's count; a dict's entries."""
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], int):
        return result[1]
    if isinstance(result, (list, dict)):
        return len(result)
    return None


class _Recorder:
    """Keep the SQL and parameters of every query run inside ``with`` (for --explain)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append((sql, params))
        return execute(sql, params, many, context)


def _explain(figures):
    from django.db import connection

    print("\nEXPLAIN (ANALYZE, BUFFERS) of every query, at this size:")
    for section, name, function in figures:
        if name.startswith("the "):
            continue  # the sets repeat the figures' queries
        recorder = _Recorder()
        with connection.execute_wrapper(recorder):
            function()
        for number, (sql, params) in enumerate(recorder.queries, 1):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join(f"    {line}" for (line,) in cursor.fetchall())
            print(f"\n  {section}: {name}, query {number} of {len(recorder.queries)}\n    {sql}\n{plan}")


def work(args):
    """In the worker process, on one database: write the rows, time every figure, save the results as JSON."""
    from django.db import connection

    started = time.perf_counter()
    counts, steps = write_history(enquiries=args.rows, requests=args.requests)
    print(f"  wrote {counts['enquiries_enquiry']:,} enquiries, {counts['requests_app_accessrequest']:,} access "
          f"requests, {counts['complaints_complaint']:,} complaints, {counts['deadlines_deadline']:,} clocks and "
          f"{counts['audit_auditevent']:,} audit events in {time.perf_counter() - started:.1f} s ("
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items()) + ")")
    with connection.cursor() as cursor:
        cursor.execute("""SELECT status, count(*) FROM requests_app_accessrequest GROUP BY status ORDER BY status""")
        statuses = ", ".join(f"{n:,} {status}" for status, n in cursor.fetchall())
        cursor.execute("""SELECT count(*) FILTER (WHERE final) FROM requests_app_accessrequest""")
        statuses += f"; {cursor.fetchone()[0]:,} disputes settled"
        cursor.execute("""SELECT count(*) FILTER (WHERE status IN ('answered', 'declined')),
                                 count(*) FILTER (WHERE status IN ('open', 'holding')) FROM enquiries_enquiry""")
        answered, still_open = cursor.fetchone()
        cursor.execute("""SELECT count(*) FILTER (WHERE closed_at IS NULL),
                                 count(*) FILTER (WHERE closed_at IS NULL AND (target_at < %s OR escalation_level >= 1))
                          FROM deadlines_deadline""", [NOW])
        open_clocks, late = cursor.fetchone()
    print(f"  enquiries: {answered:,} answered or declined, {still_open:,} open; clocks: {open_clocks:,} open, "
          f"{late:,} of them late or escalated")
    print(f"  requests: {statuses}")

    results = {"counts": counts, "figures": {}, "naive": {}}
    figures = _figures()
    for section, name, function in figures:
        seconds, queries, result = _measure(function, REPEAT)
        results["figures"][name] = {"section": section, "ms": seconds * 1000, "queries": queries,
                                    "rows": None if name.startswith("the ") else _size(result)}
    from protocol_portal.oversight import selectors
    from protocol_portal.oversight.selectors import Filters

    for name, naive, figure in (("response_times", naive_response_times, selectors.response_times),
                                ("enquiries_in_time", naive_enquiries_in_time, selectors.enquiries_in_time)):
        seconds, queries, result = _measure(naive, NAIVE_REPEAT)
        assert result == figure(Filters()), f"the naive {name} disagrees with the selector"
        results["naive"][name] = {"ms": seconds * 1000, "queries": queries}
    Path(args.results).write_text(json.dumps(results))
    if args.explain:
        _explain(figures)


# The two runs and the table ---------------------------------------------------------------------------

def _run_size(args, label, rows, requests, work_dir):
    """Create, migrate and fill one throwaway database in a worker process; return its results."""
    with _PostgresDatabase(args.database_url) as url:
        (work_dir / label).mkdir()
        env = _environment(work_dir / label, url)
        started = time.perf_counter()
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "import_council", str(RIVERSIDE))
        print(f"{label}: migrated a fresh database and imported Riverside in {time.perf_counter() - started:.1f} s",
              flush=True)
        results = work_dir / f"{label}.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--rows", str(rows),
                   "--requests", str(requests), "--results", str(results)]
        if label == "full":
            command += ["--explain"] if args.explain else []
        done = subprocess.run(command, cwd=ROOT, env=env)
        if done.returncode:
            sys.exit(f"the {label} run failed (exit {done.returncode})")
        return json.loads(results.read_text())


def _report(args, small, full):
    print(f"\nThe Monitoring Officer's figures on PostgreSQL: small = {args.rows // 10:,} enquiries and "
          f"{args.requests // 10:,} access requests, full = {args.rows:,} and {args.requests:,}; best of {REPEAT}")
    header = (f"  {'figure':<54}{'queries':>8}{'queries':>8}{'ms':>9}{'ms':>9}{'full /':>8}{'rows':>8}{'rows':>8}")
    print(header)
    print(f"  {'':<54}{'small':>8}{'full':>8}{'small':>9}{'full':>9}{'small':>8}{'small':>8}{'full':>8}")
    differ = []
    section = None
    for name, measured in full["figures"].items():
        if measured["section"] != section:
            section = measured["section"]
            print(f"  {section}")
        before = small["figures"][name]
        if before["queries"] != measured["queries"]:
            differ.append(name)
        rows = [f"{r:>8,}" if r is not None else f"{'':>8}" for r in (before["rows"], measured["rows"])]
        print(f"    {name:<52}{before['queries']:>8}{measured['queries']:>8}{before['ms']:>9.1f}{measured['ms']:>9.1f}"
              f"{measured['ms'] / before['ms']:>7.1f}x{rows[0]}{rows[1]}")
    print(f"  the naive way (every answered enquiry loaded as a model; best of {NAIVE_REPEAT})")
    for name, measured in full["naive"].items():
        before = small["naive"][name]
        print(f"    {name:<52}{before['queries']:>8}{measured['queries']:>8}{before['ms']:>9.1f}{measured['ms']:>9.1f}"
              f"{measured['ms'] / before['ms']:>7.1f}x")
    for name, measured in full["naive"].items():
        print(f"  {name}: the naive way takes {measured['ms'] / full['figures'][name]['ms']:.0f}x the selector's time "
              f"at full size ({measured['ms']:,.0f} ms against {full['figures'][name]['ms']:,.1f} ms), "
              f"{small['naive'][name]['ms'] / small['figures'][name]['ms']:.0f}x at small")
    if differ:
        print(f"\nQUERY COUNTS DIFFER between the sizes for: {', '.join(differ)}")
        return 1
    print("\nEvery figure ran the same number of queries at both sizes.")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="enquiries in the full run (default 100,000)")
    parser.add_argument("--requests", type=int, default=20_000, help="access requests in the full run (default 20,000)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server (by any database on it); fresh databases are created beside it")
    parser.add_argument("--explain", action="store_true",
                        help="after timing, print EXPLAIN (ANALYZE, BUFFERS) of every figure's queries at full size")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:  # one size, in the environment _run_size gives it
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        work(args)
        return 0

    started = time.perf_counter()
    work_dir = Path(tempfile.mkdtemp(prefix="portal-bench-oversight-"))
    try:
        small = _run_size(args, "small", args.rows // 10, args.requests // 10, work_dir)
        full = _run_size(args, "full", args.rows, args.requests, work_dir)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    status = _report(args, small, full)
    print(f"The whole run took {time.perf_counter() - started:.0f} s.")
    return status


if __name__ == "__main__":
    sys.exit(main())
