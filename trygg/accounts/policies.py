from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from trygg.accounts.constants import APPROVER_ROLES, APPROVERS_OF_ROLE
from trygg.accounts.models import Membership, RoleGrant, RoleGrantStatus
from trygg.core.policies import ALLOW, Decision, Policy, deny
from trygg.core.roles import Role
from trygg.organisations.selectors import lineage_ids


class AccountsPolicy(Policy):
    """User administration. A system administrator manages the users of their own
    municipality and nothing else: no case content, no fund decisions."""

    name = "accounts"

    def can_manage_users(self, actor, obj=None) -> Decision:
        if not actor.has_role(Role.SYSTEMADMINISTRATOR):
            return deny()
        if obj is not None:
            if not self.visible(actor, type(obj).objects.filter(pk=obj.pk)):
                return deny()
            # A person who also works for another municipality is that municipality's
            # business too: changes to the whole account need an administrator of each.
            # Asked of the table, not of obj.memberships: a caller may have prefetched only
            # the memberships in its own municipality.
            elsewhere = Membership.objects.filter(user_id=obj.pk).exclude(
                organisation__municipality_id=actor.municipality_id
            )
            if elsewhere.exists():
                return deny()
        return ALLOW

    def can_grant_membership(self, actor, organisation) -> Decision:
        if not actor.has_role(Role.SYSTEMADMINISTRATOR):
            return deny()
        if organisation is not None and organisation.municipality_id != actor.municipality_id:
            return deny()
        return ALLOW

    def can_approve_role_grants(self, actor, obj=None) -> Decision:
        """Open the list of roles waiting for approval: whoever holds an approving role."""
        return ALLOW if actor.has_role(*APPROVER_ROLES) else deny()

    def can_approve_role_grant(self, actor, grant) -> Decision:
        """Four eyes on a sensitive role: a second person with authority for the organisation.

        Not the person who asked for it, not the person it is for, and not the person who
        created the account (who chose the address its invitation went to). The approver holds
        an approving role (``APPROVERS_OF_ROLE``) in the grant's organisation or one above it.
        A system administrator never approves: otherwise one administrator could create a
        second administrator and approve their own requests through it.
        """
        approvers = APPROVERS_OF_ROLE.get(grant.role, ())
        if not approvers or not actor.has_role(*approvers):
            return deny()
        if grant.organisation.municipality_id != actor.municipality_id:
            return deny()
        user_id = actor.user.pk
        if user_id in (grant.requested_by_id, grant.user_id, grant.user.invited_by_id):
            return deny(
                _(
                    "Another person must approve this role: you asked for it, it is yours, "
                    "or you created the account."
                )
            )
        parents = getattr(grant, "organisation_parents", None)  # read once for a list
        if actor.organisation.pk not in lineage_ids(grant.organisation, parents):
            return deny(_("Only someone in the organisation or above it can approve the role."))
        return ALLOW

    def visible_role_grants(self, actor, queryset: QuerySet) -> QuerySet:
        """Grants in the actor's municipality of roles the actor's role may approve; the
        finer rules (not one's own, organisation above) are ``can_approve_role_grant``."""
        if not actor.is_authenticated:
            return queryset.none()
        roles = [r for r, approvers in APPROVERS_OF_ROLE.items() if actor.role in approvers]
        return queryset.filter(organisation__municipality_id=actor.municipality_id, role__in=roles)

    def visible(self, actor, queryset: QuerySet) -> QuerySet:
        if not actor.is_authenticated or not actor.has_role(Role.SYSTEMADMINISTRATOR):
            return queryset.none()
        # A new account whose only role still waits for approval is the administrator's too.
        here = {"user": OuterRef("pk"), "organisation__municipality_id": actor.municipality_id}
        return queryset.filter(
            Exists(Membership.objects.filter(**here))
            | Exists(RoleGrant.objects.filter(status=RoleGrantStatus.PENDING, **here))
        )


accounts_policy = AccountsPolicy()
