"""Pages of the safety fund. Thin: forms in, services for writes, selectors for reads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.models import User
from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.core.roles import Role
from trygg.fund import selectors
from trygg.fund.applications import services
from trygg.fund.applications.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    AssignReviewerForm,
    BudgetLineFormSet,
    CompletionForm,
    ConflictForm,
    CreateApplicationForm,
    DecisionForm,
    IndicatorFormSet,
    PaymentForm,
    ReturnForm,
    ReviewForm,
)
from trygg.fund.applications.snapshot import revision_diff
from trygg.fund.constants import DECIDED, LOCKED_FOR_APPLICANT, ApplicationStatus, PaymentStatus
from trygg.fund.models import Payment
from trygg.fund.policies import fund_policy

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
        applications = selectors.application_list(actor=actor, filters=filters)
        page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("sida"))
        context.update(filter_form=form, page=page, applications=page.object_list)
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
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(
        data,
        initial=initial,
        municipality_id=application.municipality_id,
        questions=questions,
        answers=answers,
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
    if request.method == "POST" and form.is_valid() and lines.is_valid() and indicators.is_valid():
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
            )
            if "submit" not in request.POST:
                messages.success(request, _("The draft was saved."))
                return redirect("fund:application_edit", application.pk)
            services.application_submit(actor=request.actor, application=application)
        except services.SubmissionInvalid as invalid:
            submission_errors = invalid.errors
            for field, message in invalid.errors.items():
                if field in form.fields:
                    form.add_error(field, message)
                else:
                    form.add_error(None, message)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The application was submitted. Thank you!"))
            return redirect("fund:application_detail", application.pk)
    return render(
        request,
        "fund/application_edit.html",
        {
            "application": application,
            "form": form,
            "lines": lines,
            "indicators": indicators,
            "submission_errors": submission_errors,
            "completion": application.completion_requests.first()
            if application.status == ApplicationStatus.COMPLETION_REQUESTED
            else None,
        },
    )


def undeclared_review_redirect(actor, application_id: int):
    """A reviewer who has not declared on jäv yet is sent to the declaration, not a 404."""
    if not actor.has_role(Role.GRANSKARE):
        return None
    undeclared = (
        selectors.review_assignments_of(actor=actor)
        .filter(application_id=application_id, has_conflict__isnull=True)
        .first()
    )
    return redirect("fund:review", undeclared.pk) if undeclared else None


def _latest_diff(application) -> list[dict]:
    """What the newest revision changed, for the coordinator and the reviewers."""
    if application.revision < 2:
        return []
    newest = list(application.revisions.order_by("-number")[:2])
    return revision_diff(newest[1].snapshot, newest[0].snapshot)


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
    diff = _latest_diff(application)
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
        "history": selectors.history_of(application=application) if is_coordinator else [],
        "can_edit": bool(fund_policy.can(actor, "edit", application)),
        "is_coordinator": is_coordinator,
        "completion": application.completion_requests.first()
        if status == ApplicationStatus.COMPLETION_REQUESTED
        else None,
    }
    if is_coordinator:
        reviewers = (
            User.objects.filter(
                memberships__role=Role.GRANSKARE,
                memberships__organisation__municipality_id=application.municipality_id,
            )
            .exclude(fund_reviews__application=application)
            .distinct()
        )
        context.update(
            assign_form=AssignReviewerForm(reviewers=reviewers),
            completion_form=CompletionForm(),
            decision_form=DecisionForm(),
            payment_form=PaymentForm(),
            return_form=ReturnForm(),
        )
    return render(request, "fund/application_detail.html", context)


def _coordinator_action(request, application_id: int):
    application = selectors.application_get(actor=request.actor, application_id=application_id)
    require(request, fund_policy, "administer", application)
    return application


def _done(request, application, message):
    messages.success(request, message)
    return redirect("fund:application_detail", application.pk)


def _refused(request, application, error: ApplicationError):
    messages.error(request, error.message)
    return redirect("fund:application_detail", application.pk)


def _act(request, application, action, success: str):
    """Run one coordinator action; a refusal goes back to the application page as a message."""
    try:
        action()
    except ApplicationError as error:
        return _refused(request, application, error)
    return _done(request, application, success)


def _cleaned(form, message: str) -> dict:
    if not form.is_valid():
        raise ApplicationError(message)
    return form.cleaned_data


@guard(fund_policy, "administer")
@require_POST
def formal_check_view(request, application_id: int):
    application = _coordinator_action(request, application_id)
    return _act(
        request,
        application,
        lambda: services.formal_check_pass(actor=request.actor, application=application),
        _("The formal check is done. Assign reviewers."),
    )


@guard(fund_policy, "administer")
@require_POST
def completion_view(request, application_id: int):
    application = _coordinator_action(request, application_id)
    form = CompletionForm(request.POST)
    return _act(
        request,
        application,
        lambda: services.completion_request(
            actor=request.actor,
            application=application,
            message=_cleaned(form, _("Say what needs completing."))["message"],
        ),
        _("The applicant was asked to complete the application."),
    )


@guard(fund_policy, "administer")
@require_POST
def assign_view(request, application_id: int):
    application = _coordinator_action(request, application_id)
    reviewers = User.objects.filter(
        memberships__role=Role.GRANSKARE,
        memberships__organisation__municipality_id=application.municipality_id,
    ).distinct()
    form = AssignReviewerForm(request.POST, reviewers=reviewers)
    return _act(
        request,
        application,
        lambda: services.reviewer_assign(
            actor=request.actor,
            application=application,
            reviewer=_cleaned(form, _("Choose a reviewer."))["reviewer"],
        ),
        _("The reviewer was assigned."),
    )


@guard(fund_policy, "administer")
def decision_view(request, application_id: int):
    application = _coordinator_action(request, application_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                actor=request.actor, application=application, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            return _done(request, application, _("The decision was recorded."))
    return render(
        request,
        "fund/decision.html",
        {
            "application": application,
            "form": form,
            "reviews": selectors.reviews_visible_to(actor=request.actor, application=application),
        },
    )


@guard(fund_policy, "administer")
@require_POST
def payment_request_view(request, application_id: int):
    application = _coordinator_action(request, application_id)
    form = PaymentForm(request.POST)
    return _act(
        request,
        application,
        lambda: services.payment_request(
            actor=request.actor,
            application=application,
            amount_kr=_cleaned(form, _("Give the amount to pay in whole kronor."))["amount_kr"],
        ),
        _("The payment is waiting for a colleague's approval."),
    )


def _requested_payment(request, payment_id: int) -> Payment:
    """A payment of the actor's municipality that still waits for a second person."""
    return get_object_or_404(
        Payment.objects.filter(
            application__municipality_id=request.actor.municipality_id,
            status=PaymentStatus.REQUESTED,
        ).select_related("application"),
        pk=payment_id,
    )


