"""Pure hashing for the audit chain (AUD-CHAIN): no database, no settings."""
import hashlib
import json

GENESIS_HASH = "0" * 64


def event_digest(*, previous_hash, sequence, occurred_at, actor_username, verb, target_type, target_id,
                 rule_ids, reasons, data):
    """Return the SHA-256 of an event's content chained to its predecessor's hash."""
    canonical = json.dumps(
        {
            "previous_hash": previous_hash,
            "sequence": sequence,
            "occurred_at": occurred_at.isoformat(timespec="microseconds"),
            "actor": actor_username,
            "verb": verb,
            "target": [target_type, str(target_id)],
            "rules": list(rule_ids),
            "reasons": reasons,
            "data": data,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
