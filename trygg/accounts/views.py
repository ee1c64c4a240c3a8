"""Login in two steps, second-factor enrolment, and the user's own account pages."""

from __future__ import annotations

import base64
import io
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice

from trygg.accounts import services, throttle
from trygg.accounts.constants import (
    MEMBERSHIP_SESSION_KEY,
    PENDING_LOGIN_SESSION_KEY,
    RECOVERY_CODES_SESSION_KEY,
)
from trygg.accounts.forms import CodeForm, LoginForm, PasswordChangeForm, ReauthForm
from trygg.accounts.models import ThrottleKind, User
from trygg.accounts.selectors import has_confirmed_device, memberships_of
from trygg.core.access import public, signed_in

PENDING_LOGIN_SECONDS = 300


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


def _pending_user(request) -> User | None:
    pending = request.session.get(PENDING_LOGIN_SESSION_KEY)
    if not pending or time.time() - pending["at"] > PENDING_LOGIN_SECONDS:
        request.session.pop(PENDING_LOGIN_SESSION_KEY, None)
        return None
    return User.objects.filter(pk=pending["user_id"], is_active=True).first()


def _complete_login(request, user: User, device, factor: str):
    pending = request.session.pop(PENDING_LOGIN_SESSION_KEY, {})
    next_url = pending.get("next", "")
    login(request, user, backend=pending.get("backend", settings.AUTHENTICATION_BACKENDS[-1]))
    if device is not None:
        otp_login(request, device)
    services.login_recorded(user=user, factor=factor)
    throttle.forget_failures(request, email=user.email)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def _needs_second_factor(user: User) -> bool:
    from trygg.accounts.actor import Actor

    return Actor(user, memberships_of(user=user)).requires_2fa or has_confirmed_device(user=user)


def refused_response(request, refusal: throttle.Refusal, kind: str = ThrottleKind.LOGIN):
    """The page shown while a limit holds (429, with Retry-After)."""
    request.session.pop(PENDING_LOGIN_SESSION_KEY, None)
    response = render(
        request,
        "accounts/locked.html",
        {"minutes": refusal.minutes, "scope": refusal.scope, "kind": kind},
        status=429,
    )
    response["Retry-After"] = str(refusal.seconds)
    return response


def _login_refusal(request, email: str) -> throttle.Refusal | None:
    return throttle.refusal(request, kind=ThrottleKind.LOGIN, email=email)


def _login_failed(request, email: str, step: str) -> throttle.Refusal | None:
    """Count a failed attempt and audit it; the limit it reached, if any, is audited too."""
    reached = throttle.count(request, kind=ThrottleKind.LOGIN, email=email)
    services.login_failure_recorded(
        email=email, step=step, locked_out=reached.scope if reached else None
    )
    return reached


@public
def login_view(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["username"].strip().lower()
        refused = _login_refusal(request, email)
        if refused:  # the password is not even checked while a limit holds
            return refused_response(request, refused)
        user = authenticate(request, username=email, password=form.cleaned_data["password"])
        if user is None:
            reached = _login_failed(request, email, "password")
            if reached:
                return refused_response(request, reached)
            form.add_error(None, _("Wrong e-mail address or password."))
        elif _needs_second_factor(user):
            request.session.cycle_key()
            request.session[PENDING_LOGIN_SESSION_KEY] = {
                "user_id": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "next": _safe_next(request),
            }
            if has_confirmed_device(user=user):
                return redirect("accounts:verify")
            return redirect("accounts:enrol")
        else:
            request.session[PENDING_LOGIN_SESSION_KEY] = {
                "user_id": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "next": _safe_next(request),
            }
            return _complete_login(request, user, None, factor="password")
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request)})


@public
def verify_view(request):
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Start by logging in with your e-mail address and password."))
        return redirect("accounts:login")
    refused = _login_refusal(request, user.email)
    if refused:
        return refused_response(request, refused)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            factor = "recovery_code" if isinstance(device, StaticDevice) else "totp"
            return _complete_login(request, user, device, factor=factor)
        reached = _login_failed(request, user.email, "second_factor")
        if reached:
            return refused_response(request, reached)
        form.add_error("code", _("The code is wrong or has expired. Try the next code."))
    return render(request, "accounts/verify.html", {"form": form})


