"""When a clock's reminder and escalations fall due, and who is told: pure, no database, no clock."""
from dataclasses import dataclass

from protocol_portal.council.working_days import (
    DayKind,
    due_date,
    end_of_day,
    start_of_day,
    working_days_before,
)


@dataclass(frozen=True)
class ClockMoments:
    target_at: object
    remind_at: object
    second_at: object


def clock_moments(calendar, target_day, *, reminder_days_before, second_escalation_days):
    """Return when a clock with target ``target_day`` passes, reminds and reaches level 2.

    ENQ-REMIND: the reminder falls at the start of the working day ``reminder_days_before`` working
    days before the target. WD-COUNT: the target passes at the end of its day. ENQ-ESCALATE: level 2
    is ``second_escalation_days`` working days after the target day, at the end of that day.
    """
    return ClockMoments(
        target_at=end_of_day(target_day),
        remind_at=start_of_day(working_days_before(calendar, target_day, reminder_days_before)),
        second_at=end_of_day(due_date(calendar, target_day, second_escalation_days, DayKind.WORKING).due),
    )


def first_free_recipient(candidates, *, related_user_ids, assignee_id=None):
    """Return the first candidate who may be told: present, active, not related to the member
    (REL-CONFLICT), and not the officer the escalation is about; or None."""
    seen = set()
    for officer in candidates:
        if officer is None or officer.pk in seen:
            continue
        seen.add(officer.pk)
        if not officer.is_active or officer.user_id in related_user_ids or officer.pk == assignee_id:
            continue
        return officer
    return None
