"""Count the queries of every list page and API list at 10 and at 10,000 rows, on PostgreSQL (issue 8).

    python benchmarks/query_counts.py                          # PostgreSQL, 10 and 10,000 rows
    python benchmarks/query_counts.py --rows-large 1000        # a quicker run
    python benchmarks/query_counts.py --sqlite                 # on SQLite instead
    python benchmarks/query_counts.py --json counts.json       # also write the results as JSON
    python benchmarks/query_counts.py --update                 # write the committed table (both databases)

The goal (issue 8, "Queries per page"): every page and API list takes the same number of queries at 10
and at 10,000 rows. The pages, who views each and the rows behind them are one list,
``tests/performance/pages.py``, which ``tests/performance/test_query_counts.py`` also runs against the
committed table ``benchmarks/query_counts.json``.

It creates a throwaway database beside the one --database-url names (dropped afterwards; with --sqlite a
file in a temporary directory), migrates it, imports Riverside (tests/fixtures/riverside.yaml) and, in a
worker process on the test settings (the same settings the table's numbers come from), adds --rows-small
rows of everything each list shows (documents, access requests, enquiries, briefings with their offers and
notices, complaints, declared relationships, staff authorisations, and the replies, attributions and audit
events of one enquiry, request, briefing and complaint), in bulk inserts. It requests every page once to
warm caches and once more counting the queries (each must answer 200), then adds rows up to
--rows-large and counts again. It prints the table: page, person, queries at each size, whether they are
the same, and the committed table's number. It exits 1 if any count differs between the sizes, or a page
does not answer 200.

--update runs on PostgreSQL and on SQLite and writes both databases' counts to benchmarks/query_counts.json
(one number where they agree), refusing if any count differs between the sizes: that is an N+1 to fix, not
a number to record.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RIVERSIDE = ROOT / "tests" / "fixtures" / "riverside.yaml"
TABLE = Path(__file__).resolve().with_name("query_counts.json")
ABOUT = ("Queries per page and API list (issue 8): the same at every number of rows. Written by "
         "`python benchmarks/query_counts.py --update`; checked by tests/performance/test_query_counts.py. "
         "A number, or {vendor: number} where PostgreSQL and SQLite differ.")


def read_table(path=TABLE):
    """Return {page name: number or {vendor: number}} from the committed table ({} if there is none)."""
    return json.loads(path.read_text())["pages"] if path.exists() else {}


def expected(table, name, vendor):
    """Return the committed count of ``name`` on ``vendor`` ("postgresql", "sqlite"), or None."""
    entry = table.get(name)
    return entry.get(vendor) if isinstance(entry, dict) else entry


def write_table(by_vendor, path=TABLE):
    """Write {vendor: {page name: count}} as the committed table, one number where the vendors agree."""
    names = list(next(iter(by_vendor.values())))
    pages = {}
    for name in names:
        counts = {vendor: counts[name] for vendor, counts in sorted(by_vendor.items())}
        pages[name] = next(iter(counts.values())) if len(set(counts.values())) == 1 else counts
    path.write_text(json.dumps({"about": ABOUT, "pages": pages}, indent=2, ensure_ascii=False) + "\n")


# The worker: one database, both sizes ------------------------------------------------------------------

@contextmanager
def _foreign_key_checks_skipped():
    """Skip PostgreSQL's foreign-key triggers while the rows are written (they are consistent by construction,
    and the SQLite runs check them), as sweep.py does: it halves the writing. Needs a superuser; otherwise, and
    on SQLite, the checks run."""
    from django.db import connection

    skipped = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            skipped = cursor.fetchone()[0]
            if skipped:
                cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        if skipped:
            with connection.cursor() as cursor:
                cursor.execute("RESET session_replication_role")


def work(args):
    """In the worker process: migrate, import Riverside, grow the rows and count every page at both sizes."""
    from io import StringIO

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command

    from tests.performance.pages import PAGES, Visitors, count_queries, vendor
    from tests.performance.rows import Rows

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("import_council", str(RIVERSIDE), stdout=StringIO())
    print(f"  {vendor()}: migrated a fresh database and imported Riverside in {time.perf_counter() - started:.1f} s",
          flush=True)
    rows, visitors, results, seconds = Rows(), Visitors(), {}, {}
    for label, size in (("small", args.rows_small), ("large", args.rows_large)):
        started = time.perf_counter()
        with _foreign_key_checks_skipped():
            rows.grow(size - rows.total)
        grown = time.perf_counter() - started
        started = time.perf_counter()
        seconds[label] = {}
        results[label] = count_queries(PAGES, rows, visitors, warm=label == "small", seconds=seconds[label])
        print(f"  {vendor()}: {size:,} rows of everything written in {grown:.1f} s; {len(PAGES)} pages counted in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
    pages = [{"name": p.name, "url": p.url, "person": p.person, "small": results["small"][p.name],
              "large": results["large"][p.name], "ms_small": round(seconds["small"][p.name] * 1000, 1),
              "ms_large": round(seconds["large"][p.name] * 1000, 1)} for p in PAGES]
    Path(args.results).write_text(json.dumps({"vendor": vendor(), "rows": [args.rows_small, args.rows_large],
                                              "pages": pages}))


# The runner ----------------------------------------------------------------------------------------------

def _environment(var_dir, database_url):
    """The worker's environment: the test settings, a private var dir, the chosen database (none: SQLite)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="protocol_portal.test_settings", PORTAL_VAR_DIR=str(var_dir),
               CELERY_BROKER_URL="memory://", PYTHONUNBUFFERED="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(args, database, work_dir):
    """Run the worker on a fresh database; return its results."""
    var_dir = Path(tempfile.mkdtemp(prefix="var-", dir=work_dir))
    results = var_dir / "results.json"
    with database as url:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--rows-small", str(args.rows_small),
                   "--rows-large", str(args.rows_large), "--results", str(results)]
        done = subprocess.run(command, cwd=ROOT, env=_environment(var_dir, url), check=False)
        if done.returncode:
            sys.exit(f"the {'PostgreSQL' if url else 'SQLite'} run failed (exit {done.returncode})")
    return json.loads(results.read_text())


