"""Registry numbers on the application page, and the fund's records for the registry."""

from __future__ import annotations

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trygg.core import exports as files
from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.fund.coordinator import coordinator_application
from trygg.fund.policies import fund_policy
from trygg.fund.registry.forms import RegistryNumbersForm
from trygg.fund.registry.records import COLUMNS, record_rows
from trygg.fund.registry.services import registry_numbers_save


@guard(fund_policy, "administer")
@require_POST
def registry_numbers_view(request, application_id: int):
    application = coordinator_application(request, application_id)
    form = RegistryNumbersForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_("A registry number is at most 40 characters."))
        registry_numbers_save(actor=request.actor, application=application, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The registry numbers were saved."))
    return redirect("fund:application_detail", application.pk)


@guard(fund_policy, "administer")
@require_GET
def registry_export_view(request):
    requested = request.GET.get("ar", "")
    year = int(requested) if requested.isascii() and requested.isdigit() else None
    if year is None or not 2000 <= year <= 2100:
        year = timezone.localdate().year
    rows = record_rows(municipality_id=request.actor.municipality_id, year=year)
    response = StreamingHttpResponse(
        files.csv_lines(COLUMNS, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="trygghetsfonden-diarium-{year}.csv"'
    response["Cache-Control"] = "no-store"
    return response
