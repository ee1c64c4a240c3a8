"""Pages of the defector programme: the agreement (överenskommelse) and its follow-ups.

The page is read through ``case_get`` (404 off the team, audited as
``defectors.agreement.view``). The forms post to their own URLs; a refused post shows the
page again with the message next to the field.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.agreement import services as agreements
from trygg.defectors.agreement.forms import AgreementForm, FollowUpForm
from trygg.defectors.cases import selectors
from trygg.defectors.cases.sections import case_context, editable_case
from trygg.defectors.cases.services import record_case_event
from trygg.defectors.policies import defectors_policy

VIEW_ACTION = "defectors.agreement.view"


def _follow_up_prefix(condition_id: int) -> str:
    return f"condition-{condition_id}"


def _page(request, case, *, agreement_form=None, follow_up_form=None, condition_id=None):
    can_edit = bool(defectors_policy.can(request.actor, "edit", case))
    records = agreements.agreements_of(case=case)
    current, earlier = (records[0], records[1:]) if records else (None, [])
    follow_up_forms = {}
    if can_edit and current is not None:
        for row in current.conditions:
            pk = row.condition.pk
            follow_up_forms[pk] = (
                follow_up_form
                if pk == condition_id and follow_up_form is not None
                else FollowUpForm(prefix=_follow_up_prefix(pk))
            )
    current_rows = (
        [(row, follow_up_forms.get(row.condition.pk)) for row in current.conditions]
        if current
        else []
    )
    return render(
        request,
        "defectors/agreements.html",
        case_context(
            case,
            "agreement",
            current_agreement=current,
            current_rows=current_rows,
            earlier=earlier,
            can_edit=can_edit,
            agreement_form=(agreement_form or AgreementForm()) if can_edit else None,
        ),
    )


def _refused(request, case, **forms):
    record_case_event(actor=request.actor, case=case, action=VIEW_ACTION)
    return _page(request, case, **forms)


@guard(defectors_policy, "use")
def agreements_view(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, action=VIEW_ACTION)
    return _page(request, case)


@guard(defectors_policy, "use")
@require_POST
def agreement_create_view(request, case_id: int):
    case = editable_case(request, case_id)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            agreements.agreement_create(actor=request.actor, case=case, **form.service_arguments())
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The agreement was registered."))
            return redirect("defectors:agreements", case.pk)
    return _refused(request, case, agreement_form=form)


@guard(defectors_policy, "use")
@require_POST
def condition_follow_up_view(request, case_id: int, condition_id: int):
    case = editable_case(request, case_id)
    condition = agreements.condition_of(case=case, condition_id=condition_id)
    if condition is None:
        raise Http404
    form = FollowUpForm(request.POST, prefix=_follow_up_prefix(condition.pk))
    if form.is_valid():
        try:
            agreements.condition_follow_up(
                actor=request.actor, case=case, condition=condition, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The follow-up was registered."))
            url = reverse("defectors:agreements", args=[case.pk])
            return redirect(f"{url}#condition-{condition.pk}")
    return _refused(request, case, follow_up_form=form, condition_id=condition.pk)
