"""The unit's case list and the intake of a new case. Thin: forms in, services for writes,
selectors for reads.

Every view is guarded by the policy's "use" rule; case pages then go through ``case_get``,
which refuses (404) anyone not on the case team and audits every view.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.core.roles import Role
from trygg.defectors.cases import matches, selectors, services
from trygg.defectors.cases.forms import DuplicateDecisionForm, IntakeForm, TeamMemberForm
from trygg.defectors.cases.links import case_list_links
from trygg.defectors.constants import CaseStatus
from trygg.defectors.policies import defectors_policy


@guard(defectors_policy, "use")
def case_list_view(request):
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""  # an unknown value: no filter
    waiting = request.GET.get("team") == "waiting"
    page = selectors.case_list(
        actor=request.actor,
        params=request.GET,
        status=status,
        waiting_for_team=waiting,
    )
    return render(
        request,
        "defectors/case_list.html",
        {
            "page": page,
            "cases": page.object_list,
            "can_create": bool(defectors_policy.can(request.actor, "create_intake")),
            "can_view_retention": bool(defectors_policy.can(request.actor, "view_retention")),
            "can_follow_up": bool(defectors_policy.can(request.actor, "follow_emergency_accesses")),
            "status": status,
            "waiting_for_team": waiting,
            "can_assign": request.actor.role == Role.ENHETSCHEF,
            "status_choices": CaseStatus.choices,
            # The rows' links, from their parts around the case id (see cases.links).
            **case_list_links(),
        },
    )


@guard(defectors_policy, "use")
def intake_create_view(request):
    require(request, defectors_policy, "create_intake")
    form = IntakeForm(
        request.POST or None,
        home_municipalities=selectors.home_municipalities(actor=request.actor),
        own_municipality=request.actor.municipality_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.intake_create(actor=request.actor, **form.service_arguments())
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            # The same words whether or not the person is already registered (see
            # ``cases.duplicates``): the check is the unit manager's.
            messages.success(request, _("The case was created."))
            return redirect("defectors:case_detail", case.pk)
    return render(request, "defectors/intake_form.html", {"form": form})


def team_page(request, case, form=None, status=200, decision_form=None):
    match = matches.pending_match(case=case)
    return render(
        request,
        "defectors/case_team.html",
        {
            "case": case,
            "team": selectors.team_of(case=case),
            "form": form or TeamMemberForm(candidates=selectors.team_candidates(case=case)),
            "match": match,
            "earlier_cases": matches.earlier_cases(actor=request.actor, case=case) if match else [],
            "decision_form": decision_form or DuplicateDecisionForm(),
        },
        status=status,
    )


@guard(defectors_policy, "use")
def case_team_view(request, case_id: int):
    """The unit manager decides a case's team from the unit's list, without opening the case
    (the person is not shown here): add case officers, take someone off, or keep the team."""
    case = selectors.case_for_team(actor=request.actor, case_id=case_id)
    if request.method != "POST":
        return team_page(request, case)
    form = TeamMemberForm(request.POST, candidates=selectors.team_candidates(case=case))
    if form.is_valid():
        try:
            services.team_member_add(actor=request.actor, case=case, user=form.cleaned_data["user"])
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The case officer was added to the team."))
            return redirect("defectors:case_team", case.pk)
    return team_page(request, case, form)


@guard(defectors_policy, "use")
@require_POST
def case_team_remove_view(request, case_id: int, user_id: int):
    case = selectors.case_for_team(actor=request.actor, case_id=case_id)
    member = get_object_or_404(case.team.select_related("user"), user_id=user_id).user
    try:
        services.team_member_remove(actor=request.actor, case=case, user=member)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s was taken off the team.") % {"name": member.full_name}
        )
    return redirect("defectors:case_team", case.pk)


@guard(defectors_policy, "use")
@require_POST
def case_team_decide_view(request, case_id: int):
    case = selectors.case_for_team(actor=request.actor, case_id=case_id)
    services.team_decide(actor=request.actor, case=case)
    messages.success(request, _("The team is decided. The case no longer waits for a team."))
    return redirect(f"{reverse('defectors:case_list')}?team=waiting")
