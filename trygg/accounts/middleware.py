"""Per-request session security: idle timeout, the second factor, and the actor."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import ngettext

from trygg.accounts.actor import AnonymousActor, actor_for
from trygg.accounts.constants import LAST_SEEN_SESSION_KEY, MEMBERSHIP_SESSION_KEY
from trygg.accounts.services import logout_recorded

# Refresh the idle clock at most this often, so that not every request writes the session.
LAST_SEEN_RESOLUTION_SECONDS = 30


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = AnonymousActor()
        user = request.user
        if user.is_authenticated:
            ended = self._end_session_if_needed(request)
            if ended is not None:
                return ended
            request.actor = actor_for(user, request.session.get(MEMBERSHIP_SESSION_KEY))
            if request.actor.requires_2fa and not user.is_verified():
                # The login view never lets this happen; this is the second lock on the door.
                return self._end(request, reason="second_factor_missing", message=None)
        return self.get_response(request)

    def _end_session_if_needed(self, request):
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
        idle_limit = settings.TRYGG_IDLE_TIMEOUT.total_seconds()
        if last_seen is not None and now - last_seen > idle_limit:
            minutes = int(idle_limit // 60)
            return self._end(
                request,
                reason="idle_timeout",
                message=ngettext(
                    "You were logged out after %(minutes)s minute without activity.",
                    "You were logged out after %(minutes)s minutes without activity.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
            request.session[LAST_SEEN_SESSION_KEY] = now
        return None

    def _end(self, request, *, reason: str, message: str | None):
        logout_recorded(user=request.user, reason=reason)
        path = request.get_full_path()
        logout(request)
        if message:
            messages.info(request, message)
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
            return response
        return redirect_to_login(path)
