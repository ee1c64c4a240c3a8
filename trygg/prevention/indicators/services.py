"""Writes of indicators and their values: policy, validation, change and audit in one
transaction. Audit payloads carry ids and periods only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.organisations.models import District
from trygg.prevention.constants import MAX_VALUE
from trygg.prevention.models import Indicator, IndicatorValue
from trygg.prevention.periods import period_start
from trygg.prevention.policies import prevention_policy

FIELDS = (
    "name",
    "unit",
    "source",
    "period_type",
    "aggregation",
    "higher_is_worse",
    "publishable",
    "reported_by",
)


def _saved(actor, indicator: Indicator, action: str) -> Indicator:
    """Validate, save and audit; a name the municipality already uses is refused at the field
    (the unique constraint decides, also when two people save at once)."""
    indicator.name = indicator.name.strip()
    reporter = indicator.reported_by
    if reporter is not None and reporter.municipality_id != indicator.municipality_id:
        raise ApplicationError(
            _("Choose an organisation of the municipality."), field="reported_by"
        )
    try:
        indicator.full_clean(exclude=["municipality"], validate_unique=False)
    except ValidationError as error:
        field, problems = next(iter(error.message_dict.items()))
        raise ApplicationError(problems[0], field=None if field == "__all__" else field) from error
    try:
        with transaction.atomic():
            indicator.save()
            record(action=action, actor=actor, target=indicator)
    except IntegrityError as error:
        raise ApplicationError(
            _("The municipality already has an indicator with this name."), field="name"
        ) from error
    return indicator


def indicator_create(*, actor, **fields) -> Indicator:
    prevention_policy.require(actor, "manage_indicators")
    indicator = Indicator(municipality_id=actor.municipality_id, **fields)
    return _saved(actor, indicator, "prevention.indicator.create")


def indicator_update(*, actor, indicator: Indicator, **fields) -> Indicator:
    """Change the definition. The period type is fixed once values exist: they were entered
    for its periods."""
    prevention_policy.require(actor, "manage_indicators", indicator)
    if (
        fields.get("period_type", indicator.period_type) != indicator.period_type
        and indicator.values.exists()
    ):
        raise ApplicationError(
            _("The period cannot change once values have been entered."), field="period_type"
        )
    for name in FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name])
    return _saved(actor, indicator, "prevention.indicator.update")


def _require_by_hand(indicator: Indicator) -> None:
    if indicator.from_reports:
        raise ApplicationError(
            _("The values of this indicator are counted from the place reports (EST).")
        )


def values_save(
    *, actor, indicator: Indicator, period: date, values: dict[int, Decimal | None]
) -> int:
    """Set the districts' values for one period: a number sets it, None removes it. Every
    district must be one of the municipality's. Returns how many values changed."""
    prevention_policy.require(actor, "enter_values", indicator)
    _require_by_hand(indicator)
    start = period_start(period, indicator.period_type)
    if start != period:
        raise ApplicationError(_("Choose one of the periods in the list."), field="period")
    districts = set(
        District.objects.filter(
            municipality_id=indicator.municipality_id, pk__in=list(values)
        ).values_list("pk", flat=True)
    )
    if districts != set(values):
        raise ApplicationError(_("Only the municipality's own districts have values."))
    for value in values.values():
        if value is not None and abs(value) >= MAX_VALUE:
            raise ApplicationError(_("The value is too large."))
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        existing = {
            v.district_id: v
            for v in IndicatorValue.objects.select_for_update().filter(
                indicator=indicator, period_start=start, district_id__in=list(values)
            )
        }
        for district_id, value in values.items():
            current = existing.get(district_id)
            if value is None:
                if current is not None:
                    current.delete()
                    changed += 1
            elif current is None:
                IndicatorValue.objects.create(
                    indicator=indicator,
                    district_id=district_id,
                    period_start=start,
                    value=value,
                    entered_by=actor.user,
                    entered_at=now,
                )
                changed += 1
            elif current.value != value:
                current.value, current.entered_by, current.entered_at = value, actor.user, now
                current.save(update_fields=["value", "entered_by", "entered_at"])
                changed += 1
        if changed:
            record(
                action="prevention.values.save",
                actor=actor,
                target=indicator,
                payload={"period": start.isoformat(), "changed": changed},
            )
    return changed


def values_bulk_save(
    *, actor, values: dict[tuple[int, int, date], Decimal], how: str = "import"
) -> int:
    """Many values at once (an import, the demo data): keys are (indicator id, district id,
    period start), all of the actor's municipality; a value already there is replaced. One
    audit event per indicator. Returns how many values were written."""
    prevention_policy.require(actor, "manage_indicators")
    indicator_ids = {key[0] for key in values}
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            municipality_id=actor.municipality_id, pk__in=indicator_ids
        )
    }
    district_ids = set(
        District.objects.filter(
            municipality_id=actor.municipality_id, pk__in={key[1] for key in values}
        ).values_list("pk", flat=True)
    )
    for (indicator_id, district_id, start), value in values.items():
        indicator = indicators.get(indicator_id)
        if indicator is None or district_id not in district_ids:
            raise ApplicationError(_("Only the municipality's own districts have values."))
        _require_by_hand(indicator)
        if period_start(start, indicator.period_type) != start:
            raise ApplicationError(_("Choose one of the periods in the list."))
        if abs(value) >= MAX_VALUE:
            raise ApplicationError(_("The value is too large."))
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (v.indicator_id, v.district_id, v.period_start): v
            for v in IndicatorValue.objects.select_for_update().filter(
                indicator_id__in=indicator_ids,
                district_id__in=district_ids,
                period_start__in={key[2] for key in values},
            )
        }
        new, changed = [], []
        for key, value in values.items():
            current = existing.get(key)
            if current is None:
                new.append(
                    IndicatorValue(
                        indicator_id=key[0],
                        district_id=key[1],
                        period_start=key[2],
                        value=value,
                        entered_by=actor.user,
                        entered_at=now,
                    )
                )
            elif current.value != value:
                current.value, current.entered_by, current.entered_at = value, actor.user, now
                changed.append(current)
        IndicatorValue.objects.bulk_create(new, batch_size=1000)
        IndicatorValue.objects.bulk_update(
            changed, ["value", "entered_by", "entered_at"], batch_size=1000
        )
        for indicator_id in sorted(indicator_ids):
            periods = sorted(key[2] for key in values if key[0] == indicator_id)
            record(
                action="prevention.values.import",
                actor=actor,
                target=indicators[indicator_id],
                payload={
                    "how": how,
                    "count": len(periods),
                    "from": periods[0].isoformat(),
                    "to": periods[-1].isoformat(),
                },
            )
    return len(new) + len(changed)
