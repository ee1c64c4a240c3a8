"""Avhopparverksamhet: the person, the case, its team and the intake.

Everything that identifies a person is encrypted at rest (EncryptedTextField); the identity
number is found by exact match through its keyed blind index only. Case files are secret
(26 kap. 1 § OSL) also between colleagues: only the case team opens a case.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.fields import BlindIndexField, EncryptedTextField
from trygg.core.models import TimeStampedModel
from trygg.defectors.constants import (
    CaseStatus,
    GroupType,
    Protection,
    ReferralSource,
    ThreatIndication,
)


def _in(field: str, choices) -> Q:
    return Q(**{f"{field}__in": choices.values})


class Person(TimeStampedModel):
    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_name = EncryptedTextField(_("given name"))
    family_name = EncryptedTextField(_("family name"))
    # Personnummer or samordningsnummer, normalised to 12 digits (YYYYMMDDNNNN).
    identity_number = EncryptedTextField(_("personal identity number"))
    identity_index = BlindIndexField(source="identity_number")
    reserve_id = models.CharField(_("reserve number"), max_length=20, blank=True)
    contact = EncryptedTextField(_("contact details"))
    protection = models.CharField(
        _("protected personal data"),
        max_length=32,
        choices=Protection.choices,
        default=Protection.NONE,
    )
    # Day of the month only, for the research exemption in retention (born on the 5th, 15th
    # or 25th); it identifies nobody on its own.
    birth_day = models.PositiveSmallIntegerField(_("day of birth"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=_in("protection", Protection), name="defectors_person_protection_valid"
            ),
            models.CheckConstraint(
                condition=Q(birth_day__isnull=True) | Q(birth_day__gte=1, birth_day__lte=31),
                name="defectors_person_birth_day_valid",
            ),
            models.UniqueConstraint(
                fields=["municipality", "reserve_id"],
                condition=~Q(reserve_id=""),
                name="defectors_person_reserve_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Person {self.pk}"  # never the name: str() ends up in logs and admin pages


class Case(TimeStampedModel):
    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="defector_cases",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    reference = models.CharField(_("reference"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.KONTAKT
    )
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="defectors_case_reference_unique"
            ),
            models.CheckConstraint(
                condition=_in("status", CaseStatus), name="defectors_case_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=CaseStatus.AVSLUTAT) & Q(closed_at__isnull=False))
                | (~Q(status=CaseStatus.AVSLUTAT) & Q(closed_at__isnull=True)),
                name="defectors_case_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("opened_at")),
                name="defectors_case_closed_after_opened",
            ),
        ]
        indexes = [models.Index(fields=["unit", "-opened_at"], name="defectors_case_unit_idx")]

    def __str__(self) -> str:
        return self.reference


class CaseTeamMember(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="defector_teams"
    )

    class Meta:
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="defectors_team_member_unique")
        ]


class Intake(TimeStampedModel):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intake")
    date = models.DateField(_("date of first contact"))
    source = models.CharField(_("referred by"), max_length=20, choices=ReferralSource.choices)
    group_type = models.CharField(
        _("network or group type"), max_length=24, choices=GroupType.choices
    )
    # A structured human judgement chosen by the case officer, never computed: the EU AI
    # Act art. 5(1)(d) forbids predicting an individual's risk from profiling.
    threat_indication = models.CharField(
        _("initial threat indication"), max_length=12, choices=ThreatIndication.choices
    )
    motivation_notes = EncryptedTextField(_("motivation"))

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        constraints = [
            models.CheckConstraint(
                condition=_in("source", ReferralSource), name="defectors_intake_source_valid"
            ),
            models.CheckConstraint(
                condition=_in("group_type", GroupType), name="defectors_intake_group_type_valid"
            ),
            models.CheckConstraint(
                condition=_in("threat_indication", ThreatIndication),
                name="defectors_intake_threat_valid",
            ),
        ]
