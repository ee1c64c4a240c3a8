"""Logguppföljning: reads of the log review, each scoped by the log review's policy."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent, ReviewSignoff
from trygg.core.workqueue import WorkItem
from trygg.defectors.cases.selectors import case_reference_by_id
from trygg.logreview.policies import audit_policy, review_scope
from trygg.logreview.review import CASE_TARGET, filter_events, in_days


def event_page(*, actor, filters: dict, before_id: int | None = None, size: int = 50):
    """One page of the actor's visible events, newest first, by keyset (flat in table size).

    ``filters`` is the log review form's cleaned data (see ``trygg.logreview.review``).
    Each event carries ``actor_name`` and, for a case event, ``case_reference`` (None for a
    case deleted by retention), read in the same query: the page costs one query whichever
    events it holds, where separate look-ups ran only when the page had such events."""
    events = filter_events(actor=actor, filters=filters)
    if before_id:
        events = events.filter(id__lt=before_id)
    events = events.annotate(
        actor_name=Subquery(User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1]),
        case_reference=_case_reference(actor),
    )
    page = list(events.order_by("-id")[: size + 1])
    return page[:size], len(page) > size


def _case_reference(actor):
    if actor.municipality_id is None:
        return Value(None, output_field=CharField())
    # Case events are recorded with the case's id (``record_case_event``), so the cast
    # is only made where the id is a number.
    reference = case_reference_by_id(
        municipality_id=actor.municipality_id,
        case_id=Cast(OuterRef("target_id"), BigIntegerField()),
    )
    return Case(When(target_type=CASE_TARGET, then=reference), default=None)


def signoff_list(*, actor):
    """The sign-offs of the log reviewer's log, latest period first, with reviewer."""
    scope = review_scope(actor)
    if not audit_policy.can(actor, "review") or scope is None:
        return ReviewSignoff.objects.none()
    return ReviewSignoff.objects.filter(**scope).select_related("reviewer")


def work_queue(*, actor) -> list:
    """What waits for the log reviewer: the days since the last signed-off period, and the
    emergency accesses granted since then (``trygg.core.workqueue``)."""
    if review_scope(actor) is None or not audit_policy.can(actor, "review"):
        return []
    today = timezone.localdate()
    last = signoff_list(actor=actor).first()
    since = last.period_end + timedelta(days=1) if last else None
    unsigned = (today - since).days if since else None
    events = audit_policy.visible(actor, AuditEvent.objects.all())
    grants = in_days(events.filter(action="defectors.emergency.grant"), since, None).count()
    query = {"emergency": "on", **({"date_from": since.isoformat()} if since else {})}
    signoffs = reverse("logreview:signoffs")
    items = [
        WorkItem(
            _("Emergency accesses to read since the last signed-off period"),
            grants,
            f"{reverse('logreview:event_list')}?{urlencode(query)}",
            urgent=True,
        )
    ]
    if unsigned is None:
        items.append(WorkItem(_("No period of the log has been signed off yet"), 1, signoffs))
    else:
        items.append(
            WorkItem(
                _("Days of the log not yet signed off"), unsigned, signoffs, urgent=unsigned > 31
            )
        )
    return items
