"""The socio-economic estimate of an action plan: what the measures may save society, from
unit costs the coordinator enters with their source and year (a criminal career per year, an
incident of a kind, a placement…), each with a low and a high value.

Always an estimate, never an outcome: the page and the annual report say so, print every
assumption beside the figures and give the range from the low to the high values. The defector
programme's line counts the cases closed in the plan's period with the programme completed, as
the statistics page does: when that number is small it is hidden, and so is the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.prevention.models import Assumption, EstimateLine, Measure, Plan
from trygg.prevention.plan.services import MAX_KR
from trygg.prevention.policies import prevention_policy

MAX_QUANTITY = Decimal(1_000_000)
DEFECTIONS = "defections"


def assumption_add(
    *,
    actor,
    plan: Plan,
    name: str,
    value_kr: int,
    low_kr: int,
    high_kr: int,
    source: str,
    year: int,
) -> Assumption:
    prevention_policy.require(actor, "manage_indicators", plan)
    for field_name, amount in (("value_kr", value_kr), ("low_kr", low_kr), ("high_kr", high_kr)):
        if not 0 <= amount <= MAX_KR:
            raise ApplicationError(
                _("Give an amount in whole kronor, zero or more."), field=field_name
            )
    if low_kr > value_kr:
        raise ApplicationError(_("The low value cannot be above the cost."), field="low_kr")
    if high_kr < value_kr:
        raise ApplicationError(_("The high value cannot be below the cost."), field="high_kr")
    if not 1990 <= year <= timezone.localdate().year:
        raise ApplicationError(
            _("Give the year the figure is from, 1990 or later and not in the future."),
            field="year",
        )
    if not source.strip():
        raise ApplicationError(_("Say where the figure comes from."), field="source")
    with transaction.atomic():
        assumption = Assumption.objects.create(
            plan=plan,
            name=name.strip(),
            value_kr=value_kr,
            low_kr=low_kr,
            high_kr=high_kr,
            source=source.strip(),
            year=year,
            created_by=actor.user,
        )
        record(
            action="prevention.assumption.add",
            actor=actor,
            target=plan,
            payload={"assumption": assumption.pk},
        )
    return assumption


def line_add(
    *, actor, plan: Plan, target: str, assumption: Assumption, quantity: Decimal | None, note: str
) -> EstimateLine:
    """``target`` is a measure's id or ``DEFECTIONS``; for the defections the number is
    counted from the programme, never typed."""
    prevention_policy.require(actor, "manage_indicators", plan)
    if assumption.plan_id != plan.pk:
        raise ApplicationError(_("Choose one of the plan's assumptions."), field="assumption")
    measure = None
    if target != DEFECTIONS:
        measure = plan.measures.filter(pk=int(target)).first() if target.isdigit() else None
        if measure is None:
            raise ApplicationError(_("Choose a measure of the plan."), field="target")
        if quantity is None or not 0 < quantity <= MAX_QUANTITY:
            raise ApplicationError(
                _("Say how many the measure is assumed to avoid: more than 0."), field="quantity"
            )
    with transaction.atomic():
        line = EstimateLine.objects.create(
            plan=plan,
            measure=measure,
            for_defections=measure is None,
            assumption=assumption,
            quantity=quantity if measure is not None else 0,
            note=note.strip(),
            created_by=actor.user,
        )
        record(
            action="prevention.estimate.add",
            actor=actor,
            target=plan,
            payload={"line": line.pk, "assumption": assumption.pk},
        )
    return line


def line_remove(*, actor, line: EstimateLine) -> None:
    prevention_policy.require(actor, "manage_indicators", line.plan)
    with transaction.atomic():
        record(
            action="prevention.estimate.remove",
            actor=actor,
            target=line.plan,
            payload={"line": line.pk},
        )
        line.delete()


# --- The figures -------------------------------------------------------------------------


def _kr(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Line:
    line: EstimateLine
    label: str
    quantity: Decimal | None  # None: the defections are too few to show
    low_kr: int | None = None
    central_kr: int | None = None
    high_kr: int | None = None

    @property
    def hidden(self) -> bool:
        return self.quantity is None


@dataclass
class Estimate:
    assumptions: list[Assumption]
    lines: list[Line]
    cost_kr: int
    low_kr: int = 0
    central_kr: int = 0
    high_kr: int = 0
    hidden_lines: int = 0
    min_cell: int = 5
    notes: list[str] = field(default_factory=list)


def estimate_of(plan: Plan, *, cost_kr: int) -> Estimate:
    """Three queries, and the programme's report when a line is about the defections."""
    from django.conf import settings

    from trygg.defectors.selectors import completed_defections

    assumptions = list(plan.assumptions.all())
    by_id = {a.pk: a for a in assumptions}
    rows = list(plan.estimate_lines.select_related("measure", "assumption"))
    defections = None
    if any(row.for_defections for row in rows):
        today = timezone.localdate()
        end = min(plan.period_to, today)
        defections = completed_defections(
            municipality_id=plan.municipality_id,
            period_start=min(plan.period_from, end),
            period_end=end,
        )
    estimate = Estimate(
        assumptions=assumptions,
        lines=[],
        cost_kr=cost_kr,
        min_cell=settings.TRYGG_STATISTICS_MIN_CELL,
    )
    for row in rows:
        assumption = by_id[row.assumption_id]
        if row.for_defections:
            label = _("Completed defections in the defector programme")
            quantity = Decimal(defections) if defections is not None else None
        else:
            label = _("Measure %(number)s: %(title)s") % {
                "number": row.measure.number,
                "title": row.measure.title,
            }
            quantity = row.quantity
        line = Line(line=row, label=label, quantity=quantity)
        if quantity is None:
            estimate.hidden_lines += 1
        else:
            line.low_kr = _kr(quantity * assumption.low_kr)
            line.central_kr = _kr(quantity * assumption.value_kr)
            line.high_kr = _kr(quantity * assumption.high_kr)
            estimate.low_kr += line.low_kr
            estimate.central_kr += line.central_kr
            estimate.high_kr += line.high_kr
        estimate.lines.append(line)
    return estimate


def target_choices(plan: Plan) -> list[tuple[str, str]]:
    measures = Measure.objects.filter(plan=plan).order_by("number")
    return [
        (DEFECTIONS, _("Completed defections in the defector programme (counted, not typed)")),
        *[
            (str(pk), f"{number}. {title}")
            for pk, number, title in measures.values_list("pk", "number", "title")
        ],
    ]
