"""Two people acting at the same moment, on PostgreSQL: row locks make each change happen once.

Runs where CI sets DATABASE_URL to PostgreSQL (SQLite serialises every write, so proves nothing).
"""
import os
import threading

import pytest
from django.db import connection, connections

from protocol_portal.audit.actions import record_event
from protocol_portal.audit.models import AuditEvent
from protocol_portal.audit.selectors import verify_chain
from protocol_portal.council.errors import Conflict
from protocol_portal.council.models import User
from requests_app import actions
from requests_app.models import AccessStatus, Document

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(connection.vendor != "postgresql" and not os.environ.get("PORTAL_REQUIRE_SERVICES"),
                       reason="needs DATABASE_URL=postgres://… (set by .ci/run)"),
]


def _at_once(*functions):
    """Run the functions in threads released together; return each one's result or exception."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(i, function):
        try:
            barrier.wait()
            results[i] = function()
        except Exception as exc:  # the outcome under test, whatever it is
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_simultaneous_determinations_act_once(riverside_committed):
    """ACC-DETERMINE: two clicks at once (or two officers) cannot both decide; the second gets 409."""
    assert connection.vendor == "postgresql"
    nolan, osei = User.objects.get(username="cllr.nolan"), User.objects.get(username="h.osei")
    request = actions.access_request_create(acting_user=nolan, document=Document.objects.get(ref="DOC-0014"),
                                            justification="I am the ward member and residents raised it with me.")

    def refuse():
        return actions.access_request_determine(acting_user=osei, access_request=request, decision="refuse",
                                                reasons="Operational data only.")

    def grant():
        return actions.access_request_determine(acting_user=osei, access_request=request, decision="grant")

    outcomes = _at_once(refuse, grant)
    assert sorted(type(o).__name__ for o in outcomes) == ["AccessRequest", "Conflict"], outcomes
    assert any(isinstance(o, Conflict) for o in outcomes)
    request.refresh_from_db()
    decided = [e.verb for e in AuditEvent.objects.filter(target_type="requests_app.accessrequest", target_id=str(request.pk))]
    assert len([v for v in decided if v.startswith("access_request.determined")]) == 1
    assert request.status in (AccessStatus.GRANTED, AccessStatus.REFUSED)
    assert verify_chain().intact


def test_concurrent_appends_keep_one_unbroken_chain(riverside_committed):
    """AUD-CHAIN: writers in parallel transactions queue on the chain head; no two chain from one event."""
    from django.db import transaction

    def append_many(tag):
        def append():
            for i in range(15):
                with transaction.atomic():
                    record_event(acting_user=None, verb=f"test.concurrent_{tag}", target_type="test", target_id=i)
            return tag
        return append

    assert _at_once(append_many("a"), append_many("b"), append_many("c")) == ["a", "b", "c"]
    assert AuditEvent.objects.filter(verb__startswith="test.concurrent_").count() == 45
    report = verify_chain()
    assert report.intact, report.problem


@pytest.fixture
def riverside_committed(transactional_db):
    """Riverside, committed, so that other threads' connections see it."""
    from protocol_portal.council.models import Council
    from tests.conftest import import_riverside

    if not Council.objects.exists():
        import_riverside()


@pytest.mark.django_db
def test_postgresql_jit_is_off_for_the_portals_short_queries():
    """Issue 8: the JIT compiler spent 1-2 s compiling a 50 ms list query; settings turn it off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_double_click_at_the_same_moment_makes_one_enquiry(riverside_committed):
    """Issue 9: the same form sent twice at once (two requests racing, on PostgreSQL): the member's row lock
    makes the second wait for the first and find its enquiry; one enquiry, one clock, one audit event."""
    import uuid

    from django.test import Client

    from protocol_portal.deadlines.models import Deadline
    from requests_app.enquiries.models import Enquiry

    assert connection.vendor == "postgresql"
    gordon = User.objects.get(username="cllr.gordon")
    key = str(uuid.uuid4())
    form = {"subject": "Fly-tipping on Canal Path", "question": "How often is Canal Path cleared?",
            "department": "ENV", "submission": key}
    before = (Enquiry.objects.count(), Deadline.objects.count(), AuditEvent.objects.count())

    def click():
        client = Client()
        client.force_login(gordon)
        return client.post("/enquiries/new/", form)

    answers = _at_once(click, click, click)
    assert [a.status_code for a in answers] == [302, 302, 302], answers
    assert len({a["Location"] for a in answers}) == 1
    assert Enquiry.objects.filter(submission_key=key).count() == 1
    assert (Enquiry.objects.count(), Deadline.objects.count(), AuditEvent.objects.count()) == (
        before[0] + 1, before[1] + 1, before[2] + 1)
    assert verify_chain().intact
