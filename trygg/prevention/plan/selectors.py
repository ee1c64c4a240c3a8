"""Reads of the action plan, through the policy: the coordinator and the readers see the
municipality's plans; a prevention contact the measures of their own organisation.

The annual report and the public files read a fixed number of queries however many measures
a plan has: the measures with their organisation, then their problems, districts, grants and
other funding in one prefetch each; the totals are summed in Python from what is already read.
The plan page and the public page read plain values instead (``overview``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from trygg.organisations.models import District
from trygg.prevention.constants import Aggregation
from trygg.prevention.models import (
    Funding,
    FundingSource,
    Grant,
    IndicatorValue,
    Measure,
    MeasureIndicator,
    MeasureUpdate,
    Plan,
    PlanStatus,
    Problem,
)
from trygg.prevention.policies import prevention_policy


def plan_list(*, actor) -> QuerySet[Plan]:
    return prevention_policy.visible_plans(actor, Plan.objects.all()).select_related(
        "situation", "adopted_by", "municipality"
    )


def plan_get(*, actor, plan_id: int) -> Plan:
    return get_object_or_404(plan_list(actor=actor), pk=plan_id)


def _with_parts(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    return measures.select_related("organisation").prefetch_related(
        Prefetch("problems", queryset=Problem.objects.order_by("priority")),
        Prefetch("districts", queryset=District.objects.order_by("name")),
        Prefetch("grants", queryset=Grant.objects.order_by("reference")),
        "fundings",
    )


def all_measures(plan: Plan) -> QuerySet[Measure]:
    """Every measure of the plan, for the annual report (ordered by one who may read them
    all; made in the background, where there is no request to ask)."""
    return _with_parts(plan.measures.all())


def measure_get(*, actor, measure_id: int) -> Measure:
    return get_object_or_404(
        prevention_policy.visible_measures(actor, Measure.objects.all()).select_related(
            "plan__municipality", "organisation", "created_by"
        ),
        pk=measure_id,
    )


@dataclass
class Money:
    """What a measure, a problem or the plan costs and who pays (kronor)."""

    cost_kr: int = 0
    grant_kr: int = 0  # granted by the safety fund
    grant_paid_kr: int = 0
    budget_kr: int = 0
    partner_kr: int = 0

    @property
    def other_kr(self) -> int:
        return self.budget_kr + self.partner_kr

    @property
    def funded_kr(self) -> int:
        return self.grant_kr + self.budget_kr + self.partner_kr

    @property
    def unfunded_kr(self) -> int:
        return max(self.cost_kr - self.funded_kr, 0)

    def add(self, other: Money) -> None:
        self.cost_kr += other.cost_kr
        self.grant_kr += other.grant_kr
        self.grant_paid_kr += other.grant_paid_kr
        self.budget_kr += other.budget_kr
        self.partner_kr += other.partner_kr


def money_of(measure: Measure, grants=None, fundings=None) -> Money:
    """From the prefetched (or given) grants and fundings: no query."""
    grants = list(measure.grants.all()) if grants is None else grants
    fundings = list(measure.fundings.all()) if fundings is None else fundings
    return Money(
        cost_kr=measure.cost_kr,
        grant_kr=sum(g.granted_kr - g.returned_kr for g in grants),
        grant_paid_kr=sum(g.paid_kr - g.returned_kr for g in grants),
        budget_kr=sum(f.amount_kr for f in fundings if f.source == FundingSource.BUDGET),
        partner_kr=sum(f.amount_kr for f in fundings if f.source == FundingSource.PARTNER),
    )


@dataclass
class Row:
    measure: Measure
    money: Money


@dataclass
class Group:
    """The measures against one problem, or in one district, with their money."""

    label: str
    money: Money = field(default_factory=Money)
    count: int = 0


def plan_rows(measures) -> tuple[list[Row], Money, list[Group], list[Group]]:
    """The plan's rows, its total, and the money per problem and per district. A measure
    against several problems (or in several districts) counts in each of them."""
    rows = [Row(measure, money_of(measure)) for measure in measures]
    total = Money()
    problems: dict[int, Group] = {}
    districts: dict[int, Group] = {}
    for row in rows:
        total.add(row.money)
        for problem in row.measure.problems.all():
            group = problems.setdefault(
                problem.pk, Group(label=f"{problem.priority}. {problem.title}")
            )
            group.money.add(row.money)
            group.count += 1
        for district in row.measure.districts.all():
            group = districts.setdefault(district.pk, Group(label=district.name))
            group.money.add(row.money)
            group.count += 1
    return (
        rows,
        total,
        sorted(problems.values(), key=lambda g: g.label),
        sorted(districts.values(), key=lambda g: g.label),
    )


def grants_to_link(*, plan: Plan) -> QuerySet[Grant]:
    """The municipality's grants not yet linked to a measure; those that address one of the
    plan's problems first."""
    from django.db.models import BooleanField, ExpressionWrapper, Q

    answers_plan = ExpressionWrapper(
        Q(problem__situation_id=plan.situation_id), output_field=BooleanField()
    )
    return (
        Grant.objects.filter(municipality_id=plan.municipality_id, measure__isnull=True)
        .annotate(answers_plan=answers_plan)
        .order_by("-answers_plan", "reference")
    )


