"""The defector programme's reads for the layers above it (the start page)."""

from __future__ import annotations


def work_queue(*, actor):
    """What waits in the defector programme for the actor (``trygg.core.workqueue``)."""
    from trygg.defectors.queue import work_queue as queue

    return queue(actor=actor)
