"""The delegation list (kept by the system administrator, read by the coordinators), the
appeal text, and the coordinator's report of delegated decisions for a period."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.fund.delegation import selectors, services
from trygg.fund.delegation.forms import (
    AppealTextForm,
    DelegationPointForm,
)
from trygg.fund.policies import fund_policy

_BACK_TO_LIST = {
    "back_url": reverse_lazy("fund:delegation_list"),
    "back_label": gettext_lazy("Back to the delegation list"),
}


@guard(fund_policy, "view_delegation")
def delegation_list_view(request):
    actor = request.actor
    return render(
        request,
        "fund/delegation_list.html",
        {
            "points": selectors.points_of(municipality_id=actor.municipality_id),
            "may_maintain": fund_policy.can(actor, "maintain_delegation").allowed,
            "may_report": fund_policy.can(actor, "administer").allowed,
        },
    )


@guard(fund_policy, "maintain_delegation")
def delegation_point_edit_view(request, point_id: int | None = None):
    actor = request.actor
    point = selectors.point_get(actor=actor, point_id=point_id) if point_id else None
    initial = (
        {
            "point": point.point,
            "matter": point.matter,
            "delegate": point.delegate,
            "decision_makers": list(point.decision_makers.all()),
            "max_amount_kr": point.max_amount_kr,
            "is_active": point.is_active,
        }
        if point
        else None
    )
    form = DelegationPointForm(
        request.POST or None, initial=initial, municipality_id=actor.municipality_id
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        makers = data.pop("decision_makers")
        try:
            services.delegation_point_save(
                actor=actor, point=point, fields=data, decision_makers=makers
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The delegation list was saved."))
            return redirect("fund:delegation_list")
    heading = (
        _("Delegation point %(point)s") % {"point": point.point}
        if point
        else _("New delegation point")
    )
    return render(
        request,
        "fund/form_page.html",
        {"form": form, "heading": heading, **_BACK_TO_LIST},
    )


@guard(fund_policy, "maintain_delegation")
def appeal_text_view(request):
    actor = request.actor
    form = AppealTextForm(
        request.POST or None,
        initial={"appeal_text": selectors.appeal_text_of(municipality_id=actor.municipality_id)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_text_save(actor=actor, appeal_text=form.cleaned_data["appeal_text"])
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The appeal text was saved."))
            return redirect("fund:delegation_list")
    return render(
        request,
        "fund/form_page.html",
        {
            "form": form,
            "heading": _("Appeal text of the decision letters"),
            "intro": _(
                "The text under the heading “Hur man överklagar” in every decision letter, in "
                "Swedish. Let the municipality's lawyers decide its wording."
            ),
            **_BACK_TO_LIST,
        },
    )
