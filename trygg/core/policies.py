"""The policy base: who may do what. Deny unless a rule says yes.

Each app has one policy module with one ``Policy`` subclass. A rule is a method
``can_<action>(actor, obj) -> Decision``; an action without a rule is denied. ``visible``
narrows a queryset to what the actor may see, and object selectors use the same
``visible`` so that a list and a detail page can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from trygg.accounts.actor import Actor


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason: str = "") -> Decision:
    return Decision(False, reason or str(_("You do not have permission for this.")))


class Policy:
    name = "policy"

    def can(self, actor: Actor | None, action: str, obj: Any = None) -> Decision:
        if actor is None or not actor.is_authenticated:
            return deny(str(_("You need to log in.")))
        rule = getattr(self, f"can_{action}", None)
        if rule is None:
            return deny()
        decision = rule(actor, obj)
        return decision if isinstance(decision, Decision) else deny()

    def visible(self, actor: Actor | None, queryset: QuerySet) -> QuerySet:
        return queryset.none()

    def require(self, actor: Actor | None, action: str, obj: Any = None, *, view: str = "") -> None:
        """Raise PermissionDenied unless allowed; every refusal is written to the audit log.

        Views (through ``guard``/``require``) and services share this one door, so a refusal
        is recorded whichever layer catches it.
        """
        decision = self.can(actor, action, obj)
        if decision:
            return
        from django.core.exceptions import PermissionDenied

        from trygg.audit.services import record_refusal

        record_refusal(actor=actor, policy=self, action=action, obj=obj, view=view)
        raise PermissionDenied(decision.reason)
