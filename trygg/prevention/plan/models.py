"""Åtgärdsplan: the measures the municipality decides against the problems of its adopted
lägesbild, who does them, what they cost and who pays, and how they are followed up.

A grant from the safety fund comes in as a ``Grant``: the fund writes what a decision, a
payment and a follow-up report leave behind through ``plan.services.grant_record``, in the
same transaction, so the plan never reads the fund's tables (ADR 0010).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.core.models import TimeStampedModel
from trygg.prevention.constants import GrantReportState


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Carried out")
    PAUSED = "paused", _("Paused")
    CANCELLED = "cancelled", _("Cancelled")


class FundingSource(models.TextChoices):
    GRANT = "grant", _("The safety fund")
    BUDGET = "budget", _("A committee's or company's own budget")
    PARTNER = "partner", _("A partner")


class Plan(TimeStampedModel):
    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    situation = models.ForeignKey(
        "prevention.Situation", on_delete=models.PROTECT, related_name="plans"
    )
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by_body = models.CharField(_("decided by"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_to", "-id"]

    def __str__(self) -> str:
        return self.title


class Measure(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("measure"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    problems = models.ManyToManyField("prevention.Problem", related_name="measures")
    districts = models.ManyToManyField("organisations.District", blank=True, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible"),
    )
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    cost_kr = models.BigIntegerField(_("cost (kr)"), default=0)
    # The defector programme: shown with its aggregate statistics only, never a case.
    is_defector_programme = models.BooleanField(_("the defector programme"), default=False)
    is_public = models.BooleanField(_("shown on the public page"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="prevention_measure_number")
        ]

    def __str__(self) -> str:
        return self.title


class Grant(models.Model):
    """What the safety fund granted for an application, as the fund last wrote it: never
    changed by the plan except for the measure it is linked to."""

    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    application_id = models.PositiveBigIntegerField(unique=True)
    reference = models.CharField(_("reference"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    organisation_name = models.CharField(_("applicant"), max_length=200)
    problem = models.ForeignKey(
        "prevention.Problem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    district_names = models.CharField(_("districts"), max_length=500, blank=True)
    decided_on = models.DateField(_("decided"))
    granted_kr = models.BigIntegerField(_("granted (kr)"))
    paid_kr = models.BigIntegerField(_("paid (kr)"), default=0)
    returned_kr = models.BigIntegerField(_("paid back (kr)"), default=0)
    report_state = models.CharField(
        _("follow-up report"),
        max_length=8,
        choices=GrantReportState.choices,
        default=GrantReportState.NONE,
    )
    report_text = models.TextField(_("what the report says"), blank=True)
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="grants"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Funding(models.Model):
    """Money for a measure from somewhere else than the fund: a committee's own budget (the
    summer-job programme) or a partner."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField(_("source"), max_length=8, choices=FundingSource.choices)
    funder = models.CharField(_("who pays"), max_length=200)
    amount_kr = models.BigIntegerField(_("amount (kr)"))

    class Meta:
        ordering = ["id"]


class MeasureIndicator(models.Model):
    """An indicator the measure is meant to move, with where it stood and where it should go."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        "prevention.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "indicator"], name="prevention_measure_indicator_once"
            )
        ]


class MeasureUpdate(models.Model):
    """A follow-up of a measure: its status then and what happened, in words."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices)
    text = models.TextField(_("what happened"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written"))

    class Meta:
        ordering = ["-written_at", "-id"]


class Agreement(models.TextChoices):
    CITIZEN_PROMISE = "promise", _("Citizen promise (medborgarlöfte)")
    AGREEMENT = "agreement", _("Cooperation agreement with the police")


class Party(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality")
    POLICE = "police", _("The police")
    OTHER = "other", _("Another party")


class CommitmentState(models.TextChoices):
    KEPT = "kept", _("Fulfilled")
    PARTLY = "partly", _("Partly fulfilled")
    NOT_KEPT = "not_kept", _("Not fulfilled")


class Commitment(models.Model):
    """What one party of the citizen promise or the cooperation agreement with the local
    police has promised, and who answers for it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="commitments")
    agreement = models.CharField(_("agreement"), max_length=10, choices=Agreement.choices)
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    text = models.CharField(_("commitment"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "party", "id"]


class CommitmentFollowUp(models.Model):
    """How a commitment was kept in a period (a tertial, a half-year)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="follow_ups")
    period = models.CharField(_("period"), max_length=60)
    state = models.CharField(_("fulfilled"), max_length=10, choices=CommitmentState.choices)
    note = models.CharField(_("comment"), max_length=1000, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written"))

    class Meta:
        ordering = ["-written_at", "-id"]


class Assumption(models.Model):
    """A unit cost the socio-economic estimate rests on, entered by the coordinator with its
    source and year, and a low and high value for the sensitivity range."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assumptions")
    name = models.CharField(_("the cost of"), max_length=200)
    value_kr = models.BigIntegerField(_("cost (kr)"))
    low_kr = models.BigIntegerField(_("low (kr)"))
    high_kr = models.BigIntegerField(_("high (kr)"))
    source = models.CharField(_("source"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year of the figure"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class EstimateLine(models.Model):
    """An assumption applied to a measure (how many of its unit the measure is assumed to
    avoid) or to the defector programme's completed defections (counted, never typed)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="estimate_lines")
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    for_defections = models.BooleanField(default=False)
    assumption = models.ForeignKey(Assumption, on_delete=models.CASCADE, related_name="lines")
    quantity = models.DecimalField(_("how many"), max_digits=10, decimal_places=2, default=0)
    note = models.CharField(_("the reasoning"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(for_defections=True, measure__isnull=True)
                | models.Q(for_defections=False, measure__isnull=False),
                name="prevention_estimate_one_target",
            )
        ]


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


class AnnualReport(models.Model):
    """An annual report as made on a day: ordered by the coordinator or a reader, laid out
    in the background, then kept as it was (an official document; a new one can be made)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=8, choices=ReportState.choices, default=ReportState.QUEUED
    )
    file = models.FileField(upload_to="prevention/reports/%Y/", max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("ordered"))
    finished_at = models.DateTimeField(_("made"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
