"""Writing and sending notifications: written with their cause, sent after it commits."""
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from protocol_portal.council.bulk import insert_rows

from .models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class Message:
    """One email to one person: what it says, and the page it links to."""

    recipient: object  # a User
    subject: str
    greeting: str
    paragraphs: tuple
    path: str
    link_text: str
    reason: str
    extra: dict = field(default_factory=dict)


def _content(message):
    return {"greeting": message.greeting, "paragraphs": list(message.paragraphs), "path": message.path,
            "link_text": message.link_text}


def _render(subject, content, council_name):
    context = {"subject": subject, "greeting": content["greeting"], "paragraphs": content["paragraphs"],
               "url": settings.PORTAL_BASE_URL.rstrip("/") + content["path"], "link_text": content["link_text"],
               "council_name": council_name}
    return (render_to_string("email/notification.txt", context).strip() + "\n",
            render_to_string("email/notification.html", context))


def _council_name():
    from protocol_portal.council.selectors import current_council

    council = current_council()
    return council.name if council else "Council"


def notify(messages, *, now=None):
    """Write each message to the outbox in the caller's transaction, and send them once it commits."""
    if not messages:
        return []
    now = now or timezone.now()
    council_name = _council_name()
    rows = []
    for message in messages:
        content = _content(message)
        text_body, html_body = _render(message.subject, content, council_name)
        rows.append(Notification(recipient=message.recipient, email=message.recipient.email or "",
                                 subject=message.subject, text_body=text_body, html_body=html_body,
                                 content=content, reason=message.reason, created_at=now))
    created = Notification.objects.bulk_create(rows, batch_size=500)
    ids = [row.pk for row in created if row.pk is not None]
    # After commit: an email must never leave for a change that rolled back. Without ids (a database
    # that cannot return them from a bulk insert) the next sweep sends them.
    if ids:
        transaction.on_commit(lambda: deliver_pending(ids=ids))
    return created


def notify_later(messages, *, now):
    """Write each message to the outbox in the caller's transaction, unrendered; ``deliver_pending`` sends it.

    For the sweep, which writes a thousand at a time: rendering two templates per email was most of
    its time (issue 8), so the deliverer renders each just before sending it. Nothing is sent on
    commit; the sweep delivers once its escalations are done.
    """
    created_at = connection.ops.adapt_datetimefield_value(now)
    insert_rows(Notification, ("recipient_id", "email", "subject", "text_body", "html_body", "content", "reason",
                               "created_at", "attempts", "last_error"),
                [(message.recipient.pk, message.recipient.email or "", message.subject, "", "",
                  json.dumps(_content(message), ensure_ascii=False), message.reason, created_at, 0, "")
                 for message in messages])


def deliver_pending(*, ids=None, limit=500, now=None):
    """Send unsent notifications (``ids``, or the oldest ``limit``); return how many were sent.

    Rows are locked while they are sent (skipping rows another process holds), so two senders
    never send the same email; a failure is recorded and retried by the next sweep.
    """
    sent = 0
    with transaction.atomic():
        pending = Notification.objects.select_for_update(skip_locked=True).filter(
            sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        if ids is not None:
            pending = pending.filter(pk__in=ids)
        rows = list(pending.order_by("created_at", "pk")[:limit])
        if not rows:
            return 0
        now = now or timezone.now()
        try:
            connection = get_connection(fail_silently=False)
            connection.open()
        except Exception as error:  # the mail server is down: try again at the next sweep
            log.warning("Cannot open the email connection: %s", error)
            for row in rows:
                row.attempts += 1
                row.last_error = str(error)[:2000]
            Notification.objects.bulk_update(rows, ["attempts", "last_error"])
            return 0
        delivered, no_address, failed = [], [], []
        council_name = None
        try:
            for row in rows:
                row.attempts += 1
                if not row.email:
                    no_address.append(row.pk)
                    continue
                if not row.text_body:  # written by the sweep: rendered now, as it is sent
                    council_name = council_name or _council_name()
                    row.text_body, row.html_body = _render(row.subject, row.content, council_name)
                email = EmailMultiAlternatives(subject=row.subject, body=row.text_body, to=[row.email],
                                               connection=connection)
                email.attach_alternative(row.html_body, "text/html")
                try:
                    email.send()
                except Exception as error:
                    log.warning("Cannot send notification %s: %s", row.pk, error)
                    row.last_error = str(error)[:2000]
                    failed.append(row)
                else:
                    delivered.append(row.pk)
        finally:
            connection.close()
        # One UPDATE for all that went (the common case) rather than a CASE per row: bulk_update over
        # a sweep's thousand emails was half the sweep's time.
        Notification.objects.filter(pk__in=delivered).update(sent_at=now, last_error="", attempts=F("attempts") + 1)
        Notification.objects.filter(pk__in=no_address).update(
            sent_at=now, attempts=F("attempts") + 1,
            last_error="The recipient has no email address; the portal still shows it to them.")
        if failed:
            Notification.objects.bulk_update(failed, ["attempts", "last_error"], batch_size=500)
        sent = len(delivered)
    return sent
