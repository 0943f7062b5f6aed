"""Time who-sees-what at county scale: the selectors against the equivalent hand-written SQL, on PostgreSQL.

    python benchmarks/visibility.py                              # a county: 50,000 documents, 100,000 enquiries
    python benchmarks/visibility.py --explain                    # and EXPLAIN ANALYZE every query, both ways
    python benchmarks/visibility.py --from-database portal_county  # a copy of a kept county instead of a new one
    python benchmarks/visibility.py --database-url postgres://postgres@127.0.0.1:5432/test --json results.json

The goal (issue 8, Visibility): a member's catalogue over 50,000 documents and an officer's queue
over 100,000 enquiries take at most 1.5x the time of the hand-written SQL returning the same rows.

It builds a county with county.py in a throwaway database on the server --database-url names
(dropped afterwards): 80 members, 10,000 officers and 50,000 documents imported, then seven years
of history (write_history). To that it adds what write_history leaves out and the pages read: the
reminders and escalations the sweep recorded for every clock (each Director told of their
directorate's late work, the Chief Executive of the latest), the replies to every answered,
declined or held enquiry (a few copied to another member), one enquiry in ten sent via Democratic
Services (those still unassigned there are its triage queue), and 1,000 per-document grants to one
member, as catalogue.py gives. Then VACUUM ANALYZE.

Each measure runs a selector as its page or API list does, end to end: the queryset built, its
queries run and the model objects the page reads built (the view itself for the two pages, with
``render`` replaced by a function that reads what the template would; no templates, serializers or
middleware), against hand-written SQL on the same psycopg2 connection returning the same rows as
tuples (asserted equal), which does in SQL what the selector asks the database separately (the
council's Democratic Services, the person's declared relationships, the permission's id). The
person is looked up once beforehand, as a request does once for all its pages' parts. Both run
--repeat times, interleaved, in one process, so the ratio holds on a noisy machine; the median is
kept. It prints the table (and --json writes it) and exits 0 however slow; 1 if rows differ.
"""
import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from county import (
    COUNTY,
    DEFAULT_SERVER,
    NOW,
    council_database,
    environment,
    manage,
    write_history,
)
from import_council import _PostgresDatabase
from oversight import _Recorder
from sweep import QueryCounter
from visibility_sql import (
    API_COUNT,
    API_ESCALATIONS,
    API_EVENTS,
    API_MESSAGES,
    API_ROWS,
    CATALOGUE_COUNT,
    CATALOGUE_FACETS,
    CATALOGUE_ROWS,
    ESCALATED_ROWS,
    PAGE,
    QUEUE_COUNT,
    QUEUE_ROWS,
    QUEUES,
    TAB_COUNTS,
    Hand,
    _visible,
)

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5
GRANTS = 1000

