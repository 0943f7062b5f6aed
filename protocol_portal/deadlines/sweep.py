"""The one periodic sweep: reminders and escalations, term expiry, and the email outbox."""
from dataclasses import dataclass

from django.utils import timezone

from protocol_portal.notify.actions import deliver_pending
from requests_app.actions import access_expire_ended_terms

from .actions import SweepReport, run_escalations


@dataclass
class SweepResult:
    escalations: SweepReport
    expired_grants: int
    emails_sent: int

    def lines(self):
        """Return what the sweep did, in plain English, one line each."""
        e = self.escalations
        return [
            f"Reminders sent (ENQ-REMIND): {e.reminders}",
            f"Escalated to a Director (ENQ-ESCALATE level 1): {e.directors}",
            f"Escalated to the Chief Executive (ENQ-ESCALATE level 2): {e.chief_executives}",
            *(f"  {clock}: {count}" for clock, count in sorted(e.by_clock.items())),
            f"Document grants ended with the member's term (ACC-EXPIRY): {self.expired_grants}",
            f"Emails sent: {self.emails_sent}",
        ]


def run_sweep(*, now=None, batch_size=None):
    """Run everything the beat schedule runs every 15 minutes, as of ``now``; safe to repeat."""
    now = now or timezone.now()
    escalations = run_escalations(now=now, **({"batch_size": batch_size} if batch_size else {}))
    expired = access_expire_ended_terms(now=now)
    # Emails written by this sweep were sent as each batch committed; this sends any left over
    # from earlier failures (a mail server down, a worker killed between commit and send).
    sent = 0
    while True:
        batch = deliver_pending(limit=500)
        sent += batch
        if batch == 0:
            break
    return SweepResult(escalations=escalations, expired_grants=expired, emails_sent=sent)
