"""The sweep over stored clocks: reminders and escalations, each exactly once (ENQ-REMIND, ENQ-ESCALATE)."""
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from protocol_portal.audit.models import AuditEvent
from protocol_portal.audit.selectors import verify_chain
from protocol_portal.deadlines.actions import run_escalations
from protocol_portal.deadlines.models import Deadline, DeadlineAction, Level
from protocol_portal.deadlines.sweep import run_sweep
from requests_app.enquiries.actions import enquiry_holding_reply, enquiry_respond

from .conftest import RECEIVED, london

pytestmark = pytest.mark.django_db


def _sweep_at(moment, capture):
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return run_sweep().escalations  # the escalations, then the delivery of their emails


def _levels(enquiry):
    return list(DeadlineAction.objects.filter(deadline=enquiry.deadline).order_by("level")
                .values_list("level", "recipient__user__username"))


def _sweep_events(enquiry):
    return list(AuditEvent.objects.filter(target_type="enquiries.enquiry", target_id=str(enquiry.pk),
                                          verb__startswith="deadline.").values_list("verb", "rule_ids"))


def test_enq_due_and_wd_count_store_the_due_date_at_receipt(ask):
    """ENQ-DUE, WD-COUNT: received Monday 23 November, due at the end of Monday 7 December."""
    enquiry = ask()
    deadline = Deadline.objects.get(pk=enquiry.deadline_id)
    assert deadline.due_at == deadline.target_at == london(2026, 12, 7, 23, 59, 59)
    assert deadline.remind_at == london(2026, 12, 3, 0, 0)       # ENQ-REMIND: 2 working days before
    assert deadline.second_at == london(2026, 12, 14, 23, 59, 59)  # ENQ-ESCALATE: 5 working days after
    assert deadline.item_type == "enquiries.enquiry" and deadline.item_id == enquiry.pk


def test_enq_escalate_whole_clock_received_reminder_director_chief_executive(
        ask, assign, django_capture_on_commit_callbacks):
    """ENQ-REMIND then ENQ-ESCALATE level 1 (the Director) then level 2 (the Chief Executive), each once."""
    with time_machine.travel(RECEIVED, tick=False), django_capture_on_commit_callbacks(execute=True):
        enquiry = assign(ask(), "o.dunn", now=None)
    mail.outbox.clear()

    assert _sweep_at(london(2026, 12, 2, 17), django_capture_on_commit_callbacks).total == 0
    report = _sweep_at(london(2026, 12, 3, 8), django_capture_on_commit_callbacks)
    assert (report.reminders, report.directors, report.chief_executives) == (1, 0, 0)
    assert _levels(enquiry) == [(Level.REMINDER, "o.dunn")]
    assert [m.to for m in mail.outbox] == [["a.dunn@riverside.example"]]
    assert "Reminder" in mail.outbox[0].subject and "7 December 2026" in mail.outbox[0].body
    assert _sweep_at(london(2026, 12, 7, 23, 59), django_capture_on_commit_callbacks).total == 0

    report = _sweep_at(london(2026, 12, 8, 0, 1), django_capture_on_commit_callbacks)
    assert (report.reminders, report.directors, report.chief_executives) == (0, 1, 0)
    assert _levels(enquiry)[-1] == (Level.DIRECTOR, "d.okafor")  # Environment is in Place
    assert mail.outbox[-1].to == ["d.okafor@riverside.example"]
    assert _sweep_at(london(2026, 12, 14, 23), django_capture_on_commit_callbacks).total == 0

    report = _sweep_at(london(2026, 12, 15, 0, 1), django_capture_on_commit_callbacks)
    assert (report.reminders, report.directors, report.chief_executives) == (0, 0, 1)
    assert _levels(enquiry) == [(0, "o.dunn"), (1, "d.okafor"), (2, "c.wright")]
    assert mail.outbox[-1].to == ["c.wright@riverside.example"]
    assert len(mail.outbox) == 3
    assert _sweep_at(london(2027, 1, 30), django_capture_on_commit_callbacks).total == 0

    assert _sweep_events(enquiry) == [
        ("deadline.reminded", ["ENQ-REMIND", "ENQ-DUE"]),
        ("deadline.escalated_to_director", ["ENQ-ESCALATE", "ENQ-DUE"]),
        ("deadline.escalated_to_chief_executive", ["ENQ-ESCALATE", "ENQ-DUE"]),
    ]
    assert Deadline.objects.get(pk=enquiry.deadline_id).escalation_level == 2
    assert verify_chain().intact


