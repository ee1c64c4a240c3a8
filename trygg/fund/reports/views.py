"""The follow-up report page: the applicant writes it, the coordinator approves it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.core.roles import Role
from trygg.fund import selectors
from trygg.fund.models import FollowUpReport
from trygg.fund.policies import fund_policy
from trygg.fund.reports import services as reporting
from trygg.fund.reports.forms import (
    ReportCostFormSet,
    ReportForm,
    ReportOutcomeFormSet,
    ReportReviewForm,
)
from trygg.fund.reports.publication import report_publish
from trygg.fund.workflow import SubmissionInvalid


def _report_get(actor, report_id: int) -> FollowUpReport:
    visible = selectors.application_list(actor=actor).values("pk")
    return get_object_or_404(
        FollowUpReport.objects.filter(application__in=visible).select_related(
            "application", "application__applicant"
        ),
        pk=report_id,
    )


def _initial(report):
    """Rows from the application's own budget lines and indicators, with what was saved."""
    application = report.application
    saved_costs = {c.description: c.actual_kr for c in report.costs.all()}
    cost_rows = [
        {
            "description": b.description,
            "budgeted_kr": b.amount_kr,
            "actual_kr": saved_costs.get(b.description),
        }
        for b in application.budget_lines.all()
    ]
    saved_outcomes = {o.indicator: o.outcome for o in report.outcomes.all()}
    outcome_rows = [
        {
            "indicator": i.name,
            "baseline": i.baseline,
            "target": i.target,
            "outcome": saved_outcomes.get(i.name, ""),
        }
        for i in application.indicators.all()
    ]
    return cost_rows, outcome_rows


@guard(fund_policy, "use_fund")
def report_view(request, report_id: int):
    actor = request.actor
    report = _report_get(actor, report_id)
    if actor.has_role(Role.SAMORDNARE):
        return _coordinator_page(request, report)
    writable = actor.has_role(Role.SOKANDE) and report.status in reporting.WRITABLE
    data = request.POST if request.method == "POST" and writable else None
    cost_rows, outcome_rows = _initial(report)
    form = ReportForm(
        data, initial={"what_was_done": report.what_was_done, "lessons": report.lessons}
    )
    costs = ReportCostFormSet(data, prefix="costs", initial=cost_rows)
    outcomes = ReportOutcomeFormSet(data, prefix="outcomes", initial=outcome_rows)
    if data is not None and form.is_valid() and costs.is_valid() and outcomes.is_valid():
        try:
            reporting.report_save(
                actor=actor,
                report=report,
                **form.cleaned_data,
                # Only the applicant's figures come from the form; what was budgeted and the
                # indicators' targets are read from the application, never from hidden fields.
                costs=[
                    {**row, "actual_kr": posted["actual_kr"]}
                    for row, posted in zip(cost_rows, costs.cleaned_data, strict=False)
                    if posted.get("actual_kr") is not None
                ],
                outcomes=[
                    {**row, "outcome": posted.get("outcome") or ""}
                    for row, posted in zip(outcome_rows, outcomes.cleaned_data, strict=False)
                ],
            )
            if "submit" in request.POST:
                reporting.report_submit(actor=actor, report=report)
                messages.success(request, _("The report was submitted. Thank you!"))
                return redirect("fund:application_detail", report.application_id)
            messages.success(request, _("The report was saved."))
            return redirect("fund:report", report.pk)
        except SubmissionInvalid as invalid:
            for field, message in invalid.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except ApplicationError as error:
            apply_application_error(form, error)
    return render(
        request,
        "fund/report.html",
        {
            "report": report,
            "form": form,
            "costs": costs,
            "outcomes": outcomes,
            "writable": writable,
        },
    )


def _coordinator_page(request, report):
    form = ReportReviewForm(request.POST or None)
    if request.method == "POST" and ("publish" in request.POST or "unpublish" in request.POST):
        try:
            report_publish(actor=request.actor, report=report, publish="publish" in request.POST)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The results are on the public page.")
                if "publish" in request.POST
                else _("The results were taken off the public page."),
            )
        return redirect("fund:report", report.pk)
    if request.method == "POST" and form.is_valid():
        try:
            if "approve" in request.POST:
                reporting.report_approve(actor=request.actor, report=report)
                messages.success(request, _("The report was approved."))
            else:
                reporting.report_request_more(
                    actor=request.actor, report=report, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("The applicant was asked for more information."))
            return redirect("fund:report", report.pk)
        except ApplicationError as error:
            apply_application_error(form, error)
    return render(
        request,
        "fund/report_review.html",
        {
            "report": report,
            "form": form,
            "costs": list(report.costs.all()),
            "outcomes": list(report.outcomes.all()),
        },
    )


@guard(fund_policy, "administer")
def reports_view(request):
    """The coordinator's list of follow-up reports to approve and reports overdue."""
    return render(
        request,
        "fund/reports_to_handle.html",
        {"reports": selectors.reports_to_handle(actor=request.actor)},
    )
