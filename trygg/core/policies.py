"""The policy base: who may do what. Deny unless a rule says yes.

Each app has one policy module with one ``Policy`` subclass. A rule is a method
``can_<action>(actor, obj) -> Decision``; an action without a rule is denied. ``visible``
narrows a queryset to what the actor may see, and object selectors use the same
``visible`` so that a list and a detail page can never disagree.

Every refusal is written to the audit log. The audit app sits above this ground, so it hands
its recorder down when it starts (``set_refusal_recorder`` in ``AuditConfig.ready``) rather
than being imported from here; ``require`` refuses to run without one, so a refusal can never
go unrecorded because of a missing app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import QuerySet


class Actor(Protocol):
    """Who acts: ``trygg.accounts.actor.Actor`` (a user with their memberships)."""

    is_authenticated: bool

    def has_role(self, *roles: str) -> bool: ...


_refusal_recorder: Callable[..., None] | None = None


def set_refusal_recorder(recorder: Callable[..., None]) -> None:
    """Called once at start-up by the audit app: ``recorder(actor=, policy=, action=, obj=,
    view=)`` writes one refusal event."""
    global _refusal_recorder
    _refusal_recorder = recorder


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
        if _refusal_recorder is None:
            raise ImproperlyConfigured("No refusal recorder: is trygg.audit in INSTALLED_APPS?")
        _refusal_recorder(actor=actor, policy=self, action=action, obj=obj, view=view)
        raise PermissionDenied(decision.reason)
