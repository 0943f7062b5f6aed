"""Helpers for briefing tests: briefings asked for, approved and given through the real actions."""
from datetime import date

import pytest

from tests.enquiries.conftest import london

# Monday 23 November 2026, 10:00.
ASKED = london(2026, 11, 23, 10)
ON = date(2026, 12, 10)


@pytest.fixture
def request_briefing(person):
    """Return a function asking for a briefing as a member (by username) through ``briefing_request``."""
    from requests_app.briefings.actions import briefing_request

    def send(username="cllr.gordon", *, now=ASKED, subject="The draft local plan",
             question="What does the draft local plan mean for housing numbers?", department="PLAN",
             requested_date=ON, **kwargs):
        return briefing_request(acting_user=person(username), subject=subject, question=question,
                                department=department, requested_date=requested_date, now=now, **kwargs)

    return send


@pytest.fixture
def approved(person, request_briefing):
    """Return a function giving a briefing asked for by ``by`` and approved by the Chief Executive."""
    from requests_app.briefings.actions import briefing_approve

    def make(by="cllr.gordon", *, officer="h.patel", reason="", now=ASKED, **kwargs):
        briefing = request_briefing(by, now=now, **kwargs)
        return briefing_approve(acting_user=person("c.wright"), briefing=briefing, officer=officer, reason=reason,
                                now=now)

    return make


@pytest.fixture
def delivered(person, approved):
    """Return a function giving a briefing approved and then given by its officer."""
    from requests_app.briefings.actions import briefing_deliver

    def make(by="cllr.gordon", *, advice="Housing numbers rise to 9,000 over the plan period.", report="",
             now=ASKED, **kwargs):
        briefing = approved(by, now=now, **kwargs)
        return briefing_deliver(acting_user=person(briefing.attending_officer.user.username), briefing=briefing,
                                advice=advice, report=report, now=now)

    return make
