"""Issuing, revoking and checking API tokens.

Tokens are issued by an operator with ``manage.py create_api_token`` (there is no
self-service page yet), so these services take no actor; the audit event names the token,
its user and its membership. The secret is returned once and only its SHA-256 is kept:
a token is 256 random bits, so a fast hash is enough and a leaked table gives nothing away.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership, User
from trygg.api.constants import KEY_PREFIX, LAST_USED_RESOLUTION, MAX_LIFETIME_DAYS, Scope
from trygg.api.models import ApiToken
from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError

PREFIX_BYTES = 4  # 8 hex characters: enough to find the row, too short to guess a token
SECRET_BYTES = 32
KEY_PATTERN = re.compile(
    rf"^{KEY_PREFIX}_(?P<prefix>[0-9a-f]{{8}})_(?P<secret>[A-Za-z0-9_-]{{43}})$"
)
# Hashed when the prefix is unknown, so that an unknown and a wrong key take the same time.
_DUMMY_HASH = hashlib.sha256(b"no such token").hexdigest()


class TokenRefused(Exception):
    """The key does not open the API; ``message`` says why, without revealing other tokens."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(PREFIX_BYTES)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


def token_create(
    *,
    user: User,
    membership: Membership,
    scopes: list[str],
    days: int,
    name: str = "",
) -> tuple[ApiToken, str]:
    """Issue a token acting in ``membership``; returns the token and its key, shown once."""
    if membership.user_id != user.pk:
        raise ApplicationError(_("The membership does not belong to this user."))
    if not user.is_active:
        raise ApplicationError(_("The user is not active."))
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown or not scopes:
        raise ApplicationError(
            _("Unknown scope. Choose from: %(scopes)s.") % {"scopes": ", ".join(Scope.values)},
            field="scopes",
        )
    if not 1 <= days <= MAX_LIFETIME_DAYS:
        raise ApplicationError(
            _("A token is valid for 1 to %(max)s days.") % {"max": MAX_LIFETIME_DAYS},
            field="days",
        )
    secret = secrets.token_urlsafe(SECRET_BYTES)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken(
            user=user,
            membership=membership,
            name=name.strip(),
            scopes=sorted(set(scopes)),
            prefix=_new_prefix(),
            key_hash=hash_secret(secret),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        token.full_clean()
        token.save()
        record(
            action="api.token.create",
            target=token,
            organisation_id=membership.organisation_id,
            municipality_id=membership.organisation.municipality_id,
            payload={
                "user": user.pk,
                "membership": membership.pk,
                "scopes": token.scopes,
                "days": days,
            },
        )
    return token, f"{KEY_PREFIX}_{token.prefix}_{secret}"


def token_revoke(*, token: ApiToken) -> None:
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update(of=("self",))
            .select_related("membership__organisation")
            .get(pk=token.pk)
        )
        if token.revoked_at is not None:
            raise ApplicationError(_("The token has already been revoked."))
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        membership = token.membership
        record(
            action="api.token.revoke",
            target=token,
            organisation_id=membership.organisation_id if membership else None,
            municipality_id=membership.organisation.municipality_id if membership else None,
            payload={"user": token.user_id, "membership": token.membership_id},
        )


def token_authenticate(*, key: str) -> ApiToken:
    """The usable token for ``key``, or TokenRefused. Marks the token as used."""
    invalid = TokenRefused(_("The API token is not valid."))
    match = KEY_PATTERN.match(key.strip())
    token = (
        ApiToken.objects.select_related("user", "membership__organisation")
        .filter(prefix=match["prefix"])
        .first()
        if match
        else None
    )
    offered = hash_secret(match["secret"] if match else key)
    if not hmac.compare_digest(offered, token.key_hash if token else _DUMMY_HASH):
        raise invalid
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused(_("The API token has been revoked."))
    if token.expires_at <= now:
        raise TokenRefused(_("The API token has expired."))
    membership = token.membership
    if not token.user.is_active or membership is None or not membership.organisation.is_active:
        raise TokenRefused(_("The API token's account or role is no longer active."))
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
