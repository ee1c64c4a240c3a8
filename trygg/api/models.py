"""Personal API tokens. Only a hash of the secret is stored; the secret is shown once."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.api.constants import DEFAULT_LIFETIME


def default_expiry():
    return timezone.now() + DEFAULT_LIFETIME


class ApiToken(models.Model):
    """A user's key to the API, acting in exactly one of their memberships.

    The membership is the token's role and organisation: the API builds the actor from it,
    so a token never acts in a role it was not issued for. Revoking the membership leaves
    the token without one, and a token without a membership is refused.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    membership = models.ForeignKey(
        "accounts.Membership",
        verbose_name=_("membership"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), default=default_expiry)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="api_token_expires_after_created"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
