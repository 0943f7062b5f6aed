"""Reading the audit trail."""
from dataclasses import dataclass

from .actions import digest_of
from .chain import GENESIS_HASH
from .models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    events_checked: int
    problem: str = ""


def verify_chain(*, batch_size=2000):
    """Walk the whole chain in order and return where it first fails to match (AUD-CHAIN).

    Reads in batches by sequence number, so memory stays flat however long the trail is.
    """
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    last_seen = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(sequence__gt=last_seen).order_by("sequence")[:batch_size]
        )
        if not batch:
            break
        for event in batch:
            if event.sequence != expected_sequence:
                return ChainReport(False, checked, f"event #{expected_sequence} is missing (the next event found is #{event.sequence}, id {event.pk}).")
            if event.previous_hash != expected_previous:
                return ChainReport(False, checked, f"event #{event.sequence} (id {event.pk}, {event.verb}) does not follow event #{event.sequence - 1}: its previous hash does not match.")
            if digest_of(event) != event.hash:
                return ChainReport(False, checked, f"event #{event.sequence} (id {event.pk}, {event.verb}) was altered: its content no longer matches its hash.")
            expected_previous = event.hash
            expected_sequence += 1
            checked += 1
        last_seen = batch[-1].sequence
    head = AuditChainHead.objects.filter(singleton=True).first()
    if head is not None and (head.last_sequence != checked or head.last_hash != expected_previous):
        return ChainReport(False, checked, f"event #{checked + 1} is missing: the chain head records #{head.last_sequence}, but the trail ends at #{checked}.")
    return ChainReport(True, checked)
