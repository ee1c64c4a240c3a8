"""Pages of the defector programme: the support plan and its interventions."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors, services
from trygg.defectors.cases.sections import case_context
from trygg.defectors.models import Intervention
from trygg.defectors.plan import services as plans
from trygg.defectors.plan.forms import InterventionForm, PlanGoalsForm
from trygg.defectors.policies import defectors_policy


def _plan_page(request, case, *, goals_form=None, add_form=None):
    plan = plans.plan_of(case=case)
    can_edit = bool(defectors_policy.can(request.actor, "edit", case))
    interventions: QuerySet[Intervention] = Intervention.objects.filter(case=case)
    return render(
        request,
        "defectors/plan.html",
        case_context(
            case,
            "plan",
            plan=plan,
            interventions=plans.interventions_of(case=case),
            totals=plans.cost_totals(interventions),
            can_edit=can_edit,
            goals_form=(goals_form or PlanGoalsForm(initial={"goals": plan.goals if plan else ""}))
            if can_edit
            else None,
            add_form=(add_form or InterventionForm()) if can_edit else None,
        ),
    )


@guard(defectors_policy, "use")
def plan_view(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, action="defectors.plan.view")
    return _plan_page(request, case)


def _shown_again(request, case) -> None:
    """A refused form shows the plan again: that is a view of the case file too."""
    services.record_case_event(actor=request.actor, case=case, action="defectors.plan.view")


@guard(defectors_policy, "use")
@require_POST
def plan_goals_view(request, case_id: int):
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    services.require_edit(request.actor, case)
    form = PlanGoalsForm(request.POST)
    if form.is_valid():
        try:
            plans.plan_save(actor=request.actor, case=case, goals=form.cleaned_data["goals"])
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The goals were saved."))
            return redirect("defectors:plan", case.pk)
    _shown_again(request, case)
    return _plan_page(request, case, goals_form=form)


@guard(defectors_policy, "use")
@require_POST
def intervention_add_view(request, case_id: int):
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    services.require_edit(request.actor, case)
    form = InterventionForm(request.POST)
    if form.is_valid():
        try:
            plans.intervention_add(actor=request.actor, case=case, **form.service_arguments())
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The intervention was added."))
            return redirect("defectors:plan", case.pk)
    _shown_again(request, case)
    return _plan_page(request, case, add_form=form)


@guard(defectors_policy, "use")
def intervention_edit_view(request, case_id: int, intervention_id: int):
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    intervention = plans.intervention_get(case=case, intervention_id=intervention_id)
    can_edit = bool(defectors_policy.can(request.actor, "edit", case))
    if request.method == "POST":
        services.require_edit(request.actor, case)
        form = InterventionForm.for_intervention(intervention, request.POST)
        if form.is_valid():
            try:
                changed = plans.intervention_update(
                    actor=request.actor,
                    case=case,
                    intervention=intervention,
                    **form.service_arguments(),
                )
            except ApplicationError as error:
                apply_application_error(form, error)
            else:
                if changed:
                    messages.success(request, _("The intervention was saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("defectors:plan", case.pk)
    else:
        form = InterventionForm.for_intervention(intervention)
    services.record_case_event(
        actor=request.actor,
        case=case,
        action="defectors.intervention.view",
        intervention=intervention.pk,
    )
    return render(
        request,
        "defectors/plan_intervention.html",
        case_context(case, "plan", intervention=intervention, form=form if can_edit else None),
    )
