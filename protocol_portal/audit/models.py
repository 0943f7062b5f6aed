"""The append-only, hash-chained audit trail (AUD-EVENT, AUD-CHAIN)."""
from django.conf import settings
from django.db import models
from django.db.models.fields.json import KeyTransform


class AuditEventIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    # AUD-CHAIN: the ORM's bulk paths cannot rewrite or remove history either.
    def update(self, **kwargs):
        raise AuditEventIsAppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AuditEventIsAppendOnly("Audit events cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise AuditEventIsAppendOnly("Audit events cannot be changed.")


class AuditEvent(models.Model):
    """One change of state: who, when, what, to what, under which rules, and why (AUD-EVENT)."""

    # Position in the chain: 1, 2, 3... with no gaps, so a removed event leaves a visible hole.
    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept beside the foreign key so the chain never depends on a row in another table.
    actor_username = models.CharField(max_length=150, blank=True)
    verb = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    rule_ids = models.JSONField(default=list, blank=True)
    reasons = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            # The Monitoring Officer's audit search (issue 7): by id as recorded, by who, and by document ref.
            models.Index(fields=["target_id"], name="audit_target_id_idx"),
            models.Index(fields=["actor_username", "-sequence"], name="audit_actor_idx"),
            models.Index(KeyTransform("ref", "data"), name="audit_data_ref_idx"),
            models.Index(KeyTransform("document", "data"), name="audit_data_document_idx"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.verb} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditEventIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEventIsAppendOnly("Audit events cannot be deleted.")


class AuditChainHead(models.Model):
    """The hash and sequence number of the newest event: one row, locked while an event is appended.

    Locking this row serialises appends on PostgreSQL, so two transactions can never both
    chain from the same predecessor; it also lets ``verify_audit`` notice a removed last event.
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="audit_head_singleton")]
