"""Background work for document access: thin, ids in, an action called, idempotent."""
from celery import shared_task

from .actions import access_expire_ended_terms


@shared_task(acks_late=True)
def expire_ended_terms():
    """ACC-EXPIRY: take back grants whose member's term has ended."""
    return access_expire_ended_terms()
