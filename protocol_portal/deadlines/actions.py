"""Starting, moving and closing clocks, and the sweep that reminds and escalates (ENQ-REMIND, ENQ-ESCALATE).

Habit 3 of STYLE.md: deadlines measured in days are stored when the clock starts and kept by a
periodic, set-based sweep; a unique (deadline, level) row makes each action happen exactly once.
"""
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from complaints.selectors import relationships_among
from officers.models import Officer
from officers.selectors import chief_executive as find_chief_executive
from protocol_portal.audit.actions import record_events
from protocol_portal.council.selectors import council_calendar, current_council
from protocol_portal.council.working_days import due_date
from protocol_portal.notify.actions import Message, notify_later

from .models import Clock, Deadline, DeadlineAction, Level
from .policy import clock_moments, first_free_recipient

BATCH_SIZE = 1000

# The rules each clock answers to, named on every reminder and escalation it causes.
CLOCK_RULES = {
    "enquiry.response": ["ENQ-DUE"],
    "access_request.determination": ["ACC-DETERMINE"],
    "access_request.dispute": ["ACC-DISPUTE"],
    "briefing.approval": ["BRF-APPROVE"],
    "complaint.acknowledgement": ["CMP-TIMES"],
    "complaint.assessment": ["CMP-TIMES"],
}


def _settings(council):
    if council is None:
        return {"days": 10, "kind": "working", "remind": 2, "second": 5}
    return {"days": council.enquiry_response_days, "kind": council.enquiry_day_kind,
            "remind": council.reminder_days_before, "second": council.second_escalation_days}


def _moments(council, target_day):
    values = _settings(council)
    return clock_moments(council_calendar(council), target_day, reminder_days_before=values["remind"],
                         second_escalation_days=values["second"])


def deadline_start(*, clock, item, title, path, department, member_user, assignee=None, now, days=None):
    """Start a clock for ``item`` (inside the caller's transaction) and return it.

    ENQ-DUE, WD-COUNT: due ``days`` (default: the council's enquiry response days) of the council's
    kind after the day it starts, at the end of that day; the due date is stored and never moved.
    """
    council = current_council()
    values = _settings(council)
    received = timezone.localdate(now)
    target_day = due_date(council_calendar(council), received, days or values["days"], values["kind"]).due
    moments = _moments(council, target_day)
    return Deadline.objects.create(
        clock=clock, item_type=item._meta.label_lower, item_id=item.pk, title=title[:300], path=path,
        department=department, member_user=member_user, assignee=assignee, started_at=now,
        due_at=moments.target_at, target_at=moments.target_at, remind_at=moments.remind_at,
        second_at=moments.second_at)


def deadline_move(deadline, *, target_day):
    """Move the target to ``target_day`` (ENQ-HOLDING, a holding reply sent in time)."""
    moments = _moments(current_council(), target_day)
    deadline.target_at, deadline.remind_at, deadline.second_at = moments.target_at, moments.remind_at, moments.second_at
    deadline.save(update_fields=["target_at", "remind_at", "second_at"])


def deadline_reassign(deadline, *, assignee, department=None):
    """Point the reminder at a new assignee and, if given, the escalation at a new department."""
    deadline.assignee = assignee
    if department is not None:
        deadline.department = department
    deadline.save(update_fields=["assignee", "department"])


def deadline_close(deadline, *, now):
    """Stop the clock: a full response or a decision was given; the sweep never looks at it again."""
    if deadline is not None and deadline.closed_at is None:
        deadline.closed_at = now
        deadline.save(update_fields=["closed_at"])


# The sweep ---------------------------------------------------------------------------------------

@dataclass
class SweepReport:
    reminders: int = 0
    directors: int = 0
    chief_executives: int = 0
    by_clock: dict = field(default_factory=dict)

    @property
    def total(self):
        return self.reminders + self.directors + self.chief_executives


def _due_for(level, now):
    """Return the open clocks ``level`` is due on at ``now``, earliest first (set-based, indexed)."""
    done = DeadlineAction.objects.filter(deadline=OuterRef("pk"), level=level)
    open_clocks = Deadline.objects.filter(closed_at__isnull=True).exclude(Exists(done))
    if level == Level.REMINDER:
        # No point reminding about a target already passed: the escalation goes instead.
        return open_clocks.filter(escalation_level=0, remind_at__lte=now, target_at__gt=now,
                                  assignee__isnull=False).order_by("remind_at", "pk")
    if level == Level.DIRECTOR:
        return open_clocks.filter(escalation_level=0, target_at__lt=now).order_by("target_at", "pk")
    return open_clocks.filter(escalation_level=1, second_at__lt=now).order_by("second_at", "pk")


