"""Roles waiting for a second person's approval (four eyes on sensitive roles, ADR 0002)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts import services
from trygg.accounts.policies import accounts_policy
from trygg.accounts.selectors import role_grant_get, role_grants_to_approve
from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError


@guard(accounts_policy, "approve_role_grants")
def role_grant_list_view(request):
    grants = role_grants_to_approve(actor=request.actor)
    return render(request, "accounts/role_grants.html", {"grants": grants})


def _decide(request, grant_id: int, decide, success: str):
    grant = role_grant_get(actor=request.actor, grant_id=grant_id)
    try:  # the service checks (and audits a refusal: 403) who may decide
        decide(actor=request.actor, grant=grant)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            success
            % {"role": grant.get_role_display(), "name": grant.user.full_name or grant.user.email},
        )
    return redirect("accounts:role_grants")


@guard(accounts_policy, "approve_role_grants")
@require_POST
def role_grant_approve_view(request, grant_id: int):
    return _decide(
        request,
        grant_id,
        services.role_grant_approve,
        _("%(name)s now has the role %(role)s."),
    )


@guard(accounts_policy, "approve_role_grants")
@require_POST
def role_grant_reject_view(request, grant_id: int):
    return _decide(
        request,
        grant_id,
        services.role_grant_reject,
        _("The role %(role)s for %(name)s was turned down."),
    )
