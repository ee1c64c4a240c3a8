from __future__ import annotations

from django.db.models import QuerySet

from trygg.core.policies import ALLOW, Decision, Policy, deny
from trygg.core.roles import Role


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
            from trygg.accounts.models import Membership

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

    def visible(self, actor, queryset: QuerySet) -> QuerySet:
        if not actor.is_authenticated or not actor.has_role(Role.SYSTEMADMINISTRATOR):
            return queryset.none()
        return queryset.filter(
            memberships__organisation__municipality_id=actor.municipality_id
        ).distinct()


accounts_policy = AccountsPolicy()