SUPPLEMENT_SQL = """
    -- What the sweep recorded beside each clock's level (write_history stores only the level): the
    -- reminder to the assignee (ENQ-REMIND), the Director told at level 1 and the Chief Executive at
    -- level 2 (ENQ-ESCALATE).
    INSERT INTO deadlines_deadlineaction (deadline_id, level, recipient_id, acted_at)
    SELECT d.id, 0, d.assignee_id, d.remind_at FROM deadlines_deadline d
    WHERE d.assignee_id IS NOT NULL AND d.remind_at < coalesce(d.closed_at, %(now)s)
    UNION ALL
    SELECT d.id, 1, dr.director_id, least(d.target_at + interval '12 hours', %(now)s)
    FROM deadlines_deadline d JOIN officers_department dep ON dep.id = d.department_id
    JOIN officers_directorate dr ON dr.id = dep.directorate_id
    WHERE d.escalation_level >= 1
    UNION ALL
    SELECT d.id, 2, %(chief_executive)s, least(d.second_at, %(now)s) FROM deadlines_deadline d
    WHERE d.escalation_level = 2;

    -- The replies: a full response or a decline for each answered or declined enquiry, a holding
    -- reply for each held one (ENQ-DUE, ENQ-DECLINE, ENQ-HOLDING).
    INSERT INTO enquiries_enquirymessage (enquiry_id, kind, author_id, text, revised_date, in_time, decline_rule,
                                          sent_at)
    SELECT e.id, CASE e.status WHEN 'declined' THEN 'decline' ELSE 'response' END, o.user_id,
           'Thank you for your enquiry. The repairs to Mill Lane are in next month''s programme.', NULL, NULL,
           CASE e.status WHEN 'declined' THEN 'ENQ-DECLINE' ELSE '' END, e.answered_at
    FROM enquiries_enquiry e JOIN officers_officer o ON o.id = e.assigned_to_id
    WHERE e.status IN ('answered', 'declined')
    UNION ALL
    SELECT e.id, 'holding', o.user_id, 'We need a little longer to answer fully.',
           (d.target_at + interval '10 days')::date, true, '',
           least(e.received_at + interval '9 days', %(now)s - interval '1 hour')
    FROM enquiries_enquiry e JOIN officers_officer o ON o.id = e.assigned_to_id
    JOIN deadlines_deadline d ON d.id = e.deadline_id
    WHERE e.status = 'holding';
    -- One reply in fifty copied to another member (COR-COPY).
    INSERT INTO enquiries_messagecopy (message_id, member_id, reason)
    SELECT msg.id, (SELECT m.id FROM members_member m WHERE m.id <> e.member_id ORDER BY m.id
                    OFFSET mod(msg.id, least(40, (SELECT count(*) - 1 FROM members_member))) LIMIT 1), 'copy'
    FROM enquiries_enquirymessage msg JOIN enquiries_enquiry e ON e.id = msg.enquiry_id
    WHERE mod(msg.id, 50) = 7;

    -- ENQ-TRIAGE: one enquiry in ten was sent to no department, so Democratic Services routed it;
    -- those still there, open and unassigned, wait in its triage queue.
    UPDATE enquiries_enquiry SET via_democratic_services = true
    WHERE mod(id, 10) = 3
       OR (department_id = %(democratic_services)s AND assigned_to_id IS NULL AND status IN ('open', 'holding'));
"""
SUPPLEMENTED = ("deadlines_deadlineaction", "enquiries_enquirymessage", "enquiries_messagecopy", "enquiries_enquiry",
                "requests_app_documentuserobjectpermission")


# The council as the benchmark finds it ----------------------------------------------------------------

def supplement():
    """Add the escalations, replies, triage queue and grants write_history leaves out; return the counts."""
    import django.db
    from django.contrib.auth.models import Permission

    from officers.selectors import chief_executive
    from protocol_portal.council.selectors import current_council
    from requests_app.models import Document, DocumentUserObjectPermission

    with django.db.connection.cursor() as cursor:
        cursor.execute(SUPPLEMENT_SQL, {"now": NOW, "chief_executive": chief_executive().pk,
                                        "democratic_services": current_council().democratic_services_id})
    # As catalogue.py: 1,000 documents picked at random, the member's own grants (ACC-NEED-TO-KNOW and the like).
    permission = Permission.objects.get(codename="read_document", content_type__app_label="requests_app")
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    DocumentUserObjectPermission.objects.bulk_create(
        DocumentUserObjectPermission(user=_member().user, permission=permission, content_object_id=pk)
        for pk in random.Random(1).sample(ids, min(GRANTS, len(ids))))
    counts = {}
    with django.db.connection.cursor() as cursor:
        # Every table, as autovacuum would have by now (write_history analyses only the ones it writes; the
        # import leaves council_user, for one, with 582 rows estimated for 10,080).
        cursor.execute("VACUUM ANALYZE")
        for table in SUPPLEMENTED:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _member():
    """Return the member the catalogue is measured for: the first elected member with a group."""
    from members.models import Member

    return (Member.objects.filter(kind="elected", is_active=True, group__isnull=False)
            .select_related("user").order_by("pk").first())


