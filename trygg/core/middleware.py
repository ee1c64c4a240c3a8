from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from trygg.core.access import PUBLIC, access_of

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.TRYGG_PERMISSIONS_POLICY)
        # Pages may hold protected data: no cache keeps them. Static files never get here
        # (WhiteNoise answers them first, with long-lived cache headers of its own).
        response.setdefault("Cache-Control", "no-store")
        return response


class AccessGuardMiddleware:
    """Default deny: a view that has not declared its access rule is refused.

    Anonymous visitors are sent to the login page for everything that is not public.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        access = access_of(view_func)
        if access == PUBLIC:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access is None:
            logger.error(
                "View %s declares no access rule; refused.", request.resolver_match.view_name
            )
            raise PermissionDenied
        return None
