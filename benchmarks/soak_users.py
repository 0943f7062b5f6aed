"""The soak's users (soak.py): threads that sign in, send, read, assign and answer enquiries over HTTP.

Each user is a thread with its own cookie jar (the pages, with the CSRF token each form carries) and
API token. Every request and its outcome goes into a shared ``Stats``, and everything the server
accepted into its ledger, which soak_check.py compares with the database at the end.
"""
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from http.cookiejar import CookieJar

PASSWORD = "soak-benchmark-password-2026"
TIMEOUT = 60  # seconds, every request
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    """Every request's outcome, shared by the threads (list.append is atomic under the GIL)."""

    def __init__(self):
        self.requests = []  # (kind, status, seconds, ok)
        self.errors = []  # (kind, what)
        self.created = []  # {id, subject, via, member}
        self.replies = []  # {id, kind, text, officer, via, started, ended}
        self.assigned = []  # {id, officer, by}
        self.conflicts = []  # {id, action, officer, requested}

    def error(self, kind, what):
        self.errors.append((kind, what))
        if len(self.errors) <= 10:
            print(f"  ERROR {kind}: {what}", flush=True)


class Browser:
    """One person's client: a cookie jar for the pages, a token for the API; records every request."""

    def __init__(self, base, username, token, stats):
        self.base, self.username, self.token, self.stats = base, username, token, stats
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())

    def request(self, kind, method, path, *, form=None, body=None, api=False, expect=(200,)):
        """Send one request; return (status, headers, text), or (None, None, None) on a socket error or timeout.

        A status outside ``expect`` (and not 409, which the caller classifies) is recorded as an error.
        """
        headers = {}
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if api:
            headers["Authorization"] = f"Token {self.token}"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        started = time.perf_counter()
        try:
            try:
                with self.opener.open(request, timeout=TIMEOUT) as answer:
                    status, answer_headers, text = answer.status, answer.headers, answer.read().decode()
            except urllib.error.HTTPError as answer:
                status, answer_headers, text = answer.code, answer.headers, answer.read().decode(errors="replace")
        except Exception as error:  # socket error, timeout, reset: all errors
            self.stats.requests.append((kind, None, time.perf_counter() - started, False))
            self.stats.error(kind, f"{method} {path} as {self.username}: {type(error).__name__}: {error}")
            return None, None, None
        ok = status in expect
        self.stats.requests.append((kind, status, time.perf_counter() - started, ok or status == 409))
        if not ok and status != 409:
            self.stats.error(kind, f"{method} {path} as {self.username}: {status} {text[:300]!r}")
        return status, answer_headers, text

    def form_token(self, text):
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text or "")
        return found.group(1) if found else None

    def sign_in(self):
        status, _, text = self.request("sign-in page", "GET", "/sign-in/")
        token = self.form_token(text)
        if token is None:
            if status == 200:
                self.stats.error("sign-in page", f"no CSRF token on the sign-in page for {self.username}")
            return False
        status, headers, _ = self.request("sign-in", "POST", "/sign-in/", expect=(302,), form={
            "csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD})
        if status == 302 and "sign-in" in headers.get("Location", ""):
            self.stats.error("sign-in", f"{self.username} was sent back to the sign-in page")
            return False
        return status == 302


def _think(stop, low, high, rng):
    stop.wait(rng.uniform(low, high))


def member_user(browser, departments, stop, rng, counter):
    """Send enquiries by form and by API, and read them back, until ``stop``."""
    if not browser.sign_in():
        return
    mine = []
    while not stop.is_set():
        choice = rng.random()
        n = next(counter)
        subject = f"Soak {browser.username} {n}: the state of Mill Lane"
        department = rng.choice(departments + [""])  # "" sends it to Democratic Services to route
        if choice < 0.2:
            status, _, text = browser.request("form: new enquiry page", "GET", "/enquiries/new/")
            token = browser.form_token(text)
            if status == 200 and token:
                status, headers, _ = browser.request("form: send enquiry", "POST", "/enquiries/new/", expect=(302,), form={
                    "csrfmiddlewaretoken": token, "subject": subject, "department": department,
                    "question": "When will the potholes on Mill Lane be repaired? Residents ask every week."})
                found = re.fullmatch(rf"/enquiries/({UUID})/", (headers or {}).get("Location", "") or "")
                if status == 302 and found:
                    mine.append(found.group(1))
                    browser.stats.created.append({"id": found.group(1), "subject": subject, "via": "form",
                                                  "member": browser.username})
                elif status == 302:
                    browser.stats.error("form: send enquiry", f"redirected to {headers.get('Location')}")
        elif choice < 0.4:
            status, _, text = browser.request("API: send enquiry", "POST", "/api/v1/enquiries/", api=True, expect=(201,),
                                              body={"subject": subject, "department": department or None,
                                                    "question": "When will the streetlights on Canal Path be fixed?"})
            if status == 201:
                answer = json.loads(text)
                mine.append(answer["id"])
                browser.stats.created.append({"id": answer["id"], "subject": subject, "via": "api",
                                              "member": browser.username})
        elif choice < 0.6:
            browser.request("page: my enquiries", "GET", "/enquiries/")
        elif choice < 0.75:
            browser.request("API: my enquiries", "GET", "/api/v1/enquiries/", api=True)
        elif mine:
            one = rng.choice(mine)
            if rng.random() < 0.5:
                browser.request("page: an enquiry", "GET", f"/enquiries/{one}/")
            else:
                browser.request("API: an enquiry", "GET", f"/api/v1/enquiries/{one}/", api=True)
        _think(stop, 0.5, 2.0, rng)


def triage_user(browser, case_by_department, related, stop, rng):
    """Assign the new, unassigned enquiries to the case officers (by form and by API), until ``stop``."""
    if not browser.sign_in():
        return
    while not stop.is_set():
        if rng.random() < 0.3:
            browser.request("page: triage queue", "GET", "/enquiries/?queue=triage")
        status, _, text = browser.request("API: all enquiries", "GET", "/api/v1/enquiries/", api=True)
        waiting = []
        if status == 200:
            waiting = [e for e in json.loads(text)["results"] if e["assigned_to"] is None and e["status"] == "open"
                       and e["subject"].startswith("Soak ")]
        for enquiry in rng.sample(waiting, min(3, len(waiting))):
            if stop.is_set():
                break
            # The same officer whoever assigns it, so two assigning at once agree (the second gets 409).
            candidates = case_by_department.get(enquiry["department"]) or [c for cs in case_by_department.values()
                                                                            for c in cs]
            start = sum(map(ord, enquiry["id"])) % len(candidates)
            officer = next((c for c in candidates[start:] + candidates[:start]
                            if c not in related.get(enquiry["member"], ())), None)
            if officer is None:
                continue
            if rng.random() < 0.5:
                status, _, text = browser.request("page: an enquiry (to assign)", "GET", f"/enquiries/{enquiry['id']}/")
                token = browser.form_token(text)
                if status != 200 or not token:
                    continue
                status, _, _ = browser.request("form: assign", "POST", f"/enquiries/{enquiry['id']}/assign/",
                                               expect=(302,), form={"csrfmiddlewaretoken": token,
                                                                    "assign-officer": officer})
                success = status == 302
            else:
                status, _, _ = browser.request("API: assign", "POST", f"/api/v1/enquiries/{enquiry['id']}/assign",
                                               api=True, body={"officer": officer})
                success = status == 200
            if success:
                browser.stats.assigned.append({"id": enquiry["id"], "officer": officer, "by": browser.username})
            elif status == 409:
                browser.stats.conflicts.append({"id": enquiry["id"], "action": "assign", "officer": browser.username,
                                                "requested": officer})
            _think(stop, 0.2, 0.6, rng)
        _think(stop, 1.0, 2.5, rng)


def case_user(browser, plan_by_id, stop, rng, *, holding_allowed):
    """Read the queue, open enquiries and answer them or send holding replies, until ``stop``.

    A seeded enquiry is acted on only once its planned moment has come (so answers race the sweep);
    the others are answered on about half the visits.
    """
    if not browser.sign_in():
        return
    while not stop.is_set():
        status, _, text = browser.request("page: my queue", "GET", "/enquiries/?queue=mine")
        if status != 200:
            _think(stop, 1, 2, rng)
            continue
        table = text.split('data-testid="queue"', 1)[-1]
        queue = list(dict.fromkeys(re.findall(rf'href="/enquiries/({UUID})/"', table)))
        now = time.time()
        ripe = sorted((plan_by_id[i]["act_at"], i) for i in queue
                      if i in plan_by_id and plan_by_id[i]["act_at"] is not None and plan_by_id[i]["act_at"] <= now
                      and (plan_by_id[i]["fate"] != "holding" or holding_allowed))
        unplanned = [i for i in queue if i not in plan_by_id]
        if ripe:
            chosen = ripe[0][1]
            what = "holding" if plan_by_id[chosen]["fate"] == "holding" else "response"
            if what == "holding":
                plan_by_id[chosen]["act_at"] = None  # one holding reply, then it waits like the open ones
        elif unplanned and rng.random() < 0.5:
            chosen = rng.choice(unplanned)
            what = "holding" if holding_allowed and rng.random() < 0.15 else "response"
        else:
            if rng.random() < 0.5:
                browser.request("API: my enquiries (officer)", "GET", "/api/v1/enquiries/", api=True)
            _think(stop, 0.3, 1.0, rng)
            continue
        _reply(browser, chosen, what, rng)
        _think(stop, 0.2, 0.8, rng)


def _reply(browser, enquiry_id, what, rng):
    """Send a full response or a holding reply, by form or by API; record it in the ledger."""
    text = f"{'Holding' if what == 'holding' else 'Response'} {enquiry_id[:8]} by {browser.username} {rng.random():.9f}"
    by_form = rng.random() < 0.5
    if by_form:
        status, _, page = browser.request("page: an enquiry (to answer)", "GET", f"/enquiries/{enquiry_id}/")
        token = browser.form_token(page)
        if status != 200 or not token:
            return
    else:
        status, _, page = browser.request("API: an enquiry (to answer)", "GET", f"/api/v1/enquiries/{enquiry_id}/",
                                          api=True)
        if status != 200:
            return
        target = json.loads(page)["target_at"]
    if what == "holding":
        if by_form:
            # The page's own words: "If you cannot send a full response by 7 December 2026, ..."
            found = re.search(r"If you cannot send a full response by (\d{1,2} \w+ \d{4})", page)
            if found is None:
                browser.stats.error("page: an enquiry (to answer)", f"{enquiry_id}: no holding-reply form with its target")
                return
            target_day = datetime.strptime(found.group(1), "%d %B %Y").date()
        else:
            target_day = datetime.fromisoformat(target).date()
        revised = target_day + timedelta(days=28)  # well after the run: nothing more falls due
    started = time.time()
    if by_form and what == "holding":
        status, _, _ = browser.request("form: holding reply", "POST", f"/enquiries/{enquiry_id}/holding-reply/",
                                       expect=(302,), form={
                                           "csrfmiddlewaretoken": token, "holding-reasons": text,
                                           "holding-revised_date": revised.day, "holding-revised_month": revised.month,
                                           "holding-revised_year": revised.year})
        success = status == 302
    elif by_form:
        status, _, _ = browser.request("form: response", "POST", f"/enquiries/{enquiry_id}/response/", expect=(302,),
                                       form={"csrfmiddlewaretoken": token, "response-text": text})
        success = status == 302
    elif what == "holding":
        status, _, _ = browser.request("API: holding reply", "POST", f"/api/v1/enquiries/{enquiry_id}/holding-reply",
                                       api=True, body={"reasons": text, "revised_date": revised.isoformat()})
        success = status == 200
    else:
        status, _, _ = browser.request("API: response", "POST", f"/api/v1/enquiries/{enquiry_id}/response", api=True,
                                       body={"text": text})
        success = status == 200
    record = {"id": enquiry_id, "kind": what, "text": text, "officer": browser.username,
              "via": "form" if by_form else "api", "started": started, "ended": time.time()}
    if success:
        browser.stats.replies.append(record)
    elif status == 409:
        browser.stats.conflicts.append({"id": enquiry_id, "action": what, "officer": browser.username})


