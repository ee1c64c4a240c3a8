"""The dashboard's figures: the fund year's applications counted and summed per key.

Two grouped queries compute them: one by status, category, problem, applicant and measure
types together (a few hundred groups at most, however many applications), one by district
(an application counts in each of its districts). Every breakdown is then added up from
those groups here. The coordinator's figures are stored with the version of the
municipality's applications they were computed at (``trygg.fund.models.figures``) and read
back in one query while that version is current, so a view does not read every
application again; the first view after any change computes and stores them anew.

The stored figures hold keys only (choice values and ids). Labels are translated, and the
names of districts, applicants and problems looked up, when the page is shown, so a renamed
district is never shown by its old name.
"""

from __future__ import annotations

from django.db.models import CharField, Count, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from trygg.core.roles import Role
from trygg.fund.models import Application, ApplicationsVersion, DashboardFigures, FundYear
from trygg.organisations.models import District, Organisation

GROUP_KEYS = ("status", "category", "addresses_id", "applicant_id", "measure_types")
# Each figure: the group's keys, then count, applied for, granted and paid.
SUMS = ("count", "requested", "granted", "paid")


def _sums() -> dict:
    return {
        "count": Count("id"),
        "requested": Sum("requested_kr", default=0),
        "granted": Sum("granted_kr", default=0),
        "paid": Sum("paid_kr", default=0),
    }


def computed(applications: QuerySet[Application]) -> dict:
    """The figures of ``applications``, in two queries."""
    groups = applications.values(*GROUP_KEYS).annotate(**_sums()).order_by()
    districts = applications.values("districts__id").annotate(**_sums()).order_by()
    return {
        "groups": [[row[key] for key in (*GROUP_KEYS, *SUMS)] for row in groups],
        "districts": [[row[key] for key in ("districts__id", *SUMS)] for row in districts],
    }


def figures_of(*, actor, fund_year: FundYear, applications: QuerySet[Application]) -> dict:
    """The figures of ``applications`` (the actor's visible applications of the year).

    Stored figures serve the coordinator only: theirs is the one view of a year's
    applications that ``fund_policy.visible`` gives everyone with the role."""
    if not actor.has_role(Role.SAMORDNARE):
        return computed(applications)
    at, stored_at, stored = _stored(fund_year)
    if stored is not None and stored_at == at:
        return stored
    # The version was read before the applications: figures stored under it are at least
    # as new as it, and a change after the read moves the version past them.
    figures = computed(applications)
    DashboardFigures.objects.bulk_create(
        [DashboardFigures(fund_year_id=fund_year.pk, version=at, figures=figures)],
        update_conflicts=True,
        unique_fields=["fund_year"],
        update_fields=["version", "figures"],
    )
    return figures


def _stored(fund_year: FundYear) -> tuple[int, int | None, dict | None]:
    """The current version of the municipality's applications, and the stored figures of
    the year with their version, in one query."""
    current = ApplicationsVersion.objects.filter(municipality_id=OuterRef("municipality_id"))
    stored = DashboardFigures.objects.filter(fund_year_id=OuterRef("pk"))
    return (
        FundYear.objects.filter(pk=fund_year.pk)
        .values_list(
            Coalesce(Subquery(current.values("version")[:1]), 0),
            Subquery(stored.values("version")[:1]),
            Subquery(stored.values("figures")[:1]),
        )
        .get()
    )


def names_of(*, district_ids: list, organisation_ids: list) -> tuple[dict, dict]:
    """The names of districts and organisations by id, in one query."""
    kind = CharField()
    districts = (
        District.objects.filter(pk__in=district_ids)
        .order_by()
        .values_list(Value("district", output_field=kind), "pk", "name")
    )
    organisations = (
        Organisation.objects.filter(pk__in=organisation_ids)
        .order_by()
        .values_list(Value("organisation", output_field=kind), "pk", "name")
    )
    names: dict = {"district": {}, "organisation": {}}
    for which, pk, name in districts.union(organisations, all=True):
        names[which][pk] = name
    return names["district"], names["organisation"]


def totals_by(figures: dict, key: str) -> dict:
    """{value of ``key``: {count, requested, granted, paid}} over the stored groups."""
    index = GROUP_KEYS.index(key)
    totals: dict = {}
    for group in figures["groups"]:
        _add(totals, group[index], group[len(GROUP_KEYS) :])
    return totals


def totals_by_measure_type(figures: dict) -> dict:
    """An application with several measure types counts in each of them."""
    index = GROUP_KEYS.index("measure_types")
    totals: dict = {}
    for group in figures["groups"]:
        types = group[index] if isinstance(group[index], list) else []
        for value in set(types):
            _add(totals, value, group[len(GROUP_KEYS) :])
    return totals


def totals_by_district(figures: dict) -> dict:
    totals: dict = {}
    for row in figures["districts"]:
        _add(totals, row[0], row[1:])
    return totals


def _add(totals: dict, key, values: list) -> None:
    total = totals.setdefault(key, dict.fromkeys(SUMS, 0))
    for name, value in zip(SUMS, values, strict=True):
        total[name] += value or 0
