"""Stored views of the prevention cycle, and the version that says whether they are current.

The district profile (every indicator over the years in one district: a thousand figures
formatted, thirty charts drawn) and the action plan's measure table (hundreds of measures
with their money, problems and districts, summed per problem and district) were computed
from every row behind them on every view. Those rows change a few times a day, when the
coordinator enters values or changes a measure; the pages are read far more often. So what
a page computed is kept (``StoredView``), stamped with the version of the municipality's
prevention data (``PreventionVersion``) it was computed at. Database triggers (migration
0012) add one to the version in the same transaction as any change of the rows the pages
are computed from — indicators and their values, districts and organisations (names), the
plan and its measures, their problems, districts, grants, fundings and follow-ups — whoever
writes (a service, an import, the fund's payments, the admin, raw SQL). A stored view whose
version is not the current one is never shown: it is computed again. Being rows of the
database, they serve every app process alike; one row per page and reader scope (not per
day), so they do not pile up.
"""

from django.db import models


class PreventionVersion(models.Model):
    """How many times a municipality's prevention data has changed (triggers only)."""

    municipality = models.OneToOneField(
        "organisations.Organisation", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.BigIntegerField(default=0)


class StoredView(models.Model):
    """What a page computed for ``key``, at ``version`` of its municipality's data."""

    key = models.CharField(max_length=200, unique=True)
    version = models.BigIntegerField()
    data = models.JSONField()
