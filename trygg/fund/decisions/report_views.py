"""The coordinator's report of delegated decisions for a period: on screen, as PDF for the
meeting or the notice board, as CSV, and the record that it was reported."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trygg.core import exports as files
from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.exports import AMOUNT, DATE, Column
from trygg.core.forms import apply_application_error
from trygg.core.keyset import keyset_page
from trygg.core.pdf import html_to_pdf
from trygg.fund.decisions.reporting import delegation_report_record
from trygg.fund.delegation import selectors
from trygg.fund.delegation.forms import PeriodForm, ReportRecordForm
from trygg.fund.links import application_url_prefix
from trygg.fund.models import Decision
from trygg.fund.policies import fund_policy

DECISIONS_PER_PAGE = 100
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

REPORT_COLUMNS = (
    Column("beslutsdatum", 14, DATE),
    Column("diarienummer", 16),
    Column("ärende", 40),
    Column("mottagare", 30),
    Column("beslut", 18),
    Column("belopp", 14, AMOUNT),
    Column("delegationspunkt", 36),
    Column("beslutsfattare", 28),
)


def _period(request):
    form = PeriodForm(request.GET or None)
    if request.GET and form.is_valid():
        return form, form.cleaned_data["fran"], form.cleaned_data["till"]
    return form, None, None


@guard(fund_policy, "administer")
def delegation_report_view(request):
    actor = request.actor
    period_form, period_from, period_to = _period(request)
    record_form = ReportRecordForm(request.POST or None) if period_from else None
    if request.method == "POST" and record_form is not None and record_form.is_valid():
        try:
            delegation_report_record(
                actor=actor,
                period_from=period_from,
                period_to=period_to,
                **record_form.cleaned_data,
            )
        except ApplicationError as error:
            apply_application_error(record_form, error)
        else:
            messages.success(
                request, _("The report was recorded; the decision letters now say the date.")
            )
            return redirect(request.get_full_path())
    decisions = (
        selectors.decisions_between(actor=actor, period_from=period_from, period_to=period_to)
        if period_from
        else Decision.objects.none()
    )
    # The files hold the whole period; the page shows it a hundred decisions at a time, by
    # keyset (trygg.core.keyset). Both counts in one pass over the period's index.
    counts = decisions.aggregate(
        total=Count("id"), unreported=Count("id", filter=Q(reported_in__isnull=True))
    )
    page = keyset_page(
        selectors.decision_rows(decisions),
        ordering=selectors.DECISION_ORDER,
        size=DECISIONS_PER_PAGE,
        params=request.GET,
    )
    query = request.GET.copy()
    for name in ("sida", "efter", "fore"):
        query.pop(name, None)
    return render(
        request,
        "fund/delegation_report.html",
        {
            "period_form": period_form,
            "record_form": record_form,
            "period_from": period_from,
            "period_to": period_to,
            "decisions": page.object_list,
            "page": page,
            "total": counts["total"],
            "unreported": counts["unreported"],
            "reports": selectors.reports_of(actor=actor)[:20],
            "query": query.urlencode(),
            "application_url": application_url_prefix(),
        },
    )


def _rows(decisions):
    for decision in decisions:
        yield [
            timezone.localdate(decision.created_at),
            decision.application.reference,
            decision.application.title,
            decision.application.applicant.name,
            str(decision.get_outcome_display()),
            decision.amount_kr,
            decision.delegation,
            decision.decided_by.full_name or decision.decided_by.email,
        ]


def _file(request, extension: str, make) -> HttpResponse:
    """A file of the period's decisions; without a valid period, back to the page."""
    _form, period_from, period_to = _period(request)
    if period_from is None:
        return redirect("fund:delegation_report")
    decisions = selectors.decisions_between(
        actor=request.actor, period_from=period_from, period_to=period_to
    )
    content, content_type = make(decisions, period_from, period_to)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="delegationsbeslut-{period_from:%Y-%m-%d}-'
        f'{period_to:%Y-%m-%d}.{extension}"'
    )
    response["Cache-Control"] = "no-store"
    return response


def _csv(decisions, period_from, period_to):
    return "".join(files.csv_lines(REPORT_COLUMNS, _rows(decisions))), CSV_CONTENT_TYPE


@guard(fund_policy, "administer")
@require_GET
def delegation_report_csv_view(request):
    return _file(request, "csv", _csv)


@guard(fund_policy, "administer")
@require_GET
def delegation_report_pdf_view(request):
    def pdf(decisions, period_from, period_to):
        decisions = list(decisions)
        with translation.override("sv"):
            html = render_to_string(
                "fund/delegation_report_pdf.html",
                {
                    "municipality": request.actor.membership.organisation.municipality,
                    "period_from": period_from,
                    "period_to": period_to,
                    "decisions": decisions,
                    "total_kr": sum(decision.amount_kr for decision in decisions),
                    "made_on": timezone.localdate(),
                },
            )
        return html_to_pdf(html), "application/pdf"

    return _file(request, "pdf", pdf)
