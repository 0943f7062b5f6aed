"""Pages under load: gunicorn on PostgreSQL at county size, each page against the framework's limit (issue 8).

    python benchmarks/load.py                      # the county: 80 members, 10,000 staff, 50,000 documents,
                                                   # 100,000 enquiries, 20,000 requests; 50 users, 60 s a page
    python benchmarks/load.py --quick              # a small council, 10 users, 5 s a page: a CI smoke run
    python benchmarks/load.py --json load.json     # also write the results as JSON

It builds a fresh database with county.py (dropped afterwards), serves the portal with gunicorn (two
sync workers, production settings: benchmarks/bench_settings.py) on a free port of 127.0.0.1, and for
each page, as the person it is for, runs wrk (50 connections, 60 s, after a short warm-up), and
prints requests/s, p50/p95/p99 latency and errors (any answer but 2xx, and any socket error or
timeout). A sync worker answers one request at a time, so 48 of the 50 users wait at the socket:
latency is mostly queueing, p95 close to 50 / (requests a second), and the ratio of two p95s in
effect the ratio of what one request of each costs the two cores.

The limit is a minimal view (bench_views.py) that runs one query of 50 documents through the same
middleware, server and session. It is loaded before the first page and again after each (for a
quarter as long), and each page's p95 is divided by the mean p95 of the limit's runs either side of
it: on a shared machine whose load drifts, the two sides of a ratio are measured minutes
apart at most. The goal is a p95 within 2x of the limit with no errors.

Load goes to 127.0.0.1 only, and every wrk run stops by itself after --duration seconds.
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from county import COUNTY, DEFAULT_SERVER, ROOT, council_database, environment, manage

HOST = "127.0.0.1"  # the only address load is ever sent to
QUICK = {"members": 20, "officers": 200, "documents": 2000, "enquiries": 5000, "requests": 1000}
GOAL = 2.0
WORKERS = 2
SETTINGS = "benchmarks.bench_settings"
LIMIT = "limit"


# Who asks for what: (name, path, person, how they sign in, what the answer must hold).
# ``rows``: the page's table (by data-testid) or the API's results must have at least this many rows (and an
# API list a full page of 50 if it has that many); at county size each has 50.
ENDPOINTS = [
    (LIMIT, "/bench/limit/", "member", "session", {"text": True}),
    ("catalogue", "/documents/", "member", "session", {"testid": "catalogue", "rows": 10}),
    ("triage queue", "/enquiries/?queue=triage", "democratic_services", "session",
     {"testid": "queue", "contains": '<strong aria-current="page">To route (Democratic Services)', "rows": 10}),
    ("My requests", "/requests/", "member", "session", {"testid": "my-requests", "rows": 10}),
    ("dashboard", "/oversight/", "monitoring_officer", "session",
     {"testid": "late", "contains": "Monitoring Officer's dashboard", "rows": 10}),
    ("API documents", "/api/v1/documents/", "member", "token", {"rows": 10}),
    ("API access requests", "/api/v1/access-requests/", "member", "token", {"rows": 10}),
    ("API enquiries", "/api/v1/enquiries/", "democratic_services", "token", {"rows": 10}),
    ("API briefings", "/api/v1/briefings/", "member", "token", {"rows": 0}),
    ("API complaints", "/api/v1/complaints/", "monitoring_officer", "token", {"rows": 10}),
]

# wrk runs this in each of its threads: the person's header, a count of non-2xx answers (wrk itself counts
# only 4xx and 5xx), and at the end one line of JSON with the latencies in microseconds.
WRK_SCRIPT = """
wrk.headers["%(header)s"] = "%(value)s"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non2xx") end
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, '
    .. '"read": %%d, "write": %%d, "timeout": %%d, "non2xx": %%d, "p50": %%.0f, "p95": %%.0f, "p99": %%.0f, '
    .. '"max": %%.0f}\\n', summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.timeout, bad, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


