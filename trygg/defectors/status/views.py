"""Pages of the defector programme: the case's status, closure and reopening."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors import selectors, services, status
from trygg.defectors.constants import CaseStatus
from trygg.defectors.policies import defectors_policy
from trygg.defectors.sections import case_context
from trygg.defectors.status_forms import CaseCloseForm, CaseReopenForm, StatusChangeForm
from trygg.defectors.views import editable_case


def status_overview(*, actor, case, status_form=None) -> dict:
    """What the case overview shows of the status: history, and the forms the actor may use."""
    closed = case.status == CaseStatus.AVSLUTAT
    can_edit = not closed and bool(defectors_policy.can(actor, "edit", case))
    can_reopen = closed and bool(defectors_policy.can(actor, "reopen", case))
    context = {
        "status_history": status.status_history(case=case),
        "status_form": (status_form or StatusChangeForm(case=case)) if can_edit else None,
        "can_close": not closed and bool(defectors_policy.can(actor, "close", case)),
        "reopen_form": CaseReopenForm() if can_reopen else None,
        "deletion_window": None,
    }
    if closed:
        context["deletion_window"] = status.deletion_window(case)
    return context


@guard(defectors_policy, "use")
@require_POST
def status_change_view(request, case_id: int):
    from trygg.defectors.views import _case_page

    case = editable_case(request, case_id)
    form = StatusChangeForm(request.POST, case=case)
    if form.is_valid():
        try:
            status.status_change(actor=request.actor, case=case, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The status was changed."))
            return redirect("defectors:case_detail", case.pk)
    services.record_case_event(actor=request.actor, case=case, action="defectors.case.view")
    return _case_page(request, case, status_form=form)


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


urlpatterns = [
    path("arende/<int:case_id>/status/", status_change_view, name="case_status"),
    path("arende/<int:case_id>/avsluta/", case_close_view, name="case_close"),
    path("arende/<int:case_id>/ateroppna/", case_reopen_view, name="case_reopen"),
]
