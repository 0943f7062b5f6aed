"""Queries per page (issue 8, STYLE.md habit 4): every list page and API list runs the same number of
queries at a few rows and at a few dozen, and that number is the committed table's
(benchmarks/query_counts.json); the benchmark, benchmarks/query_counts.py, runs the same list at 10,000.
"""
import uuid
from urllib.parse import urlsplit

import pytest
from django.urls import get_resolver, resolve

from benchmarks.query_counts import expected, read_table

from .pages import NOT_LISTS, PAGES, TEST_LARGE, TEST_SMALL

UPDATE = ("If the new count is intended, write the table again: python benchmarks/query_counts.py --update "
          "(PostgreSQL and SQLite; add --rows-large 100 for a quick run).")
NAMES = [page.name for page in PAGES]
BY_NAME = {page.name: page for page in PAGES}


def _where(page):
    return f"{page.name!r} (GET {page.url} as {page.person})"


def _listing(queries):
    return "\n".join(f"  {number}. {sql[:300]}" for number, sql in enumerate(queries, 1))


# The marker makes pytest-django create the test database, which ``measured`` uses outside any one test.
@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_the_count_does_not_grow_with_rows(measured, name):
    small, large = measured.small[name], measured.large[name]
    assert len(small) == len(large), (
        f"{_where(BY_NAME[name])} ran {len(small)} queries at {TEST_SMALL} rows of everything and {len(large)} at "
        f"{TEST_LARGE} on {measured.vendor}: its queries grow with the rows (an N+1). Load what each row shows "
        f"with select_related, prefetch_related or an annotation in the selector. The queries at {TEST_LARGE}:\n"
        f"{_listing(large)}")


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_the_count_is_the_committed_one(measured, name):
    committed = expected(read_table(), name, measured.vendor)
    ran = len(measured.large[name])
    assert committed is not None, f"{_where(BY_NAME[name])} has no count in benchmarks/query_counts.json. {UPDATE}"
    assert ran == committed, (
        f"{_where(BY_NAME[name])} ran {ran} queries on {measured.vendor}; benchmarks/query_counts.json says "
        f"{committed}. {UPDATE} The queries:\n{_listing(measured.large[name])}")


def test_the_table_counts_exactly_the_pages_in_the_list():
    table = read_table()
    assert sorted(set(table) - set(NAMES)) == [], f"the table counts pages no longer in the list. {UPDATE}"
    assert sorted(set(NAMES) - set(table)) == [], f"pages in the list have no count in the table. {UPDATE}"
    assert len(set(NAMES)) == len(NAMES), "two pages share a name"


def _route(page):
    """Return the named route a page's URL resolves to (its ``{…}`` filled with ids of the right shape)."""
    url = page.url.format(document="DOC-0003", request=uuid.uuid4(), enquiry=uuid.uuid4(), briefing=uuid.uuid4(),
                          complaint=uuid.uuid4())
    return resolve(urlsplit(url).path)


@pytest.mark.parametrize("name", NAMES)
def test_every_page_in_the_list_still_resolves(name):
    match = _route(BY_NAME[name])
    assert match.url_name is not None, f"{_where(BY_NAME[name])} no longer resolves to a named route"


def _named_routes(patterns=None, namespace=""):
    """Yield the full name (``namespace:name``) of every named route outside the admin."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if hasattr(pattern, "url_patterns"):
            if pattern.namespace == "admin":
                continue  # the admin's changelists in the list are its own choice of what grows
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_routes(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_route_is_counted_or_said_not_to_be_a_list():
    """A new page or API list cannot be added without a count: each route is in the list or in NOT_LISTS."""
    counted = {_route(page).view_name for page in PAGES}
    routes = set(_named_routes())
    unclassified = sorted(routes - counted - set(NOT_LISTS))
    assert unclassified == [], (
        f"these routes are neither counted nor said not to be lists: {unclassified}. Add each list page or API list "
        "to PAGES in tests/performance/pages.py (with who views it and the rows it shows), or say in NOT_LISTS why it "
        f"is not a list. {UPDATE}")
    assert sorted(set(NOT_LISTS) - routes) == [], "NOT_LISTS names routes that no longer exist"
    assert sorted(set(NOT_LISTS) & counted) == [], "NOT_LISTS names routes that are counted"
