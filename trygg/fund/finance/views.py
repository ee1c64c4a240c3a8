"""The finance department's pages: how each recipient is paid, the payment file layouts, and
the payment files themselves."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.fund import selectors
from trygg.fund.finance import services
from trygg.fund.finance.files import COLUMNS, PRESETS, Layout, payment_file, payments_for
from trygg.fund.finance.forms import LayoutForm, PayeeForm
from trygg.fund.models import PaymentExportLayout
from trygg.fund.policies import fund_policy
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation

RECIPIENT_KINDS = (OrganisationKind.NAMND, OrganisationKind.BOLAG)


def _recipients(actor):
    return Organisation.objects.filter(
        municipality_id=actor.municipality_id, kind__in=RECIPIENT_KINDS, is_active=True
    ).select_related("fund_payee")


@guard(fund_policy, "administer")
def payees_view(request):
    return render(
        request,
        "fund/payees.html",
        {"recipients": _recipients(request.actor).order_by("kind", "name")},
    )


@guard(fund_policy, "administer")
def payee_edit_view(request, organisation_id: int):
    organisation = get_object_or_404(_recipients(request.actor), pk=organisation_id)
    payee = getattr(organisation, "fund_payee", None)
    form = PayeeForm(
        request.POST or None,
        initial={
            "organisation_number": payee.organisation_number if payee else "",
            "cost_centre": payee.cost_centre if payee else "",
            "account": payee.account if payee else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.payee_save(actor=request.actor, organisation=organisation, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The payment details were saved."))
            return redirect("fund:payees")
    return render(
        request,
        "fund/form_page.html",
        {
            "form": form,
            "heading": _("Payment details: %(name)s") % {"name": organisation.name},
            "intro": _(
                "A committee is paid by an internal transfer to its cost centre; a municipal "
                "company against its invoice, by its organisation number."
            ),
            "back_url": reverse("fund:payees"),
            "back_label": _("Back to the recipients"),
        },
    )


def _layouts(actor):
    return PaymentExportLayout.objects.filter(municipality_id=actor.municipality_id)


def _column_names(layout) -> str:
    """The file's own column headers, in order (what the finance system will read)."""
    return ", ".join(COLUMNS[key][0] for key in layout.columns if key in COLUMNS)


@guard(fund_policy, "administer")
def layouts_view(request):
    return render(
        request,
        "fund/export_layouts.html",
        {
            "presets": [(preset, _column_names(preset)) for preset in PRESETS.values()],
            "layouts": [(layout, _column_names(layout)) for layout in _layouts(request.actor)],
        },
    )


@guard(fund_policy, "administer")
def layout_edit_view(request, layout_id: int | None = None):
    layout = get_object_or_404(_layouts(request.actor), pk=layout_id) if layout_id else None
    preset = PRESETS.get(request.GET.get("fran", ""))
    if layout is not None:
        initial = LayoutForm.initial_for(layout)
    elif preset is not None:
        initial = {**LayoutForm.initial_for(preset), "name": ""}
    else:
        initial = {"header": True, "byte_order_mark": True, "line_ending": "crlf"}
    form = LayoutForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.layout_save(
                actor=request.actor, layout=layout, fields=form.settings(), columns=form.columns()
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The file layout was saved."))
            return redirect("fund:export_layouts")
    return render(
        request,
        "fund/form_page.html",
        {
            "form": form,
            "heading": _("File layout: %(name)s") % {"name": layout.name}
            if layout
            else _("New file layout"),
            "back_url": reverse("fund:export_layouts"),
            "back_label": _("Back to the file layouts"),
        },
    )


def _file_response(request, layout: Layout, stem: str) -> HttpResponse:
    payments = payments_for(
        selectors.payments_approved(actor=request.actor).select_related(
            "application__applicant__fund_payee"
        ),
        layout,
    )
    response = HttpResponse(payment_file(payments, layout), content_type="text/csv; charset=utf-8")
    filename = f"{stem}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@guard(fund_policy, "administer")
@require_GET
def preset_file_view(request, preset: str):
    layout = PRESETS.get(preset)
    if layout is None:
        raise Http404
    return _file_response(request, layout, f"utbetalningar-{preset}")


@guard(fund_policy, "administer")
@require_GET
def layout_file_view(request, layout_id: int):
    saved = get_object_or_404(_layouts(request.actor), pk=layout_id)
    return _file_response(request, Layout.of(saved), f"utbetalningar-{saved.pk}")