def _claim(level, recipients, now):
    """Insert one action row per (deadline, level), skipping rows that exist; return the ids claimed.

    ON CONFLICT DO NOTHING ... RETURNING: a concurrent or repeated sweep that reaches the same row
    gets nothing back for it, so only the run that inserted the row acts on it.
    """
    table = DeadlineAction._meta.db_table
    acted_at = connection.ops.adapt_datetimefield_value(now)
    values, params = [], []
    for deadline_id, recipient in recipients.items():
        values.append("(%s, %s, %s, %s)")
        params += [deadline_id, int(level), recipient.pk if recipient else None, acted_at]
    # The table name is the model's and the rest is placeholders: every value is a parameter.
    sql = (f"INSERT INTO {table} (deadline_id, level, recipient_id, acted_at) VALUES {', '.join(values)} "  # nosec B608
           f"ON CONFLICT (deadline_id, level) DO NOTHING RETURNING deadline_id")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


# What a batch reads of each clock, as tuples rather than eight model instances a row (issue 8).
_DUE_FIELDS = ("pk", "clock", "item_type", "item_id", "title", "path", "member_user_id", "target_at",
               "department__directorate__director_id", "assignee_id", "assignee__is_active", "assignee__post",
               "assignee__user_id", "assignee__user__username", "assignee__user__name", "assignee__user__email")
_OFFICER_FIELDS = ("pk", "is_active", "post", "user_id", "user__username", "user__name", "user__email")


@dataclass(frozen=True)
class _User:
    pk: int
    username: str
    name: str
    email: str


@dataclass(frozen=True)
class _Officer:
    """As much of an officer as a reminder or escalation needs, in the shape of the model."""

    pk: int
    is_active: bool
    post: str
    user_id: int
    user: _User

    @classmethod
    def from_values(cls, pk, is_active, post, user_id, username, name, email):
        return cls(pk, is_active, post, user_id, _User(user_id, username, name, email or ""))


@dataclass(frozen=True)
class DueClock:
    """A clock the sweep acts on: what the policy, the audit event and the email need of it."""

    pk: int
    clock: str
    item_type: str
    item_id: int
    title: str
    path: str
    member_user_id: int | None
    target_at: object
    director: object  # an officer, or None
    assignee: object  # an officer, or None

    @property
    def assignee_id(self):
        return self.assignee.pk if self.assignee else None

    def get_clock_display(self):
        return Clock(self.clock).label


def _directors(ids, known):
    """Fill ``known`` with the officers ``ids`` name that it lacks (one query, none if all known)."""
    missing = set(ids) - set(known) - {None}
    for values in Officer.objects.filter(pk__in=missing).values_list(*_OFFICER_FIELDS):
        known[values[0]] = _Officer.from_values(*values)
    return known


def _sweep_batch(level, *, now, chief_executive, batch_size, directors):
    """Act on up to ``batch_size`` clocks due at ``level``; return (found, {clock: acted}).

    ``directors`` caches the Directors met so far, by officer id, across batches.
    """
    rows = list(_due_for(level, now).values_list(*_DUE_FIELDS)[:batch_size])
    if not rows:
        return 0, {}
    _directors({row[8] for row in rows}, directors)
    batch = [DueClock(*row[:8], director=directors.get(row[8]),
                      assignee=_Officer.from_values(*row[9:]) if row[9] else None) for row in rows]
    related = relationships_among({d.member_user_id for d in batch if d.member_user_id})
    recipients = {}
    for deadline in batch:
        if level == Level.REMINDER:
            recipients[deadline.pk] = deadline.assignee
            continue
        chain = [deadline.director, chief_executive] if level == Level.DIRECTOR else [chief_executive]
        recipients[deadline.pk] = first_free_recipient(
            chain, related_user_ids=related.get(deadline.member_user_id, set()), assignee_id=deadline.assignee_id)
    with transaction.atomic():
        # Lock the batch's clocks and ask again which are still due. The batch was read without locks, and
        # an officer may since have answered (closing the clock) or sent a holding reply in time (moving the
        # target): claiming on the stale read escalated answered enquiries (issue 9, benchmarks/soak.py).
        # Locked in id order, so concurrent sweeps cannot deadlock; a reply in progress finishes first.
        still_due = set(_due_for(level, now).filter(pk__in=list(recipients)).order_by("pk")
                        .select_for_update().values_list("pk", flat=True))
        recipients = {pk: recipient for pk, recipient in recipients.items() if pk in still_due}
        claimed = _claim(level, recipients, now) if recipients else set()
        acted = [d for d in batch if d.pk in claimed]
        if not acted:
            return len(batch), {}
        if level != Level.REMINDER:
            Deadline.objects.filter(pk__in=claimed, escalation_level__lt=level).update(escalation_level=level)
        record_events([_event(level, d, recipients[d.pk]) for d in acted], now=now)
        notify_later([_message(level, d, recipients[d.pk]) for d in acted if recipients[d.pk] is not None], now=now)
    return len(batch), dict(Counter(d.clock for d in acted))