# In the database's own process ------------------------------------------------------------------------

def _prepare():
    """Shape the triage queue, find the people, sign them in, count each endpoint's queries; print JSON.

    Runs in a process of its own with Django set up on the benchmark database (bench_settings).
    """
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from officers.models import Officer, StatutoryAppointment, StatutoryRole
    from protocol_portal.council.selectors import current_council
    from requests_app.models import AccessRequest

    council = current_council()
    ds = council.democratic_services_id
    with connection.cursor() as cursor:
        # county.py sends every enquiry to a department, so nothing waits for Democratic Services to
        # route. Send its unassigned open enquiries (a tenth of the open ones) through them instead, as
        # members who do not know which department to ask would, so the triage queue has pages to show.
        cursor.execute("""
            UPDATE enquiries_enquiry SET department_id = %(ds)s, via_democratic_services = true
            WHERE status IN ('open', 'holding') AND assigned_to_id IS NULL;
            UPDATE deadlines_deadline d SET department_id = %(ds)s
            FROM enquiries_enquiry e WHERE e.deadline_id = d.id AND e.via_democratic_services;
        """, {"ds": ds})
        # Every table analysed, as autovacuum would have done in a live database: county.py analyses the
        # tables it fills, but not, say, the 10,080 users import_council wrote, which the planner would
        # otherwise take for a few hundred when it chooses how to join them.
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM enquiries_enquiry WHERE via_democratic_services")
        triage = cursor.fetchone()[0]

    busiest = (AccessRequest.objects.filter(member__is_active=True).values("member__user")
               .annotate(n=Count("pk")).order_by("-n", "member__user").first())
    mo = StatutoryAppointment.objects.select_related("officer").get(role=StatutoryRole.MONITORING_OFFICER).officer
    clerk = (Officer.objects.filter(department_id=ds, is_active=True, political_assistant_to__isnull=True)
             .exclude(statutory_appointments__isnull=False).order_by("pk").first())
    users = {"member": busiest["member__user"], "democratic_services": clerk.user_id,
             "monitoring_officer": mo.user_id}

    people = {}
    for role, user_id in users.items():
        user = get_user_model().objects.get(pk=user_id)
        # Signed in as a login would sign them in, without posting a password (django-axes counts those).
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        token, _ = Token.objects.get_or_create(user=user)
        people[role] = {"username": user.username, "session": session.session_key, "token": token.key}
    people["member"]["requests"] = busiest["n"]

    # Each endpoint's queries, asked twice in this process (the second count, as a warm worker's).
    queries = {}
    for name, path, role, auth, _ in ENDPOINTS:
        client = Client(HTTP_HOST=HOST)
        headers = ({"HTTP_AUTHORIZATION": f"Token {people[role]['token']}"} if auth == "token" else {})
        if auth == "session":
            client.cookies[settings.SESSION_COOKIE_NAME] = people[role]["session"]
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                client.get(path, **headers)
        queries[name] = len(captured)
    print(json.dumps({"people": people, "queries": queries, "triage": triage}))


# In the benchmark's process ---------------------------------------------------------------------------

