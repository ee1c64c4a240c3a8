"""The prevention coordinator's indicators: define them and enter values per district and
period. Thin: forms in, services for writes, selectors for reads."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.prevention import selectors
from trygg.prevention.indicators import services
from trygg.prevention.indicators.forms import IndicatorForm, PeriodForm, ValuesForm
from trygg.prevention.models import IndicatorValue
from trygg.prevention.periods import period_label, recent_periods
from trygg.prevention.policies import prevention_policy

# How far back the value form offers periods: three years of months, tertials or years.
PERIODS_OFFERED = {"month": 36, "tertial": 9, "year": 10}


@guard(prevention_policy, "use")
def index_view(request):
    # The newest period of each indicator from the index, rather than a join that groups all
    # the values of every indicator (a municipality enters tens of thousands).
    newest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period_start")
    indicators = selectors.indicator_list(actor=request.actor).annotate(
        last_period=Subquery(newest.values("period_start")[:1])
    )
    rows = [
        {
            "indicator": indicator,
            "last": period_label(indicator.last_period, indicator.period_type)
            if indicator.last_period
            else "",
        }
        for indicator in indicators
    ]
    return render(
        request,
        "prevention/index.html",
        {"rows": rows, "districts": selectors.district_list(actor=request.actor)},
    )


@guard(prevention_policy, "manage_indicators")
def indicator_create_view(request):
    form = IndicatorForm(
        request.POST or None, organisations=selectors.reporting_organisations(actor=request.actor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The indicator was created. Enter its values."))
            return redirect("prevention:values", indicator.pk)
    return render(request, "prevention/indicator_form.html", {"form": form, "indicator": None})


@guard(prevention_policy, "manage_indicators")
def indicator_edit_view(request, indicator_id: int):
    indicator = selectors.indicator_get(actor=request.actor, indicator_id=indicator_id)
    initial = {name: getattr(indicator, name) for name in services.FIELDS}
    form = IndicatorForm(
        request.POST or None,
        initial=initial,
        organisations=selectors.reporting_organisations(actor=request.actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(actor=request.actor, indicator=indicator, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("prevention:index")
    return render(request, "prevention/indicator_form.html", {"form": form, "indicator": indicator})


def _period_choices(indicator) -> list[tuple[str, str]]:
    periods = recent_periods(
        timezone.localdate(), indicator.period_type, PERIODS_OFFERED[indicator.period_type]
    )
    return [(start.isoformat(), period_label(start, indicator.period_type)) for start in periods]


@guard(prevention_policy, "enter_values")
def values_view(request, indicator_id: int):
    """The districts' values of one period: choose the period, type the numbers, save. The
    coordinator's, or a prevention contact's for an indicator their organisation reports."""
    indicator = get_object_or_404(
        selectors.indicators_to_enter(actor=request.actor), pk=indicator_id
    )
    choices = _period_choices(indicator)
    period_form = PeriodForm(
        request.GET if "period" in request.GET else None,
        periods=choices,
        initial={"period": choices[0][0]},
    )
    chosen = period_form.cleaned_data["period"] if period_form.is_valid() else choices[0][0]
    period = date.fromisoformat(chosen)
    districts = list(selectors.district_list(actor=request.actor))
    saved = {
        v.district_id: v.value
        for v in IndicatorValue.objects.filter(indicator=indicator, period_start=period)
    }
    form = ValuesForm(
        request.POST or None,
        districts=districts,
        initial={f"district_{pk}": value for pk, value in saved.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.values_save(
                actor=request.actor, indicator=indicator, period=period, values=form.values()
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(
                request,
                _("The values for %(period)s were saved (changed: %(count)s).")
                % {"count": changed, "period": period_label(period, indicator.period_type)},
            )
            return redirect(f"{request.path}?period={period.isoformat()}")
    return render(
        request,
        "prevention/values.html",
        {
            "indicator": indicator,
            "period_form": period_form,
            "form": form,
            "period": period_label(period, indicator.period_type),
            "can_manage": prevention_policy.can(request.actor, "manage_indicators"),
        },
    )
