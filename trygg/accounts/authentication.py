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

The statement is written once per process (``trygg.core.sql_once``): building it through
the ORM on every request cost more than the database's work for it.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.core.sql_once import Columns, fetch, quote

TOTP_PREFIX = "otp_totp.totpdevice/"

# The TOTP device id the session names, while the middleware loads the session's user.
_session_device: ContextVar[int | None] = ContextVar("trygg_session_device", default=None)


def _totp_device_id(persistent_id) -> int | None:
    if isinstance(persistent_id, str) and persistent_id.startswith(TOTP_PREFIX):
        number = persistent_id.removeprefix(TOTP_PREFIX)
        if number.isdigit():
            return int(number)
    return None


@cache
def _user_and_device(vendor: str) -> tuple[str, Columns, Columns]:
    """The user by id, and the TOTP device of the given id if it is the user's (else NULLs)."""
    users, devices = get_user_model()._meta, TOTPDevice._meta
    user, device = Columns(get_user_model(), "u"), Columns(TOTPDevice, "d")
    sql = (
        f"SELECT {user.sql()}, {device.sql()} FROM {quote(users.db_table)} u "  # noqa: S608 - the models' own names
        f"LEFT OUTER JOIN {quote(devices.db_table)} d "
        f"ON d.{quote(devices.get_field('user').column)} = u.{quote(users.pk.column)} "
        f"AND d.{quote(devices.pk.column)} = %s "
        f"WHERE u.{quote(users.pk.column)} = %s"
    )
    return sql, user, device


class SessionDeviceBackend(ModelBackend):
    """Django's model backend; loading a session's user also loads its TOTP device."""

    def get_user(self, user_id):
        device_id = _session_device.get()
        if device_id is None:
            return super().get_user(user_id)
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        sql, user_columns, device_columns = _user_and_device(connection.vendor)
        rows = fetch(sql, [device_id, user_id])
        if not rows:
            return None
        user = user_columns.build(rows[0])
        if not self.user_can_authenticate(user):
            return None
        # No device of that id for the user: the join finds none and the attribute stays unset.
        device = device_columns.build(rows[0], user_columns.width)
        if device is not None:
            device._state.fields_cache["user"] = user
            user.session_device = device
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
