"""The case overview: the person, the intake, the team, the status with its history, any
emergency access and the retention facts, composed from the parts of the case file. The
forms posted from it (show a protected identity, add to the team, change the status) are
here too, so that a refused form is shown again on the same page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors, services
from trygg.defectors.cases.sections import case_context, editable_case
from trygg.defectors.constants import CaseStatus, TransferStatus
from trygg.defectors.emergency.views import emergency_overview
from trygg.defectors.identity import formatted_identity_number, is_child_on, is_protected
from trygg.defectors.policies import defectors_policy
from trygg.defectors.retention.services import retention_facts
from trygg.defectors.status import services as status
from trygg.defectors.status.forms import CaseReopenForm, StatusChangeForm


def status_overview(*, actor, case, status_form=None) -> dict:
    """What the case overview shows of the status: history, and the forms the actor may use."""
    closed = case.status == CaseStatus.AVSLUTAT
    can_edit = not closed and bool(defectors_policy.can(actor, "edit", case))
    can_reopen = closed and bool(defectors_policy.can(actor, "reopen", case))
    context = {
        "status_history": status.status_history(case=case),
        "transfers": case.transfers.filter(
            status=TransferStatus.ACCEPTED, to_municipality_id=case.municipality_id
        ).select_related("from_municipality"),
        "status_form": (status_form or StatusChangeForm(case=case)) if can_edit else None,
        "can_close": not closed and bool(defectors_policy.can(actor, "close", case)),
        "reopen_form": CaseReopenForm() if can_reopen else None,
        "deletion_window": None,
    }
    if closed:
        context["deletion_window"] = status.deletion_window(case)
    return context


def case_page(request, case, *, reveal: bool = False, status_form=None):
    person = case.person
    shown = person is not None and (reveal or not is_protected(person))
    return render(
        request,
        "defectors/case_detail.html",
        case_context(
            case,
            "overview",
            intake=getattr(case, "intake", None),
            reveal=reveal,
            identity_shown=shown,
            identity_number=formatted_identity_number(person.identity_number) if shown else "",
            team=selectors.team_of(case=case),
            can_assign=bool(defectors_policy.can(request.actor, "assign", case)),
            **status_overview(actor=request.actor, case=case, status_form=status_form),
            **emergency_overview(actor=request.actor, case=case),
            retention=retention_facts(case),
            can_extract=bool(defectors_policy.can(request.actor, "extract", case)),
            **custody(person),
        ),
    )


def custody(person) -> dict:
    """For a child (under 18 today by the identity number): who holds custody."""
    if person is None or not is_child_on(person, timezone.localdate()):
        return {"child": False, "guardians": []}
    return {"child": True, "guardians": list(person.contacts.filter(has_custody=True))}


@guard(defectors_policy, "use")
def case_detail_view(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id)
    return case_page(request, case)


@guard(defectors_policy, "use")
@require_POST
def reveal_view(request, case_id: int):
    """Show a protected identity for this one response, after an audited choice."""
    case = selectors.case_get(actor=request.actor, case_id=case_id)
    if case.person is None:
        return redirect("defectors:case_detail", case.pk)
    selectors.person_reveal(actor=request.actor, case=case)
    return case_page(request, case, reveal=True)


@guard(defectors_policy, "use")
@require_POST
def status_change_view(request, case_id: int):
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
    return case_page(request, case, status_form=form)
