"""The signed-in user and the second factor that verified the session, in one query.

Django loads the session's user (one query) and django-otp then the device named in the
session (one more), on every request. Here the user's query brings the session's
authenticator along (a join on the device id the session names), so a signed-in request
costs one query less (issue 14). What is checked stays Django's and django-otp's own:
``django.contrib.auth.get_user`` still verifies the session's hash, and the device must
still belong to the user and be confirmed (``OTPMiddleware._finalize_device``); a device
removed since the login leaves the session unverified, as before.

Only an authenticator app (TOTP) device is joined; a session verified otherwise (a recovery
code) loads its device as django-otp does.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import FilteredRelation, Q
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

TOTP_PREFIX = "otp_totp.totpdevice/"

# The TOTP device id the session names, while the middleware loads the session's user.
_session_device: ContextVar[int | None] = ContextVar("trygg_session_device", default=None)


def _totp_device_id(persistent_id) -> int | None:
    if isinstance(persistent_id, str) and persistent_id.startswith(TOTP_PREFIX):
        number = persistent_id.removeprefix(TOTP_PREFIX)
        if number.isdigit():
            return int(number)
    return None


class SessionDeviceBackend(ModelBackend):
    """Django's model backend; loading a session's user also loads its TOTP device."""

    def get_user(self, user_id):
        device_id = _session_device.get()
        if device_id is None:
            return super().get_user(user_id)
        users = get_user_model()._default_manager.order_by()
        user = (
            users.annotate(
                session_device=FilteredRelation("totpdevice", condition=Q(totpdevice__pk=device_id))
            )
            .select_related("session_device")
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user.session_device_loaded = True
        return user


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware, taking the device the user's query brought along."""

    def _verify_user_sync(self, request, user):
        device_id = _totp_device_id(request.session.get(DEVICE_ID_SESSION_KEY))
        token = _session_device.set(device_id)
        try:
            # The first touch loads the session's user (``SessionDeviceBackend.get_user``).
            self._init_user_fields(user)
        finally:
            _session_device.reset(token)
        if device_id is None or not getattr(user, "session_device_loaded", False):
            return super()._verify_user_sync(request, user)
        if user.is_authenticated:
            # No device of that id for the user: the join leaves the attribute unset.
            device = getattr(user, "session_device", None)
            user.otp_device = self._finalize_device(request, user, device)
        return user
