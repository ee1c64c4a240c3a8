"""How a view declares who may reach it.

AccessGuardMiddleware refuses every view that has not declared one of these, so a view
someone forgot to protect is closed, not open.

- ``public``: no login (login, health checks, the accessibility statement, public pages).
- ``signed_in``: any logged-in user acting on their own account (logout, password, 2FA).
- ``guard(policy, action)``: the policy must allow the action for the request's actor.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from trygg.core.policies import Policy

PUBLIC = "public"
SIGNED_IN = "signed_in"


def public(view: Callable) -> Callable:
    view.trygg_access = PUBLIC
    view.login_required = False
    return view


def signed_in(view: Callable) -> Callable:
    view.trygg_access = SIGNED_IN
    return view


def guard(policy: Policy, action: str) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args: Any, **kwargs: Any):
            require(request, policy, action)
            return view(request, *args, **kwargs)

        wrapped.trygg_access = (policy, action)
        return wrapped

    return decorator


def require(request, policy: Policy, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied, and audit the refusal, unless the policy allows."""
    match = getattr(request, "resolver_match", None)
    policy.require(request.actor, action, obj, view=match.view_name if match else "")


def access_of(view: Callable) -> Any:
    view_class = getattr(view, "view_class", None)
    return getattr(view, "trygg_access", None) or getattr(view_class, "trygg_access", None)
