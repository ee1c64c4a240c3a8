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


def programme_report(*, municipality_id: int, name: str, period_start, period_end):
    """The programme's aggregate statistics for one municipality and period, with the same
    small-number protection as the statistics page (for the action plan's measure that is
    the programme): figures only, never a case."""
    from trygg.defectors.statistics.report import Scope, build_report

    scope = Scope(
        by="municipality", columns=[(municipality_id, name)], municipality_ids=(municipality_id,)
    )
    return build_report(scope=scope, period_start=period_start, period_end=period_end)


def completed_defections(*, municipality_id: int, period_start, period_end) -> int | None:
    """How many cases of the municipality were closed in the period with the programme
    completed, in one query; None when it is a small number (1 to the statistics page's
    minimum less one), which that page would not show either."""
    from datetime import timedelta

    from django.conf import settings

    from trygg.defectors.constants import CaseStatus, Outcome
    from trygg.defectors.models import Case
    from trygg.defectors.statistics.report import _local_start

    count = Case.objects.filter(
        municipality_id=municipality_id,
        status=CaseStatus.AVSLUTAT,
        outcome=Outcome.COMPLETED,
        closed_at__gte=_local_start(period_start),
        closed_at__lt=_local_start(period_end + timedelta(days=1)),
    ).count()
    return None if 0 < count < settings.TRYGG_STATISTICS_MIN_CELL else count
