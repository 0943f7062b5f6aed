"""Authorising the Monitoring Officer's staff to see the oversight pages (issue 7)."""
from django.db import transaction
from django.utils import timezone

from protocol_portal.audit.actions import record_event
from protocol_portal.council.errors import Conflict, Invalid, NotFound
from protocol_portal.council.models import User
from protocol_portal.council.selectors import person_of

from .models import OversightAccess
from .selectors import may_authorise


@transaction.atomic
def oversight_grant(*, acting_user, username="", now=None):
    """Let the Monitoring Officer or deputy authorise an officer to see the dashboard, statistics and audit."""
    now = now or timezone.now()
    if not may_authorise(acting_user):
        raise NotFound()
    user = User.objects.filter(username=username, is_active=True).first() if isinstance(username, str) else None
    if user is None or person_of(user).officer is None:
        message = "Choose an officer of the council by their username: only officers may be authorised."
        raise Invalid(message, fields={"username": [message]})
    if may_authorise(user):
        raise Conflict(f"{user.name} is the Monitoring Officer or deputy and sees these pages already.")
    if OversightAccess.objects.select_for_update().filter(user=user, revoked_at__isnull=True).exists():
        raise Conflict(f"{user.name} is already authorised.")
    grant = OversightAccess.objects.create(user=user, granted_by=acting_user, granted_at=now)
    record_event(acting_user=acting_user, verb="oversight.granted", target=grant, now=now,
                 data={"user": user.username})
    return grant


@transaction.atomic
def oversight_revoke(*, acting_user, grant, now=None):
    """Withdraw a member of staff's authorisation; the grant is kept, revoked."""
    now = now or timezone.now()
    if not may_authorise(acting_user):
        raise NotFound()
    locked = OversightAccess.objects.select_for_update().select_related("user").get(pk=grant.pk)
    if locked.revoked_at is not None:
        raise Conflict(f"{locked.user.name}'s authorisation was already withdrawn.")
    locked.revoked_at = now
    locked.save(update_fields=["revoked_at"])
    record_event(acting_user=acting_user, verb="oversight.revoked", target=locked, now=now,
                 data={"user": locked.user.username})
    return locked
