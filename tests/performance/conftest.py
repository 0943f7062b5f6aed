"""Every page of tests/performance/pages.py, counted once for the whole folder at two sizes."""
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Measured:
    """The SQL each page ran at the test's two sizes, on one database vendor."""

    vendor: str
    small: dict
    large: dict


@pytest.fixture(scope="package")
def measured(django_db_setup, django_db_blocker):
    """Grow the rows to TEST_SMALL and count every page, grow them to TEST_LARGE and count again; all in one
    transaction, rolled back, so the other tests' Riverside is untouched. A page not answering 200 fails here."""
    from django.db import transaction

    from protocol_portal.council.models import Council
    from tests.conftest import import_riverside

    from .pages import PAGES, TEST_LARGE, TEST_SMALL, Visitors, run_queries, vendor
    from .rows import Rows

    with django_db_blocker.unblock(), transaction.atomic():
        if not Council.objects.exists():  # a transactional test elsewhere flushed it
            import_riverside()
        rows, visitors = Rows().grow(TEST_SMALL), Visitors()
        small = run_queries(PAGES, rows, visitors)
        rows.grow(TEST_LARGE - TEST_SMALL)
        large = run_queries(PAGES, rows, visitors, warm=False)
        transaction.set_rollback(True)
    return Measured(vendor=vendor(), small=small, large=large)
