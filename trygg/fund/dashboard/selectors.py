"""The coordinator's overview of a fund year: ledger figures, breakdowns and charts.

Every breakdown is added up from the year's figures (``trygg.fund.dashboard.figures``:
two grouped queries, stored while the applications do not change), so the page costs the
same number of queries, and does not read every application, whether the year has ten
applications or twenty thousand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from trygg.fund.constants import ApplicationStatus, Category, MeasureType
from trygg.fund.dashboard import figures as figures_
from trygg.fund.models import Application, FundYear
from trygg.fund.policies import fund_policy
from trygg.prevention.selectors import problem_titles


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


def _row(key: str | int | None, label: str, values: dict) -> Row:
    return Row(
        key=key,
        label=label,
        count=values["count"],
        requested_kr=values["requested"],
        granted_kr=values["granted"],
        paid_kr=values["paid"],
    )


def _by_name(totals: dict, names: dict, missing: str) -> list[Row]:
    """Rows of the keys with a name, by name; then the applications without one."""
    rows = sorted(
        (_row(key, names.get(key, ""), values) for key, values in totals.items() if key),
        key=lambda row: (row.label, row.key),
    )
    return rows + [_row(None, missing, values) for key, values in totals.items() if not key]


def by_category(figures: dict) -> list[Row]:
    grouped = figures_.totals_by(figures, "category")
    rows = [
        _row(value, str(label), grouped[value])
        for value, label in Category.choices
        if value in grouped
    ]
    if "" in grouped:
        rows.append(_row("", _("Not given"), grouped[""]))
    return rows


def by_district(figures: dict, names: dict) -> list[Row]:
    """An application that covers several districts counts in each of them."""
    totals = figures_.totals_by_district(figures)
    return _by_name(totals, names, _("No district given"))


def by_problem(figures: dict) -> list[Row]:
    """Money per problem of the lägesbild (the plan's problems, named by the applications)."""
    totals = figures_.totals_by(figures, "addresses_id")
    titles = problem_titles(ids=[key for key in totals if key])
    return _by_name(totals, titles, _("Not linked to a problem"))


def by_applicant(figures: dict, names: dict) -> list[Row]:
    return _by_name(figures_.totals_by(figures, "applicant_id"), names, "")


def by_measure_type(figures: dict) -> list[Row]:
    """An application with several measure types counts in each of them."""
    totals = figures_.totals_by_measure_type(figures)
    return [
        _row(value, str(label), totals[value])
        for value, label in MeasureType.choices
        if totals.get(value, {}).get("count")
    ]


def by_status(figures: dict) -> list[Row]:
    """Every status but draft, with or without applications (the pipeline has no paid)."""
    totals = figures_.totals_by(figures, "status")
    empty = dict.fromkeys(figures_.SUMS, 0)
    return [
        Row(
            key=status,
            label=str(label),
            count=totals.get(status, empty)["count"],
            requested_kr=totals.get(status, empty)["requested"],
            granted_kr=totals.get(status, empty)["granted"],
        )
        for status, label in ApplicationStatus.choices
        if status != ApplicationStatus.DRAFT
    ]


def breakdowns_of(*, actor, fund_year: FundYear) -> list[Breakdown]:
    figures = figures_.figures_of(
        actor=actor,
        fund_year=fund_year,
        applications=applications_of(actor=actor, fund_year=fund_year),
    )
    districts, applicants = figures_.names_of(
        district_ids=[key for key in figures_.totals_by_district(figures) if key],
        organisation_ids=list(figures_.totals_by(figures, "applicant_id")),
    )
    several = _("An application that covers several of them is counted in each.")
    return [
        Breakdown(
            slug="status",
            title=_("Applications by status"),
            label_heading=_("Status"),
            rows=by_status(figures),
            chart="count",
        ),
        Breakdown(
            slug="category",
            title=_("Applications by category"),
            label_heading=_("Category"),
            rows=by_category(figures),
            chart="amounts",
        ),
        Breakdown(
            slug="problem",
            title=_("Applications by problem in the situational picture"),
            label_heading=_("Problem"),
            rows=by_problem(figures),
            chart="amounts",
        ),
        Breakdown(
            slug="district",
            title=_("Applications by district"),
            label_heading=_("District"),
            rows=by_district(figures, districts),
            chart="amounts",
            note=several,
        ),
        Breakdown(
            slug="applicant",
            title=_("Applications by applicant"),
            label_heading=_("Applicant"),
            rows=by_applicant(figures, applicants),
            chart="amounts",
        ),
        Breakdown(
            slug="measure-type",
            title=_("Applications by measure type"),
            label_heading=_("Measure type"),
            rows=by_measure_type(figures),
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
