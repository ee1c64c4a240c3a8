"""Read a stored view when it is current, compute and keep it when not (see ``models``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce

from trygg.prevention.stored.models import PreventionVersion, StoredView


def _version_of(municipality_id: int):
    return Coalesce(
        Subquery(
            PreventionVersion.objects.filter(municipality_id=municipality_id).values("version")[:1]
        ),
        Value(0),
    )


def stored(
    key: str,
    *,
    municipality_id: int,
    compute: Callable[[], Any],
    fresh: Callable[[Any], bool] = lambda data: True,
) -> Any:
    """The data kept for ``key`` if it was computed at the municipality's current version
    and is ``fresh`` (for what does not live in the database: a period that began today),
    in one query; else ``compute()`` (JSON-serialisable), kept for the next view.

    The version is read before the data is computed: a change committed in between leaves
    the kept data older than the current version, so it is computed again on the next view,
    never shown as current when it is not."""
    row = (
        StoredView.objects.filter(key=key)
        .annotate(current=_version_of(municipality_id))
        .values_list("version", "current", "data")
        .first()
    )
    if row is not None and row[0] == row[1] and fresh(row[2]):
        return row[2]
    current = (
        row[1]
        if row is not None
        else PreventionVersion.objects.filter(municipality_id=municipality_id)
        .values_list("version", flat=True)
        .first()
        or 0
    )
    data = compute()
    # Two readers may compute the same view at once: the second's write wins, both current.
    StoredView.objects.bulk_create(
        [StoredView(key=key, version=current, data=data)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["version", "data"],
    )
    return data
