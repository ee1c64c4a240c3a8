"""The coordinator's overview of a fund year: ledger figures, breakdowns and charts.

Every breakdown is one grouped query (or, for the measure types kept in a JSON list, one
query of filtered aggregates), so the page costs the same number of queries whether the
year has ten applications or twenty thousand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from trygg.fund import selectors
from trygg.fund.constants import ApplicationStatus, Category, MeasureType
from trygg.fund.models import Application, FundYear
from trygg.fund.policies import fund_policy
from trygg.prevention.selectors import problem_titles

AMOUNTS = ("requested_kr", "granted_kr", "paid_kr")


@dataclass(frozen=True)
class Row:
    key: str | int | None  # the status, category or measure type value, or the row's pk
    label: str
    count: int
    requested_kr: int
    granted_kr: int
    paid_kr: int | None = None  # the status pipeline has no paid column


@dataclass(frozen=True)
class Breakdown:
    slug: str  # the chart's key in the page's JSON data and the id of its section
    title: str
    label_heading: str
    rows: list[Row]
    chart: str  # "count": applications per row; "amounts": applied for, granted, paid
    note: str = ""

    @property
    def has_paid(self) -> bool:
        return any(row.paid_kr is not None for row in self.rows)


# --- Reads ------------------------------------------------------------------------------


def fund_years_of(*, actor) -> list[FundYear]:
    """The actor's municipality's fund years, newest first (a handful; one per year)."""
    return list(FundYear.objects.filter(municipality_id=actor.municipality_id).order_by("-year"))


def fund_year_pick(*, years: list[FundYear], requested: str | None) -> FundYear | None:
    """The year asked for with ?ar=, else the newest; 404 for a year the municipality lacks."""
    if not requested:
        return years[0] if years else None
    if not (requested.isascii() and requested.isdigit()):
        raise Http404
    chosen = next((fund_year for fund_year in years if fund_year.year == int(requested)), None)
    if chosen is None:
        raise Http404
    return chosen


def applications_of(*, actor, fund_year: FundYear) -> QuerySet[Application]:
    """The year's applications the actor may see, drafts never included."""
    return (
        fund_policy.visible(actor, Application.objects.all())
        .filter(call__fund_year=fund_year)
        .exclude(status=ApplicationStatus.DRAFT)
        .order_by()
    )


def _sums() -> dict:
    return {
        "count": Count("id"),
        "requested": Sum("requested_kr", default=0),
        "granted": Sum("granted_kr", default=0),
        "paid": Sum("paid_kr", default=0),
    }


def _row(key: str | int | None, label: str, values: dict) -> Row:
    return Row(
        key=key,
        label=label,
        count=values["count"],
        requested_kr=values["requested"],
        granted_kr=values["granted"],
        paid_kr=values["paid"],
    )


def by_category(applications: QuerySet[Application]) -> list[Row]:
    grouped = {row["category"]: row for row in applications.values("category").annotate(**_sums())}
    rows = [
        _row(value, str(label), grouped[value])
        for value, label in Category.choices
        if value in grouped
    ]
    if "" in grouped:
        rows.append(_row("", _("Not given"), grouped[""]))
    return rows


def by_district(applications: QuerySet[Application]) -> list[Row]:
    """An application that covers several districts counts in each of them."""
    grouped = list(
        applications.values("districts__id", "districts__name")
        .annotate(**_sums())
        .order_by("districts__name")
    )
    rows = [
        _row(row["districts__id"], row["districts__name"], row)
        for row in grouped
        if row["districts__id"]
    ]
    rows += [_row(None, _("No district given"), row) for row in grouped if not row["districts__id"]]
    return rows


def by_problem(applications: QuerySet[Application]) -> list[Row]:
    """Money per problem of the lägesbild (the plan's problems, named by the applications)."""
    grouped = list(applications.values("addresses_id").annotate(**_sums()))
    titles = problem_titles(ids=[row["addresses_id"] for row in grouped if row["addresses_id"]])
    rows = sorted(
        (
            _row(row["addresses_id"], titles.get(row["addresses_id"], ""), row)
            for row in grouped
            if row["addresses_id"]
        ),
        key=lambda row: row.label,
    )
    rows += [
        _row(None, _("Not linked to a problem"), row) for row in grouped if not row["addresses_id"]
    ]
    return rows


def by_applicant(applications: QuerySet[Application]) -> list[Row]:
    grouped = (
        applications.values("applicant_id", "applicant__name")
        .annotate(**_sums())
        .order_by("applicant__name", "applicant_id")
    )
    return [_row(row["applicant_id"], row["applicant__name"], row) for row in grouped]


