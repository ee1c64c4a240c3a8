"""The unit manager's page of joint units: the unit's costs per home municipality (for the
cost-sharing agreement) and the municipality's cases to take over after leaving one."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.defectors.joint import services
from trygg.defectors.policies import defectors_policy
from trygg.defectors.transfers.forms import TransferAcceptForm
from trygg.defectors.transfers.selectors import officers_of_unit


@guard(defectors_policy, "take_over_cases")
def joint_view(request):
    unit = request.actor.organisation
    requested = request.GET.get("ar", "")
    year = int(requested) if requested.isdigit() and 2000 <= int(requested) <= 2100 else None
    year = year or timezone.localdate().year
    officers = officers_of_unit(unit=unit)
    left = list(services.left_behind(actor=request.actor))
    if request.method == "POST":
        case = get_object_or_404(
            services.left_behind(actor=request.actor),
            pk=request.POST.get("case") if str(request.POST.get("case", "")).isdigit() else 0,
        )
        form = TransferAcceptForm(request.POST, officers=officers)
        if form.is_valid():
            try:
                services.case_take_over(actor=request.actor, case=case, **form.cleaned_data)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Case %(reference)s is now in your unit.") % {"reference": case.reference},
                )
                return redirect("defectors:joint")
        else:
            messages.error(request, _("Choose a case officer of your unit for the case team."))
    return render(
        request,
        "defectors/joint.html",
        {
            "year": year,
            "costs": services.costs_by_municipality(unit=unit, year=year),
            "left": left,
            "form": TransferAcceptForm(officers=officers),
        },
    )
