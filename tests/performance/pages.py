"""Every list page and API list, who views each, and how their queries are counted (issue 8, STYLE.md habit 4).

The one list, ``PAGES``, that ``benchmarks/query_counts.py`` runs at 10 and 10,000 rows on PostgreSQL and
``tests/performance/test_query_counts.py`` runs at a few and a few dozen on the suite's database, both against
the committed table ``benchmarks/query_counts.json``. The rows behind the pages are ``rows.Rows``.
"""
import time
from dataclasses import dataclass

# Who views what: Riverside's people (tests/fixtures/riverside.yaml).
MEMBER = "cllr.gordon"        # Conservative group leader: asks, requests, complains
COPIED = "cllr.hughes"        # Conservative spokesperson: replies to the member are copied to her (COR-COPY)
OTHER_LEADER = "cllr.ahmed"   # Labour group leader: her group's briefings are offered to the Conservatives
DECLARER = "cllr.jones"       # declares relationships (REL-DECLARE)
OFFICER = "o.dunn"            # Environment officer: enquiries assigned to him
HEAD = "h.osei"               # Head of Environment: the department's queue, requests referred to him
DEMOCRATIC_SERVICES = "o.forde"  # routes what is sent to no department (ENQ-TRIAGE)
DIRECTOR = "d.okafor"         # Director of Place: late enquiries escalated to him
BRIEFER = "h.patel"           # Head of Planning: gives briefings and handles complaints about o.baker
NOMINEE = "s.ali"             # attends a briefing in the Head of Planning's place (BRF-SENIOR)
NO_GROUP = "cllr.nolan"       # a member of no group: offered every group's briefings (BRF-EQUAL)
SUBJECT = "o.baker"           # complained about
CHIEF_EXECUTIVE = "c.wright"  # approves briefings
MONITORING_OFFICER = "h.shah"
RESOURCES_DIRECTOR = "d.murray"

# The test's sizes: at least one row in every state (rows.py has at most six of a kind), and past a page of 50.
TEST_SMALL, TEST_LARGE = 6, 60


@dataclass(frozen=True)
class Page:
    """One page or API list: its name in the table, its URL (``{…}`` filled from ``Rows.ids``), who views it."""

    name: str
    url: str
    person: str

    @property
    def api(self):
        return self.url.startswith("/api/")


