"""Stored figures of the defector statistics, and the versions that say whether they are current.

The statistics add up every intake, intervention and case of a period; a region's are tens of
thousands of rows, more than a page may read on every view. So the raw figures (counts,
sums and days, before disclosure control) of a scope and period are computed once and kept
(``StatisticsFigures``), stamped with the versions of the organisations they cover
(``StatisticsVersion``: the unit for a unit manager's figures, each municipality for an
analyst's). Database triggers (migration 0016) add one to the version of a case's unit and
of its municipality in the same transaction as any change that moves a figure: a case
added, deleted, or changed in status, outcome, opening or closing time, unit or
municipality; an intake or intervention added, deleted or changed in what is counted.
Whoever writes (a service, a transfer, retention, the admin, raw SQL). Stored figures whose
versions are not the current ones are never shown: they are computed again. Disclosure
control is applied when the figures are shown, so a changed minimum cell size applies at
once. Being rows of the database, the figures serve every app process alike.
"""

from django.db import models


class StatisticsVersion(models.Model):
    """How many times the figures of an organisation's cases have changed (triggers only)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.BigIntegerField(default=0)


class StatisticsFigures(models.Model):
    """The raw figures of one scope and period (``key``), computed at ``versions``: the
    version of each covered organisation, as ``[[id, version], ...]``."""

    key = models.CharField(max_length=400, unique=True)
    versions = models.JSONField()
    figures = models.JSONField()
