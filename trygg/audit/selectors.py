from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from trygg.audit import chain
from trygg.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def chain_verify(*, chunk_size: int = 5000) -> tuple[int, ChainBreak | None]:
    """Walk the whole chain in id order; return how many events were checked and the first break."""
    prev_hash = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        if event.prev_hash != prev_hash:
            return checked, ChainBreak(event.id, "prev_hash does not match the previous event")
        if chain.hash_of(event) != event.hash:
            return checked, ChainBreak(event.id, "content does not match its hash")
        prev_hash = event.hash
        checked += 1
    return checked, None


def events_for_export(
    *, since: datetime | None = None, action_prefix: str | None = None
) -> Iterator[AuditEvent]:
    events = AuditEvent.objects.order_by("id")
    if since is not None:
        events = events.filter(at__gte=since)
    if action_prefix:
        events = events.filter(action__startswith=action_prefix)
    return events.iterator(chunk_size=5000)
