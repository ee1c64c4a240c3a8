"""A referral (hänvisning) of a case to a partner agency, under the person's consent.

The package (what is shared) is frozen when the referral is sent: exactly the parts the case
team chose, as they stood then, encrypted. It may be read (by the team or the agency's
contact) only while the consent it was sent under is valid: a withdrawal stops any further
sharing, and the open referral says so.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.fields import EncryptedTextField
from trygg.core.models import TimeStampedModel
from trygg.defectors.constants import ReferralStatus


class Referral(TimeStampedModel):
    case = models.ForeignKey("defectors.Case", on_delete=models.CASCADE, related_name="referrals")
    partner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("partner agency"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    consent = models.ForeignKey(
        "defectors.Consent", on_delete=models.PROTECT, related_name="referrals"
    )
    purpose = EncryptedTextField(_("why the person is referred"))
    fields = models.JSONField(_("what is shared"), default=list)
    # The chosen parts as they stood when sent (JSON), encrypted.
    package = EncryptedTextField()
    status = models.CharField(
        max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    answer = EncryptedTextField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values),
                name="defectors_referral_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="sent") | Q(answered_at__isnull=False),
                name="defectors_referral_answered_when_not_sent",
            ),
        ]
        indexes = [models.Index(fields=["partner", "-sent_at"], name="defectors_referral_partner")]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    def sharing_allowed_on(self, day) -> bool:
        return self.consent.is_valid_on(day)
