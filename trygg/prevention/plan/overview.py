"""The measure table of the plan page and of the public page, read as plain values.

A large municipality's plan has hundreds of measures. Building a model instance with four
prefetched relations per measure, and laying out every row, cost most of those pages' time;
so the money of the measures is summed in SQL (two grouped queries, grants and fundings), their
problems and districts come as two lists of links, and each row is made once, ready to print.
The totals and the money per problem and per district still cover every measure; the pages
lay out one page of rows at a time. Five queries whatever the number of measures, and
none while the municipality's prevention data is unchanged: the figures are kept as a stored
view per plan and reader scope (``trygg.prevention.stored``, ADR 0016), read in one query.

The sums are those of ``selectors.money_of`` (which the measure page and the annual report
use): a grant counts what was granted, and paid, less what was paid back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from django.db.models import (
    CharField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.urls import reverse

from trygg.core.templatetags.trygg import kronor_or_dash
from trygg.prevention.models import (
    Funding,
    FundingSource,
    Grant,
    Measure,
    MeasureStatus,
    MeasureUpdate,
    Plan,
    Problem,
)
from trygg.prevention.plan.selectors import Group, Money
from trygg.prevention.policies import prevention_policy
from trygg.prevention.stored.store import stored

MEASURES_PER_PAGE = 25
LINK_SENTINEL = 987654321987


class MeasureRow(TypedDict):
    """One measure as the tables print it: its districts and problems already joined, its
    amounts already written as kronor (a dash for none). A dict, as a template reads a dict's
    keys faster than an object's attributes, which counts over a page of rows."""

    pk: int
    url: str  # the measure's page
    number: int
    title: str
    status_label: str
    organisation: str
    districts: str  # names, by name; "" for the whole municipality
    problems: str  # priorities, in order
    money: Money
    cost: str
    grant: str  # the safety fund
    other: str  # own budget and partners
    unfunded: str
    budget: str
    partner: str
    partners: str  # the public page: the partners, the dates, the newest follow-up
    starts_on: date | None
    ends_on: date | None
    latest: str


def _money_per_measure(ids: QuerySet) -> dict[int, tuple[int, int, int, int]]:
    """Granted, paid, budget and partner money per measure: the measures' grants and their
    fundings grouped, in one query (a UNION of the two; a subquery per measure and kind of
    money, four for each row, cost more than the rest of the plan page)."""
    number = IntegerField()
    grants = (
        Grant.objects.filter(measure_id__in=ids)
        .order_by()
        .values("measure_id")
        .annotate(kind=Value(0, output_field=number))
        .annotate(first=Sum(F("granted_kr") - F("returned_kr"), output_field=number))
        .annotate(second=Sum(F("paid_kr") - F("returned_kr"), output_field=number))
        .values_list("measure_id", "kind", "first", "second")
    )
    fundings = (
        Funding.objects.filter(measure_id__in=ids)
        .order_by()
        .values("measure_id")
        .annotate(kind=Value(1, output_field=number))
        .annotate(first=Sum("amount_kr", filter=Q(source=FundingSource.BUDGET)))
        .annotate(second=Sum("amount_kr", filter=Q(source=FundingSource.PARTNER)))
        .values_list("measure_id", "kind", "first", "second")
    )
    money: dict[int, list[int]] = {}
    for measure_id, kind, first, second in grants.union(fundings, all=True):
        start = 2 * kind  # grants: granted, paid; fundings: budget, partner
        money.setdefault(measure_id, [0, 0, 0, 0])[start : start + 2] = [first or 0, second or 0]
    return {measure_id: tuple(sums) for measure_id, sums in money.items()}


