"""The prevention cycle (Lag 2023:196): the words its indicators are measured in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    TERTIAL = "tertial", _("Tertial (four months)")
    YEAR = "year", _("Year")


class Aggregation(models.TextChoices):
    """How the municipality's figure is formed from its districts' values."""

    SUM = "sum", _("Sum of the districts (counts)")
    MEAN = "mean", _("Mean of the districts (shares and rates)")


class IncidentKind(models.TextChoices):
    """What a place reporter (EST) saw at a place: never who."""

    VANDALISM = "skadegorelse", _("Vandalism")
    LITTERING = "nedskrapning", _("Littering")
    FIRE = "brand", _("Fire")
    UNSAFE_PLACE = "otrygg_plats", _("A place that feels unsafe")
    VIOLENCE = "vald", _("Violence observed")
    DRUG_DEALING = "narkotika", _("Drug dealing observed")
    OTHER = "ovrigt", _("Other")


# The indicators that EST reports roll up into, one per kind, counted per tertial.
EST_SOURCE = "EST-rapporter i Trygg"

# A value as typed: whole numbers and decimals up to this, both signs (a change can be negative).
MAX_VALUE = 10**11


class GrantReportState(models.TextChoices):
    """The newest follow-up report of a grant that the fund's coordinator has approved, as the
    fund tells the action plan (``plan.services.grant_record``)."""

    NONE = "none", _("No report approved yet")
    INTERIM = "interim", _("Interim report approved")
    FINAL = "final", _("Final report approved")