def by_measure_type(applications: QuerySet[Application]) -> list[Row]:
    """One query of filtered aggregates, one set per type, because the types are a JSON list.

    An application with several measure types counts in each of them.
    """
    aggregates = {}
    for index, value in enumerate(MeasureType.values):
        has_type = Q(measure_types__icontains=f'"{value}"')
        aggregates[f"count_{index}"] = Count("id", filter=has_type)
        for amount in AMOUNTS:
            aggregates[f"{amount}_{index}"] = Sum(amount, filter=has_type, default=0)
    totals = applications.aggregate(**aggregates)
    return [
        Row(
            key=value,
            label=str(label),
            count=totals[f"count_{index}"],
            requested_kr=totals[f"requested_kr_{index}"],
            granted_kr=totals[f"granted_kr_{index}"],
            paid_kr=totals[f"paid_kr_{index}"],
        )
        for index, (value, label) in enumerate(MeasureType.choices)
        if totals[f"count_{index}"]
    ]


def by_status(fund_year: FundYear) -> list[Row]:
    return [
        Row(
            key=row["status"],
            label=str(row["label"]),
            count=row["count"],
            requested_kr=row["requested"] or 0,
            granted_kr=row["granted"] or 0,
        )
        for row in selectors.pipeline(fund_year=fund_year)
    ]


def breakdowns_of(*, actor, fund_year: FundYear) -> list[Breakdown]:
    applications = applications_of(actor=actor, fund_year=fund_year)
    several = _("An application that covers several of them is counted in each.")
    return [
        Breakdown(
            slug="status",
            title=_("Applications by status"),
            label_heading=_("Status"),
            rows=by_status(fund_year),
            chart="count",
        ),
        Breakdown(
            slug="category",
            title=_("Applications by category"),
            label_heading=_("Category"),
            rows=by_category(applications),
            chart="amounts",
        ),
        Breakdown(
            slug="problem",
            title=_("Applications by problem in the situational picture"),
            label_heading=_("Problem"),
            rows=by_problem(applications),
            chart="amounts",
        ),
        Breakdown(
            slug="district",
            title=_("Applications by district"),
            label_heading=_("District"),
            rows=by_district(applications),
            chart="amounts",
            note=several,
        ),
        Breakdown(
            slug="applicant",
            title=_("Applications by applicant"),
            label_heading=_("Applicant"),
            rows=by_applicant(applications),
            chart="amounts",
        ),
        Breakdown(
            slug="measure-type",
            title=_("Applications by measure type"),
            label_heading=_("Measure type"),
            rows=by_measure_type(applications),
            chart="amounts",
            note=several,
        ),
    ]


def sub_budgets_of(fund_year: FundYear) -> list[dict]:
    """The categories that have a budget of their own, with what is committed under it."""
    parts = [
        (
            Category.SOCIAL,
            fund_year.social_budget_kr,
            fund_year.committed_social_kr,
            fund_year.returned_social_kr,
        ),
        (
            Category.SITUATIONAL,
            fund_year.situational_budget_kr,
            fund_year.committed_situational_kr,
            fund_year.returned_situational_kr,
        ),
    ]
    return [
        {
            "label": category.label,
            "budget_kr": budget,
            "committed_kr": committed,
            "returned_kr": returned,
            "remaining_kr": fund_year.remaining_in(category),
        }
        for category, budget, committed, returned in parts
        if budget is not None
    ]


def chart_data(breakdowns: list[Breakdown]) -> dict:
    """What fund-dashboard.js draws; labels are translated here, numbers stay numbers."""
    data = {}
    for breakdown in breakdowns:
        labels = [row.label for row in breakdown.rows]
        if breakdown.chart == "count":
            datasets = [{"label": _("Applications"), "data": [row.count for row in breakdown.rows]}]
        else:
            datasets = [
                {"label": _("Applied for"), "data": [r.requested_kr for r in breakdown.rows]},
                {
                    "label": pgettext("amount", "Granted"),
                    "data": [r.granted_kr for r in breakdown.rows],
                },
                {"label": pgettext("amount", "Paid"), "data": [r.paid_kr for r in breakdown.rows]},
            ]
        data[breakdown.slug] = {"kind": breakdown.chart, "labels": labels, "datasets": datasets}
    return data


# --- View -------------------------------------------------------------------------------


def overdue_reports(*, municipality_id):
    from trygg.fund.reports.services import overdue_reports as overdue

    return overdue(municipality_id=municipality_id)
