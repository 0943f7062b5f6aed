"""The sweep as a Celery task: thin, idempotent, acknowledged only once it has finished."""
from celery import shared_task

from .sweep import run_sweep


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep(batch_size=None):
    """Run the periodic sweep (ENQ-REMIND, ENQ-ESCALATE, ACC-EXPIRY, the outbox).

    acks_late: a worker killed mid-sweep leaves the message unacknowledged, so another worker runs
    it again; batches already committed are skipped by the unique (deadline, level) rows.
    """
    return run_sweep(batch_size=batch_size).lines()
