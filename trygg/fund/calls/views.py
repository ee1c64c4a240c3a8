"""The coordinator's set-up pages: fund years and calls."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.fund.calls import services as calls
from trygg.fund.calls.forms import CallForm, CriterionFormSet, FundYearForm, QuestionFormSet
from trygg.fund.models import Call, FundYear
from trygg.fund.policies import fund_policy
from trygg.fund.years.selectors import planned_by_year


@guard(fund_policy, "administer")
def setup_view(request):
    """Fund years and calls of the municipality, and a form for a new fund year."""
    municipality_id = request.actor.municipality_id
    form = FundYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            calls.fund_year_save(actor=request.actor, fund_year=None, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The fund year was created."))
            return redirect("fund:setup")
    return render(
        request,
        "fund/setup.html",
        {
            "form": form,
            "fund_years": FundYear.objects.filter(municipality_id=municipality_id),
            "planned": planned_by_year(municipality_id=municipality_id),
            "calls": Call.objects.filter(fund_year__municipality_id=municipality_id).select_related(
                "fund_year"
            ),
        },
    )


@guard(fund_policy, "administer")
def fund_year_edit_view(request, fund_year_id: int):
    fund_year = get_object_or_404(
        FundYear, pk=fund_year_id, municipality_id=request.actor.municipality_id
    )
    form = FundYearForm(
        request.POST or None,
        initial={
            "year": fund_year.year,
            "budget_kr": fund_year.budget_kr,
            "social_budget_kr": fund_year.social_budget_kr,
            "situational_budget_kr": fund_year.situational_budget_kr,
            "budget_decision": fund_year.budget_decision,
            "budget_decided_on": fund_year.budget_decided_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            calls.fund_year_save(actor=request.actor, fund_year=fund_year, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The fund year was saved."))
            return redirect("fund:setup")
    return render(request, "fund/fund_year_edit.html", {"form": form, "fund_year": fund_year})


def _rows(formset, key: str, fields: tuple[str, ...]) -> list[dict]:
    rows = []
    for data in formset.cleaned_data:
        if data.get(key):
            row = {name: data.get(name) for name in fields}
            if "weight" in row:
                row["weight"] = row["weight"] or 1
            rows.append(row)
    return rows


@guard(fund_policy, "administer")
def call_edit_view(request, call_id: int | None = None):
    municipality_id = request.actor.municipality_id
    call = None
    initial, criteria_initial, questions_initial = {}, [], []
    if call_id is not None:
        call = get_object_or_404(Call, pk=call_id, fund_year__municipality_id=municipality_id)
        initial = {
            name: getattr(call, name)
            for name in (
                "fund_year",
                "title",
                "description",
                "opens_at",
                "closes_at",
                "max_amount_kr",
                "categories",
                "measure_types",
            )
        }
        initial["eligible"] = list(call.eligible_organisations.all())
        initial["problems"] = list(call.problems.all())
        criteria_initial = list(call.criteria.values("id", "name", "description", "weight"))
        questions_initial = list(call.questions.values("id", "text", "help_text", "required"))
    data = request.POST if request.method == "POST" else None
    form = CallForm(data, initial=initial, municipality_id=municipality_id)
    criteria = CriterionFormSet(data, prefix="criteria", initial=criteria_initial)
    questions = QuestionFormSet(data, prefix="questions", initial=questions_initial)
    if data is not None and form.is_valid() and criteria.is_valid() and questions.is_valid():
        fields = dict(form.cleaned_data)
        eligible = fields.pop("eligible")
        problems = fields.pop("problems")
        try:
            call = calls.call_save(
                actor=request.actor,
                call=call,
                fields=fields,
                eligible=eligible,
                problems=problems,
                criteria=_rows(criteria, "name", ("id", "name", "description", "weight")),
                questions=_rows(questions, "text", ("id", "text", "help_text", "required")),
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The call was saved."))
            return redirect("fund:call_edit", call.pk)
    return render(
        request,
        "fund/call_edit.html",
        {"form": form, "criteria": criteria, "questions": questions, "call": call},
    )


@guard(fund_policy, "administer")
def batch_decision_view(request, call_id: int):
    """Decide every application under review in a call on one page, all or nothing."""
    from trygg.fund.calls.forms import BatchDecisionForm, BatchRowFormSet
    from trygg.fund.constants import ApplicationStatus
    from trygg.fund.delegation.selectors import points_for_decision
    from trygg.fund.models import Application

    call = get_object_or_404(
        Call, pk=call_id, fund_year__municipality_id=request.actor.municipality_id
    )
    pending = list(
        Application.objects.filter(call=call, status=ApplicationStatus.IN_REVIEW)
        .select_related("applicant")
        .order_by("reference")
    )
    by_id = {a.pk: a for a in pending}
    data = request.POST if request.method == "POST" else None
    form = BatchDecisionForm(data, points=points_for_decision(actor=request.actor))
    rows = BatchRowFormSet(data, prefix="rows", initial=[{"application_id": a.pk} for a in pending])
    if data is not None and form.is_valid() and rows.is_valid():
        chosen = [
            {
                "application": by_id[r["application_id"]],
                "outcome": r["outcome"],
                "amount_kr": r.get("amount_kr"),
                "reasons": r["reasons"],
            }
            for r in rows.cleaned_data
            if r.get("outcome") and r.get("application_id") in by_id
        ]
        try:
            count = calls.decisions_record_batch(
                actor=request.actor,
                call=call,
                rows=chosen,
                delegation=form.cleaned_data["delegation"],
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("%(count)s decisions were recorded.") % {"count": count})
            return redirect("fund:batch_decision", call.pk)
    return render(
        request,
        "fund/batch_decision.html",
        {
            "call": call,
            "form": form,
            "rows": list(zip(pending, rows.forms, strict=False)),
            "management_form": rows.management_form,
        },
    )


@guard(fund_policy, "administer")
def reopen_view(request, call_id: int):
    """Late drafts of a closed call: the coordinator may let one be submitted anyway."""
    from django.utils import timezone

    from trygg.fund.applications.services import application_reopen
    from trygg.fund.calls.forms import ReopenForm
    from trygg.fund.constants import ApplicationStatus
    from trygg.fund.models import Application

    call = get_object_or_404(
        Call, pk=call_id, fund_year__municipality_id=request.actor.municipality_id
    )
    drafts = list(
        Application.objects.filter(call=call, status=ApplicationStatus.DRAFT)
        .select_related("applicant")
        .order_by("reference")
    )
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = next((a for a in drafts if a.pk == form.cleaned_data["application_id"]), None)
        try:
            if application is None:
                raise ApplicationError(_("Choose one of the call's drafts."))
            application_reopen(
                actor=request.actor, application=application, until=form.cleaned_data["until"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(reference)s may now be submitted until %(until)s.")
                % {
                    "reference": application.reference,
                    "until": timezone.localtime(form.cleaned_data["until"]).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                },
            )
        return redirect("fund:reopen", call.pk)
    return render(
        request,
        "fund/reopen.html",
        {"call": call, "drafts": drafts, "closed": call.closes_at <= timezone.now()},
    )