PAGES = (
    # Home pages, one per kind of person (recent requests and enquiries, counts, the chain's last check).
    Page("home: member", "/", MEMBER),
    Page("home: officer", "/", OFFICER),
    Page("home: head of service", "/", HEAD),
    Page("home: Monitoring Officer", "/", MONITORING_OFFICER),
    # Documents and access requests (ACC-*).
    Page("documents: member", "/documents/", MEMBER),
    Page("documents: officer", "/documents/", OFFICER),
    Page("document: member", "/documents/{document}/", MEMBER),
    Page("requests: member", "/requests/", MEMBER),
    Page("requests: head of service queue", "/requests/", HEAD),
    Page("requests: Monitoring Officer", "/requests/", MONITORING_OFFICER),
    Page("request with many events: member", "/requests/{request}/", MEMBER),
    Page("request with many events: head of service", "/requests/{request}/", HEAD),
    Page("api documents: member", "/api/v1/documents/", MEMBER),
    Page("api documents: officer", "/api/v1/documents/", OFFICER),
    Page("api access requests: member", "/api/v1/access-requests/", MEMBER),
    Page("api access requests: head of service", "/api/v1/access-requests/", HEAD),
    Page("api access requests: Monitoring Officer", "/api/v1/access-requests/", MONITORING_OFFICER),
    Page("api access request with many events: member", "/api/v1/access-requests/{request}/", MEMBER),
    # Enquiries (ENQ-*, COR-*).
    Page("enquiries: member", "/enquiries/", MEMBER),
    Page("enquiries: member with copies", "/enquiries/", COPIED),
    Page("enquiries: assigned to me", "/enquiries/?queue=mine", OFFICER),
    Page("enquiries: department queue", "/enquiries/?queue=department", HEAD),
    Page("enquiries: triage queue", "/enquiries/?queue=triage", DEMOCRATIC_SERVICES),
    Page("enquiries: director (escalated)", "/enquiries/", DIRECTOR),
    Page("enquiry with many replies: member", "/enquiries/{enquiry}/", MEMBER),
    Page("enquiry with many replies: assignee", "/enquiries/{enquiry}/", OFFICER),
    Page("enquiry with many replies: copied member", "/enquiries/{enquiry}/", COPIED),
    Page("api enquiries: member", "/api/v1/enquiries/", MEMBER),
    Page("api enquiries: member with copies", "/api/v1/enquiries/", COPIED),
    Page("api enquiries: officer", "/api/v1/enquiries/", OFFICER),
    Page("api enquiries: head of service", "/api/v1/enquiries/", HEAD),
    Page("api enquiries: democratic services", "/api/v1/enquiries/", DEMOCRATIC_SERVICES),
    Page("api enquiry with many replies: member", "/api/v1/enquiries/{enquiry}/", MEMBER),
    # Briefings (BRF-*).
    Page("briefings: member (briefings, offers, notices)", "/briefings/", MEMBER),
    Page("briefings: officer who gives them", "/briefings/", BRIEFER),
    Page("briefings: approver", "/briefings/", CHIEF_EXECUTIVE),
    Page("briefings: member of no group", "/briefings/", NO_GROUP),
    Page("briefing with a long record: member", "/briefings/{briefing}/", MEMBER),
    Page("briefing with a long record: officer", "/briefings/{briefing}/", BRIEFER),
    Page("api briefings: member", "/api/v1/briefings/", MEMBER),
    Page("api briefings: officer", "/api/v1/briefings/", BRIEFER),
    Page("api briefings: approver", "/api/v1/briefings/", CHIEF_EXECUTIVE),
    Page("api briefing offers: member", "/api/v1/briefings/offers/", MEMBER),
    Page("api briefing offers: member of no group", "/api/v1/briefings/offers/", NO_GROUP),
    Page("api briefing notices: member", "/api/v1/briefings/notices/", MEMBER),
    Page("api briefing with many events: member", "/api/v1/briefings/{briefing}/", MEMBER),
    Page("api briefing record with many attributions: member", "/api/v1/briefings/{briefing}/record", MEMBER),
    # Complaints and relationships (CMP-*, REL-*).
    Page("complaints: complainant", "/complaints/", MEMBER),
    Page("complaints: handler", "/complaints/", BRIEFER),
    Page("complaints: person complained about", "/complaints/", SUBJECT),
    Page("complaints: Monitoring Officer", "/complaints/", MONITORING_OFFICER),
    Page("complaint with many events: complainant", "/complaints/{complaint}/", MEMBER),
    Page("complaint with many events: handler", "/complaints/{complaint}/", BRIEFER),
    Page("relationships: member", "/relationships/", DECLARER),
    Page("relationships: register", "/relationships/register/", MONITORING_OFFICER),
    Page("api complaints: complainant", "/api/v1/complaints/", MEMBER),
    Page("api complaints: handler", "/api/v1/complaints/", BRIEFER),
    Page("api complaints: Monitoring Officer", "/api/v1/complaints/", MONITORING_OFFICER),
    Page("api complaint with many events: complainant", "/api/v1/complaints/{complaint}/", MEMBER),
    Page("api relationships: member", "/api/v1/relationships/", DECLARER),
    Page("api relationships: register", "/api/v1/relationships/register", MONITORING_OFFICER),
    # The Monitoring Officer's oversight pages (issue 7).
    Page("oversight: dashboard (late work, awaiting)", "/oversight/", MONITORING_OFFICER),
    Page("oversight: statistics", "/oversight/statistics/", MONITORING_OFFICER),
    Page("oversight: audit search", "/oversight/audit/", MONITORING_OFFICER),
    Page("oversight: audit search, reads", "/oversight/audit/?kind=reads", MONITORING_OFFICER),
    Page("oversight: staff access", "/oversight/access/", MONITORING_OFFICER),
    # The admin, read-only for the Monitoring Officer: the changelists of what grows.
    Page("admin: documents", "/admin/requests_app/document/", MONITORING_OFFICER),
    Page("admin: access requests", "/admin/requests_app/accessrequest/", MONITORING_OFFICER),
    Page("admin: enquiries", "/admin/enquiries/enquiry/", MONITORING_OFFICER),
    Page("admin: briefings", "/admin/briefings/briefing/", MONITORING_OFFICER),
    Page("admin: clocks", "/admin/deadlines/deadline/", MONITORING_OFFICER),
    Page("admin: audit events", "/admin/audit/auditevent/", MONITORING_OFFICER),
    Page("admin: declared relationships", "/admin/complaints/declaredrelationship/", MONITORING_OFFICER),
)