def _report(run, table, *, updating=False):
    """Print the table of one run; return the names of the pages whose count differs between the sizes."""
    small, large = run["rows"]
    where = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(run["vendor"], run["vendor"])
    print(f"\nQueries per page on {where}, at {small:,} and {large:,} rows of everything each list shows")
    print(f"  {'page or API list':<54}{'person':<14}{f'{small:,}':>8}{f'{large:,}':>8}  {'same?':<7}{'table':>5}")
    differ, off_table = [], []
    for page in run["pages"]:
        same = page["small"] == page["large"]
        committed = expected(table, page["name"], run["vendor"])
        if not same:
            differ.append(page["name"])
        if committed != page["large"]:
            off_table.append(page["name"])
        print(f"  {page['name']:<54}{page['person']:<14}{page['small']:>8}{page['large']:>8}  "
              f"{'yes' if same else 'NO':<7}{'-' if committed is None else committed:>5}"
              f"{'' if committed == page['large'] else '  (not the table)'}")
    slowest = sorted(run["pages"], key=lambda page: -page["ms_large"])[:5]
    print(f"\n  The slowest at {large:,} (one request, ms): "
          + "; ".join(f"{page['name']} {page['ms_large']:,.0f}" for page in slowest))
    if differ:
        print(f"\nQUERY COUNTS GROW WITH ROWS on {where} for: {', '.join(differ)}")
    else:
        print(f"\nEvery page and API list ran the same number of queries at both sizes on {where}.")
    if off_table and not updating:
        print(f"{len(off_table)} count(s) are not the committed table's (benchmarks/query_counts.json): "
              "python benchmarks/query_counts.py --update writes them.")
    return differ


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-small", type=int, default=10, help="rows of everything at the small size (default 10)")
    parser.add_argument("--rows-large", type=int, default=10_000,
                        help="rows of everything at the large size (default 10,000)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server (by any database on it); a fresh database is created beside it")
    parser.add_argument("--sqlite", action="store_true", help="run on a fresh SQLite file instead of PostgreSQL")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--update", action="store_true",
                        help="run on PostgreSQL and SQLite and write both to benchmarks/query_counts.json")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 0 < args.rows_small < args.rows_large:
        parser.error("--rows-small must be at least 1 and less than --rows-large")
    if args.worker:
        work(args)
        return 0

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from import_council import _PostgresDatabase, _SqliteDatabase

    started = time.perf_counter()
    work_dir = Path(tempfile.mkdtemp(prefix="portal-bench-query-counts-"))
    try:
        databases = {"postgresql": lambda: _PostgresDatabase(args.database_url), "sqlite": _SqliteDatabase}
        vendors = ["postgresql", "sqlite"] if args.update else ["sqlite" if args.sqlite else "postgresql"]
        runs = [_run(args, databases[name](), work_dir) for name in vendors]
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    table = read_table()
    differ = [name for run in runs for name in _report(run, table, updating=args.update)]
    if args.json:
        run = runs[0]
        Path(args.json).write_text(json.dumps({"vendor": run["vendor"], "rows": run["rows"], "pages": run["pages"],
                                               **({"runs": runs} if len(runs) > 1 else {})}, indent=2) + "\n")
    if args.update:
        if differ:
            print("\nNot written: a count that grows with rows is an N+1 to fix, not a number to record.")
        else:
            write_table({run["vendor"]: {p["name"]: p["large"] for p in run["pages"]} for run in runs})
            print(f"\nWrote {TABLE.relative_to(ROOT)}.")
    print(f"The whole run took {time.perf_counter() - started:.0f} s.")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
