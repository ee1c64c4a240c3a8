"""The actor: who is acting, and in which role and organisation right now."""

from __future__ import annotations

from functools import cached_property

from trygg.accounts.constants import roles_requiring_2fa


class Actor:
    """A user acting through one active membership (chosen with the organisation switcher).

    Policies look at the active membership only, so a person who is both applicant and
    reviewer never mixes the two roles in one request.
    """

    def __init__(self, user, memberships: list, active_membership_id: int | None = None):
        self.user = user
        self.memberships = memberships
        self.membership = next(
            (m for m in memberships if m.pk == active_membership_id),
            memberships[0] if memberships else None,
        )

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user and self.user.is_authenticated)

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def organisation(self):
        return self.membership.organisation if self.membership else None

    @property
    def municipality_id(self) -> int | None:
        return self.membership.organisation.municipality_id if self.membership else None

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @cached_property
    def requires_2fa(self) -> bool:
        required = roles_requiring_2fa()
        return any(m.role in required for m in self.memberships)


class AnonymousActor:
    user = None
    memberships: list = []
    membership = None
    role = None
    organisation = None
    municipality_id = None
    is_authenticated = False
    requires_2fa = False

    def has_role(self, *roles: str) -> bool:
        return False


def actor_for(user, active_membership_id: int | None = None) -> Actor:
    from trygg.accounts.selectors import memberships_of

    return Actor(user, memberships_of(user=user), active_membership_id)
