from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from trygg.accounts.models import Membership, RoleGrant, RoleGrantStatus, User
from trygg.accounts.policies import accounts_policy


def memberships_of(*, user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, organisation__is_active=True)
        .select_related("organisation", "organisation__municipality")
        .order_by("organisation__name", "role")
    )


def user_list(*, actor, search: str = "") -> QuerySet[User]:
    users = accounts_policy.visible(actor, User.objects.all())
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    in_scope = Membership.objects.filter(
        organisation__municipality_id=actor.municipality_id
    ).select_related("organisation")
    waiting = RoleGrant.objects.filter(
        organisation__municipality_id=actor.municipality_id, status=RoleGrantStatus.PENDING
    ).select_related("organisation")
    return users.prefetch_related(
        Prefetch("memberships", queryset=in_scope),
        Prefetch("role_grants", queryset=waiting, to_attr="waiting_grants"),
    ).order_by("full_name", "email")


def user_get(*, actor, user_id: int) -> User:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(user_list(actor=actor), pk=user_id)


def has_confirmed_device(*, user: User) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


def role_grants_to_approve(*, actor) -> list[RoleGrant]:
    """The pending grants this actor may approve, oldest first."""
    grants = accounts_policy.visible_role_grants(
        actor, RoleGrant.objects.filter(status=RoleGrantStatus.PENDING)
    ).select_related("user", "organisation", "requested_by")
    return [g for g in grants if accounts_policy.can_approve_role_grant(actor, g)]


def role_grant_get(*, actor, grant_id: int) -> RoleGrant:
    """A grant of a role the actor's role may approve (404 otherwise, also for another
    municipality); whether this actor may decide it is the policy's ``approve_role_grant``."""
    from django.shortcuts import get_object_or_404

    grants = accounts_policy.visible_role_grants(actor, RoleGrant.objects.all())
    return get_object_or_404(grants.select_related("user", "organisation"), pk=grant_id)
