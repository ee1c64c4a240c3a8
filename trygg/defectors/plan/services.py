"""The support plan and its interventions (insatser), with their decided and actual costs.

Writes follow the services pattern: policy check, validation, change, ``touch`` and one
audit event in one transaction. Audit payloads carry ids, codes and field names only; the
provider and the notes are free text and stay out of the audit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, F, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.services import record_case_event, require_edit, touch
from trygg.defectors.constants import InterventionStatus, InterventionType
from trygg.defectors.models import Case, Intervention, SupportPlan

# The database column holds 12 digits with 2 decimals.
MAX_COST = Decimal("10000000000")
ORE = Decimal("0.01")
INTERVENTION_FIELDS = (
    "type",
    "provider",
    "start_on",
    "end_on",
    "status",
    "decided_cost",
    "actual_cost",
    "notes",
)


@dataclass(frozen=True)
class TypeCosts:
    type: str
    label: str
    count: int
    decided: Decimal
    actual: Decimal


@dataclass(frozen=True)
class CostTotals:
    decided: Decimal = Decimal(0)
    actual: Decimal = Decimal(0)
    by_type: list[TypeCosts] = field(default_factory=list)


def cost_totals(interventions: QuerySet[Intervention]) -> CostTotals:
    """Decided and actual cost in total and per intervention type, in one query.

    Takes any queryset of interventions (one case, a unit, a period), so the statistics
    and the state-grant report count costs the same way as the case's plan page. A cost
    not filled in counts as nothing; every row counts, whatever its status.
    """
    rows = (
        interventions.order_by()
        .values("type")
        .annotate(count=Count("id"), decided=Sum("decided_cost"), actual=Sum("actual_cost"))
    )
    found = {row["type"]: row for row in rows}
    by_type = [
        TypeCosts(
            type=value,
            label=str(label),
            count=found[value]["count"],
            decided=Decimal(found[value]["decided"] or 0),
            actual=Decimal(found[value]["actual"] or 0),
        )
        for value, label in InterventionType.choices
        if value in found
    ]
    return CostTotals(
        decided=sum((row.decided for row in by_type), Decimal(0)),
        actual=sum((row.actual for row in by_type), Decimal(0)),
        by_type=by_type,
    )


def plan_of(*, case: Case) -> SupportPlan | None:
    return SupportPlan.objects.filter(case=case).first()


def interventions_of(*, case: Case) -> list[Intervention]:
    """The case's interventions, earliest start first (not yet started last)."""
    return list(
        Intervention.objects.filter(case=case).order_by(F("start_on").asc(nulls_last=True), "id")
    )


def intervention_get(*, case: Case, intervention_id: int) -> Intervention:
    """An intervention of this case, or 404 (an id of another case is not found)."""
    intervention = Intervention.objects.filter(case=case, pk=intervention_id).first()
    if intervention is None:
        raise Http404
    return intervention


def plan_save(*, actor, case: Case, goals: str) -> SupportPlan:
    """Write the support plan's goals (the plan is created on its first save)."""
    require_edit(actor, case)
    with transaction.atomic():
        plan, _created = SupportPlan.objects.get_or_create(case=case)
        plan.goals = goals.strip()
        plan.updated_by = actor.user
        plan.save()
        touch(case)
        record_case_event(actor=actor, case=case, action="defectors.plan.update", plan=plan.pk)
    return plan


def _cost(value, field_name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as error:
        raise ApplicationError(_("Enter an amount in kronor."), field=field_name) from error
    if not amount.is_finite():
        raise ApplicationError(_("Enter an amount in kronor."), field=field_name)
    if amount < 0:
        raise ApplicationError(_("A cost cannot be negative."), field=field_name)
    if amount != amount.quantize(ORE):
        raise ApplicationError(
            _("Give the cost in kronor with at most two decimals (öre)."), field=field_name
        )
    if amount >= MAX_COST:
        raise ApplicationError(_("The amount is too large."), field=field_name)
    return amount.quantize(ORE)


def _clean(
    *,
    type: str,
    provider: str,
    start_on: Date | None,
    end_on: Date | None,
    status: str,
    decided_cost,
    actual_cost,
    notes: str,
) -> dict:
    """The intervention's fields, validated; each refusal names its field."""
    if type not in InterventionType.values:
        raise ApplicationError(_("Choose a type of intervention."), field="type")
    if status not in InterventionStatus.values:
        raise ApplicationError(_("Choose a status."), field="status")
    if start_on and end_on and end_on < start_on:
        raise ApplicationError(_("The end cannot be before the start."), field="end_on")
    if status == InterventionStatus.COMPLETED and end_on is None:
        raise ApplicationError(_("A completed intervention needs an end date."), field="end_on")
    return {
        "type": type,
        "provider": (provider or "").strip(),
        "start_on": start_on,
        "end_on": end_on,
        "status": status,
        "decided_cost": _cost(decided_cost, "decided_cost"),
        "actual_cost": _cost(actual_cost, "actual_cost"),
        "notes": (notes or "").strip(),
    }


def intervention_add(
    *,
    actor,
    case: Case,
    type: str,
    provider: str,
    start_on: Date | None,
    end_on: Date | None,
    status: str,
    decided_cost: Decimal | None,
    actual_cost: Decimal | None,
    notes: str,
) -> Intervention:
    """Add an intervention to the case's plan."""
    require_edit(actor, case)
    values = _clean(
        type=type,
        provider=provider,
        start_on=start_on,
        end_on=end_on,
        status=status,
        decided_cost=decided_cost,
        actual_cost=actual_cost,
        notes=notes,
    )
    with transaction.atomic():
        intervention = Intervention(case=case, municipality_id=case.municipality_id, **values)
        intervention.full_clean()
        intervention.save()
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.intervention.create",
            intervention=intervention.pk,
            type=intervention.type,
        )
    return intervention


def intervention_update(
    *,
    actor,
    case: Case,
    intervention: Intervention,
    type: str,
    provider: str,
    start_on: Date | None,
    end_on: Date | None,
    status: str,
    decided_cost: Decimal | None,
    actual_cost: Decimal | None,
    notes: str,
) -> list[str]:
    """Change an intervention; returns the names of the fields that changed (none: no write)."""
    require_edit(actor, case)
    if intervention.case_id != case.pk:
        raise Http404
    values = _clean(
        type=type,
        provider=provider,
        start_on=start_on,
        end_on=end_on,
        status=status,
        decided_cost=decided_cost,
        actual_cost=actual_cost,
        notes=notes,
    )
    changed = [name for name in INTERVENTION_FIELDS if getattr(intervention, name) != values[name]]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(intervention, name, values[name])
        intervention.full_clean()
        intervention.save(update_fields=[*changed, "updated_at"])
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.intervention.update",
            intervention=intervention.pk,
            changed=changed,
        )
    return changed