def _wrk():
    """Return wrk's path, installing Debian's package if it is missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk (apt-get install -y wrk) ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit("load.py needs wrk, the HTTP load generator. Install it first: sudo apt-get install wrk "
             "(Debian, Ubuntu) or brew install wrk (macOS), then run this again.")


def _free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def served_environment(env, work):
    """Return ``env`` as the served portal runs in it: production settings (bench_settings) on 127.0.0.1."""
    return {**env, "DJANGO_SETTINGS_MODULE": SETTINGS, "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_STATIC_ROOT": str(work / "static"), "PYTHONPATH": str(ROOT)}


@contextmanager
def _gunicorn(env, port, log, *, workers=WORKERS, worker_class="sync", threads=1):
    """Serve the portal with gunicorn on 127.0.0.1:``port`` until the block ends; stop it then."""
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "protocol_portal.wsgi:application",
         "--bind", f"{HOST}:{port}", "--workers", str(workers), "--worker-class", worker_class,
         *(["--threads", str(threads)] if threads > 1 else []),
         "--timeout", "120", "--graceful-timeout", "5", "--log-level", "warning", "--chdir", str(ROOT)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/sign-in/", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"gunicorn did not start; its log is {log.name}")
                time.sleep(0.3)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _headers(person, auth):
    if auth == "token":
        return "Authorization", f"Token {person['token']}"
    return "Cookie", f"sessionid={person['session']}"


def _check(port, name, path, person, auth, expect):
    """Ask once and return a line saying what came back; exit if it is not a 200 with the expected content."""
    header, value = _headers(person, auth)
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers={header: value})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            status, body = answer.status, answer.read().decode()
            final_url = answer.url
    except urllib.error.HTTPError as error:
        sys.exit(f"{name}: {path} answered {error.code} for {person['username']}, not 200")
    if status != 200 or final_url != request.full_url:
        sys.exit(f"{name}: {path} answered {status} at {final_url} for {person['username']}, not 200 at {path}")
    if expect.get("text"):
        rows = body.count("\n")
        ok = rows == 50
    elif path.startswith("/api/"):
        data = json.loads(body)
        rows = len(data["results"])
        ok = rows == min(50, data["count"]) and rows >= expect["rows"]
    else:
        marker = f'data-testid="{expect["testid"]}"'
        ok = marker in body and expect.get("contains", marker) in body
        table = body.split(marker, 1)[-1].split("</table>", 1)[0]
        rows = table.count('<tr class="govuk-table__row">') - 1  # less the heading row
        ok = ok and rows >= expect["rows"]
    if not ok:
        main = body[body.find("<main"):] if "<main" in body else body
        sys.exit(f"{name}: {path} for {person['username']} is not the answer expected ({rows} rows):\n{main[:1500]}")
    return f"{rows} rows, {len(body.encode()):,} bytes"


def _drain(port, person):
    """Wait until the server has worked through what wrk left queued, so the next run starts on an idle server.

    A sync worker still answers every request accepted before wrk closed its connections; a request
    sent now is answered after all of them.
    """
    header, value = _headers(person, "session")
    for _ in range(2):
        urllib.request.urlopen(urllib.request.Request(f"http://{HOST}:{port}/bench/limit/", headers={header: value}),
                               timeout=600).read()


def _load(wrk, port, path, person, auth, *, users, seconds, work):
    """Run wrk on one path for ``seconds`` with ``users`` connections; return its figures."""
    header, value = _headers(person, auth)
    script = work / "wrk.lua"
    script.write_text(WRK_SCRIPT % {"header": header, "value": value})
    # wrk stops itself after -d; the timeout here is a second guard so that nothing runs unbounded.
    done = subprocess.run([wrk, "-t", str(min(2, users)), "-c", str(users), "-d", f"{seconds}s", "--timeout", "30s",
                           "-s", str(script), f"http://{HOST}:{port}{path}"],
                          capture_output=True, text=True, timeout=seconds + 60)
    line = next((line for line in done.stdout.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        sys.exit(f"wrk failed on {path}:\n{done.stdout}\n{done.stderr}")
    _drain(port, person)
    figures = json.loads(line.removeprefix("WRK_JSON "))
    errors = figures["connect"] + figures["read"] + figures["write"] + figures["timeout"] + figures["non2xx"]
    return {"rps": figures["requests"] / (figures["duration_us"] / 1e6), "p50_ms": figures["p50"] / 1000,
            "p95_ms": figures["p95"] / 1000, "p99_ms": figures["p99"] / 1000, "errors": errors,
            "requests": figures["requests"], "bytes_per_response": figures["bytes"] // max(1, figures["requests"])}


def _table(results):
    lines = [f"{'endpoint':<22}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'queries':>9}"
             f"{'p95/limit':>11}{'goal':>6}  met?"]
    for r in results:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}x"
        met = "" if r["met"] is None else ("yes" if r["met"] else "NO")
        lines.append(f"{r['name']:<22}{r['rps']:>8.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}"
                     f"{r['errors']:>8}{r['queries']:>9}{ratio:>11}{'2x':>6}  {met}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a small council (20 members, 200 staff, 2,000 documents, 5,000 enquiries, "
                             "1,000 requests), 10 users, 5 s a page: a smoke run in about two minutes")
    for name in COUNTY:
        parser.add_argument(f"--{name}", type=int, help=f"default {COUNTY[name]:,} ({QUICK[name]:,} with --quick)")
    parser.add_argument("--users", type=int, help="concurrent connections (default 50; 10 with --quick)")
    parser.add_argument("--duration", type=int, help="seconds of load per endpoint (default 60; 5 with --quick)")
    parser.add_argument("--limit-duration", type=int,
                        help="seconds of each run of the limit, before the first endpoint and after each (default a "
                             "quarter of --duration, at least 2)")
    parser.add_argument("--warm-up", type=int, help="seconds of unmeasured load first (default 5; 1 with --quick)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="load only this endpoint (and the limit); may be repeated")
    parser.add_argument("--database-url", default=DEFAULT_SERVER,
                        help="a PostgreSQL server (by any database on it); the new database is made beside it")
    parser.add_argument("--reuse-database", metavar="URL",
                        help="load an existing database built by county.py instead of building one; it is changed "
                             "(triage shaping, sessions, tokens), so give it a copy, never one you keep")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        _prepare()
        return 0
    sizes = {name: getattr(args, name) or (QUICK if args.quick else COUNTY)[name] for name in COUNTY}
    users = args.users or (10 if args.quick else 50)
    seconds = args.duration or (5 if args.quick else 60)
    limit_seconds = args.limit_duration or max(2, seconds // 4)
    warm_up = args.warm_up if args.warm_up is not None else (1 if args.quick else 5)
    endpoints = [e for e in ENDPOINTS if e[0] == LIMIT or not args.only or e[0] in args.only]
    wrk = _wrk()
    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    try:
        if args.reuse_database:
            database = _reused(args.reuse_database, work)
        else:
            database = _built(args.database_url, sizes)
        with database as env:
            return _run(env, endpoints, wrk=wrk, users=users, seconds=seconds, limit_seconds=limit_seconds,
                        warm_up=warm_up, work=work,
                        sizes=sizes, json_path=args.json)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def _built(server, sizes):
    """Yield the environment of a fresh county database with its history (dropped afterwards)."""
    with council_database(server, members=sizes["members"], officers=sizes["officers"],
                          documents=sizes["documents"]) as (_url, env):
        done = subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "county.py"), "--fill",
                               "--enquiries", str(sizes["enquiries"]), "--requests", str(sizes["requests"])],
                              env=env, cwd=ROOT)
        if done.returncode:
            sys.exit("Writing the history failed.")
        yield env


@contextmanager
def _reused(url, work):
    if url.rstrip("/").rsplit("/", 1)[-1] == "portal_county":
        sys.exit("load.py changes the database it loads: clone it (CREATE DATABASE x TEMPLATE portal_county).")
    yield environment(work, url)


def _run(env, endpoints, *, wrk, users, seconds, limit_seconds, warm_up, work, sizes, json_path):
    env = served_environment(env, work)
    manage(env, "collectstatic", "--noinput", "-v0")  # whitenoise's manifest, as a deployment has it
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--prepare"], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"Preparing the people failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    prepared = json.loads(done.stdout.strip().splitlines()[-1])
    people = prepared["people"]
    print("As: " + ", ".join(f"{role} {p['username']}" for role, p in people.items())
          + f" ({people['member']['requests']} requests); {prepared['triage']:,} enquiries to route", flush=True)
    port = _free_port()
    log = open(work / "gunicorn.log", "w+")
    results = []
    with _gunicorn(env, port, log):
        print(f"gunicorn, {WORKERS} sync workers, on http://{HOST}:{port}; wrk, {users} connections, "
              f"{seconds} s an endpoint after {warm_up} s of warm-up", flush=True)
        for name, path, role, auth, expect in endpoints:
            print(f"  {name:<22}{path:<28}{_check(port, name, path, people[role], auth, expect)}", flush=True)
        limit, pages = endpoints[0], endpoints[1:]
        limit_runs = [_measure(limit, people, wrk=wrk, port=port, users=users, seconds=limit_seconds,
                               warm_up=warm_up, work=work)]
        for endpoint in pages:
            figures = _measure(endpoint, people, wrk=wrk, port=port, users=users, seconds=seconds,
                               warm_up=warm_up, work=work)
            # The limit again straight after: each page is compared with the limit measured either side of
            # it, so a machine that gets busier or quieter during the run moves both alike.
            limit_runs.append(_measure(limit, people, wrk=wrk, port=port, users=users, seconds=limit_seconds,
                                       warm_up=0, work=work))
            limit_p95 = (limit_runs[-2]["p95_ms"] + limit_runs[-1]["p95_ms"]) / 2
            ratio = figures["p95_ms"] / limit_p95
            results.append({**figures, "queries": prepared["queries"][endpoint[0]], "limit_p95_ms": round(limit_p95, 1),
                            "ratio": round(ratio, 2), "goal": GOAL, "met": ratio <= GOAL and figures["errors"] == 0})
    log.seek(0)
    server_log = log.read()
    log.close()
    results.insert(0, {**_median(limit_runs), "queries": prepared["queries"][LIMIT], "limit_p95_ms": None,
                       "ratio": None, "goal": GOAL, "met": None})
    print()
    print(_table(results))
    print(f"limit p95 in its {len(limit_runs)} runs: " + ", ".join(f"{r['p95_ms']:.0f}" for r in limit_runs) + " ms")
    if server_log.strip():
        print(f"gunicorn said:\n{server_log[-3000:]}")
    if json_path:
        json_path.write_text(json.dumps({
            "sizes": sizes, "users": users, "duration_s": seconds, "limit_duration_s": limit_seconds,
            "workers": WORKERS, "goal": GOAL, "limit": results[0], "limit_runs": limit_runs,
            "endpoints": results[1:]}, indent=2) + "\n")
        print(f"Wrote {json_path}")
    errors = sum(r["errors"] for r in results[1:] + limit_runs)
    return 1 if errors else 0


def _measure(endpoint, people, *, wrk, port, users, seconds, warm_up, work):
    """Warm an endpoint up, load it, print and return its figures."""
    name, path, role, auth, _ = endpoint
    person = people[role]
    if warm_up:
        _load(wrk, port, path, person, auth, users=users, seconds=warm_up, work=work)
    figures = {"name": name, "path": path, "as": person["username"],
               **_load(wrk, port, path, person, auth, users=users, seconds=seconds, work=work)}
    print(f"  {name:<22}{figures['rps']:8.1f} rps  p50 {figures['p50_ms']:8.1f}  p95 {figures['p95_ms']:8.1f} ms  "
          f"errors {figures['errors']}", flush=True)
    return figures


def _median(runs):
    """Return the limit's figures over its runs: the median of each, the errors summed."""
    middle = lambda key: sorted(r[key] for r in runs)[len(runs) // 2]  # noqa: E731
    return {"name": runs[0]["name"], "path": runs[0]["path"], "as": runs[0]["as"],
            **{key: middle(key) for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "bytes_per_response")},
            "requests": sum(r["requests"] for r in runs), "errors": sum(r["errors"] for r in runs)}


if __name__ == "__main__":
    sys.exit(main())
