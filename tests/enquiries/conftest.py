"""Helpers for enquiry tests: London times, and enquiries made through the real actions."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


def london(year, month, day, hour=9, minute=0, second=0):
    return datetime(year, month, day, hour, minute, second, tzinfo=LONDON)


# Monday 23 November 2026, 10:00: ten working days on (WD-COUNT) is Monday 7 December.
RECEIVED = london(2026, 11, 23, 10)


@pytest.fixture
def ask(person):
    """Return a function that sends an enquiry as a member (by username) through ``enquiry_create``."""
    from requests_app.enquiries.actions import enquiry_create

    def send(username="cllr.gordon", *, now=RECEIVED, subject="Potholes on Mill Lane",
             question="When will the potholes on Mill Lane be repaired?", department="ENV", **kwargs):
        return enquiry_create(acting_user=person(username), subject=subject, question=question,
                              department=department, now=now, **kwargs)

    return send


@pytest.fixture
def assign(person):
    from requests_app.enquiries.actions import enquiry_assign

    def to(enquiry, officer, *, by="h.osei", now=RECEIVED):
        return enquiry_assign(acting_user=person(by), enquiry=enquiry, officer=officer, now=now)

    return to