def _people():
    """Return the users the measures look as: a member with a group, and three officers.

    The case officer has the most open enquiries assigned outside Democratic Services; the Democratic
    Services officer the most inside it; the Director the most escalations (level 1) of all.
    """
    from django.db.models import Count, Q

    from officers.models import Officer
    from protocol_portal.council.selectors import current_council
    from protocol_portal.deadlines.models import DeadlineAction, Level
    from requests_app.enquiries.models import OPEN_STATUSES

    democratic_services = current_council().democratic_services_id
    member = _member()
    officers = (Officer.objects.filter(is_active=True, political_assistant_to__isnull=True, department__isnull=False)
                .annotate(open_assigned=Count("enquiries_assigned",
                                              filter=Q(enquiries_assigned__status__in=OPEN_STATUSES)))
                .select_related("user").order_by("-open_assigned", "pk"))
    director_id = (DeadlineAction.objects.filter(level=Level.DIRECTOR, recipient__isnull=False)
                   .values("recipient_id").annotate(n=Count("pk")).order_by("-n", "recipient_id")
                   .values_list("recipient_id", flat=True).first())
    return {"member": member.user,
            "case officer": officers.exclude(department_id=democratic_services).first().user,
            "Democratic Services officer": officers.filter(department_id=democratic_services).first().user,
            "Director": Officer.objects.select_related("user").get(pk=director_id).user}


# The measures -----------------------------------------------------------------------------------------

@dataclass
class Measure:
    name: str
    selector: object  # () -> comparable result
    sql: object  # () -> comparable result
    times: dict = field(default_factory=lambda: {"selector": [], "sql": [], "database": []})
    queries: int = 0
    statements: int = 0
    rows: int = 0


def _first_page(queryset):
    """As DRF's pagination and page_of take it: the count, then the first PAGE rows."""
    from django.core.paginator import Paginator

    page = Paginator(queryset, PAGE).page(1)
    return list(page), page.paginator.count


def _document_row(d):
    """What the catalogue page and the API list read of each document."""
    return (d.ref, d.title, d.classification, d.exempt_paragraphs, d.summary, d.department.code,
            d.body.code if d.body else None, d.body.name if d.body else None,
            d.meeting.ref if d.meeting else None, d.meeting.date if d.meeting else None, d.can_read)


def _queue_row(e):
    """What the queue's table reads of each enquiry (enquiries/enquiry_queue.html and its tags)."""
    return (e.public_id, e.subject, e.member.user.name, e.department.name,
            e.assigned_to.user.name if e.assigned_to else None, e.status, e.confidential, e.deadline.target_at,
            e.deadline.remind_at, e.deadline.escalation_level)


def _escalated_row(e):
    return e.public_id, e.subject, e.member.user.name, e.deadline.target_at


def _api_row(e):
    """What EnquirySerializer reads of each enquiry (the events, escalations and replies _prepared set)."""
    return (e.public_id, e.member.user.username, e.subject, e.question, e.department.code, e.confidential,
            e.on_behalf_name, e.status, e.received_at, e.deadline.due_at, e.deadline.target_at,
            e.deadline.escalation_level, e.assigned_to.user.username if e.assigned_to else None,
            [(ev.occurred_at, ev.actor_username, ev.verb, ev.rule_ids, ev.reasons) for ev in e.audit_events],
            list(e.escalated_to),
            [(msg.kind, msg.author.username, msg.text, msg.revised_date, msg.in_time, msg.sent_at,
              sorted(f"{c.member.user.username} {c.reason}" for c in msg.copies.all())) for msg in e.visible_messages])


def _request(user, path, **query):
    from django.test import RequestFactory

    request = RequestFactory().get(path, query)
    request.user = user
    return request


def _rendered(read):
    """Return a stand-in for ``render`` that reads the context as the template would, and returns it."""
    return lambda request, template, context, *args, **kwargs: read(context)


