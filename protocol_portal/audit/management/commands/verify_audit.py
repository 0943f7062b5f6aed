from django.core.management.base import BaseCommand

from protocol_portal.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "AUD-CHAIN: verify the audit trail's hash chain; exit 1 naming the first bad record."

    def handle(self, *args, **options):
        report = verify_chain()
        if report.intact:
            self.stdout.write(f"Audit chain intact: {report.events_checked} events checked.")
            return
        self.stderr.write(f"Audit chain broken: {report.problem}")
        raise SystemExit(1)
