"""The defector programme's reads for the layers above it (the start page)."""

from __future__ import annotations


def work_queue(*, actor):
    """What waits in the defector programme for the actor (``trygg.core.workqueue``)."""
    from trygg.defectors.queue import work_queue as queue

    return queue(actor=actor)


def emergency_reasons(*, municipality_id: int, access_ids: list[int]) -> dict[int, dict]:
    """The reason and note of each emergency access, for the log reviewer of the case's
    municipality ("the team and the log reviewer will read it"); one query."""
    from trygg.defectors.models import EmergencyAccess

    accesses = EmergencyAccess.objects.filter(
        pk__in=access_ids, case__municipality_id=municipality_id
    ).only("pk", "reason", "note")
    return {access.pk: {"reason": access.reason, "note": access.note} for access in accesses}