def _measures(people, hand):
    """Return the measures, each a selector as its page or list uses it and the SQL returning the same rows."""
    from django.utils import timezone

    from protocol_portal.council.selectors import person_of
    from requests_app import views as document_views
    from requests_app.enquiries import api as enquiry_api
    from requests_app.enquiries import views as enquiry_views
    from requests_app.enquiries.selectors import enquiries_visible_to, enquiry_queue
    from requests_app.selectors import documents_visible_to, search_documents

    today = timezone.localdate(NOW)
    member = people["member"]

    def catalogue_params():
        return {"user": member.pk, "group": person_of(member).member.group_id}

    def catalogue_list():
        page, count = _first_page(search_documents(documents_visible_to(member, today=today)))
        return [_document_row(d) for d in page], count

    def catalogue_list_sql():
        params = catalogue_params()
        return hand(CATALOGUE_ROWS, params), hand(CATALOGUE_COUNT, params)[0][0]

    def catalogue_page():
        def read(context):
            form = context["form"]
            return ([_document_row(d) for d in context["page"]], context["page"].paginator.count,
                    [list(form.fields[name].choices) for name in ("body", "meeting", "classification")])

        with mock.patch.object(document_views, "render", _rendered(read)):
            return document_views.document_list(_request(member, "/documents/"))

    def catalogue_page_sql():
        params = catalogue_params()
        return hand(CATALOGUE_FACETS, params), *catalogue_list_sql()

    def same_page(selector, sql):
        """The page's facets are compared as the filter's choices they become."""
        from requests_app.forms import CatalogueFilterForm

        form = CatalogueFilterForm(None, facets=sql[0])
        return (_normalised(selector[0]), selector[1], selector[2]) == (
            _normalised(sql[1]), sql[2], [list(form.fields[n].choices) for n in ("body", "meeting", "classification")])

    def officer_params(user):
        officer = person_of(user).officer
        return {"user": user.pk, "officer": officer.pk, "department": officer.department_id}

    def queue(user, name):
        def selector():
            page, count = _first_page(enquiry_queue(user, name))
            return [_queue_row(e) for e in page], count

        def sql():
            params = officer_params(user)
            return (hand(QUEUE_ROWS.format(queue=QUEUES[name]), params),
                    hand(QUEUE_COUNT.format(queue=QUEUES[name]), params)[0][0])

        return selector, sql

    def queue_page(user, chosen, tabs):
        def read(context):
            return ([_queue_row(e) for e in context["page"]], context["page"].paginator.count,
                    [(q, n) for q, _, n in context["tabs"]], [_escalated_row(e) for e in context["escalated"]])

        def selector():
            with mock.patch.object(enquiry_views, "render", _rendered(read)):
                return enquiry_views.enquiry_list(_request(user, "/enquiries/", queue=chosen))

        def sql():
            params = officer_params(user)
            counts = hand(TAB_COUNTS.format(counts=", ".join(f"count(*) FILTER (WHERE {QUEUES[q]})" for q in tabs),
                                            any_queue=" OR ".join(QUEUES[q] for q in tabs)), params)[0][1:]
            rows = hand(QUEUE_ROWS.format(queue=QUEUES[chosen]), params)
            return rows, counts[tabs.index(chosen)], list(zip(tabs, counts)), hand(ESCALATED_ROWS, params)

        return selector, sql

    def api_list(user):
        def selector():
            # As EnquiryListView.get does.
            enquiries = enquiries_visible_to(user).prefetch_related("on_behalf_ward")
            page, count = _first_page(enquiries.order_by("-received_at", "-pk"))
            return [_api_row(e) for e in enquiry_api._prepared(page, user)], count

        def sql():
            params = officer_params(user)
            visible = _visible(person_of(user))
            rows = hand(API_ROWS.format(visible=visible), params)
            count = hand(API_COUNT.format(visible=visible), params)[0][0]
            ids = [row[0] for row in rows]
            events, escalated, messages = {i: [] for i in ids}, {row[1]: [] for row in rows}, {i: [] for i in ids}
            for target, *event in hand(API_EVENTS, {"ids": [str(i) for i in ids]}):
                events[int(target)].append(tuple(event))
            for deadline, username in hand(API_ESCALATIONS, {"deadlines": list(escalated)}):
                escalated[deadline].append(username)
            for enquiry, *message in hand(API_MESSAGES, {"ids": ids}):
                messages[enquiry].append(tuple(message))
            return [(*row[2:], events[row[0]], escalated[row[1]], messages[row[0]]) for row in rows], count

        return selector, sql

    case, ds, director = people["case officer"], people["Democratic Services officer"], people["Director"]
    measures = [
        Measure(f"catalogue, API list ({member.username})", catalogue_list, catalogue_list_sql),
        Measure(f"catalogue page, with its filters ({member.username})", catalogue_page, catalogue_page_sql),
        Measure(f"queue: mine ({case.username})", *queue(case, "mine")),
        Measure(f"queue: department ({case.username})", *queue(case, "department")),
        Measure(f"queue: triage ({ds.username})", *queue(ds, "triage")),
        Measure(f"enquiries page, department tab ({case.username})",
                *queue_page(case, "department", ["mine", "department"])),
        Measure(f"enquiries page, triage tab ({ds.username})",
                *queue_page(ds, "triage", ["mine", "department", "triage"])),
        Measure(f"enquiries page, Director ({director.username})", *queue_page(director, "mine", ["mine"])),
        Measure(f"enquiries API list, Director ({director.username})", *api_list(director)),
        Measure(f"enquiries API list, Democratic Services ({ds.username})", *api_list(ds)),
    ]
    return measures, {measures[1].name: same_page}


