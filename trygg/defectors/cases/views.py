"""Pages of the defector programme. Thin: forms in, services for writes, selectors for reads.

Every view is guarded by the policy's "use" rule; case pages then go through ``case_get``,
which refuses (404) anyone not on the case team and audits every view.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors import selectors, services
from trygg.defectors.constants import CaseStatus
from trygg.defectors.forms import IntakeForm, TeamMemberForm
from trygg.defectors.identity import formatted_identity_number, is_protected
from trygg.defectors.policies import defectors_policy
from trygg.defectors.sections import case_context


def editable_case(request, case_id: int):
    """The case for a write from a page: 404 for anyone who may not open it, 403 (audited)
    when it may not be changed (a closed case). Every section's POST views start here."""
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    require(request, defectors_policy, "edit", case)
    return case


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


def _case_page(request, case, *, reveal: bool = False, team_form=None, status_form=None):
    from trygg.defectors.emergency_views import emergency_overview
    from trygg.defectors.retention import retention_facts
    from trygg.defectors.status_views import status_overview

    person = case.person
    shown = person is not None and (reveal or not is_protected(person))
    can_assign = bool(defectors_policy.can(request.actor, "assign", case))
    if can_assign and team_form is None:
        team_form = TeamMemberForm(candidates=selectors.team_candidates(case=case))
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
            team_form=team_form if can_assign else None,
            **status_overview(actor=request.actor, case=case, status_form=status_form),
            **emergency_overview(actor=request.actor, case=case),
            retention=retention_facts(case),
            can_extract=bool(defectors_policy.can(request.actor, "extract", case)),
        ),
    )


@guard(defectors_policy, "use")
def case_detail_view(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id)
    return _case_page(request, case)


@guard(defectors_policy, "use")
@require_POST
def reveal_view(request, case_id: int):
    """Show a protected identity for this one response, after an audited choice."""
    case = selectors.case_get(actor=request.actor, case_id=case_id)
    if case.person is None:
        return redirect("defectors:case_detail", case.pk)
    selectors.person_reveal(actor=request.actor, case=case)
    return _case_page(request, case, reveal=True)


@guard(defectors_policy, "use")
@require_POST
def team_add_view(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id)
    require(request, defectors_policy, "assign", case)
    form = TeamMemberForm(request.POST, candidates=selectors.team_candidates(case=case))
    if form.is_valid():
        try:
            services.team_member_add(actor=request.actor, case=case, user=form.cleaned_data["user"])
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The case officer was added to the team."))
            return redirect("defectors:case_detail", case.pk)
    return _case_page(request, case, team_form=form)
