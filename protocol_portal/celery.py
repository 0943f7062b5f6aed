"""The Celery app and the one beat schedule."""
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "protocol_portal.settings")

app = Celery("protocol_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The one beat schedule. Deadlines measured in days are kept by periodic, set-based sweeps over
# stored dates, never by long countdowns.
app.conf.beat_schedule = {
    "verify-audit-chain-nightly": {
        "task": "protocol_portal.audit.tasks.verify_audit_chain",
        "schedule": crontab(hour=2, minute=30),
    },
    # ENQ-REMIND, ENQ-ESCALATE, ACC-EXPIRY and the email outbox: one idempotent sweep.
    "sweep-every-15-minutes": {
        "task": "protocol_portal.deadlines.tasks.sweep",
        "schedule": crontab(minute="*/15"),
    },
}
