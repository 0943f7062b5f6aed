"""Writing to the audit trail. Every action in the portal calls ``record_event`` (AUD-EVENT)."""
import json
from datetime import timezone as dt_timezone

from django.db import connection
from django.utils import timezone

from protocol_portal.council.bulk import insert_rows

from .chain import GENESIS_HASH, event_digest
from .models import AuditChainHead, AuditEvent


def record_event(*, acting_user, verb, target=None, target_type="", target_id="", rule_ids=(),
                 reasons="", data=None, now=None):
    """Append one event to the chain inside the caller's transaction (AUD-EVENT, AUD-CHAIN).

    ``target`` may be a model instance (its label and primary key are recorded) or omitted in
    favour of ``target_type`` and ``target_id``. ``acting_user`` is None for the system itself
    (the import command, the Celery sweep).
    """
    if target is not None:
        target_type = target._meta.label_lower
        target_id = target.pk
    return record_events([dict(acting_user=acting_user, verb=verb, target_type=target_type, target_id=target_id,
                               rule_ids=rule_ids, reasons=reasons, data=data)], now=now)[0]


# The columns record_events inserts, in the order of its rows.
_COLUMNS = ("sequence", "occurred_at", "actor_id", "actor_username", "verb", "target_type", "target_id", "rule_ids",
            "reasons", "data", "previous_hash", "hash")


def record_events(entries, *, now=None):
    """Append many events in one locked step and one insert (for set-based work such as the sweep).

    Each entry is a dict of ``record_event``'s keyword arguments other than ``target`` and ``now``.
    Return the events written: a saved instance for a single entry, else unsaved instances built
    from the rows inserted (the sweep's thousand at a time go in as one INSERT, without
    ``bulk_create``'s per-field preparation, which was a third of the sweep's time; issue 8).
    """
    if not connection.in_atomic_block:
        # AUD-EVENT: the event and the change it records commit together or not at all.
        raise RuntimeError("record_event must be called inside the transaction of the change it records.")
    if not entries:
        return []
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        singleton=True, defaults={"last_hash": GENESIS_HASH}
    )
    occurred_at = (now or timezone.now()).astimezone(dt_timezone.utc)
    stored_at = connection.ops.adapt_datetimefield_value(occurred_at)
    events, rows = [], []
    previous_hash, sequence = head.last_hash, head.last_sequence
    for entry in entries:
        acting_user = entry.get("acting_user")
        sequence += 1
        # Round-trip through JSON so the hash covers exactly what the database stores.
        data_json = json.dumps(entry.get("data") or {}, default=str, ensure_ascii=False)
        event = AuditEvent(
            sequence=sequence, occurred_at=occurred_at, actor=acting_user,
            actor_username=getattr(acting_user, "username", "") or "", verb=entry["verb"],
            target_type=entry.get("target_type", ""), target_id=str(entry.get("target_id", "")),
            rule_ids=list(entry.get("rule_ids", ())), reasons=entry.get("reasons") or "",
            data=json.loads(data_json), previous_hash=previous_hash,
        )
        event.hash = digest_of(event)
        previous_hash = event.hash
        events.append(event)
        rows.append((event.sequence, stored_at, getattr(acting_user, "pk", None), event.actor_username, event.verb,
                     event.target_type, event.target_id, json.dumps(event.rule_ids), event.reasons, data_json,
                     event.previous_hash, event.hash))
    if len(events) == 1:
        events[0].save()
    else:
        insert_rows(AuditEvent, _COLUMNS, rows)
    head.last_sequence = sequence
    head.last_hash = previous_hash
    head.save(update_fields=["last_sequence", "last_hash"])
    return events


def digest_of(event):
    """Return the hash ``event`` should carry, given the previous hash it records."""
    return event_digest(
        previous_hash=event.previous_hash,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_username=event.actor_username,
        verb=event.verb,
        target_type=event.target_type,
        target_id=event.target_id,
        rule_ids=event.rule_ids,
        reasons=event.reasons,
        data=event.data,
    )


def audit_chain_check(*, acting_user=None, now=None):
    """Verify the chain (AUD-CHAIN) and record the result as an event of its own; return the report.

    Run nightly by the beat schedule (``acting_user`` None) and on demand from the oversight pages.
    """
    from django.db import transaction

    from .selectors import verify_chain

    report = verify_chain()
    with transaction.atomic():
        record_event(acting_user=acting_user, verb="audit.verified" if report.intact else "audit.broken",
                     target_type="audit.chain", rule_ids=["AUD-CHAIN"], reasons=report.problem, now=now,
                     data={"events_checked": report.events_checked, "intact": report.intact})
    return report
