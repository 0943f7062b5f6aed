"""Who, besides the Monitoring Officer and deputy, may open the oversight pages (issue 7)."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class OversightAccess(models.Model):
    """A member of the Monitoring Officer's staff she has authorised to see the dashboard, statistics and audit."""

    # The id in addresses: random, so a grant's address tells nothing of how many others exist.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="oversight_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        constraints = [models.UniqueConstraint(fields=["user"], condition=Q(revoked_at__isnull=True),
                                               name="one_live_oversight_grant_per_user")]
