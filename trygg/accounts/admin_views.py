"""User administration for the system administrator of a municipality."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from trygg.accounts import services, throttle
from trygg.accounts.constants import APPROVERS_OF_ROLE
from trygg.accounts.forms import MembershipForm, UserCreateForm
from trygg.accounts.models import RoleGrant, ThrottleKind
from trygg.accounts.policies import accounts_policy
from trygg.accounts.selectors import has_confirmed_device, user_get, user_rows
from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.core.keyset import keyset_page
from trygg.organisations.selectors import organisations_of_municipality

USERS_PER_PAGE = 50
WAITS_FOR_APPROVAL = gettext_noop(
    "The role gives access to case files, fund decisions or the access log, so it waits for a "
    "second person's approval (for a case officer: the unit manager). Until then the user "
    "does not have it."
)


@guard(accounts_policy, "manage_users")
def user_list_view(request):
    # Keyset pages: the last of thousands of users costs what the first does, and no
    # COUNT(*) of them all (see trygg.core.keyset); e-mail addresses are unique.
    page = keyset_page(
        user_rows(actor=request.actor),
        ordering=("full_name", "email"),
        size=USERS_PER_PAGE,
        params=request.GET,
    )
    return render(
        request, "accounts/admin/user_list.html", {"page": page, "users": page.object_list}
    )


@guard(accounts_policy, "manage_users")
def user_create_view(request):
    organisations = organisations_of_municipality(municipality_id=request.actor.municipality_id)
    form = UserCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The user was created and an invitation was sent."))
            if form.cleaned_data["role"] in APPROVERS_OF_ROLE:
                messages.info(request, _(WAITS_FOR_APPROVAL))
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/admin/user_create.html", {"form": form})


@guard(accounts_policy, "manage_users")
def user_detail_view(request, user_id: int):
    user = user_get(actor=request.actor, user_id=user_id)
    organisations = organisations_of_municipality(municipality_id=request.actor.municipality_id)
    form = MembershipForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            given = services.membership_grant(actor=request.actor, user=user, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            if isinstance(given, RoleGrant):
                messages.info(request, _(WAITS_FOR_APPROVAL))
            else:
                messages.success(request, _("The role was added."))
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/admin/user_detail.html",
        {
            "subject": user,
            "form": form,
            "has_authenticator": has_confirmed_device(user=user),
        },
    )


@guard(accounts_policy, "manage_users")
@require_POST
def membership_revoke_view(request, user_id: int, membership_id: int):
    user = user_get(actor=request.actor, user_id=user_id)
    membership = get_object_or_404(user.memberships.all(), pk=membership_id)
    if membership.user_id == request.user.pk and membership.pk == request.actor.membership.pk:
        messages.error(request, _("You cannot remove the role you are acting in right now."))
        return redirect("accounts:user_detail", user_id=user.pk)
    services.membership_revoke(actor=request.actor, membership=membership)
    messages.success(request, _("The role was removed."))
    return redirect("accounts:user_detail", user_id=user.pk)


@guard(accounts_policy, "manage_users")
@require_POST
def second_factor_reset_view(request, user_id: int):
    user = user_get(actor=request.actor, user_id=user_id)
    services.second_factor_reset(actor=request.actor, user=user)
    messages.success(
        request, _("The authenticator was removed. The user sets up a new one at next login.")
    )
    return redirect("accounts:user_detail", user_id=user.pk)


@guard(accounts_policy, "manage_users")
@require_POST
def invitation_resend_view(request, user_id: int):
    """At most a few invitations an hour per account and per address (``accounts.throttle``)."""
    user = user_get(actor=request.actor, user_id=user_id)
    refused = throttle.refusal(request, kind=ThrottleKind.INVITATION, email=user.email)
    if refused:
        messages.error(
            request,
            _(
                "The invitation has been sent several times already. "
                "Try again in %(minutes)s minutes."
            )
            % {"minutes": refused.minutes},
        )
        return redirect("accounts:user_detail", user_id=user.pk)
    try:
        services.invitation_resend(actor=request.actor, user=user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        throttle.count(request, kind=ThrottleKind.INVITATION, email=user.email)
        messages.success(request, _("The invitation was sent again."))
    return redirect("accounts:user_detail", user_id=user.pk)


@guard(accounts_policy, "manage_users")
@require_POST
def user_active_view(request, user_id: int):
    user = user_get(actor=request.actor, user_id=user_id)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.actor, user=user, active=active)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The account is active again.")
            if active
            else _("The account was deactivated. The user can no longer log in."),
        )
    return redirect("accounts:user_detail", user_id=user.pk)
