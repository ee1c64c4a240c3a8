"""Limits on guessing and on mail sent on request, per address and per account.

Three limits on failed logins (the password, the second factor, re-authentication and the
current password on the change page all count as one kind):

- **this account from this address** (``TRYGG_LOCKOUT_ATTEMPTS`` in ``TRYGG_LOCKOUT_MINUTES``):
  the ordinary lockout. A stranger who knows someone's e-mail address locks only themselves
  out, not the person: the person's own address still gets in.
- **this address, any account** (``TRYGG_THROTTLE_ADDRESS_ATTEMPTS`` in the same window):
  password spraying — a few guesses at many accounts — stops, and a right guess from that
  address is refused too. The limit is high enough that an office behind one NAT address
  does not reach it by mistyping.
- **this account, any address** (``TRYGG_THROTTLE_ACCOUNT_ATTEMPTS`` in
  ``TRYGG_THROTTLE_ACCOUNT_MINUTES``): a slower limit against guessing from many addresses.
  Reaching it takes several addresses each staying under their own limit.

Mail sent on request (forgotten password, invitation sent again) has a limit per account and
per address, so that nobody can fill a person's inbox or use Trygg to send mail in bulk.

The client address is ``REMOTE_ADDR``, or behind ``TRYGG_BEHIND_PROXY`` the address the
trusted proxy appended to ``X-Forwarded-For`` (``TRYGG_PROXY_COUNT`` proxies, default 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from trygg.accounts.models import ThrottleEntry, ThrottleKind
from trygg.core.crypto import blind_index


@dataclass(frozen=True)
class Refusal:
    """Why and for how long: ``scope`` is "account_address", "address" or "account"."""

    scope: str
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def client_address(request) -> str:
    if getattr(settings, "TRYGG_BEHIND_PROXY", False):
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        count = getattr(settings, "TRYGG_PROXY_COUNT", 1)
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def account_key(email: str) -> str:
    return blind_index((email or "").strip().lower(), purpose="throttle-account")


def address_key(request) -> str:
    return blind_index(client_address(request), purpose="throttle-address")


def _limits(kind: str) -> list[tuple[str, int, timedelta]]:
    """(scope, attempts, window) for a kind, the narrowest first."""
    if kind == ThrottleKind.LOGIN:
        window = settings.TRYGG_LOCKOUT_WINDOW
        return [
            ("account_address", settings.TRYGG_LOCKOUT_ATTEMPTS, window),
            ("address", settings.TRYGG_THROTTLE_ADDRESS_ATTEMPTS, window),
            (
                "account",
                settings.TRYGG_THROTTLE_ACCOUNT_ATTEMPTS,
                settings.TRYGG_THROTTLE_ACCOUNT_WINDOW,
            ),
        ]
    hour = timedelta(hours=1)
    return [
        ("account", settings.TRYGG_THROTTLE_MAILS_PER_ACCOUNT, hour),
        ("address", settings.TRYGG_THROTTLE_MAILS_PER_ADDRESS, hour),
    ]


def _entries(kind: str, scope: str, account: str, address: str):
    entries = ThrottleEntry.objects.filter(kind=kind)
    if scope in ("account_address", "account"):
        entries = entries.filter(account=account)
    if scope in ("account_address", "address"):
        entries = entries.filter(address=address)
    return entries


def refusal(request, *, kind: str, email: str) -> Refusal | None:
    """The limit this attempt is over, if any; nothing is counted."""
    account, address, now = account_key(email), address_key(request), timezone.now()
    for scope, attempts, window in _limits(kind):
        recent = _entries(kind, scope, account, address).filter(at__gt=now - window)
        if recent.count() >= attempts:
            # Free again when enough of the counted attempts have aged out of the window.
            nth = recent.order_by("-at").values_list("at", flat=True)[attempts - 1]
            return Refusal(scope, max(1, int((nth + window - now).total_seconds())))
    return None


def count(request, *, kind: str, email: str) -> Refusal | None:
    """Count one attempt; returns the limit this attempt has just reached, if any."""
    now = timezone.now()
    longest = max(window for _scope, _attempts, window in _limits_all())
    ThrottleEntry.objects.filter(at__lt=now - longest).delete()
    ThrottleEntry.objects.create(
        kind=kind, account=account_key(email), address=address_key(request), at=now
    )
    return refusal(request, kind=kind, email=email)


def forget_failures(request, *, email: str) -> None:
    """A successful login clears this account's failures from this address only."""
    ThrottleEntry.objects.filter(
        kind=ThrottleKind.LOGIN, account=account_key(email), address=address_key(request)
    ).delete()


def _limits_all():
    for kind in ThrottleKind.values:
        yield from _limits(kind)
