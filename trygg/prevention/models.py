"""Indicators of crime and safety per district and period: the ground of the lägesbild.

Only figures about places and periods: never a person. Each municipality has its own
indicators; every read and write is scoped to it through ``municipality``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.core.models import TimeStampedModel
from trygg.prevention.constants import Aggregation, IncidentKind, PeriodType


class Indicator(TimeStampedModel):
    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    source = models.CharField(_("source"), max_length=200)
    period_type = models.CharField(
        _("period"), max_length=8, choices=PeriodType.choices, default=PeriodType.MONTH
    )
    aggregation = models.CharField(
        _("the municipality's figure"),
        max_length=8,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    higher_is_worse = models.BooleanField(_("a higher value is worse"), default=True)
    publishable = models.BooleanField(_("may be published"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    # The committee or company whose prevention contact enters the values (the coordinator
    # always can): the figures it holds itself, such as young people in summer jobs.
    reported_by = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    # Counted from the place reports (EST) of this kind: never entered or imported by hand.
    from_reports = models.CharField(max_length=16, choices=IncidentKind.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="prevention_indicator_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """One district's value of one indicator for one period (``period_start`` is the period's
    first day: the 1st of the month, of the tertial or of the year)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    district = models.ForeignKey(
        "organisations.District", on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"))

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "district", "period_start"],
                name="prevention_value_one_per_period",
            )
        ]
        indexes = [
            models.Index(fields=["district", "indicator", "period_start"], name="prev_value_idx"),
            # The municipality's figure per period (the district profile, the lägesbild, the
            # public plan) sums the values of a span of periods: read from the index alone.
            models.Index(
                fields=["indicator", "period_start", "district", "value"],
                name="prev_value_period_idx",
            ),
        ]


class ImportMapping(TimeStampedModel):
    """Which column of a file holds what, saved under a name for a layout that comes back
    (the police's monthly file, the survey's yearly one)."""

    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    district_column = models.CharField(_("district column"), max_length=200)
    period_column = models.CharField(_("period column"), max_length=200)
    value_column = models.CharField(_("value column"), max_length=200)
    # Either the indicator is named in a column of the file, or the whole file is one.
    indicator_column = models.CharField(_("indicator column"), max_length=200, blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="prevention_mapping_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded, not checked")
    PROBLEMS = "problems", _("Problems found: nothing imported")
    IMPORTED = "imported", _("Imported")


class ValueImport(models.Model):
    """One uploaded file of indicator values and how it ended: the import log. The file is
    kept until it is imported, so that the check and the import read the same rows."""

    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    imported_count = models.PositiveIntegerField(_("values imported"), default=0)
    finished_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]


class Place(TimeStampedModel):
    """A named place in the municipality that reporters choose from (a square, a path, a
    centre), in a district."""

    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        "organisations.District", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="prevention_place_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PlaceReport(models.Model):
    """One incident seen at a place (EST: effektiv samordning för trygghet): when, where,
    what, in a few words. Never who: the text is refused if it holds an identity number or
    what looks like a person's name."""

    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        "organisations.District", on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    occurred_at = models.DateTimeField(_("when"))
    kind = models.CharField(_("what"), max_length=16, choices=IncidentKind.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("reported"))

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "occurred_at"], name="prev_report_time_idx"),
            models.Index(fields=["reported_by", "occurred_at"], name="prev_report_mine_idx"),
        ]


class SituationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class Situation(TimeStampedModel):
    """Lägesbild: the municipality's picture of crime and safety for a period, its analysis
    and its prioritised problems. Adopted, it is frozen; a new version starts from it."""

    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    other_sources = models.TextField(_("other sources"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=8, choices=SituationStatus.choices, default=SituationStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by_body = models.CharField(_("decided by"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_to", "-version"]

    def __str__(self) -> str:
        return self.title


class SituationAttachment(models.Model):
    """A document beside the lägesbild: what the police, the schools or social services
    wrote (other sources). Private storage under a random name; only the download view hands
    it out, to those who may read the lägesbild."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("what it is"), max_length=200)
    file = models.FileField(upload_to="prevention/situations/%Y/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class Problem(models.Model):
    """A prioritised problem of a lägesbild: what, where (districts, never people), who is
    affected (as groups), why it matters, and on what it rests."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="problems")
    priority = models.PositiveSmallIntegerField(_("priority"))
    title = models.CharField(_("the problem"), max_length=200)
    districts = models.ManyToManyField("organisations.District", blank=True, related_name="+")
    affected = models.CharField(_("who is affected"), max_length=300, blank=True)
    why = models.TextField(_("why it matters"), blank=True)
    sources = models.CharField(_("sources"), max_length=500, blank=True)

    class Meta:
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return self.title


# The action plan's models live in their part of the package; imported here so that Django
# finds them with the app's other models.
from trygg.prevention.plan.models import (  # noqa: E402, F401
    Agreement,
    AnnualReport,
    Assumption,
    Commitment,
    CommitmentFollowUp,
    CommitmentState,
    EstimateLine,
    Funding,
    FundingSource,
    Grant,
    Measure,
    MeasureIndicator,
    MeasureStatus,
    MeasureUpdate,
    Party,
    Plan,
    PlanStatus,
    ReportState,
)
from trygg.prevention.stored.models import PreventionVersion, StoredView  # noqa: E402, F401
