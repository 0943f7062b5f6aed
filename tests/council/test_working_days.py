"""WD-WORKING, WD-COUNT, WD-CLEAR: the calendar module is pure, so these need no database."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol_portal.council.working_days import (
    CouncilCalendar,
    DayKind,
    due_date,
    end_of_day,
    working_days_between,
)

ENGLAND = CouncilCalendar()


@pytest.mark.parametrize(
    "start, expected",
    [
        (date(2025, 12, 19), date(2026, 1, 7)),
        (date(2026, 12, 18), date(2027, 1, 6)),
        (date(2027, 3, 24), date(2027, 4, 9)),
    ],
)
def test_wd_count_vectors_from_the_issue(start, expected):
    """WD-COUNT: 10 working days over Christmas and Easter land where a council officer would count."""
    assert due_date(ENGLAND, start, 10).due == expected


def test_wd_count_start_day_does_not_count():
    """WD-COUNT: one working day after a Monday is the Tuesday."""
    assert due_date(ENGLAND, date(2026, 11, 23), 1).due == date(2026, 11, 24)


def test_wd_working_skips_and_explains_each_day():
    """WD-WORKING: every skipped day is listed with its reason."""
    result = due_date(ENGLAND, date(2026, 12, 18), 10)
    reasons = {d.date: d.reason for d in result.skipped}
    assert reasons[date(2026, 12, 19)] == "Saturday"
    assert reasons[date(2026, 12, 20)] == "Sunday"
    assert reasons[date(2026, 12, 25)] == "Bank holiday: Christmas Day"
    assert reasons[date(2026, 12, 28)].startswith("Bank holiday: Boxing Day")
    assert reasons[date(2027, 1, 1)] == "Bank holiday: New Year's Day"
    assert len(result.skipped) == 9  # three weekends (six days) and three bank holidays


def test_wd_working_uses_the_english_subdivision_not_bare_gb():
    """WD-WORKING: Easter Monday and the August bank holiday are holidays in England."""
    assert not ENGLAND.is_working_day(date(2027, 3, 29))  # Easter Monday
    assert not ENGLAND.is_working_day(date(2026, 8, 31))  # Summer bank holiday


def test_wd_working_scotland_differs():
    """WD-WORKING: Scotland keeps 2 January and St Andrew's Day, not Easter Monday."""
    scotland = CouncilCalendar(bank_holidays="scotland")
    assert not scotland.is_working_day(date(2026, 1, 2))
    assert scotland.is_working_day(date(2027, 3, 29))
    assert not scotland.is_working_day(date(2026, 11, 30))
    assert ENGLAND.is_working_day(date(2026, 11, 30))


def test_wd_working_counts_closure_days():
    """WD-WORKING: a council's own closure days are not working days."""
    closed = CouncilCalendar(closure_days=frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)}))
    result = due_date(closed, date(2026, 12, 18), 10)
    assert result.due == date(2027, 1, 11)
    assert [d.reason for d in result.skipped if d.date == date(2026, 12, 29)] == ["Council closure day"]


def test_calendar_days_are_plain_days():
    result = due_date(ENGLAND, date(2026, 12, 18), 10, DayKind.CALENDAR)
    assert result.due == date(2026, 12, 28)
    assert result.skipped == ()


def test_wd_clear_excludes_the_event_day_and_the_due_day():
    """WD-CLEAR: 5 clear working days after Monday 23 Nov 2026 are Tue–Mon; due the Tuesday after."""
    assert due_date(ENGLAND, date(2026, 11, 23), 5, DayKind.CLEAR).due == date(2026, 12, 1)


def test_wd_clear_in_calendar_days_when_the_council_counts_every_day():
    """WD-CLEAR with clear_days_exclude_non_working false: 5 clear days after the 23rd are 24th–28th."""
    every_day = CouncilCalendar(clear_days_exclude_non_working=False)
    assert due_date(every_day, date(2026, 11, 23), 5, DayKind.CLEAR).due == date(2026, 11, 29)


def test_wd_count_deadline_is_the_end_of_the_day_in_london():
    """WD-COUNT: the deadline is 23:59:59 Europe/London, in winter and in summer time."""
    assert end_of_day(date(2026, 12, 1)) == datetime(2026, 12, 1, 23, 59, 59, tzinfo=ZoneInfo("Europe/London"))
    assert end_of_day(date(2026, 7, 1)).utcoffset() == timedelta(hours=1)


def test_unknown_kind_and_negative_days_are_refused():
    with pytest.raises(ValueError, match="Unknown kind"):
        due_date(ENGLAND, date(2026, 1, 5), 3, "fortnightly")
    with pytest.raises(ValueError):
        due_date(ENGLAND, date(2026, 1, 5), -1)


starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=1, max_value=60)
calendars = st.sampled_from(
    [ENGLAND, CouncilCalendar(bank_holidays="scotland"), CouncilCalendar(bank_holidays="northern-ireland"),
     CouncilCalendar(closure_days=frozenset({date(2026, 12, 29), date(2027, 12, 29)}))]
)


@settings(max_examples=300, deadline=None)
@given(calendars, starts, counts)
def test_property_due_date_is_a_working_day(calendar, start, days):
    """WD-COUNT property: the due date is always a working day."""
    assert calendar.is_working_day(due_date(calendar, start, days).due)


@settings(max_examples=300, deadline=None)
@given(calendars, starts, st.integers(min_value=1, max_value=20), counts)
def test_property_later_start_is_never_due_earlier(calendar, start, later_by, days):
    """WD-COUNT property: a later start never gives an earlier due date."""
    later = start + timedelta(days=later_by)
    assert due_date(calendar, later, days).due >= due_date(calendar, start, days).due


@settings(max_examples=300, deadline=None)
@given(calendars, starts, counts)
def test_property_exactly_n_working_days_between_start_and_due(calendar, start, days):
    """WD-COUNT property: exactly N working days fall after the start, up to and including the due date."""
    result = due_date(calendar, start, days)
    assert working_days_between(calendar, start, result.due) == days
    # and the skipped days are exactly the non-working days in between
    span = [start + timedelta(days=i) for i in range(1, (result.due - start).days + 1)]
    assert [d.date for d in result.skipped] == [d for d in span if not calendar.is_working_day(d)]