def _normalised(value):
    """Tuples as lists, JSON text (psycopg2 leaves jsonb to Django) parsed, for comparing the two ways."""
    if isinstance(value, (list, tuple)):
        return [_normalised(v) for v in value]
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _size(result):
    """The rows a measure shows in all: its count."""
    return next((r for r in result if isinstance(r, int)), None)


def _timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def run_measures(measures, comparisons, hand, repeat):
    """Check each measure's two ways agree, then time them interleaved; fill in times and query counts."""
    for measure in measures:
        with QueryCounter() as queries:
            selected = measure.selector()
        before = hand.statements
        written = measure.sql()
        measure.queries, measure.statements = queries.count, hand.statements - before
        same = comparisons.get(measure.name)
        agree = same(selected, written) if same else _normalised(selected) == _normalised(written)
        if not agree:
            raise AssertionError(f"{measure.name}: the hand-written SQL returns other rows than the selector\n"
                                 f"  selector: {str(selected)[:1500]}\n  SQL:      {str(written)[:1500]}")
        measure.rows = _size(selected)
    waiting = _Waiting()
    for round_ in range(repeat):
        for measure in measures:
            ways = [("selector", measure.selector), ("sql", measure.sql)]
            for way, function in (ways if round_ % 2 == 0 else ways[::-1]):
                if way == "selector":
                    waiting.seconds = 0.0
                    with waiting:
                        measure.times[way].append(_timed(function)[0])
                    measure.times["database"].append(waiting.seconds)
                else:
                    measure.times[way].append(_timed(function)[0])


class _Waiting:
    """Time spent inside cursor.execute (the database's work and the round trip) during ``with``."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def explain(measures, hand):
    """Print EXPLAIN (ANALYZE, BUFFERS) of every query each measure's selector runs, then of its SQL."""
    from django.db import connection

    for measure in measures:
        recorder = _Recorder()
        with connection.execute_wrapper(recorder):
            measure.selector()
        hand.recorded = []
        measure.sql()
        written, hand.recorded = hand.recorded, None
        for way, queries, run in (("selector", recorder.queries, connection.cursor),
                                  ("hand-written SQL", written, hand.raw.cursor)):
            for number, (sql, params) in enumerate(queries, 1):
                with run() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    plan = "\n".join(f"    {line}" for (line,) in cursor.fetchall())
                print(f"\n{measure.name}: {way}, query {number} of {len(queries)}\n    {' '.join(sql.split())}\n{plan}")


def report(measures, repeat):
    """Print the table; return the results as JSON-ready data."""
    width = max(len(m.name) for m in measures)
    print(f"\nVisibility at county scale: the selector against hand-written SQL, median of {repeat}, interleaved")
    print(f"  {'measure':<{width}}{'rows':>8}{'selector ms':>13}{'SQL ms':>9}{'ratio':>8}{'goal':>6}{'met?':>6}"
          f"{'queries':>9}{'SQL':>5}{'in db ms':>10}{'Python ms':>11}{'floor':>7}")
    results = []
    for m in measures:
        selector_ms = statistics.median(m.times["selector"]) * 1000
        sql_ms = statistics.median(m.times["sql"]) * 1000
        database_ms = statistics.median(m.times["database"]) * 1000
        ratio = selector_ms / sql_ms
        # The ratio if the selector's queries cost no more than the hand-written SQL: its Python on top.
        floor = (sql_ms + selector_ms - database_ms) / sql_ms
        met = ratio <= GOAL
        print(f"  {m.name:<{width}}{m.rows:>8,}{selector_ms:>13.2f}{sql_ms:>9.2f}{ratio:>7.2f}x{GOAL:>5}x"
              f"{'yes' if met else 'NO':>6}{m.queries:>9}{m.statements:>5}{database_ms:>10.2f}"
              f"{selector_ms - database_ms:>11.2f}{floor:>6.2f}x")
        results.append({"name": m.name, "rows": m.rows, "selector_ms": round(selector_ms, 3),
                        "sql_ms": round(sql_ms, 3), "ratio": round(ratio, 3), "goal": GOAL, "met": met,
                        "queries": m.queries, "sql_queries": m.statements,
                        "selector_database_ms": round(database_ms, 3), "floor": round(floor, 3)})
    met = sum(r["met"] for r in results)
    print(f"  {met} of {len(results)} within the {GOAL}x goal. queries: the selector's (the person looked up "
          f"beforehand); SQL: the hand-written statements; in db: the selector's time inside cursor.execute "
          f"(the database's work and the round trips); Python: the rest (building, compiling, objects); floor: "
          f"(SQL + Python) / SQL, the ratio were the selector's queries as quick as the SQL: above {GOAL}x, Django's "
          f"own work alone rules the goal out.")
    return results


