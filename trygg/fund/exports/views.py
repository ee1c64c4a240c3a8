"""Downloads and printing in the safety fund: decision letters, list and payment exports,
and the printable application. Reads go through the selectors, so a file never holds a
row the person could not open on screen."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from trygg.core import exports as files
from trygg.core.access import guard
from trygg.core.roles import Role
from trygg.fund import selectors
from trygg.fund.applications.forms import ApplicationFilterForm
from trygg.fund.constants import DECIDED, ApplicationStatus
from trygg.fund.decisions.letters import letter_filename
from trygg.fund.exports import tables as exports
from trygg.fund.policies import fund_policy
from trygg.fund.review.views import undeclared_review_redirect

logger = logging.getLogger(__name__)

# The decision letter goes to the applicant; the coordinators keep the case.
LETTER_ROLES = (Role.SAMORDNARE, Role.SOKANDE)
# Reviewers have no filterable list page, so they have nothing to export either.
EXPORT_ROLES = (Role.SAMORDNARE, Role.SOKANDE)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _dated(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _in_language(language: str, chunks):
    """Stream in the request's language: the body is written after the view has returned."""
    with translation.override(language):
        yield from chunks


def _csv_response(columns, rows, filename: str) -> StreamingHttpResponse:
    lines = _in_language(translation.get_language(), files.csv_lines(columns, rows))
    return _attachment(StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE), filename)


def _xlsx_response(columns, rows, filename: str, sheet_title: str) -> HttpResponse:
    content = files.xlsx_bytes(columns, rows, sheet_title=sheet_title)
    return _attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), filename)


# --- Decision letter --------------------------------------------------------------------


@guard(fund_policy, "use_fund")
@require_GET
def decision_letter_view(request, application_id: int):
    actor = request.actor
    application = selectors.application_get(actor=actor, application_id=application_id)
    if not actor.has_role(*LETTER_ROLES):
        raise PermissionDenied
    decision = getattr(application, "decision", None)
    if decision is None or not decision.letter:
        raise Http404
    try:
        letter = decision.letter.open("rb")
    except FileNotFoundError as error:
        logger.error("The decision letter of application %s is missing.", application.pk)
        raise Http404 from error
    response = FileResponse(letter, content_type="application/pdf")
    return _attachment(response, letter_filename(decision))


# --- Exports of the application list ----------------------------------------------------


def _filtered_applications(request):
    """The fund index's list with the index's filters (the same form, the same selector)."""
    actor = request.actor
    if not actor.has_role(*EXPORT_ROLES):
        raise PermissionDenied
    statuses = ApplicationStatus.choices
    if actor.has_role(Role.SAMORDNARE):
        statuses = [c for c in statuses if c[0] != ApplicationStatus.DRAFT]
    form = ApplicationFilterForm(request.GET or None, statuses=statuses)
    filters = form.cleaned_data if form.is_valid() else {}
    return selectors.application_list(actor=actor, filters=filters)


@guard(fund_policy, "use_fund")
@require_GET
def applications_csv_view(request):
    rows = exports.application_rows(_filtered_applications(request))
    filename = _dated("trygghetsfond-ansokningar", "csv")
    return _csv_response(exports.APPLICATION_COLUMNS, rows, filename)


@guard(fund_policy, "use_fund")
@require_GET
def applications_xlsx_view(request):
    rows = exports.application_rows(_filtered_applications(request))
    filename = _dated("trygghetsfond-ansokningar", "xlsx")
    return _xlsx_response(exports.APPLICATION_COLUMNS, rows, filename, "Ansökningar")


# --- Payments for the finance system ----------------------------------------------------


@guard(fund_policy, "administer")
@require_GET
def payments_csv_view(request):
    rows = exports.payment_rows(selectors.payments_approved(actor=request.actor))
    filename = _dated("trygghetsfond-utbetalningar", "csv")
    return _csv_response(exports.PAYMENT_COLUMNS, rows, filename)


@guard(fund_policy, "administer")
@require_GET
def payments_xlsx_view(request):
    rows = exports.payment_rows(selectors.payments_approved(actor=request.actor))
    filename = _dated("trygghetsfond-utbetalningar", "xlsx")
    return _xlsx_response(exports.PAYMENT_COLUMNS, rows, filename, "Utbetalningar")


# --- Printable application --------------------------------------------------------------


@guard(fund_policy, "use_fund")
@require_GET
def application_print_view(request, application_id: int):
    actor = request.actor
    # As on the application page: no content before the reviewer has declared no conflict.
    declaration = undeclared_review_redirect(actor, application_id)
    if declaration is not None:
        return declaration
    application = selectors.application_get(actor=actor, application_id=application_id)
    return render(
        request,
        "fund/application_print.html",
        {
            "application": application,
            "lines": list(application.budget_lines.all()),
            "indicators": list(application.indicators.all()),
            "answers": list(application.answers.select_related("question")),
            "decision": getattr(application, "decision", None)
            if application.status in DECIDED
            else None,
            "payments": list(application.payments.select_related("requested_by", "approved_by"))
            if application.granted_kr
            else [],
            "printed_at": timezone.now(),
        },
    )