def _qr_data_uri(config_url: str) -> str:
    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


REAUTH_SESSION_KEY = "trygg_reauth_at"
REAUTH_SECONDS = 300


def _recently_confirmed(request) -> bool:
    return time.time() - request.session.get(REAUTH_SESSION_KEY, 0) < REAUTH_SECONDS


def _confirm_first(request):
    return redirect_to_login(request.get_full_path(), login_url=reverse("accounts:reauth"))


@signed_in
def reauth_view(request):
    """Password and a current code again, before changing the second factor itself.

    A session left open on a shared computer must not be enough to move someone's
    authenticator to another phone or to print new recovery codes.
    """
    form = ReauthForm(request.POST or None)
    refused = _login_refusal(request, request.user.email) if request.method == "POST" else None
    if refused:
        return refused_response(request, refused)  # a locked account does not re-authenticate
    if request.method == "POST" and form.is_valid():
        password_ok = request.user.check_password(form.cleaned_data["password"])
        device = match_token(request.user, form.cleaned_data["code"]) if password_ok else None
        if device is not None:
            request.session[REAUTH_SESSION_KEY] = time.time()
            return redirect(_safe_next(request) or "accounts:security")
        reached = _login_failed(request, request.user.email, "reauthentication")
        if reached:
            return refused_response(request, reached)
        form.add_error(None, _("The password or the code was wrong."))
    return render(request, "accounts/reauth.html", {"form": form, "next": _safe_next(request)})


@public
def enrol_view(request):
    """Set up the authenticator app, during login (pending) or from the security page."""
    user = request.user if request.user.is_authenticated else _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if (
        request.user.is_authenticated
        and has_confirmed_device(user=user)
        and not _recently_confirmed(request)
    ):
        return _confirm_first(request)
    if not request.user.is_authenticated and has_confirmed_device(user=user):
        return redirect("accounts:verify")
    device = services.totp_device_begin(user=user)
    form = CodeForm(request.POST or None, enrolling=True)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(
            user=user, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            if request.user.is_authenticated:
                otp_login(request, device)
            else:
                _complete_login(request, user, device, factor="totp_enrolment")
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect("accounts:recovery_codes")
        form.add_error(
            "code", _("The code did not match. Check the time on your phone and try again.")
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@signed_in
def recovery_codes_view(request):
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if request.method == "POST":
        if not _recently_confirmed(request):
            return _confirm_first(request)
        codes = services.recovery_codes_regenerate(user=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@signed_in
def security_view(request):
    devices = StaticDevice.objects.filter(user=request.user, name="recovery").first()
    return render(
        request,
        "accounts/security.html",
        {
            "has_authenticator": has_confirmed_device(user=request.user),
            "recovery_codes_left": devices.token_set.count() if devices else 0,
            "memberships": request.actor.memberships,
        },
    )


@signed_in
def password_change_view(request):
    """Change one's password. A wrong current password counts as a failed login (guessing it
    here must not be a way around the lockout), and a locked account cannot change it."""
    form = PasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        refused = _login_refusal(request, request.user.email)
        if refused:
            return refused_response(request, refused)
        if form.is_valid():
            services.password_change(
                user=request.user, new_password=form.cleaned_data["new_password"]
            )
            update_session_auth_hash(request, request.user)
            messages.success(
                request, _("Your password was changed. Other sessions have been logged out.")
            )
            return redirect("accounts:security")
        if "old_password" in form.errors:
            reached = _login_failed(request, request.user.email, "password_change")
            if reached:
                return refused_response(request, reached)
    return render(request, "accounts/password_change.html", {"form": form})


@signed_in
@require_POST
def logout_view(request):
    services.logout_recorded(user=request.user, reason="user")
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("accounts:login")


@signed_in
@require_POST
def switch_organisation_view(request):
    chosen = request.POST.get("membership", "")
    membership = next((m for m in request.actor.memberships if str(m.pk) == chosen), None)
    if membership is None:
        messages.error(request, _("Choose one of your own roles."))
    else:
        request.session[MEMBERSHIP_SESSION_KEY] = membership.pk
        messages.success(request, _("You now act as %(membership)s.") % {"membership": membership})
    return redirect(settings.LOGIN_REDIRECT_URL)
