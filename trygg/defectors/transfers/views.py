"""Pages of a transfer between municipalities: the case team proposes (a section of the
case), the receiving unit manager accepts or declines, and the sending team reads its own
entries afterwards for a limited time."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors as cases
from trygg.defectors.cases.sections import case_context, editable_case
from trygg.defectors.constants import TransferStatus
from trygg.defectors.identity import is_protected
from trygg.defectors.policies import defectors_policy
from trygg.defectors.transfers import selectors, services
from trygg.defectors.transfers.forms import (
    TransferAcceptForm,
    TransferDeclineForm,
    TransferProposeForm,
)


def _propose_form(case, data=None):
    return TransferProposeForm(
        data,
        municipalities=selectors.receiving_municipalities(case=case),
        consents=services.valid_consents_for_transfer(case=case),
    )


def _case_page(request, case, form=None):
    transfers = selectors.transfers_of_case(case=case)
    can_propose = bool(defectors_policy.can(request.actor, "propose_transfer", case))
    waiting = next((t for t in transfers if t.status == TransferStatus.PROPOSED), None)
    context = {
        "transfers": transfers,
        "waiting": waiting,
        "can_propose": can_propose,
        "form": (form or _propose_form(case)) if can_propose and waiting is None else None,
    }
    return render(
        request, "defectors/transfer_case.html", case_context(case, "transfer", **context)
    )


@guard(defectors_policy, "use")
def case_transfer_view(request, case_id: int):
    if request.method != "POST":
        case = cases.case_get(
            actor=request.actor, case_id=case_id, action="defectors.transfer.list"
        )
        return _case_page(request, case)
    case = editable_case(request, case_id)
    form = _propose_form(case, request.POST)
    if form.is_valid():
        try:
            services.transfer_propose(actor=request.actor, case=case, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(
                request,
                _("The transfer was proposed to %(municipality)s.")
                % {"municipality": form.cleaned_data["to_municipality"].name},
            )
            return redirect("defectors:case_transfer", case.pk)
    return _case_page(request, case, form)


@guard(defectors_policy, "use")
@require_POST
def case_transfer_withdraw_view(request, case_id: int, transfer_id: int):
    case = editable_case(request, case_id)
    transfer = case.transfers.filter(pk=transfer_id).first()
    if transfer is None:
        raise Http404
    try:
        services.transfer_withdraw(actor=request.actor, transfer=transfer)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The proposed transfer was withdrawn."))
    return redirect("defectors:case_transfer", case.pk)


@guard(defectors_policy, "receive_transfers")
def incoming_list_view(request):
    return render(
        request,
        "defectors/transfer_incoming_list.html",
        {
            "waiting": selectors.incoming_waiting(actor=request.actor),
            "decided": selectors.incoming_decided(actor=request.actor),
        },
    )


@guard(defectors_policy, "receive_transfers")
def incoming_detail_view(request, transfer_id: int):
    transfer = selectors.incoming_get(actor=request.actor, transfer_id=transfer_id)
    can_decide = bool(defectors_policy.can(request.actor, "decide_transfer", transfer))
    officers = selectors.officers_of_unit(unit=request.actor.organisation)
    data = request.POST if request.method == "POST" else None
    accept = TransferAcceptForm(
        data if data and "accept-case_officer" in data else None, officers=officers
    )
    decline = TransferDeclineForm(data if data and "decline-note" in data else None)
    if data is not None and can_decide:
        try:
            if accept.is_bound and accept.is_valid():
                case = services.transfer_accept(
                    actor=request.actor, transfer=transfer, **accept.cleaned_data
                )
                messages.success(
                    request,
                    _("The case is now %(reference)s in your unit.")
                    % {"reference": case.reference},
                )
                return redirect("defectors:incoming_transfers")
            if decline.is_bound and decline.is_valid():
                services.transfer_decline(
                    actor=request.actor, transfer=transfer, **decline.cleaned_data
                )
                messages.success(request, _("The transfer was declined."))
                return redirect("defectors:incoming_transfers")
        except ApplicationError as error:
            apply_application_error(accept if accept.is_bound else decline, error)
    return render(
        request,
        "defectors/transfer_incoming_detail.html",
        {
            "transfer": transfer,
            "can_decide": can_decide,
            "protected": is_protected(transfer.case.person),
            "accept_form": accept,
            "decline_form": decline,
        },
    )


@guard(defectors_policy, "read_handed_over")
def handed_over_list_view(request):
    return render(
        request,
        "defectors/transfer_handed_over_list.html",
        {"transfers": selectors.handed_over_list(actor=request.actor)},
    )


@guard(defectors_policy, "read_handed_over")
def handed_over_detail_view(request, transfer_id: int):
    transfer = selectors.handed_over_get(actor=request.actor, transfer_id=transfer_id)
    return render(
        request,
        "defectors/transfer_handed_over_detail.html",
        {
            "transfer": transfer,
            "protected": is_protected(transfer.case.person),
            "entries": selectors.own_entries(transfer=transfer),
        },
    )