def test_every_email_has_plain_text_and_html_with_a_link(ask, assign, django_capture_on_commit_callbacks):
    enquiry = assign(ask(), "o.dunn")
    _sweep_at(london(2026, 12, 8, 9), django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    html, mime = message.alternatives[0]
    link = f"http://127.0.0.1:8000/enquiries/{enquiry.public_id}/"
    assert mime == "text/html" and link in html and link in message.body
    assert "<p>" in html and "<p>" not in message.body


def test_the_sweep_writes_its_emails_unrendered_and_the_deliverer_renders_what_notify_would(
        ask, assign, django_capture_on_commit_callbacks):
    """Issue 8: the sweep stores each email's message; the deliverer renders it just before sending."""
    from protocol_portal.notify.actions import _council_name, _render
    from protocol_portal.notify.models import Notification

    enquiry = assign(ask(), "o.dunn")
    with time_machine.travel(london(2026, 12, 8, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        run_escalations()
    row = Notification.objects.get(reason="deadline.level_1")
    assert (row.text_body, row.html_body, row.sent_at) == ("", "", None)
    assert row.content["path"] == f"/enquiries/{enquiry.public_id}/" and row.content["paragraphs"]
    mail.outbox.clear()
    with time_machine.travel(london(2026, 12, 8, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert run_sweep().escalations.total == 0
    [sent] = [m for m in mail.outbox if m.subject == row.subject]
    text, html = _render(row.subject, row.content, _council_name())
    assert (sent.to, sent.subject, sent.body, sent.alternatives[0][0]) == ([row.email], row.subject, text, html)
    assert "7 December 2026" in sent.body and "Dear" in sent.body
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1


def test_enq_holding_in_time_moves_the_target_and_defers_escalation(ask, assign, person,
                                                                   django_capture_on_commit_callbacks):
    """ENQ-HOLDING: a holding reply before the target moves it to the revised date."""
    enquiry = assign(ask(), "o.dunn")
    with time_machine.travel(london(2026, 12, 4, 11), tick=False):
        enquiry_holding_reply(acting_user=person("o.dunn"), enquiry=enquiry, revised_date=date(2026, 12, 18),
                              reasons="The contractor's survey report arrives on 16 December.")
    deadline = Deadline.objects.get(pk=enquiry.deadline_id)
    assert deadline.due_at == london(2026, 12, 7, 23, 59, 59)  # the original due date is kept
    assert deadline.target_at == london(2026, 12, 18, 23, 59, 59)
    assert _sweep_at(london(2026, 12, 8, 9), django_capture_on_commit_callbacks).directors == 0
    assert _sweep_at(london(2026, 12, 18, 12), django_capture_on_commit_callbacks).directors == 0
    assert _sweep_at(london(2026, 12, 19, 9), django_capture_on_commit_callbacks).directors == 1
    assert _levels(enquiry)[-1] == (Level.DIRECTOR, "d.okafor")


def test_enq_holding_sent_late_does_not_stop_escalation(ask, assign, person, django_capture_on_commit_callbacks):
    """ENQ-HOLDING, ENQ-ESCALATE: a holding reply after the target passed is sent, but the Director is told."""
    enquiry = assign(ask(), "o.dunn")
    with time_machine.travel(london(2026, 12, 8, 9), tick=False):
        late = enquiry_holding_reply(acting_user=person("o.dunn"), enquiry=enquiry, revised_date=date(2026, 12, 18),
                                     reasons="The contractor's survey report arrives on 16 December.")
    assert late.status == "holding"
    assert Deadline.objects.get(pk=enquiry.deadline_id).target_at == london(2026, 12, 7, 23, 59, 59)
    event = AuditEvent.objects.filter(target_id=str(enquiry.pk), target_type="enquiries.enquiry").last()
    assert event.verb == "enquiry.late_holding_reply" and "ENQ-ESCALATE" in event.rule_ids
    assert _sweep_at(london(2026, 12, 8, 9, 15), django_capture_on_commit_callbacks).directors == 1


def test_a_full_response_stops_the_clock(ask, assign, person, django_capture_on_commit_callbacks):
    enquiry = assign(ask(), "o.dunn")
    enquiry_respond(acting_user=person("o.dunn"), enquiry=enquiry, text="Repairs are booked for 2 December.",
                    now=london(2026, 11, 30, 12))
    assert _sweep_at(london(2027, 2, 1), django_capture_on_commit_callbacks).total == 0
    assert Deadline.objects.get(pk=enquiry.deadline_id).closed_at == london(2026, 11, 30, 12)


def test_an_answer_between_the_sweeps_read_and_its_claim_is_not_escalated(
        ask, assign, person, monkeypatch, django_capture_on_commit_callbacks):
    """ENQ-ESCALATE: the sweep reads due clocks without locks; an officer who answers before the sweep claims
    its batch stops the escalation, because the claim locks the clocks and asks again (found by
    benchmarks/soak.py: an answered enquiry was escalated to the Chief Executive after its answer)."""
    from protocol_portal.deadlines import actions as deadline_actions

    answered, waiting = assign(ask(subject="Answered in time"), "o.dunn"), assign(ask(subject="Waiting"), "o.dunn")
    read_the_batch = deadline_actions.relationships_among

    def answer_after_the_read(user_ids):
        # Runs after the batch is read and before it is claimed: the moment the race happened.
        enquiry_respond(acting_user=person("o.dunn"), enquiry=answered, text="Repairs are booked.",
                        now=london(2026, 12, 8, 9))
        monkeypatch.setattr(deadline_actions, "relationships_among", read_the_batch)
        return read_the_batch(user_ids)

    monkeypatch.setattr(deadline_actions, "relationships_among", answer_after_the_read)
    report = _sweep_at(london(2026, 12, 8, 9), django_capture_on_commit_callbacks)
    assert report.directors == 1
    assert _levels(answered) == [] and _levels(waiting) == [(Level.DIRECTOR, "d.okafor")]
    assert _sweep_events(answered) == []


def test_enq_escalate_running_the_sweep_twice_acts_once(ask, django_capture_on_commit_callbacks):
    """ENQ-ESCALATE: 'each level happens once, however often the check runs or retries'."""
    enquiries = [ask(subject=f"Question {n}") for n in range(3)]
    first = _sweep_at(london(2026, 12, 8, 9), django_capture_on_commit_callbacks)
    second = _sweep_at(london(2026, 12, 8, 9), django_capture_on_commit_callbacks)
    assert (first.directors, second.directors) == (3, 0)
    assert DeadlineAction.objects.filter(deadline__in=[e.deadline_id for e in enquiries]).count() == 3
    assert len(mail.outbox) == 3


def test_unassigned_enquiries_are_not_reminded_but_do_escalate(ask, django_capture_on_commit_callbacks):
    """ENQ-REMIND reminds the assigned officer; with nobody assigned, only the escalation can tell anyone."""
    enquiry = ask()
    assert _sweep_at(london(2026, 12, 3, 9), django_capture_on_commit_callbacks).reminders == 0
    assert _sweep_at(london(2026, 12, 8, 9), django_capture_on_commit_callbacks).directors == 1
    assert _levels(enquiry) == [(Level.DIRECTOR, "d.okafor")]


def test_rel_conflict_a_director_related_to_the_member_is_skipped_for_the_chief_executive(
        ask, person, django_capture_on_commit_callbacks):
    """REL-CONFLICT: what would go to a related Director goes up the line, to the Chief Executive."""
    from complaints.models import DeclaredRelationship

    a, b = sorted([person("cllr.gordon"), person("d.okafor")], key=lambda u: u.pk)
    DeclaredRelationship.objects.create(person_a=a, person_b=b, kind="family")
    enquiry = ask()
    _sweep_at(london(2026, 12, 8, 9), django_capture_on_commit_callbacks)
    assert _levels(enquiry) == [(Level.DIRECTOR, "c.wright")]
    assert "REL-CONFLICT" in _sweep_events(enquiry)[0][1]


def test_acc_determine_a_referred_request_escalates_like_an_enquiry(person, django_capture_on_commit_callbacks):
    """ACC-DETERMINE: 'due in enquiry_response_days working days and escalates as ENQ-ESCALATE does'."""
    from requests_app.actions import access_request_create
    from requests_app.models import Document

    request = access_request_create(
        acting_user=person("cllr.iqbal"), document=Document.objects.get(ref="DOC-0014"), now=RECEIVED,
        justification="Residents in my ward asked me about fly-tipping at my surgery; I need the hotspot data.")
    assert request.status == "referred" and request.due_at == london(2026, 12, 7, 23, 59, 59)
    report = _sweep_at(london(2026, 12, 3, 9), django_capture_on_commit_callbacks)
    assert report.by_clock == {"access_request.determination": 1}  # the Head of Service is reminded
    _sweep_at(london(2026, 12, 8, 9), django_capture_on_commit_callbacks)
    assert list(DeadlineAction.objects.filter(deadline=request.deadline_id).values_list(
        "level", "recipient__user__username")) == [(0, "h.osei"), (1, "d.okafor")]
    events = AuditEvent.objects.filter(target_type="requests_app.accessrequest", target_id=str(request.pk),
                                       verb="deadline.escalated_to_director")
    assert events.get().rule_ids == ["ENQ-ESCALATE", "ACC-DETERMINE"]


def test_the_sweep_works_in_batches_with_queries_that_do_not_grow_with_rows(
        ask, django_capture_on_commit_callbacks):
    """Set-based: the number of queries depends on the number of batches, not of enquiries."""
    for n in range(6):
        ask(subject=f"Question {n}")

    def queries_for(batch_size):
        DeadlineAction.objects.all().delete()
        Deadline.objects.update(escalation_level=0)
        with CaptureQueriesContext(connection) as queries, time_machine.travel(london(2026, 12, 8, 9), tick=False):
            report = run_escalations(batch_size=batch_size)
        assert report.directors == 6
        return len(queries)

    assert queries_for(3) > queries_for(6)  # two batches cost more than one...
    assert queries_for(6) == queries_for(100)  # ...but one batch of 6 costs what one of 100 would


def test_run_escalations_command_prints_what_it_did(ask, assign):
    from io import StringIO

    assign(ask(), "o.dunn")
    out = StringIO()
    call_command("run_escalations", "--as-of", "2026-12-08T09:00:00", stdout=out)
    text = out.getvalue()
    assert "Sweep as of 2026-12-08T09:00:00+00:00" in text
    assert "Escalated to a Director (ENQ-ESCALATE level 1): 1" in text
    out = StringIO()
    call_command("run_escalations", "--as-of", "2026-12-08T09:00:00", stdout=out)
    assert "Escalated to a Director (ENQ-ESCALATE level 1): 0" in out.getvalue()


def test_run_escalations_rejects_a_bad_moment():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("run_escalations", "--as-of", "next tuesday")


def test_an_email_that_cannot_be_sent_waits_in_the_outbox_for_the_next_sweep(
        ask, assign, settings, django_capture_on_commit_callbacks):
    from protocol_portal.deadlines.sweep import run_sweep
    from protocol_portal.notify.models import Notification

    settings.EMAIL_BACKEND = "tests.enquiries.failing_email.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        assign(ask(), "o.dunn")
    waiting = Notification.objects.get(reason="enquiry.assigned")
    assert waiting.sent_at is None and waiting.attempts == 1 and "refused" in waiting.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(london(2026, 11, 24, 9), tick=False):
        result = run_sweep()
    assert result.emails_sent == 1 and mail.outbox[-1].to == ["a.dunn@riverside.example"]
    waiting.refresh_from_db()
    assert waiting.sent_at is not None
