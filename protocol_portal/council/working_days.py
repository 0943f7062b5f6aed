"""Counting days the way councils count them (WD-WORKING, WD-COUNT, WD-CLEAR).

Pure: no database, no settings, no clock. Callers build a ``CouncilCalendar`` from the council's
record (``protocol_portal.council.selectors.council_calendar``) and pass dates in.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")

# WD-WORKING: never the whole-UK "GB" calendar without a subdivision, which drops Easter Monday
# and the August bank holiday for England.
SUBDIVISION_FOR = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}


class DayKind:
    WORKING = "working"
    CALENDAR = "calendar"
    CLEAR = "clear"
    ALL = (WORKING, CALENDAR, CLEAR)


@lru_cache(maxsize=64)
def _bank_holidays(subdivision, year):
    return dict(holidays.country_holidays("GB", subdiv=subdivision, years=year).items())


@dataclass(frozen=True)
class SkippedDay:
    date: date
    reason: str


@dataclass(frozen=True)
class DueDate:
    start: date
    days: int
    kind: str
    due: date
    skipped: tuple = ()


@dataclass(frozen=True)
class CouncilCalendar:
    """A council's working calendar: its nation's bank holidays and its own closure days."""

    bank_holidays: str = "england-and-wales"
    closure_days: frozenset = field(default_factory=frozenset)
    clear_days_exclude_non_working: bool = True

    def __post_init__(self):
        if self.bank_holidays not in SUBDIVISION_FOR:
            raise ValueError(f"Unknown bank holiday calendar {self.bank_holidays!r}.")

    def non_working_reason(self, day):
        """Return why ``day`` is not a working day, or None if it is one (WD-WORKING)."""
        if day.weekday() == 5:
            return "Saturday"
        if day.weekday() == 6:
            return "Sunday"
        holiday = _bank_holidays(SUBDIVISION_FOR[self.bank_holidays], day.year).get(day)
        if holiday:
            return f"Bank holiday: {holiday}"
        if day in self.closure_days:
            return "Council closure day"
        return None

    def is_working_day(self, day):
        return self.non_working_reason(day) is None

    def next_working_day(self, day):
        """Return the first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


def due_date(calendar, start, days, kind=DayKind.WORKING):
    """Return when something is due ``days`` days of ``kind`` after ``start``, with the days skipped.

    WD-COUNT: the day of ``start`` never counts; day 1 is the first working day after it.
    WD-CLEAR: clear days exclude both the start and the due day, so the due day is the day after
    the last clear day (the next working day, when clear days count only working days).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    skipped = []

    def walk_working(day, remaining):
        while remaining:
            day += timedelta(days=1)
            reason = calendar.non_working_reason(day)
            if reason:
                skipped.append(SkippedDay(day, reason))
            else:
                remaining -= 1
        return day

    if kind == DayKind.WORKING:
        due = walk_working(start, days)
    elif kind == DayKind.CALENDAR:
        due = start + timedelta(days=days)
    elif kind == DayKind.CLEAR:
        if calendar.clear_days_exclude_non_working:
            due = walk_working(walk_working(start, days), 1)
        else:
            due = start + timedelta(days=days + 1)
    else:
        raise ValueError(f"Unknown kind of day {kind!r}; use one of {', '.join(DayKind.ALL)}.")
    return DueDate(start=start, days=days, kind=kind, due=due, skipped=tuple(skipped))


def working_days_between(calendar, start, end):
    """Return how many working days fall after ``start`` up to and including ``end``."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def working_days_before(calendar, day, days):
    """Return the working day ``days`` working days before ``day`` (ENQ-REMIND counts back this way)."""
    while days:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    return day


def start_of_day(day):
    """Return the first moment of ``day`` in Europe/London."""
    return datetime.combine(day, time(0, 0), tzinfo=LONDON)


def end_of_day(day):
    """Return the last second of ``day`` in Europe/London: when a deadline on that day passes (WD-COUNT)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=LONDON)

