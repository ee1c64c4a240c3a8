"""A person handed over or referred to the municipality's defector unit by a partner agency
(Kriminalvården on release, SiS, Polisen, an NGO): it waits in the unit's intake queue with
what was shared, the contact at the agency and a date for joint planning; the unit manager
accepts it (a case opens, with the case officer they choose) or declines it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.fields import EncryptedTextField
from trygg.core.models import TimeStampedModel
from trygg.defectors.constants import InboundKind, InboundStatus


class Inbound(TimeStampedModel):
    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="inbound"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=InboundKind.choices)
    given_name = EncryptedTextField(_("given name"))
    family_name = EncryptedTextField(_("family name"))
    identity_number = EncryptedTextField(_("personal identity number"))
    shared = EncryptedTextField(_("what is shared"))
    agency_contact = EncryptedTextField(_("contact at the agency"))
    planning_on = models.DateField(_("date for joint planning"), null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=InboundStatus.choices, default=InboundStatus.WAITING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField(_("reason for declining"))
    case = models.OneToOneField(
        "defectors.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("handover or referral to the unit")
        verbose_name_plural = _("handovers and referrals to the unit")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InboundKind.values), name="defectors_inbound_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InboundStatus.values),
                name="defectors_inbound_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting") | Q(decided_at__isnull=False),
                name="defectors_inbound_decided_when_answered",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"], name="defectors_inbound_queue"),
        ]

    def __str__(self) -> str:
        return f"Inbound {self.pk}"