# Every other named route, and why it has no row in the table: a new route must be put in PAGES or here.
NOT_LISTS = {
    "sign-in": "a form",
    "sign-out": "a form post",
    "api-me": "one person, no rows",
    "api-calendar-due-date": "a calculation, no rows",
    "api-schema": "the OpenAPI schema",
    "api-docs": "the API's documentation",
    "requests_app:document-request": "a form post",
    "requests_app:document-read": "one document's text, no rows",
    "requests_app:request-dispute": "a form post",
    "requests_app:request-determine": "a form post",
    "requests_app:request-refer": "a form post",
    "requests_app:request-revoke": "a form post",
    "api-document": "one document, no rows",
    "api-document-content": "one document's text, no rows",
    "api-access-request-determination": "a post",
    "api-access-request-refer": "a post",
    "api-access-request-dispute": "a post",
    "enquiries:enquiry-new": "a form (its lists are the council's departments and wards)",
    "enquiries:enquiry-assign": "a form post",
    "enquiries:enquiry-route": "a form post",
    "enquiries:enquiry-holding-reply": "a form post",
    "enquiries:enquiry-respond": "a form post",
    "enquiries:enquiry-decline": "a form post",
    "enquiries:enquiry-guidance": "a form post",
    "api-enquiry-assign": "a post",
    "api-enquiry-route": "a post",
    "api-enquiry-holding-reply": "a post",
    "api-enquiry-response": "a post",
    "api-enquiry-decline": "a post",
    "api-enquiry-guidance": "a post",
    "briefings:briefing-new": "a form (its lists are the council's departments and meetings)",
    "briefings:offer-respond": "a form post",
    "briefings:notice": "one notice, no rows",
    "briefings:notice-report": "a form post",
    "briefings:briefing-approve": "a form post",
    "briefings:briefing-reject": "a form post",
    "briefings:briefing-nominate": "a form post",
    "briefings:briefing-decline": "a form post",
    "briefings:briefing-deliver": "a form post",
    "briefings:record-write": "a form post",
    "briefings:record-attribute": "a form post",
    "briefings:attribution-verify": "a form post",
    "briefings:record-final": "a form post",
    "api-briefing-offer-respond": "a post",
    "api-briefing-notice": "one notice, no rows",
    "api-briefing-notice-report": "a post",
    "api-briefing-approve": "a post",
    "api-briefing-reject": "a post",
    "api-briefing-nominate": "a post",
    "api-briefing-decline": "a post",
    "api-briefing-deliver": "a post",
    "api-briefing-record-attributions": "a post (the attributions are listed by api-briefing-record)",
    "api-briefing-attribution-verify": "a post",
    "api-briefing-record-final": "a post",
    "complaints:complaint-new": "a form (its lists are the council's members and officers)",
    "complaints:complaint-acknowledge": "a form post",
    "complaints:complaint-assess": "a form post",
    "complaints:complaint-notify-subject": "a form post",
    "complaints:complaint-escalate": "a form post",
    "complaints:complaint-outcome": "a form post",
    "complaints:complaint-independent-person": "a form post",
    "complaints:complaint-decide": "a form post",
    "complaints:relationship-withdraw": "a form post",
    "api-complaint-acknowledge": "a post",
    "api-complaint-assess": "a post",
    "api-complaint-notify-subject": "a post",
    "api-complaint-escalate": "a post",
    "api-complaint-outcome": "a post",
    "api-complaint-independent-person": "a post",
    "api-complaint-decision": "a post",
    "api-relationship-withdraw": "a post",
    "oversight:audit-verify": "a form post",
    "oversight:access-withdraw": "a form post",
}


# Counting -------------------------------------------------------------------------------------------------

class PageFailed(AssertionError):
    """A page or API list answered something other than 200: its count would mean nothing."""


class Visitors:
    """A signed-in test client per person: a session for pages, a token for the API (rest_framework.authtoken)."""

    def __init__(self):
        self._clients = {}

    def client(self, page):
        key = (page.person, page.api)
        if key not in self._clients:
            from django.test import Client
            from rest_framework.authtoken.models import Token
            from rest_framework.test import APIClient

            from protocol_portal.council.models import User

            user = User.objects.get(username=page.person)
            if page.api:
                client = APIClient()
                client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
            else:
                client = Client()
                client.force_login(user)
            self._clients[key] = client
        return self._clients[key]


def run_queries(pages, rows, visitors, *, warm=True, seconds=None):
    """Return {page name: [SQL of each query]} for one request to each page, every one answering 200; after one
    request to warm caches (the content types, the session's first use) unless ``warm`` is False, for pages
    already requested once. ``seconds``, a dict, is given each request's time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ran = {}
    for page in pages:
        client = visitors.client(page)
        url = page.url.format(**rows.ids)
        if warm:
            client.get(url)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if seconds is not None:
            seconds[page.name] = time.perf_counter() - started
        if response.status_code != 200:
            raise PageFailed(f"{page.name}: GET {url} as {page.person} answered {response.status_code}, not 200")
        ran[page.name] = [query["sql"] for query in queries.captured_queries]
    return ran


def count_queries(pages, rows, visitors, *, warm=True, seconds=None):
    """Return {page name: number of queries} (see ``run_queries``)."""
    ran = run_queries(pages, rows, visitors, warm=warm, seconds=seconds)
    return {name: len(queries) for name, queries in ran.items()}


def vendor():
    """Return the database's vendor as the table keys it: "postgresql" or "sqlite"."""
    from django.db import connection

    return connection.vendor
