"""Helpers for complaint tests: complaints raised through the real action."""
import pytest

from tests.enquiries.conftest import london

# Monday 23 November 2026, 10:00: 5 working days on is 30 November, 20 is 21 December (CMP-TIMES).
RAISED = london(2026, 11, 23, 10)


@pytest.fixture
def complain(person):
    """Return a function raising a complaint as ``by`` about ``about`` through ``complaint_raise``."""
    from complaints.actions import complaint_raise

    def raise_it(by, about, *, category="conduct", details="Shouted at me in the corridor after Cabinet.",
                 formal=False, now=RAISED):
        return complaint_raise(acting_user=person(by), about=about, category=category, details=details,
                               formal=formal, now=now)

    return raise_it


@pytest.fixture
def declare(person):
    from complaints.actions import relationship_declare

    def between(a, b, kind="personal", now=RAISED):
        return relationship_declare(acting_user=person(a), other=b, kind=kind, now=now)

    return between