def _problems_and_districts(ids: QuerySet) -> tuple[dict, dict]:
    """The measures' problems ``(id, "priority. title", priority)`` by priority and their
    districts ``(id, name)`` by name (the database's collation), per measure, in one query
    (a UNION of the two)."""
    number, text = IntegerField(), CharField()
    columns = ("measure_id", "kind", "item", "rank", "label", "sort_text")
    problems = (
        Measure.problems.through.objects.filter(measure_id__in=ids)
        .annotate(
            kind=Value(0, output_field=number),
            item=F("problem_id"),
            rank=F("problem__priority"),
            label=F("problem__title"),
            sort_text=Value("", output_field=text),
        )
        .values_list(*columns)
    )
    districts = (
        Measure.districts.through.objects.filter(measure_id__in=ids)
        .annotate(
            kind=Value(1, output_field=number),
            item=F("district_id"),
            rank=Value(0, output_field=number),
            label=F("district__name"),
            sort_text=F("district__name"),
        )
        .values_list(*columns)
    )
    rows = (
        problems.order_by()
        .union(districts.order_by(), all=True)
        .order_by("kind", "rank", "sort_text", "item")
    )
    by_problem: dict[int, list[tuple[int, str, int]]] = {}
    by_district: dict[int, list[tuple[int, str]]] = {}
    for measure_id, kind, item_id, priority, title, _sort in rows:
        if kind == 0:
            by_problem.setdefault(measure_id, []).append(
                (item_id, f"{priority}. {title}", priority)
            )
        else:
            by_district.setdefault(measure_id, []).append((item_id, title))
    return by_problem, by_district


@dataclass
class Overview:
    """The measures' figures (``values``, by number), ready to be made into rows a page at a
    time with ``rows``; the total and the groups cover every measure."""

    values: list[dict]
    total: Money
    per_problem: list[Group]
    per_district: list[Group]
    problems: dict[int, list[tuple[int, str, int]]]
    districts: dict[int, list[tuple[int, str]]]
    money: dict[int, Money]
    # The problems the plan answers, in order: {"title": ..., "districts": [names]}.
    plan_problems: list[dict] = field(default_factory=list)

    def rows(self, values: list[dict]) -> list[MeasureRow]:
        labels = {value: str(label) for value, label in MeasureStatus.choices}
        # One reverse for the page, not one per row.
        link = reverse("prevention:measure", args=[LINK_SENTINEL])
        return [self._row(v, self.money[v["pk"]], labels, link) for v in values]

    def _row(self, v: dict, money: Money, labels: dict, link: str) -> MeasureRow:
        return MeasureRow(
            pk=v["pk"],
            url=link.replace(str(LINK_SENTINEL), str(v["pk"])),
            number=v["number"],
            title=v["title"],
            status_label=labels.get(v["status"], v["status"]),
            organisation=v["organisation__name"],
            districts=", ".join(name for _id, name in self.districts.get(v["pk"], ())),
            problems=", ".join(str(p[2]) for p in self.problems.get(v["pk"], ())),
            money=money,
            cost=kronor_or_dash(money.cost_kr),
            grant=kronor_or_dash(money.grant_kr),
            other=kronor_or_dash(money.other_kr),
            unfunded=kronor_or_dash(money.unfunded_kr),
            budget=kronor_or_dash(money.budget_kr),
            partner=kronor_or_dash(money.partner_kr),
            partners=v.get("partners", ""),
            starts_on=v.get("starts_on"),
            ends_on=v.get("ends_on"),
            latest=v.get("latest") or "",
        )


def overview(measures: QuerySet[Measure], *, public: bool = False) -> Overview:
    """Every measure of ``measures`` (by number), their total, and the money per problem and
    per district: a measure against several problems (or in several districts) counts in each
    of them. ``public``: with the dates, partners and newest follow-up."""
    fields = ["pk", "number", "title", "status", "organisation__name", "cost_kr"]
    queryset = measures.order_by("number")
    if public:
        newest = MeasureUpdate.objects.filter(measure=OuterRef("pk")).order_by("-written_at", "-id")
        queryset = queryset.annotate(latest=Subquery(newest.values("text")[:1]))
        fields += ["partners", "starts_on", "ends_on", "latest"]
    ids = measures.values("pk")
    problems, districts = _problems_and_districts(ids)

    values = list(queryset.values(*fields))
    sums = _money_per_measure(ids)
    total = Money()
    per_problem: dict[int, Group] = {}
    per_district: dict[int, Group] = {}
    money_of: dict[int, Money] = {}
    for v in values:
        money = money_of[v["pk"]] = Money(v["cost_kr"], *sums.get(v["pk"], (0, 0, 0, 0)))
        total.add(money)
        for problem_id, label, _priority in problems.get(v["pk"], ()):
            group = per_problem.get(problem_id) or per_problem.setdefault(
                problem_id, Group(label=label)
            )
            group.money.add(money)
            group.count += 1
        for district_id, name in districts.get(v["pk"], ()):
            group = per_district.get(district_id) or per_district.setdefault(
                district_id, Group(label=name)
            )
            group.money.add(money)
            group.count += 1
    return Overview(
        values=values,
        total=total,
        per_problem=sorted(per_problem.values(), key=lambda g: g.label),
        per_district=sorted(per_district.values(), key=lambda g: g.label),
        problems=problems,
        districts=districts,
        money=money_of,
    )


