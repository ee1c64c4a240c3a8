"""The unit's case list and the intake of a new case. Thin: forms in, services for writes,
selectors for reads.

Every view is guarded by the policy's "use" rule; case pages then go through ``case_get``,
which refuses (404) anyone not on the case team and audits every view.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors, services
from trygg.defectors.cases.forms import IntakeForm
from trygg.defectors.constants import CaseStatus
from trygg.defectors.policies import defectors_policy


@guard(defectors_policy, "use")
def case_list_view(request):
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""  # an unknown value: no filter
    page = selectors.case_list(actor=request.actor, page=request.GET.get("sida"), status=status)
    return render(
        request,
        "defectors/case_list.html",
        {
            "page": page,
            "cases": page.object_list,
            "can_create": bool(defectors_policy.can(request.actor, "create_intake")),
            "can_view_retention": bool(defectors_policy.can(request.actor, "view_retention")),
            "status": status,
            "status_choices": CaseStatus.choices,
        },
    )


@guard(defectors_policy, "use")
def intake_create_view(request):
    require(request, defectors_policy, "create_intake")
    form = IntakeForm(request.POST or None)
    duplicate = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["identity_number"] and not data["create_anyway"]:
            duplicate = services.duplicate_check(
                actor=request.actor, identity_number=data["identity_number"]
            )
        if not duplicate:
            try:
                case = services.intake_create(actor=request.actor, **form.service_arguments())
            except ApplicationError as error:
                apply_application_error(form, error)
            else:
                messages.success(request, _("The case was created."))
                return redirect("defectors:case_detail", case.pk)
    return render(request, "defectors/intake_form.html", {"form": form, "duplicate": duplicate})