def _event(level, deadline, recipient):
    rule = "ENQ-REMIND" if level == Level.REMINDER else "ENQ-ESCALATE"
    verb = {Level.REMINDER: "deadline.reminded", Level.DIRECTOR: "deadline.escalated_to_director",
            Level.CHIEF_EXECUTIVE: "deadline.escalated_to_chief_executive"}[level]
    rule_ids = [rule, *CLOCK_RULES.get(deadline.clock, [])]
    director = deadline.director
    if level == Level.DIRECTOR and director is not None and recipient is not None and recipient.pk != director.pk:
        rule_ids.append("REL-CONFLICT")  # the Director could not be told; the next up the line was
    return {
        "acting_user": None, "verb": verb, "target_type": deadline.item_type, "target_id": deadline.item_id,
        "rule_ids": rule_ids, "reasons": _why(level, deadline),
        "data": {"clock": deadline.clock, "level": int(level), "target_at": deadline.target_at.isoformat(),
                 "recipient": recipient.user.username if recipient else None},
    }


def _day_text(moment):
    """Return "7 December 2026" for ``moment`` in the current zone (a batch's clocks share a few targets)."""
    return _day_text_in(moment, timezone.get_current_timezone())


@lru_cache(maxsize=512)
def _day_text_in(moment, zone):
    return f"{moment.astimezone(zone):%-d %B %Y}"


def _why(level, deadline):
    target = _day_text(deadline.target_at)
    if level == Level.REMINDER:
        return f"No full response yet; the target is the end of {target}."
    if level == Level.DIRECTOR:
        return f"The target ({target}) passed with no full response."
    return f"Still no full response, {target} having passed and the Director having been told."


def _message(level, deadline, recipient):
    target = _day_text(deadline.target_at)
    what = deadline.get_clock_display().lower()
    assignee = deadline.assignee
    who = f"It is assigned to {assignee.user.name} ({assignee.post})." if assignee else "Nobody has been assigned to it yet."
    if level == Level.REMINDER:
        subject = f"Reminder: due by {target}: {deadline.title}"
        if deadline.clock == "enquiry.response":
            paragraphs = (f"The {what} is due by the end of {target}. No full response has been sent yet.",
                          "If you cannot give a full response in time, send a holding reply before then, saying why "
                          "and giving a revised date (protocol 002 §31.15).")
        else:
            paragraphs = (f"The {what} is due by the end of {target}, and it has not been made yet.",
                          "If it is not made by then, the Director is told.")
    elif level == Level.DIRECTOR:
        subject = f"Overdue, escalated to you: {deadline.title}"
        paragraphs = (f"The {what} was due by the end of {target} and none has been sent. The protocol says the "
                      "relevant Director is told (002 §31.15).", who)
    else:
        subject = f"Overdue, escalated to the Chief Executive: {deadline.title}"
        paragraphs = (f"The {what} was due by the end of {target}. The Director was told, and there is still no "
                      "full response (protocol 000 §11.1).", who)
    return Message(recipient=recipient.user, subject=subject[:300], greeting=f"Dear {recipient.user.name or recipient.user.username},",
                   paragraphs=paragraphs, path=deadline.path, link_text="Open it in the Protocol Portal",
                   reason=f"deadline.level_{int(level)}")


def run_escalations(*, now=None, batch_size=BATCH_SIZE):
    """Send every reminder and escalation due at ``now``, each exactly once; return what was done.

    Safe to run any number of times, in several processes at once, and after a crash: each batch
    commits with its action rows, audit events and outbox rows, and the unique (deadline, level)
    constraint decides which run acts. Memory and queries grow with the batch size, not the table.
    The emails wait in the outbox, unrendered: ``run_sweep`` delivers them once this returns.
    """
    now = now or timezone.now()
    report = SweepReport()
    chief_executive, directors = None, {}
    for level in (Level.REMINDER, Level.DIRECTOR, Level.CHIEF_EXECUTIVE):
        if level != Level.REMINDER and chief_executive is None:
            chief_executive = find_chief_executive()
        while True:
            # Only counts come back, so one batch's rows are freed before the next is loaded.
            found, acted_by_clock = _sweep_batch(level, now=now, chief_executive=chief_executive,
                                                 batch_size=batch_size, directors=directors)
            acted = sum(acted_by_clock.values())
            for clock, count in acted_by_clock.items():
                report.by_clock[clock] = report.by_clock.get(clock, 0) + count
            if level == Level.REMINDER:
                report.reminders += acted
            elif level == Level.DIRECTOR:
                report.directors += acted
            else:
                report.chief_executives += acted
            if found == 0:
                break
    return report
