"""Logguppföljning: reads of the log review, each scoped by the log review's policy."""

from __future__ import annotations

from trygg.audit.models import ReviewSignoff
from trygg.logreview.policies import audit_policy, review_scope
from trygg.logreview.review import filter_events


def event_page(*, actor, filters: dict, before_id: int | None = None, size: int = 50):
    """One page of the actor's visible events, newest first, by keyset (flat in table size).

    ``filters`` is the log review form's cleaned data (see ``trygg.logreview.review``)."""
    events = filter_events(actor=actor, filters=filters)
    if before_id:
        events = events.filter(id__lt=before_id)
    page = list(events.order_by("-id")[: size + 1])
    return page[:size], len(page) > size


def signoff_list(*, actor):
    """The sign-offs of the log reviewer's log, latest period first, with reviewer."""
    scope = review_scope(actor)
    if not audit_policy.can(actor, "review") or scope is None:
        return ReviewSignoff.objects.none()
    return ReviewSignoff.objects.filter(**scope).select_related("reviewer")
