"""Pages of handovers and referrals into the unit: the partner contact's form, and the unit
manager's intake queue with accept (a case opens) or decline."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.constants import InboundStatus
from trygg.defectors.inbound import services
from trygg.defectors.inbound.forms import InboundAcceptForm, InboundDeclineForm, InboundForm
from trygg.defectors.models import Inbound
from trygg.defectors.policies import defectors_policy
from trygg.defectors.transfers.selectors import officers_of_unit


@guard(defectors_policy, "submit_inbound")
def inbound_submit_view(request):
    form = InboundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inbound_submit(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The unit has got it and will contact you."))
            return redirect("defectors:partner_referrals")
    return render(request, "defectors/inbound_form.html", {"form": form})


def _queue(actor):
    return defectors_policy.inbound_visible(actor, Inbound.objects.select_related("partner"))


@guard(defectors_policy, "receive_inbound")
def inbound_list_view(request):
    queue = _queue(request.actor)
    return render(
        request,
        "defectors/inbound_list.html",
        {
            "waiting": list(queue.filter(status=InboundStatus.WAITING).order_by("created_at")),
            "answered": list(
                queue.exclude(status=InboundStatus.WAITING).order_by("-decided_at")[:20]
            ),
        },
    )


@guard(defectors_policy, "receive_inbound")
def inbound_detail_view(request, inbound_id: int):
    inbound = get_object_or_404(_queue(request.actor), pk=inbound_id)
    record(action="defectors.inbound.view", actor=request.actor, target=inbound)
    can_decide = bool(defectors_policy.can(request.actor, "decide_inbound", inbound))
    data = request.POST if request.method == "POST" else None
    accept = InboundAcceptForm(
        data if data and "accept-case_officer" in data else None,
        officers=officers_of_unit(unit=request.actor.organisation),
    )
    decline = InboundDeclineForm(data if data and "decline-note" in data else None)
    if data is not None and can_decide:
        try:
            if accept.is_bound and accept.is_valid():
                case = services.inbound_accept(
                    actor=request.actor, inbound=inbound, **accept.cleaned_data
                )
                messages.success(
                    request, _("Case %(reference)s was opened.") % {"reference": case.reference}
                )
                return redirect("defectors:inbound_list")
            if decline.is_bound and decline.is_valid():
                services.inbound_decline(
                    actor=request.actor, inbound=inbound, **decline.cleaned_data
                )
                messages.success(request, _("It was declined."))
                return redirect("defectors:inbound_list")
        except ApplicationError as error:
            apply_application_error(accept if accept.is_bound else decline, error)
    return render(
        request,
        "defectors/inbound_detail.html",
        {
            "inbound": inbound,
            "can_decide": can_decide,
            "accept_form": accept,
            "decline_form": decline,
        },
    )