@guard(fund_policy, "administer")
@require_POST
def payment_approve_view(request, payment_id: int):
    payment = _requested_payment(request, payment_id)
    return _act(
        request,
        payment.application,
        lambda: services.payment_approve(actor=request.actor, payment=payment),
        _("The payment was approved."),
    )


@guard(fund_policy, "administer")
@require_POST
def payment_reject_view(request, payment_id: int):
    payment = _requested_payment(request, payment_id)
    return _act(
        request,
        payment.application,
        lambda: services.payment_reject(actor=request.actor, payment=payment),
        _("The payment request was turned down. Nothing was paid."),
    )


@guard(fund_policy, "administer")
@require_POST
def return_view(request, application_id: int):
    application = _coordinator_action(request, application_id)
    form = ReturnForm(request.POST)
    return _act(
        request,
        application,
        lambda: services.money_return(
            actor=request.actor,
            application=application,
            amount_kr=_cleaned(form, _("Give the amount in whole kronor."))["amount_kr"],
        ),
        _("The returned money is back in the fund."),
    )


@guard(fund_policy, "use_fund")
def review_view(request, assignment_id: int):
    actor = request.actor
    if not actor.has_role(Role.GRANSKARE):
        raise PermissionDenied
    assignment = selectors.review_assignment_get(actor=actor, assignment_id=assignment_id)
    application = assignment.application
    if assignment.has_conflict is None:
        form = ConflictForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.conflict_declare(actor=actor, assignment=assignment, **form.cleaned_data)
            except ApplicationError as error:
                apply_application_error(form, error)
            else:
                if assignment.has_conflict:
                    messages.info(
                        request,
                        _(
                            "Your conflict of interest is recorded. The "
                            "application has been removed from your list."
                        ),
                    )
                    return redirect("fund:index")
                return redirect("fund:review", assignment.pk)
        return render(
            request,
            "fund/conflict.html",
            {"assignment": assignment, "application": application, "form": form},
        )
    if assignment.has_conflict:
        raise PermissionDenied
    criteria = list(application.call.criteria.all())
    form = ReviewForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and assignment.submitted_at is None and form.is_valid():
        try:
            services.review_submit(
                actor=actor,
                assignment=assignment,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("Your review was submitted."))
            return redirect("fund:review", assignment.pk)
    return render(
        request,
        "fund/review.html",
        {
            "assignment": assignment,
            "application": application,
            "lines": list(application.budget_lines.all()),
            "indicators": list(application.indicators.all()),
            "answers": list(application.answers.select_related("question")),
            "form": form,
            "reviews": selectors.reviews_visible_to(actor=actor, application=application),
            "locked_statuses": LOCKED_FOR_APPLICANT,
            "diff": _latest_diff(application),
        },
    )
