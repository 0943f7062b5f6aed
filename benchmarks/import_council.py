"""Time import_council on a large generated council against the goal: under 60 s on SQLite.

    python benchmarks/import_council.py                     # 60 members, 3,000 officers, 20,000 documents
    python benchmarks/import_council.py --documents 2000    # a smaller run
    python benchmarks/import_council.py --database-url postgres://postgres@127.0.0.1:5432/test

Each run uses a fresh, migrated database: a SQLite file in a temporary PORTAL_VAR_DIR, or, with
--database-url, a new PostgreSQL database created beside the one named (and dropped afterwards).
It times, as a council would run them, three `manage.py import_council` commands (each in its own
process, so Django's start-up is included): the first import into the empty database, a second
identical import (which must change nothing), and a --dry-run. It exits 0 however slow the import
is, and non-zero only if an import fails or the second one changes something.
"""
import argparse
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from generate_council import build_council, write_council

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 60


def _environment(var_dir, database_url):
    """Return the environment for manage.py: debug settings, a private var dir, the chosen database."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_DEBUG="true", PORTAL_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _manage(env, *args, profile_to=None):
    """Run a manage.py command; return (seconds, completed process)."""
    python = [sys.executable] + (["-m", "cProfile", "-o", str(profile_to)] if profile_to else [])
    started = time.perf_counter()
    done = subprocess.run([*python, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    return time.perf_counter() - started, done


class _PostgresDatabase:
    """A throwaway PostgreSQL database on the server a URL names; dropped on exit."""

    def __init__(self, url, prefix="portal_bench"):
        import psycopg2  # only needed for --database-url, so imported here

        self.psycopg2 = psycopg2
        self.server = url
        parts = urlsplit(url)
        self.name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))

    def _admin(self, sql):
        connection = self.psycopg2.connect(self.server)  # libpq reads postgres:// URLs itself
        connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def __enter__(self):
        self._admin(f'CREATE DATABASE "{self.name}"')
        return self.url

    def __exit__(self, *exc):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')


def _fail(step, done):
    print(f"\n{step} failed (exit {done.returncode}).\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}")
    return 1


def _report_profile(path, top):
    print(f"\nWhere the first import spends its time (cProfile, cumulative; saved in {path}):")
    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(r"protocol_portal|yaml|django/db/models/(query|sql/compiler)", top)


def run(args):
    """Generate the council, migrate a fresh database, time the three imports and print the table."""
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        council = work / "council.yaml"
        started = time.perf_counter()
        data = build_council(members=args.members, officers=args.officers, documents=args.documents, seed=args.seed)
        write_council(council, data)
        size_mb = council.stat().st_size / 1e6
        print(f"Generated {args.members} members, {args.officers} officers, {args.documents} documents "
              f"({size_mb:.1f} MB) in {time.perf_counter() - started:.1f} s")

        database = _PostgresDatabase(args.database_url) if args.database_url else _SqliteDatabase()
        with database as url:
            env = _environment(work / "var", url)
            where = "PostgreSQL" if url else "SQLite"
            seconds, done = _manage(env, "migrate", "--noinput")
            if done.returncode:
                return _fail("migrate", done)
            print(f"Migrated a fresh {where} database in {seconds:.1f} s\n")

            profile = work / "first-import.prof" if args.profile else None
            rows = []
            for step, extra in [("first import", []), ("second import (no change)", []), ("dry run", ["--dry-run"])]:
                seconds, done = _manage(env, "import_council", str(council), *extra,
                                        profile_to=profile if step == "first import" else None)
                if done.returncode:
                    return _fail(step, done)
                rows.append((step, seconds))
                if step.startswith("second") and "Nothing changed" not in done.stdout:
                    print(done.stdout)
                    return _fail("second import changed something; it", done)

            print(f"import_council on {where}: {args.members} members, {args.officers} officers, "
                  f"{args.documents} documents")
            print(f"  {'step':<28}{'seconds':>9}   against the {GOAL_SECONDS} s goal")
            for step, seconds in rows:
                ratio = seconds / GOAL_SECONDS
                verdict = "within goal" if seconds < GOAL_SECONDS else "OVER THE GOAL"
                print(f"  {step:<28}{seconds:>9.1f}   {ratio:.2f} x the {GOAL_SECONDS} s goal ({verdict})")
            if profile:
                kept = Path(args.profile)
                shutil.copy(profile, kept)
                _report_profile(kept, args.profile_top)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


class _SqliteDatabase:
    """Give no DATABASE_URL, so the settings put a new SQLite file under the run's PORTAL_VAR_DIR."""

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def main(argv=None):
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--officers", type=int, default=3000)
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=None,
                        help="A PostgreSQL URL; a fresh database is created on that server and dropped afterwards.")
    parser.add_argument("--profile", metavar="FILE", default=None,
                        help="Also profile the first import with cProfile, save the stats to FILE and print the top.")
    parser.add_argument("--profile-top", type=int, default=30, help="How many functions the profile report lists.")
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
