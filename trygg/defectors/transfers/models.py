"""A case moving from one municipality's unit to another's (överflyttning av ärende).

Proposed by the sending case team, with the person's consent to share with the other
municipality or a documented legal ground; accepted or declined by a unit manager of the
receiving municipality. On acceptance the receiving unit owns the case, and the sending team
may read what it wrote itself until ``read_until``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.fields import EncryptedTextField
from trygg.core.models import TimeStampedModel
from trygg.defectors.constants import TransferStatus


class Transfer(TimeStampedModel):
    case = models.ForeignKey("defectors.Case", on_delete=models.CASCADE, related_name="transfers")
    from_municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    from_unit = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    from_reference = models.CharField(_("reference in the sending municipality"), max_length=20)
    to_municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("receiving municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_reference = models.CharField(max_length=20, blank=True)
    reason = EncryptedTextField(_("reason"))
    consent = models.ForeignKey(
        "defectors.Consent",
        verbose_name=_("consent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    # The label of the configured legal ground, as chosen (the list may change later).
    legal_ground = models.CharField(_("legal ground"), max_length=200, blank=True)
    status = models.CharField(
        max_length=16, choices=TransferStatus.choices, default=TransferStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField(_("reason for declining"))
    # Since when the sending municipality had the case (opened there, or received by an
    # earlier transfer): its own entries are those written from then until acceptance.
    owned_since = models.DateTimeField()
    read_until = models.DateField(null=True, blank=True)
    # The sending case team at acceptance: they keep reading their own entries until
    # ``read_until``.
    readers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="proposed"),
                name="defectors_transfer_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status__in=TransferStatus.values),
                name="defectors_transfer_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(consent__isnull=False) | ~Q(legal_ground=""),
                name="defectors_transfer_has_ground",
            ),
            models.CheckConstraint(
                condition=~Q(to_municipality=models.F("from_municipality")),
                name="defectors_transfer_other_municipality",
            ),
            models.CheckConstraint(
                condition=(Q(status="proposed") & Q(decided_at__isnull=True))
                | (~Q(status="proposed") & Q(decided_at__isnull=False)),
                name="defectors_transfer_decided_iff_not_proposed",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted")
                | Q(to_unit__isnull=False, read_until__isnull=False),
                name="defectors_transfer_accepted_has_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["to_municipality", "status"], name="defectors_transfer_to_idx"),
        ]

    def __str__(self) -> str:
        return f"Transfer {self.pk}"