# The worker and the run -------------------------------------------------------------------------------

def work(args):
    """In a process set up on the council's database: write the history if asked, supplement it, measure."""
    import time_machine

    started = time.perf_counter()
    counts = {}
    if not args.cloned:
        counts, steps = write_history(enquiries=args.enquiries, requests=args.requests)
        print(f"Wrote the history in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    counts.update(supplement())
    print(f"Added escalations, replies, the triage queue and {GRANTS:,} grants in "
          f"{time.perf_counter() - started:.1f} s: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()), flush=True)
    from protocol_portal.council.selectors import person_of

    people = _people()
    for user in people.values():
        person_of(user)  # once, as every request does before its page's parts
    print("Looking as " + ", ".join(f"{role} {user.username}" for role, user in people.items()), flush=True)
    hand = Hand()
    # The pages read the date and time: the morning the history was written for.
    with time_machine.travel(NOW, tick=True):
        measures, comparisons = _measures(people, hand)
        run_measures(measures, comparisons, hand, args.repeat)
        results = report(measures, args.repeat)
        if args.explain:
            explain(measures, hand)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "measures": results, "repeat": args.repeat, "counts": counts,
            "sizes": {name: getattr(args, name) for name in COUNTY},
            "people": {role: user.username for role, user in people.items()}}, indent=2) + "\n")
        print(f"Wrote {args.json}")


class _Copy(_PostgresDatabase):
    """A throwaway copy of a kept database (CREATE DATABASE ... TEMPLATE), dropped on exit."""

    def __init__(self, url, template):
        super().__init__(url)
        self.template = template

    def __enter__(self):
        self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')
        return self.url


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in COUNTY.items():
        parser.add_argument(f"--{name}", type=int, default=default, help=f"default {default:,}")
    parser.add_argument("--database-url", default=DEFAULT_SERVER,
                        help="a PostgreSQL server (by any database on it); the new database is made beside it")
    parser.add_argument("--from-database", metavar="NAME",
                        help="measure a throwaway copy of this kept county (county.py --keep) instead of building "
                             "one; the sizes are then its own")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each way (default 15)")
    parser.add_argument("--explain", action="store_true",
                        help="also print EXPLAIN (ANALYZE, BUFFERS) of every query, the selector's and the SQL's")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cloned", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        work(args)
        return 0

    started = time.perf_counter()
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--repeat", str(args.repeat),
               *(f"--{name}={getattr(args, name)}" for name in COUNTY)]
    command += ["--explain"] * args.explain + ["--cloned"] * bool(args.from_database)
    command += ["--json", str(Path(args.json).resolve())] if args.json else []
    if args.from_database:
        database = _Copy(args.database_url, args.from_database)
        with database as url:
            env = environment(Path(tempfile.mkdtemp(prefix="portal-bench-")), url)
            manage(env, "migrate", "--noinput", "-v0")  # the copy may predate this tree's migrations
            print(f"Copied {args.from_database} to {database.name} and migrated it", flush=True)
            done = subprocess.run(command, cwd=ROOT, env=env)
    else:
        with council_database(args.database_url, members=args.members, officers=args.officers,
                              documents=args.documents) as (url, env):
            done = subprocess.run(command, cwd=ROOT, env=env)
    print(f"The whole run took {time.perf_counter() - started:.0f} s.")
    return 1 if done.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
