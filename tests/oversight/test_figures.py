"""Every figure on the Monitoring Officer's dashboard and statistics, checked against the hand-counted council year
in conftest.py (issue 7), and each computed in a constant number of queries."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from officers.models import Department
from protocol_portal.oversight import selectors
from protocol_portal.oversight.policy import bar_chart, percentile, share
from protocol_portal.oversight.selectors import Filters

from .conftest import DECEMBER, NOVEMBER

pytestmark = pytest.mark.django_db
ALL = Filters()


def test_percentile_is_nearest_rank_on_counts():
    assert percentile({1: 1, 2: 1, 12: 1}, 0.5) == 2
    assert percentile({1: 1, 2: 1, 12: 1}, 0.9) == 12
    assert percentile({3: 9, 40: 1}, 0.9) == 3   # the 9th of 10
    assert percentile({3: 8, 40: 2}, 0.9) == 40
    assert percentile({}, 0.5) is None


def test_share_and_chart_geometry():
    assert (share(1, 2), share(2, 3), share(0, 0)) == (50, 67, None)
    bars, height = bar_chart([("ENV", 50), ("PLAN", 100), ("FIN", 0)], width=640, label_width=220)
    assert [b.width for b in bars] == [180.0, 360.0, 0] and height == 3 * 28 + 2 * 10
    assert [b.text for b in bars] == ["50", "100", "0"]


def test_enquiries_answered_in_time_by_department_and_month(council_year):
    assert selectors.enquiries_in_time(ALL) == [
        {"department": "Environment and Waste", "month": NOVEMBER, "answered": 2, "in_time": 1, "share": 50},
        {"department": "Environment and Waste", "month": DECEMBER, "answered": 1, "in_time": 1, "share": 100},
        {"department": "Planning and Building Control", "month": NOVEMBER, "answered": 1, "in_time": 1, "share": 100},
    ]


def test_median_and_90th_percentile_response_times_in_working_days(council_year):
    assert selectors.response_times(ALL) == [
        {"department": "Environment and Waste", "answered": 3, "median": 2, "p90": 12},
        {"department": "Planning and Building Control", "answered": 1, "median": 5, "p90": 5},
        {"department": "Whole council", "answered": 4, "median": 2, "p90": 12},
    ]


def test_filters_by_date_range_and_department(council_year):
    december = Filters(start=date(2026, 12, 1), end=date(2026, 12, 31))
    in_december = [(r["department"], r["answered"]) for r in selectors.enquiries_in_time(december)]
    assert in_december == [("Environment and Waste", 1)]
    planning = Filters(department=Department.objects.get(code="PLAN"))
    assert selectors.response_times(planning)[-1] == {"department": "Whole council", "answered": 1, "median": 5,
                                                      "p90": 5}
    assert sum(n for _, n in selectors.access_by_outcome(planning)) == 0  # no request for a planning document


def test_access_requests_by_outcome_and_rule(council_year):
    assert selectors.access_by_outcome(ALL) == [("Granted", 3), ("Refused", 1), ("Referred", 0), ("Disputed", 1)]
    assert selectors.access_by_rule(ALL) == [("ACC-NEED-TO-KNOW", 3), ("ACC-BODY", 1), ("ACC-PUBLIC", 1)]


def test_disputes_upheld_and_overturned(council_year):
    assert selectors.disputes(ALL) == {"upheld": 1, "overturned": 1, "open": 1}


def test_complaints_by_category_and_outcome(council_year):
    assert selectors.complaints_by_category_and_outcome(ALL) == [
        {"category": "Conduct", "outcomes": {"Resolved by the handler": 1}, "undecided": 0, "total": 1},
        {"category": "Breach of the Member/Officer Protocol", "outcomes": {}, "undecided": 0, "total": 0},
        {"category": "Bullying or harassment", "outcomes": {"No further action": 1}, "undecided": 0, "total": 1},
        {"category": "Service", "outcomes": {}, "undecided": 1, "total": 1},
    ]


def test_dashboard_what_waits_for_the_monitoring_officer_and_what_is_late(council_year):
    now = council_year
    waiting = list(selectors.awaiting_monitoring_officer())
    assert [(r.member.user.username, r.status, r.assigned_to.user.username) for r in waiting] == [
        ("cllr.kaur", "disputed", "h.shah")]
    assert dict(selectors.complaints_by_stage())["Received: awaiting acknowledgement"] == 1
    assert dict(selectors.complaints_by_stage())["Closed"] == 2
    # The open dispute's clock runs in the Monitoring Officer's department, where the dispute now is.
    assert selectors.late_work_by_department(now) == [
        {"department": "Environment and Waste", "enquiries": 1, "determinations": 0, "escalated": 1},
        {"department": "Legal and Democratic Services", "enquiries": 0, "determinations": 1, "escalated": 1}]
    assert [d.clock for d in selectors.late_work(now)] == ["enquiry.response", "access_request.dispute"]


def test_every_figure_takes_the_same_queries_however_many_rows(council_year, person):
    """Aggregates in the database: doubling the rows changes no query count."""
    def count_all():
        counts = []
        for figure in (selectors.enquiries_in_time, selectors.response_times, selectors.access_by_outcome,
                       selectors.access_by_rule, selectors.disputes, selectors.complaints_by_category_and_outcome):
            with CaptureQueriesContext(connection) as queries:
                figure(ALL)
            counts.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            list(selectors.awaiting_monitoring_officer())
            selectors.complaints_by_stage()
            selectors.late_work_by_department(council_year)
        return counts + [len(queries)]

    before = count_all()
    from requests_app.enquiries.actions import enquiry_assign, enquiry_create, enquiry_respond
    from tests.enquiries.conftest import london
    for day in range(1, 6):
        made = enquiry_create(acting_user=person("cllr.das"), subject="More", question="More.", department="FIN",
                              now=london(2026, 10, day, 10))
        enquiry_assign(acting_user=person("h.grant"), enquiry=made, officer="h.grant", now=london(2026, 10, day, 10))
        enquiry_respond(acting_user=person("h.grant"), enquiry=made, text="Done.", now=london(2026, 10, day + 3, 10))
    assert count_all() == before
    assert before == [1, 1, 1, 1, 1, 1, 4]


def test_audit_search_finds_who_read_which_document_and_every_decision_on_a_request(council_year, person):
    from requests_app.actions import document_open
    from requests_app.selectors import document_for

    document = document_for(person("cllr.byrne"), "DOC-0003", today=date(2026, 12, 8))
    document_open(acting_user=person("cllr.byrne"), document=document)
    mo = person("h.shah")
    reads = list(selectors.audit_search(selectors.AuditQuery(kind="reads"), user=mo))
    assert [(e.actor_username, e.data["ref"]) for e in reads] == [("cllr.byrne", "DOC-0003")]
    decisions = selectors.audit_search(selectors.AuditQuery(kind="requests", actor="h.shah"), user=mo)
    assert sorted(e.verb for e in decisions) == ["access_request.dispute_overturned", "access_request.dispute_upheld"]
    assert not selectors.audit_search(selectors.AuditQuery(kind="reads", start=date(2027, 1, 1)), user=mo).exists()
    on_the_document = selectors.audit_search(selectors.AuditQuery(kind="requests", target="DOC-0014"), user=mo)
    assert on_the_document.filter(verb="access_request.referred").count() == 3  # asked for by three members


def test_only_the_monitoring_officer_the_deputy_and_authorised_staff_may_oversee(person):
    from protocol_portal.council.errors import Conflict, NotFound
    from protocol_portal.oversight.actions import oversight_grant, oversight_revoke

    assert [selectors.may_oversee(person(u)) for u in ("h.shah", "s.evans", "o.forde", "c.wright", "cllr.ahmed")] == [
        True, True, False, False, False]
    with pytest.raises(NotFound):
        oversight_grant(acting_user=person("c.wright"), username="o.forde")
    grant = oversight_grant(acting_user=person("h.shah"), username="o.forde")
    assert selectors.may_oversee(person("o.forde"))
    with pytest.raises(Conflict):
        oversight_grant(acting_user=person("s.evans"), username="o.forde")
    oversight_revoke(acting_user=person("s.evans"), grant=grant)
    assert not selectors.may_oversee(person("o.forde"))
