"""Åtgärdsplan pages: the plans, one plan with its measures and money per problem and
district, a measure with its funding, grants, indicators and follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation
from trygg.prevention import selectors as prevention_selectors
from trygg.prevention.models import PlanStatus, ReportState, Situation, SituationStatus
from trygg.prevention.plan import annual, estimate, selectors, services
from trygg.prevention.plan.forms import (
    AnnualReportForm,
    AssumptionForm,
    CommitmentFollowUpForm,
    CommitmentForm,
    EstimateLineForm,
    FollowUpForm,
    FundingForm,
    GrantLinkForm,
    MeasureForm,
    PlanForm,
    TargetForm,
)
from trygg.prevention.plan.overview import MEASURES_PER_PAGE, plan_overview
from trygg.prevention.policies import prevention_policy
from trygg.prevention.situation.forms import AdoptForm


def _plan_form(request, data=None, initial=None):
    situations = prevention_policy.visible(
        request.actor, Situation.objects.filter(status=SituationStatus.ADOPTED)
    )
    return PlanForm(data, initial=initial, situations=situations)


@guard(prevention_policy, "read_plan")
def plan_list_view(request):
    can_manage = prevention_policy.can(request.actor, "manage_indicators")
    return render(
        request,
        "prevention/plan_list.html",
        {
            "plans": selectors.plan_list(actor=request.actor),
            "can_manage": can_manage,
            # A contact's own indicators (the coordinator has them all on the indicator page).
            "own_indicators": []
            if can_manage
            else list(prevention_selectors.indicators_to_enter(actor=request.actor)),
        },
    )


@guard(prevention_policy, "manage_indicators")
def plan_create_view(request):
    form = _plan_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The draft plan was created. Add its measures."))
            return redirect("prevention:plan", plan.pk)
    return render(request, "prevention/plan_form.html", {"form": form, "plan": None})


@guard(prevention_policy, "manage_indicators")
def plan_edit_view(request, plan_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    initial = {
        "title": plan.title,
        "situation": plan.situation,
        "period_from": plan.period_from,
        "period_to": plan.period_to,
    }
    form = _plan_form(request, request.POST or None, initial)
    form.fields["situation"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "situation"}
        try:
            services.plan_update(actor=request.actor, plan=plan, **data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("prevention:plan", plan.pk)
    return render(request, "prevention/plan_form.html", {"form": form, "plan": plan})


def _plan_page(request, plan, adopt_form=None, status=200, forms=None):
    actor = request.actor
    forms = forms or {}
    can_report = bool(prevention_policy.can(actor, "report_plan", plan))
    commitments = selectors.commitments_of(plan)
    measures = plan_overview(actor=actor, plan=plan)
    # Every measure counts in the totals; a long plan's rows are laid out a page at a time.
    page = Paginator(measures.values, MEASURES_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "prevention/plan.html",
        {
            "plan": plan,
            "is_draft": plan.status == PlanStatus.DRAFT,
            "can_manage": prevention_policy.can(actor, "manage_indicators", plan),
            "rows": measures.rows(page.object_list),
            "page": page,
            "total": measures.total,
            "per_problem": measures.per_problem,
            "per_district": measures.per_district,
            "problems": measures.plan_problems,
            "adopt_form": adopt_form or AdoptForm(),
            "commitments": commitments,
            "can_report": can_report,
            "report_form": forms.get("report")
            or (AnnualReportForm(years=annual.years_of(plan)) if can_report else None),
            "annual_reports": list(plan.annual_reports.select_related("requested_by")[:10])
            if can_report
            else [],
            "commitment_form": forms.get("commitment") or CommitmentForm(),
            "commitment_follow_up_form": forms.get("commitment_follow_up")
            or CommitmentFollowUpForm(commitments=commitments),
        },
        status=status,
    )


@guard(prevention_policy, "report_plan")
@require_POST
def annual_report_order_view(request, plan_id: int):
    """Order the year's annual report; it is made in the background and listed when ready."""
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    form = AnnualReportForm(request.POST, years=annual.years_of(plan))
    if form.is_valid():
        try:
            annual.order(actor=request.actor, plan=plan, year=form.cleaned_data["ar"])
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(
                request,
                _("The annual report is being made. It is listed here when it is ready."),
            )
            return redirect(reverse("prevention:plan", args=[plan.pk]) + "#report-heading")
    return _plan_page(request, plan, status=400, forms={"report": form})


