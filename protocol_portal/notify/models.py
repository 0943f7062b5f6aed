"""The outbox: every email the portal sends is first a row, written in the transaction of its cause.

Sending happens after commit; a send that fails (or a worker killed before sending) leaves the row
unsent, and the sweep delivers it later. Nothing is lost, and nothing is sent for a change that
rolled back.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications")
    email = models.EmailField(blank=True, help_text="The address at the time of writing.")
    subject = models.CharField(max_length=300)
    # Rendered when written by a person's action; left empty by the sweep, which writes thousands at a
    # time and stores ``content`` instead: the deliverer renders it just before sending (issue 8).
    text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    content = models.JSONField(default=dict, blank=True,
                               help_text="The message (greeting, paragraphs, path, link text) the bodies are made from.")
    reason = models.CharField(max_length=64, help_text="What caused it, e.g. enquiry.assigned.")
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["created_at"], name="notification_unsent_idx",
                                condition=Q(sent_at__isnull=True))]

    def __str__(self):
        return f"{self.subject} to {self.email or self.recipient}"