@dataclass(frozen=True)
class TargetRow:
    """An indicator a measure follows: the baseline and target set, and the indicator's values
    in the measure's districts (or the municipality) before the start and the newest since."""

    target: MeasureIndicator
    before: Decimal | None
    before_period: object
    after: Decimal | None
    after_period: object

    @property
    def moved_right_way(self) -> bool | None:
        if self.before is None or self.after is None or self.after == self.before:
            return None
        worse = self.target.indicator.higher_is_worse
        return (self.after < self.before) if worse else (self.after > self.before)


def _figure(values: list[Decimal], aggregation: str) -> Decimal:
    total = sum(values, Decimal(0))
    return (
        total if aggregation == Aggregation.SUM else (total / len(values)).quantize(Decimal("0.1"))
    )


def target_rows(measure: Measure) -> list[TargetRow]:
    """Two queries: the targets, and the values of their indicators in the measure's area."""
    targets = list(measure.targets.select_related("indicator"))
    if not targets:
        return []
    district_ids = list(measure.districts.values_list("pk", flat=True))
    values = IndicatorValue.objects.filter(indicator__in=[t.indicator for t in targets])
    if district_ids:
        values = values.filter(district_id__in=district_ids)
    by_period: dict[int, dict] = {}
    for indicator_id, period, value in values.values_list("indicator_id", "period_start", "value"):
        by_period.setdefault(indicator_id, {}).setdefault(period, []).append(value)
    rows = []
    for target in targets:
        periods = by_period.get(target.indicator_id, {})
        before = [p for p in periods if p < measure.starts_on]
        after = [p for p in periods if p >= measure.starts_on]
        before_period = max(before) if before else None
        after_period = max(after) if after else None
        aggregation = target.indicator.aggregation
        rows.append(
            TargetRow(
                target=target,
                before=_figure(periods[before_period], aggregation) if before_period else None,
                before_period=before_period,
                after=_figure(periods[after_period], aggregation) if after_period else None,
                after_period=after_period,
            )
        )
    return rows


def fundings_of(measure: Measure) -> list[Funding]:
    return list(measure.fundings.all())


def plan_cost(plan: Plan) -> int:
    """What all the plan's measures cost, in one query."""
    from django.db.models import Sum

    return plan.measures.aggregate(total=Sum("cost_kr", default=0))["total"]


def programme_report_for(plan: Plan, start, end):
    """The defector programme's aggregates in the plan's municipality for a period, protected
    as on the programme's statistics page: figures, never a case."""
    from trygg.defectors.selectors import programme_report

    return programme_report(
        municipality_id=plan.municipality_id,
        name=plan.municipality.name,
        period_start=start,
        period_end=end,
    )


def programme_figures(measure: Measure):
    """The programme's aggregates over the measure's time, up to today."""
    from django.utils import timezone

    today = timezone.localdate()
    end = min(measure.ends_on or today, today)
    start = min(measure.starts_on, end)
    return programme_report_for(measure.plan, start, end)


# --- The public page --------------------------------------------------------------------


def public_plans() -> QuerySet[Plan]:
    """Adopted plans their coordinator has published, newest first."""
    return (
        Plan.objects.filter(status=PlanStatus.ADOPTED, published_at__isnull=False)
        .select_related("municipality")
        .order_by("municipality__name", "-period_to")
    )


def public_plan_get(*, plan_id: int) -> Plan:
    return get_object_or_404(public_plans().select_related("situation"), pk=plan_id)


@dataclass
class PublicRow:
    measure: Measure
    money: Money
    latest: str  # the newest follow-up's text


def public_rows(plan: Plan) -> list[PublicRow]:
    """The measures marked for the public page, with their newest follow-up: a fixed number of
    queries (the newest follow-up per measure is one subquery)."""
    newest = MeasureUpdate.objects.filter(measure=OuterRef("pk")).order_by("-written_at", "-id")
    measures = (
        plan.measures.filter(is_public=True)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("problems", queryset=Problem.objects.order_by("priority")),
            Prefetch("districts", queryset=District.objects.order_by("name")),
            "grants",
            "fundings",
        )
        .annotate(latest=Subquery(newest.values("text")[:1]))
    )
    return [PublicRow(m, money_of(m), m.latest or "") for m in measures]


def commitments_of(plan: Plan) -> list:
    """The plan's commitments, each with its follow-ups newest first (two queries)."""
    from trygg.prevention.models import Commitment, CommitmentFollowUp

    return list(
        Commitment.objects.filter(plan=plan).prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=CommitmentFollowUp.objects.order_by("-written_at", "-id"),
            )
        )
    )


def public_indicators(plan: Plan) -> list:
    """The municipality's figures of the indicators the plan rests on (its lägesbild's, and
    those its public measures follow) that the coordinator marked as publishable: three years
    up to the end of the plan's period. Two queries."""
    from datetime import date

    from django.db.models import Q

    from trygg.prevention.districts.selectors import municipality_series
    from trygg.prevention.models import Indicator

    followed = MeasureIndicator.objects.filter(measure__plan=plan, measure__is_public=True).values(
        "indicator_id"
    )
    indicators = list(
        Indicator.objects.filter(municipality_id=plan.municipality_id, publishable=True)
        .filter(Q(pk__in=plan.situation.indicators.values("pk")) | Q(pk__in=followed))
        .order_by("name")
    )
    until = plan.period_to
    return municipality_series(indicators=indicators, since=date(until.year - 3, 1, 1), until=until)
