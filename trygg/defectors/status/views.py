"""Pages of the defector programme: closing and reopening a case (the status change is posted
from the case overview, see ``trygg.defectors.overview``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors, services
from trygg.defectors.cases.sections import case_context
from trygg.defectors.constants import CaseStatus
from trygg.defectors.policies import defectors_policy
from trygg.defectors.status import services as status
from trygg.defectors.status.forms import CaseCloseForm, CaseReopenForm


@guard(defectors_policy, "use")
def case_close_view(request, case_id: int):
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    if case.status == CaseStatus.AVSLUTAT:
        messages.info(request, _("The case is already closed."))
        return redirect("defectors:case_detail", case.pk)
    require(request, defectors_policy, "close", case)
    form = CaseCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            status.case_close(actor=request.actor, case=case, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The case was closed."))
            return redirect("defectors:case_detail", case.pk)
    services.record_case_event(
        actor=request.actor, case=case, action="defectors.case.view", page="close"
    )
    latest = status.deletion_window(case)[1]
    return render(
        request,
        "defectors/status_close.html",
        case_context(
            case,
            "overview",
            form=form,
            retention_years=settings.TRYGG_DEFECTORS_RETENTION_YEARS,
            deletion_latest=latest,
        ),
    )


@guard(defectors_policy, "use")
def case_reopen_view(request, case_id: int):
    """Reopen a closed case. The team does it from the case overview; the unit manager, who
    does not open the case, from the unit's list: this page shows only what the list shows."""
    case = status.case_for_reopen(actor=request.actor, case_id=case_id)
    may_open = bool(defectors_policy.can(request.actor, "open", case))
    if case.status != CaseStatus.AVSLUTAT:
        if not may_open:
            raise Http404  # an open case is the team's; the unit manager reopens closed ones
        messages.info(request, _("The case is open."))
        return redirect("defectors:case_detail", case.pk)
    require(request, defectors_policy, "reopen", case)
    form = CaseReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            status.case_reopen(actor=request.actor, case=case, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The case was reopened."))
            if may_open:
                return redirect("defectors:case_detail", case.pk)
            return redirect("defectors:case_list")
    return render(request, "defectors/status_reopen.html", {"case": case, "form": form})
