"""Time a member's document catalogue at 50,000 documents, against the equivalent hand-written SQL.

    python benchmarks/catalogue.py                       # SQLite, 50,000 documents
    python benchmarks/catalogue.py --database-url postgres://postgres@127.0.0.1:5432/test

It builds a council (60 members, 300 officers, N documents) in a fresh database, gives the member
1,000 per-document grants, then times, in one process and one run so the ratios hold on a noisy
machine: the catalogue's first page (50 rows and the count, as the page and API run it), the
whole catalogue, and a hand-written SQL query that returns the same rows. It reports the
selector's time as a ratio to the SQL's, and the number of queries each needs (goal: one).
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate_council import build_council, write_council

ROOT = Path(__file__).resolve().parent.parent


def _timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50000)
    parser.add_argument("--grants", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="portal-bench-catalogue-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_DEBUG="true", PORTAL_VAR_DIR=str(work))
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    council_file = work / "council.yaml"
    write_council(council_file, build_council(members=60, officers=300, documents=args.documents))
    for command in (["migrate", "--noinput", "-v0"], ["import_council", str(council_file)]):
        if args.database_url and command[0] == "migrate":
            subprocess.run([sys.executable, "manage.py", "flush", "--noinput"], cwd=ROOT, env=env, capture_output=True)
        done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"manage.py {' '.join(command)} failed:\n{done.stderr}")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "protocol_portal.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from members.models import Member
    from protocol_portal.council.selectors import person_of
    from requests_app.models import Document, DocumentUserObjectPermission
    from requests_app.selectors import documents_visible_to

    member = Member.objects.filter(group__isnull=False, is_active=True).select_related("user").order_by("pk").first()
    user = member.user
    permission = Permission.objects.get(codename="read_document")
    ids = list(Document.objects.values_list("pk", flat=True))
    granted = random.Random(1).sample(ids, min(args.grants, len(ids)))
    DocumentUserObjectPermission.objects.bulk_create(
        [DocumentUserObjectPermission(user=user, permission=permission, content_object_id=pk) for pk in granted])
    today = timezone.localdate()
    person_of(user)

    def first_page():
        catalogue = documents_visible_to(user, today=today)
        return list(catalogue[:50]), catalogue.count()

    def whole():
        return list(documents_visible_to(user, today=today))

    doc, perm = Document._meta.db_table, DocumentUserObjectPermission._meta.db_table
    sql = (
        f"SELECT d.*, (d.classification = 'public' OR (d.classification IN ('party_group', 'political_advice') "
        f"AND d.group_id = %s) OR EXISTS (SELECT 1 FROM {perm} p WHERE p.content_object_id = d.id AND p.user_id = %s "
        f"AND p.permission_id = %s)) AS can_read FROM {doc} d WHERE d.is_active "
        f"AND (d.classification NOT IN ('party_group', 'political_advice') OR d.group_id = %s) ORDER BY d.ref"
    )

    def whole_as_tuples():
        return list(documents_visible_to(user, today=today).values_list(*[f.attname for f in Document._meta.concrete_fields], "can_read"))

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql, [member.group_id, user.pk, permission.pk, member.group_id])
            return cursor.fetchall()

    assert len(whole()) == len(raw()), "the hand-written SQL must return the same rows"
    with CaptureQueriesContext(connection) as queries:
        whole()
    rows = len(raw())
    page, full, tuples, bare = _timed(first_page, 20), _timed(whole, 5), _timed(whole_as_tuples, 5), _timed(raw, 5)
    print(f"Catalogue for {user.username} on {connection.vendor}: {rows} of {len(ids)} documents visible, "
          f"{len(granted)} granted")
    print(f"  {'measure':<34} {'seconds':>8}")
    print(f"  {'first page (50 rows + count)':<34} {page:>8.4f}")
    print(f"  {'whole catalogue (selector)':<34} {full:>8.4f}")
    print(f"  {'whole catalogue (selector, tuples)':<34} {tuples:>8.4f}")
    print(f"  {'whole catalogue (hand-written SQL)':<34} {bare:>8.4f}")
    print(f"  selector's query / SQL = {tuples / bare:.2f}x (goal 1.5x); with model objects {full / bare:.1f}x; "
          f"queries for the whole catalogue: {len(queries)} (goal 1)")


if __name__ == "__main__":
    main()