@guard(prevention_policy, "report_plan")
def annual_report_download_view(request, plan_id: int, report_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    report = get_object_or_404(plan.annual_reports.filter(state=ReportState.READY), pk=report_id)
    try:
        content = report.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        content,
        as_attachment=True,
        filename=annual.filename(report),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@guard(prevention_policy, "manage_indicators")
@require_POST
def commitment_add_view(request, plan_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_add(actor=request.actor, plan=plan, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The commitment was added."))
            return redirect("prevention:plan", plan.pk)
    return _plan_page(request, plan, status=400, forms={"commitment": form})


@guard(prevention_policy, "manage_indicators")
@require_POST
def commitment_follow_up_view(request, plan_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    commitments = selectors.commitments_of(plan)
    form = CommitmentFollowUpForm(request.POST, commitments=commitments)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["commitment"] = form.chosen
        try:
            services.commitment_follow_up(actor=request.actor, **data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The follow-up of the commitment was saved."))
            return redirect("prevention:plan", plan.pk)
    return _plan_page(request, plan, status=400, forms={"commitment_follow_up": form})


@guard(prevention_policy, "read_plan")
def plan_view(request, plan_id: int):
    return _plan_page(request, selectors.plan_get(actor=request.actor, plan_id=plan_id))


@guard(prevention_policy, "manage_indicators")
@require_POST
def plan_adopt_view(request, plan_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.plan_adopt(actor=request.actor, plan=plan, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The plan is adopted. Its measures are now followed up."))
            return redirect("prevention:plan", plan.pk)
    return _plan_page(request, plan, adopt_form=form, status=400)


@guard(prevention_policy, "manage_indicators")
@require_POST
def plan_publish_view(request, plan_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    publish = request.POST.get("publish") == "yes"
    try:
        services.plan_publish(actor=request.actor, plan=plan, publish=publish)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The plan is on the public page.") if publish else _("The plan is no longer public."),
        )
    return redirect("prevention:plan", plan.pk)


# --- Measures -------------------------------------------------------------------------


def _measure_form(request, plan, data=None, initial=None):
    return MeasureForm(
        data,
        initial=initial,
        problems=plan.situation.problems.order_by("priority"),
        districts=prevention_selectors.district_list(actor=request.actor),
        organisations=Organisation.objects.filter(
            municipality_id=plan.municipality_id,
            kind__in=[
                OrganisationKind.KOMMUN,
                OrganisationKind.NAMND,
                OrganisationKind.BOLAG,
                OrganisationKind.ENHET,
            ],
            is_active=True,
        ).order_by("kind", "name"),
    )


def _save_measure(request, plan, measure=None):
    initial = None
    if measure is not None:
        initial = {
            name: getattr(measure, name)
            for name in (
                "title",
                "description",
                "organisation",
                "partners",
                "starts_on",
                "ends_on",
                "cost_kr",
                "is_defector_programme",
                "is_public",
            )
        }
        initial["problems"] = list(measure.problems.all())
        initial["districts"] = list(measure.districts.all())
    form = _measure_form(request, plan, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.measure_save(
                actor=request.actor, plan=plan, measure=measure, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The measure was saved."))
            return redirect("prevention:measure", saved.pk)
    return render(
        request,
        "prevention/measure_form.html",
        {"form": form, "plan": plan, "measure": measure},
        status=400 if request.method == "POST" else 200,
    )


@guard(prevention_policy, "manage_indicators")
def measure_create_view(request, plan_id: int):
    return _save_measure(request, selectors.plan_get(actor=request.actor, plan_id=plan_id))


@guard(prevention_policy, "manage_indicators")
def measure_edit_view(request, measure_id: int):
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    return _save_measure(request, measure.plan, measure)


@guard(prevention_policy, "manage_indicators")
@require_POST
def measure_remove_view(request, measure_id: int):
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    try:
        services.measure_remove(actor=request.actor, measure=measure)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("prevention:measure", measure.pk)
    messages.success(request, _("The measure was removed."))
    return redirect("prevention:plan", measure.plan_id)


def _measure_page(request, measure, forms=None, status=200):
    actor = request.actor
    forms = forms or {}
    can_manage = bool(prevention_policy.can(actor, "manage_indicators", measure.plan))
    grants = list(measure.grants.select_related("problem"))
    fundings = selectors.fundings_of(measure)
    context = {
        "measure": measure,
        "plan": measure.plan,
        "is_draft": measure.plan.status == PlanStatus.DRAFT,
        "can_manage": can_manage,
        "can_follow_up": bool(prevention_policy.can(actor, "follow_up", measure)),
        "problems": list(measure.problems.order_by("priority")),
        "districts": list(measure.districts.order_by("name")),
        "grants": grants,
        "fundings": fundings,
        "targets": selectors.target_rows(measure),
        "updates": list(measure.updates.select_related("written_by")[:20]),
        "money": selectors.money_of(measure, grants, fundings),
        "follow_up_form": forms.get("follow_up")
        or FollowUpForm(initial={"status": measure.status}),
    }
    if can_manage:
        context.update(
            funding_form=forms.get("funding") or FundingForm(),
            grant_form=forms.get("grant")
            or GrantLinkForm(grants=selectors.grants_to_link(plan=measure.plan)),
            target_form=forms.get("target")
            or TargetForm(
                indicators=prevention_selectors.indicator_list(actor=actor).filter(is_active=True)
            ),
        )
    return render(request, "prevention/measure.html", context, status=status)


@guard(prevention_policy, "read_plan")
def measure_view(request, measure_id: int):
    return _measure_page(request, selectors.measure_get(actor=request.actor, measure_id=measure_id))


@guard(prevention_policy, "read_plan")
def programme_figures_view(request, measure_id: int):
    """The defector programme's aggregates over the measure's time: figures, never a case."""
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    if not measure.is_defector_programme:
        raise Http404
    return render(
        request,
        "prevention/programme_figures.html",
        {"measure": measure, "programme": selectors.programme_figures(measure)},
    )


def _post(request, measure, key, form, action, success):
    """The measure page's small forms: valid, the service runs; refused, the page again with
    the error next to the field."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, success)
            return redirect("prevention:measure", measure.pk)
    return _measure_page(request, measure, forms={key: form}, status=400)


@guard(prevention_policy, "manage_indicators")
@require_POST
def funding_add_view(request, measure_id: int):
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    return _post(
        request,
        measure,
        "funding",
        FundingForm(request.POST),
        lambda **data: services.funding_add(actor=request.actor, measure=measure, **data),
        _("The funding was added."),
    )


@guard(prevention_policy, "manage_indicators")
@require_POST
def funding_remove_view(request, measure_id: int, funding_id: int):
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    funding = get_object_or_404(measure.fundings, pk=funding_id)
    services.funding_remove(actor=request.actor, funding=funding)
    messages.success(request, _("The funding was removed."))
    return redirect("prevention:measure", measure.pk)


@guard(prevention_policy, "manage_indicators")
@require_POST
def grant_link_view(request, measure_id: int):
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    return _post(
        request,
        measure,
        "grant",
        GrantLinkForm(request.POST, grants=selectors.grants_to_link(plan=measure.plan)),
        lambda grant: services.grant_link(actor=request.actor, measure=measure, grant=grant),
        _("The grant was linked to the measure."),
    )


@guard(prevention_policy, "manage_indicators")
@require_POST
def grant_unlink_view(request, measure_id: int, grant_id: int):
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    grant = get_object_or_404(measure.grants, pk=grant_id)
    services.grant_unlink(actor=request.actor, measure=measure, grant=grant)
    messages.success(request, _("The grant is no longer linked to the measure."))
    return redirect("prevention:measure", measure.pk)


@guard(prevention_policy, "manage_indicators")
@require_POST
def target_add_view(request, measure_id: int):
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    indicators = prevention_selectors.indicator_list(actor=request.actor).filter(is_active=True)
    return _post(
        request,
        measure,
        "target",
        TargetForm(request.POST, indicators=indicators),
        lambda **data: services.target_add(actor=request.actor, measure=measure, **data),
        _("The indicator was added."),
    )


@guard(prevention_policy, "manage_indicators")
@require_POST
def target_remove_view(request, measure_id: int, target_id: int):
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    row = get_object_or_404(measure.targets, pk=target_id)
    services.target_remove(actor=request.actor, row=row)
    messages.success(request, _("The indicator was removed from the measure."))
    return redirect("prevention:measure", measure.pk)


@guard(prevention_policy, "read_plan")
@require_POST
def follow_up_view(request, measure_id: int):
    measure = selectors.measure_get(actor=request.actor, measure_id=measure_id)
    require(request, prevention_policy, "follow_up", measure)
    return _post(
        request,
        measure,
        "follow_up",
        FollowUpForm(request.POST),
        lambda **data: services.measure_follow_up(actor=request.actor, measure=measure, **data),
        _("The follow-up was saved."),
    )


# --- The socio-economic estimate ------------------------------------------------------------


def _estimate_page(request, plan, forms=None, status=200):
    forms = forms or {}
    can_manage = bool(prevention_policy.can(request.actor, "manage_indicators", plan))
    context = {
        "plan": plan,
        "estimate": estimate.estimate_of(plan, cost_kr=selectors.plan_cost(plan)),
        "can_manage": can_manage,
    }
    if can_manage:
        context.update(
            assumption_form=forms.get("assumption") or AssumptionForm(),
            line_form=forms.get("line")
            or EstimateLineForm(
                targets=estimate.target_choices(plan), assumptions=plan.assumptions.all()
            ),
        )
    return render(request, "prevention/estimate.html", context, status=status)


@guard(prevention_policy, "report_plan")
def estimate_view(request, plan_id: int):
    return _estimate_page(request, selectors.plan_get(actor=request.actor, plan_id=plan_id))


@guard(prevention_policy, "manage_indicators")
@require_POST
def assumption_add_view(request, plan_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    form = AssumptionForm(request.POST)
    if form.is_valid():
        try:
            estimate.assumption_add(actor=request.actor, plan=plan, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The assumption was added."))
            return redirect("prevention:estimate", plan.pk)
    return _estimate_page(request, plan, forms={"assumption": form}, status=400)


@guard(prevention_policy, "manage_indicators")
@require_POST
def estimate_line_add_view(request, plan_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    form = EstimateLineForm(
        request.POST, targets=estimate.target_choices(plan), assumptions=plan.assumptions.all()
    )
    if form.is_valid():
        try:
            estimate.line_add(actor=request.actor, plan=plan, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The assumption was applied."))
            return redirect("prevention:estimate", plan.pk)
    return _estimate_page(request, plan, forms={"line": form}, status=400)


@guard(prevention_policy, "manage_indicators")
@require_POST
def estimate_line_remove_view(request, plan_id: int, line_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    line = get_object_or_404(plan.estimate_lines, pk=line_id)
    estimate.line_remove(actor=request.actor, line=line)
    messages.success(request, _("The line was removed from the estimate."))
    return redirect("prevention:estimate", plan.pk)
