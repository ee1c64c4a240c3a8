"""Stored figures of the fund's dashboard, and the version that says whether they are current.

The dashboard's breakdowns add up every application of a fund year; twenty thousand of them
take longer to read than the page may. So the figures are computed once and kept
(``DashboardFigures``), stamped with the municipality's ``ApplicationsVersion`` at the time.
Database triggers (migration 0014) add one to that version in the same transaction as any
insert, update or delete of an application, of an application's districts, or a change of
a call's fund year, whoever writes (a service, the admin, a bulk insert, raw SQL). Stored
figures whose version is not the current one are never shown: they are computed again.
Being rows of the database, they serve every app process alike.
"""

from django.db import models


class ApplicationsVersion(models.Model):
    """How many times a municipality's applications have changed (kept by triggers only)."""

    municipality = models.OneToOneField(
        "organisations.Organisation", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.BigIntegerField(default=0)


class DashboardFigures(models.Model):
    """A fund year's breakdowns as counts and sums per key (ids and choice values; names and
    labels are looked up when shown), computed at ``version``."""

    fund_year = models.OneToOneField(
        "fund.FundYear", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.BigIntegerField()
    figures = models.JSONField()
