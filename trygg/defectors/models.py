"""Avhopparverksamhet: the person, the case, its team and the intake.

Everything that identifies a person is encrypted at rest (EncryptedTextField); the identity
number is found by exact match through its keyed blind index only. Case files are secret
(26 kap. 1 § OSL) also between colleagues: only the case team opens a case.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.fields import BlindIndexField, EncryptedTextField
from trygg.core.models import TimeStampedModel
from trygg.defectors.constants import (
    Agency,
    CaseStatus,
    ConditionKind,
    DuplicateDecision,
    GroupType,
    GuardianBasis,
    InterventionStatus,
    InterventionType,
    NeedArea,
    NeedLevel,
    Outcome,
    PoliceRiskLevel,
    Protection,
    ReferralSource,
    Relation,
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
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # When anything was last written in the case file: retention counts from here
    # (SoL 12 kap. 1 §: five years after the last entry). Kept by ``services.touch``.
    last_entry_at = models.DateTimeField(_("last entry"), default=timezone.now)
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    # Set when the unit manager first decides the team; until then the intake waits for a
    # team in the manager's queue, and the case officer who took it is its team.
    team_decided_at = models.DateTimeField(_("team decided"), null=True, blank=True)
    legal_hold_reason = EncryptedTextField(_("reason for the legal hold"))

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
            models.CheckConstraint(
                condition=(Q(status=CaseStatus.AVSLUTAT) & _in("outcome", Outcome))
                | (~Q(status=CaseStatus.AVSLUTAT) & Q(outcome="")),
                name="defectors_case_outcome_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "-opened_at"], name="defectors_case_unit_idx"),
            models.Index(fields=["status", "last_entry_at"], name="defectors_case_retention_idx"),
            # The statistics count open cases by stage and closed ones by outcome per
            # municipality or unit, and read the closing times of the period: from the
            # indexes alone, without reading the (wide, encrypted) rows.
            models.Index(
                fields=["municipality", "status", "outcome", "closed_at"],
                name="defectors_case_stats_mun_idx",
            ),
            models.Index(
                fields=["unit", "status", "outcome", "closed_at"],
                name="defectors_case_stats_unit_idx",
            ),
            models.Index(
                fields=["status", "closed_at", "municipality", "unit", "opened_at"],
                name="defectors_case_closed_idx",
            ),
        ]

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


class DuplicateMatch(models.Model):
    """A new case whose identity number matched a person already registered in the
    municipality. That a person is in the programme is itself secret: the officer who
    registered the intake is not told; the unit manager of the new case's unit decides."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="duplicate_match")
    found_at = models.DateTimeField(_("found"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=DuplicateDecision.choices, blank=True
    )

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")


class Intake(TimeStampedModel):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intake")
    # The case's municipality, kept with the row (and moved with the case by a transfer) so
    # that the regional statistics count a period's rows per municipality from one index,
    # without joining every case of the region (issue 14). Filled from the case on save.
    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
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
        indexes = [
            # The statistics count a unit's or a municipality's intakes of a period by source
            # and group type: from the index alone, without reading the (encrypted) rows.
            models.Index(
                fields=["case", "date", "source", "group_type"],
                name="defectors_intake_stats_idx",
            ),
            # The regional statistics: a period's intakes of several municipalities.
            models.Index(
                fields=["date", "municipality", "source", "group_type"],
                name="defectors_intake_region_idx",
            ),
        ]

    def save(self, *args, **kwargs):
        if self.municipality_id is None and self.case_id is not None:
            self.municipality_id = self.case.municipality_id
        super().save(*args, **kwargs)


class PersonContact(TimeStampedModel):
    """A relative or other contact of the person: a third party, left out of the person's
    register extract and never shown outside the case team."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    has_custody = models.BooleanField(_("has custody (vårdnadshavare)"), default=False)
    name = EncryptedTextField(_("name"))
    contact = EncryptedTextField(_("contact details"))
    note = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("relative or contact")
        verbose_name_plural = _("relatives and contacts")
        constraints = [
            models.CheckConstraint(
                condition=_in("relation", Relation), name="defectors_contact_relation_valid"
            )
        ]

    def __str__(self) -> str:
        return f"Contact {self.pk}"


class CaseStatusChange(models.Model):
    """One move of the case between stages (and closing, reopening): the case's history and
    the source of durations in the statistics."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    note = EncryptedTextField(_("note"))
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class Mapping(TimeStampedModel):
    """Kartläggning: the case officers' structured judgement of needs and threats.

    Every level is chosen by a person, with free text beside it; nothing here is a computed
    score of the person (EU AI Act art. 5(1)(d))."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="mapping")
    threat_level = models.CharField(
        _("threat picture, assessed level"),
        max_length=12,
        choices=ThreatIndication.choices,
        blank=True,
    )
    threat_notes = EncryptedTextField(_("threat picture"))
    completed_on = models.DateField(_("mapping completed"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mapping")
        verbose_name_plural = _("mappings")


class MappingNeed(models.Model):
    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(_("needs area"), max_length=20, choices=NeedArea.choices)
    level = models.CharField(
        _("need"), max_length=16, choices=NeedLevel.choices, default=NeedLevel.NOT_ASSESSED
    )
    notes = EncryptedTextField(_("notes"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["mapping", "area"], name="defectors_need_area_unique"),
            models.CheckConstraint(
                condition=_in("area", NeedArea), name="defectors_need_area_valid"
            ),
            models.CheckConstraint(
                condition=_in("level", NeedLevel), name="defectors_need_level_valid"
            ),
        ]


class CaseAttachment(models.Model):
    """A document in the case file, encrypted at rest (see ``trygg.defectors.documents.storage``):
    the stored object is AES-GCM ciphertext under a random name; the file name is encrypted
    too."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    journal_entry = models.ForeignKey(
        "JournalEntry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    original_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    storage_name = models.CharField(max_length=200, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"Document {self.pk}"


class PoliceRiskAnalysis(TimeStampedModel):
    """The police's risk analysis, registered as received. Trygg never produces one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_analyses")
    received_on = models.DateField(_("received"))
    level = models.CharField(
        _("level stated by the police"), max_length=12, choices=PoliceRiskLevel.choices
    )
    police_reference = EncryptedTextField(_("police reference number"))
    notes = EncryptedTextField(_("notes"))
    document = models.ForeignKey(
        CaseAttachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("police risk analysis")
        verbose_name_plural = _("police risk analyses")
        constraints = [
            models.CheckConstraint(
                condition=_in("level", PoliceRiskLevel), name="defectors_risk_level_valid"
            )
        ]


class Consent(TimeStampedModel):
    """Samtycke: the person's consent to share information with one agency, with a scope,
    a period and a withdrawal. Nothing is disclosed to an agency without a valid consent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    agency = models.CharField(_("agency"), max_length=24, choices=Agency.choices)
    agency_name = models.CharField(_("name of the organisation"), max_length=200, blank=True)
    scope = EncryptedTextField(_("what may be shared"))
    given_on = models.DateField(_("given"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A person under 18: the guardians' consent as well, or the legal ground for acting
    # without it (the label of the configured ground, as chosen).
    guardian_basis = models.CharField(
        _("the guardians"), max_length=16, choices=GuardianBasis.choices, blank=True
    )
    guardian_ground = models.CharField(_("legal ground"), max_length=200, blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=_in("agency", Agency), name="defectors_consent_agency"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("given_on")),
                name="defectors_consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="defectors_consent_withdrawn_after_given",
            ),
        ]

    def is_valid_on(self, day) -> bool:
        if day < self.given_on:
            return False
        if self.expires_on is not None and day > self.expires_on:
            return False
        return self.withdrawn_on is None or day < self.withdrawn_on


class Disclosure(models.Model):
    """Information given to an agency under a consent (uppgiftslämnande)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disclosures")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="disclosures")
    disclosed_on = models.DateField(_("date"))
    summary = EncryptedTextField(_("what was shared"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_on", "-id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")


class Agreement(TimeStampedModel):
    """Överenskommelse: the conditions the person agreed to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreements")
    signed_on = models.DateField(_("agreed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")


class AgreementCondition(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("condition"), max_length=16, choices=ConditionKind.choices)
    description = EncryptedTextField(_("description"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("kind", ConditionKind), name="defectors_condition_kind_valid"
            )
        ]


class ConditionFollowUp(models.Model):
    condition = models.ForeignKey(
        AgreementCondition, on_delete=models.CASCADE, related_name="follow_ups"
    )
    date = models.DateField(_("date"))
    kept = models.BooleanField(_("kept"))
    note = EncryptedTextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]


class SupportPlan(TimeStampedModel):
    """The support plan's goals; the interventions are its rows."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    goals = EncryptedTextField(_("goals"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )


class Intervention(TimeStampedModel):
    """Insats: what the municipality decided to give, by whom, when, and what it cost."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    # The case's municipality, kept with the row (and moved with the case by a transfer) so
    # that the regional statistics count a period's rows per municipality from one index,
    # without joining every case of the region (issue 14). Filled from the case on save.
    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    type = models.CharField(_("type"), max_length=24, choices=InterventionType.choices)
    provider = EncryptedTextField(_("provider"))
    start_on = models.DateField(_("start"), null=True, blank=True)
    end_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
    )
    decided_cost = models.DecimalField(
        _("decided cost (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual_cost = models.DecimalField(
        _("actual cost (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    notes = EncryptedTextField(_("notes"))

    class Meta:
        ordering = ["start_on", "id"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.CheckConstraint(
                condition=_in("type", InterventionType), name="defectors_intervention_type"
            ),
            models.CheckConstraint(
                condition=_in("status", InterventionStatus), name="defectors_intervention_status"
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True)
                | Q(start_on__isnull=True)
                | Q(end_on__gte=models.F("start_on")),
                name="defectors_intervention_end_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(decided_cost__isnull=True) | Q(decided_cost__gte=0))
                & (Q(actual_cost__isnull=True) | Q(actual_cost__gte=0)),
                name="defectors_intervention_cost_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "type"], name="defectors_intervention_idx"),
            # The statistics sum the interventions started in a period by type: from the
            # index alone.
            models.Index(
                fields=["case", "start_on", "type", "decided_cost", "actual_cost"],
                name="defectors_interv_stats_idx",
            ),
            # The regional statistics: a period's interventions of several municipalities.
            models.Index(
                fields=["start_on", "municipality", "type", "case", "decided_cost", "actual_cost"],
                name="defectors_interv_region_idx",
            ),
        ]

    def save(self, *args, **kwargs):
        if self.municipality_id is None and self.case_id is not None:
            self.municipality_id = self.case.municipality_id
        super().save(*args, **kwargs)


class JournalEntry(models.Model):
    """Anteckning. Locked once signed; a correction is a new entry pointing at the old one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journal")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(_("date"))
    text = EncryptedTextField(_("entry"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [
            models.Index(fields=["case", "-occurred_on", "-id"], name="defectors_journal_idx")
        ]

    def __str__(self) -> str:
        return f"Entry {self.pk}"


class CaseTask(TimeStampedModel):
    """A task or follow-up for the case team, with a due date and a reminder."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedTextField(_("task"))
    due_on = models.DateField(_("due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["done_at", "due_on"], name="defectors_task_due_idx")]


class EmergencyAccess(models.Model):
    """Nödåtkomst: a colleague in the unit opens a case outside their assignment, with a
    stated reason, for a limited time. Marked in the audit and in the log review."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emergency_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason"))
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # The one thing the holder writes: what they did and why, added to while the access
    # lasts (each addition stamped with its time), never edited. For the team and review.
    note = EncryptedTextField(_("note"), blank=True, default="")

    class Meta:
        ordering = ["-granted_at", "-id"]
        indexes = [
            models.Index(fields=["user", "case", "expires_at"], name="defectors_emergency_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("granted_at")),
                name="defectors_emergency_expires_after_granted",
            )
        ]


from trygg.defectors.inbound.models import Inbound  # noqa: E402, F401
from trygg.defectors.referrals.models import Referral  # noqa: E402, F401
from trygg.defectors.statistics.models import StatisticsFigures, StatisticsVersion  # noqa: E402, F401
from trygg.defectors.transfers.models import Transfer  # noqa: E402, F401
