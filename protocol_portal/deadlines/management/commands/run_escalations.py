"""manage.py run_escalations [--as-of ISO-DATETIME]: the sweep the beat schedule runs, on demand."""
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from protocol_portal.deadlines.sweep import run_sweep


def _moment(value):
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be an ISO 8601 date and time, e.g. 2026-12-08T09:00:00+00:00; "
                           f"got {value!r}.") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # the council's zone, Europe/London
    return moment


class Command(BaseCommand):
    help = ("Send the reminders and escalations due (ENQ-REMIND, ENQ-ESCALATE), end grants at term end "
            "(ACC-EXPIRY) and send waiting emails, as of now or --as-of. Safe to run any number of times.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=_moment, default=None,
                            help="Act as if it were this moment (ISO 8601; Europe/London if no offset).")

    def handle(self, *args, as_of=None, **options):
        now = as_of or timezone.now()
        result = run_sweep(now=now)
        self.stdout.write(f"Sweep as of {timezone.localtime(now).isoformat()}")
        for line in result.lines():
            self.stdout.write(line)
