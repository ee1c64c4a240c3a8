"""Pages of the safety fund. Thin: forms in, services for writes, selectors for reads."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.core.keyset import keyset_page
from trygg.core.roles import Role
from trygg.fund import selectors
from trygg.fund.agreements.forms import SignForm
from trygg.fund.agreements.services import needs_agreement
from trygg.fund.applications import editing, services
from trygg.fund.applications.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    BudgetLineFormSet,
    CompletionForm,
    CreateApplicationForm,
    IndicatorFormSet,
)
from trygg.fund.constants import DECIDED, ApplicationStatus
from trygg.fund.coordinator import act, cleaned, coordinator_application
from trygg.fund.decisions.forms import PaymentForm, ReturnForm
from trygg.fund.history import history_lines
from trygg.fund.links import application_url_prefix
from trygg.fund.models import GrantAgreement
from trygg.fund.policies import fund_policy
from trygg.fund.registry.forms import RegistryNumbersForm
from trygg.fund.review.forms import AssignReviewerForm
from trygg.fund.review.views import undeclared_review_redirect
from trygg.fund.snapshot import latest_diff

APPLICATIONS_PER_PAGE = 50


@guard(fund_policy, "use_fund")
def index_view(request):
    actor = request.actor
    context = {}
    if actor.has_role(Role.GRANSKARE):
        context["assignments"] = selectors.review_assignments_of(actor=actor)
    else:
        statuses = ApplicationStatus.choices
        if actor.has_role(Role.SAMORDNARE):
            statuses = [c for c in statuses if c[0] != ApplicationStatus.DRAFT]
        form = ApplicationFilterForm(request.GET or None, statuses=statuses)
        filters = form.cleaned_data if form.is_valid() else {}
        # Keyset pages: the last of twenty thousand costs what the first does, and no
        # COUNT(*) of the whole list (see trygg.core.keyset).
        page = keyset_page(
            selectors.application_rows(actor=actor, filters=filters),
            ordering=selectors.APPLICATION_LIST_ORDER,
            size=APPLICATIONS_PER_PAGE,
            params=request.GET,
        )
        context.update(
            filter_form=form,
            page=page,
            applications=page.object_list,
            application_url=application_url_prefix(),
        )
    if actor.has_role(Role.SOKANDE):
        context["open_calls"] = selectors.open_call_list(actor=actor)
        context["create_form"] = CreateApplicationForm()
    if actor.has_role(Role.SAMORDNARE):
        fund_year = selectors.fund_year_current(municipality_id=actor.municipality_id)
        context["fund_year"] = fund_year
    return render(request, "fund/index.html", context)


@guard(fund_policy, "apply")
@require_POST
def application_create_view(request, call_id: int):
    call = selectors.call_get(actor=request.actor, call_id=call_id)
    form = CreateApplicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the application a working title."))
        return redirect("fund:index")
    try:
        application = services.application_create(
            actor=request.actor, call=call, title=form.cleaned_data["title"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("fund:index")
    messages.success(request, _("The draft was created. Save it as often as you like."))
    return redirect("fund:application_edit", application.pk)


def _edit_forms(request, application):
    questions = list(application.call.questions.all())
    answers = {a.question_id: a.text for a in application.answers.all()}
    initial = {
        name: getattr(application, name)
        for name in (
            "title",
            "summary",
            "category",
            "measure_types",
            "target_group",
            "problem",
            "problem_basis",
            "expected_effects",
            "risks",
            "partners",
            "start_date",
            "end_date",
            "co_financing_kr",
        )
    }
    initial["districts"] = list(application.districts.all())
    initial["addresses"] = application.addresses_id
    initial["version"] = application.edit_version
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(
        data,
        initial=initial,
        municipality_id=application.municipality_id,
        questions=questions,
        answers=answers,
        problems=services.problems_for(application),
    )
    lines = BudgetLineFormSet(
        data,
        prefix="budget",
        initial=[
            {"description": b.description, "amount_kr": b.amount_kr}
            for b in application.budget_lines.all()
        ],
    )
    indicators = IndicatorFormSet(
        data,
        prefix="indicators",
        initial=[
            {"name": i.name, "baseline": i.baseline, "target": i.target}
            for i in application.indicators.all()
        ],
    )
    return form, lines, indicators


def _filled(formset, key: str) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data.get(key)]


@guard(fund_policy, "use_fund")
def application_edit_view(request, application_id: int):
    application = selectors.application_get(actor=request.actor, application_id=application_id)
    require(request, fund_policy, "edit", application)
    form, lines, indicators = _edit_forms(request, application)
    submission_errors = {}
    conflict = None
    # Every part is validated (no short-circuit), so that all errors show at once.
    valid = request.method == "POST" and all(
        [form.is_valid(), lines.is_valid(), indicators.is_valid()]
    )
    if valid:
        try:
            services.application_save(
                actor=request.actor,
                application=application,
                fields={
                    k: v for k, v in form.cleaned_data.items() if not k.startswith("question_")
                },
                districts=form.cleaned_data["districts"],
                budget_lines=[
                    {"description": d["description"], "amount_kr": d["amount_kr"]}
                    for d in _filled(lines, "description")
                ],
                indicators=[
                    {"name": d["name"], "baseline": d["baseline"], "target": d["target"]}
                    for d in _filled(indicators, "name")
                ],
                answers=form.answers(),
                version=form.cleaned_data["version"],
            )
            if "submit" not in request.POST:
                messages.success(request, _("The draft was saved."))
                return redirect("fund:application_edit", application.pk)
            services.application_submit(actor=request.actor, application=application)
        except services.EditConflict as error:
            conflict = editing.conflict_of(request.actor, application, form, lines, indicators)
            # Saving again now is a choice made with both versions in view.
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = error.current_version
        except services.SubmissionInvalid as invalid:
            submission_errors = invalid.errors
            editing.add_submission_errors(form, invalid.errors)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The application was submitted. Thank you!"))
            return redirect("fund:application_detail", application.pk)
    elif request.method == "POST" and "submit" in request.POST:
        submission_errors = editing.preview_submission_errors(application, form, lines, indicators)
        editing.add_submission_errors(form, submission_errors)
    editing.mark_first_rows(lines, indicators)
    return render(
        request,
        "fund/application_edit.html",
        {
            "application": application,
            "form": form,
            "lines": lines,
            "indicators": indicators,
            "error_formsets": [lines, indicators],
            "submission_errors": submission_errors,
            "conflict": conflict,
            "completion": application.completion_requests.first()
            if application.status == ApplicationStatus.COMPLETION_REQUESTED
            else None,
        },
    )


@guard(fund_policy, "use_fund")
def application_detail_view(request, application_id: int):
    actor = request.actor
    declaration = undeclared_review_redirect(actor, application_id)
    if declaration is not None:
        return declaration
    application = selectors.application_get(actor=actor, application_id=application_id)
    # Fund applications are public records once decided; reads are not audited here (every
    # change is). Case files in the defector programme audit every read.
    status = application.status
    # Each part is read only when the application's state can have it: the page's query
    # count stays flat and low whatever the application has been through.
    diff = latest_diff(application)
    is_coordinator = actor.has_role(Role.SAMORDNARE)
    reviewed = status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
    context = {
        "application": application,
        "lines": list(application.budget_lines.all()),
        "indicators": list(application.indicators.all()),
        "answers": list(application.answers.select_related("question")),
        "diff": diff,
        "reviews": selectors.reviews_visible_to(actor=actor, application=application)
        if reviewed
        else [],
        "decision": getattr(application, "decision", None) if status in DECIDED else None,
        "payments": list(application.payments.select_related("requested_by", "approved_by"))
        if application.granted_kr
        else [],
        "reports": list(application.reports.all()) if application.granted_kr else [],
        # A grant spread over several fund years (rare): which of them are committed.
        "instalments": list(application.instalments.all())
        if status in DECIDED and application.decision.split
        else [],
        "agreement": GrantAgreement.objects.filter(application=application).first()
        if application.granted_kr and needs_agreement(application)
        else None,
        "history": (
            history_lines(selectors.history_of(application=application)) if is_coordinator else []
        ),
        "can_edit": bool(fund_policy.can(actor, "edit", application)),
        "is_coordinator": is_coordinator,
        "completion": application.completion_requests.first()
        if status == ApplicationStatus.COMPLETION_REQUESTED
        else None,
    }
    if is_coordinator:
        reviewers = selectors.reviewer_candidates(
            municipality_id=application.municipality_id
        ).exclude(fund_reviews__application=application)
        context.update(
            assign_form=AssignReviewerForm(reviewers=reviewers),
            completion_form=CompletionForm(),
            payment_form=PaymentForm(company=needs_agreement(application)),
            registry_form=RegistryNumbersForm(
                initial={
                    "application_number": application.registry_number,
                    "decision_number": context["decision"].registry_number
                    if context["decision"]
                    else "",
                }
            ),
            return_form=ReturnForm(),
        )
    if context["agreement"] and not context["agreement"].signed_at and not is_coordinator:
        context["sign_form"] = SignForm()
    return render(request, "fund/application_detail.html", context)


@guard(fund_policy, "administer")
@require_POST
def completion_view(request, application_id: int):
    application = coordinator_application(request, application_id)
    form = CompletionForm(request.POST)
    return act(
        request,
        application,
        lambda: services.completion_request(
            actor=request.actor,
            application=application,
            message=cleaned(form, _("Say what needs completing."))["message"],
        ),
        _("The applicant was asked to complete the application."),
    )