def _money_data(money: Money) -> list[int]:
    return [money.cost_kr, money.grant_kr, money.grant_paid_kr, money.budget_kr, money.partner_kr]


def _group_data(group: Group) -> list:
    return [group.label, _money_data(group.money), group.count]


def _to_data(overview: Overview) -> dict:
    """The overview as JSON: dates as ISO text, the per-measure maps as pairs (JSON keys
    are text)."""
    return {
        "values": [
            {k: (v.isoformat() if isinstance(v, date) else v) for k, v in value.items()}
            for value in overview.values
        ],
        "total": _money_data(overview.total),
        "per_problem": [_group_data(g) for g in overview.per_problem],
        "per_district": [_group_data(g) for g in overview.per_district],
        "problems": list(overview.problems.items()),
        "districts": list(overview.districts.items()),
        "money": [[pk, _money_data(money)] for pk, money in overview.money.items()],
    }


def _from_data(data: dict) -> Overview:
    def dated(value: dict) -> dict:
        for name in ("starts_on", "ends_on"):
            if value.get(name):
                value[name] = date.fromisoformat(value[name])
        return value

    return Overview(
        values=[dated(value) for value in data["values"]],
        total=Money(*data["total"]),
        per_problem=[
            Group(label, Money(*money), count) for label, money, count in data["per_problem"]
        ],
        per_district=[
            Group(label, Money(*money), count) for label, money, count in data["per_district"]
        ],
        problems={pk: [tuple(item) for item in items] for pk, items in data["problems"]},
        districts={pk: [tuple(item) for item in items] for pk, items in data["districts"]},
        money={pk: Money(*money) for pk, money in data["money"]},
        plan_problems=data["plan_problems"],
    )


def _plan_problems(plan: Plan) -> list[dict]:
    """The problems of the plan's situation, by priority, each with its districts by name
    (one query)."""
    problems: dict[int, dict] = {}
    for pk, title, district in (
        Problem.objects.filter(situation_id=plan.situation_id)
        .order_by("priority", "id", "districts__name")
        .values_list("pk", "title", "districts__name")
    ):
        problem = problems.setdefault(pk, {"title": title, "districts": []})
        if district is not None:
            problem["districts"].append(district)
    return list(problems.values())


def _stored_overview(plan: Plan, scope: str, measures: QuerySet[Measure], *, public=False):
    """The overview as kept for the plan and the readers' scope while the municipality's
    prevention data is unchanged (``trygg.prevention.stored``)."""

    def compute() -> dict:
        return {
            **_to_data(overview(measures, public=public)),
            "plan_problems": _plan_problems(plan),
        }

    data = stored(f"plan:{plan.pk}:{scope}", municipality_id=plan.municipality_id, compute=compute)
    return _from_data(data)


def plan_overview(*, actor, plan: Plan) -> Overview:
    """The measures of the plan the actor may read (a contact: their organisation's)."""
    scope = prevention_policy.measure_scope(actor)
    measures = prevention_policy.visible_measures(actor, plan.measures.all(), scope=scope)
    if scope is None or plan.municipality_id != actor.municipality_id:
        shown = overview(measures)  # nothing the actor may read: not kept
        shown.plan_problems = _plan_problems(plan)
        return shown
    return _stored_overview(plan, scope, measures)


def public_overview(*, plan: Plan) -> Overview:
    """The measures marked for the public page of a published plan."""
    return _stored_overview(plan, "public", plan.measures.filter(is_public=True), public=True)
