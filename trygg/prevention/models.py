"""Indicators of crime and safety per district and period: the ground of the lägesbild.

Only figures about places and periods: never a person. Each municipality has its own
indicators; every read and write is scoped to it through ``municipality``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.core.models import TimeStampedModel
from trygg.prevention.constants import Aggregation, PeriodType


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
            models.Index(fields=["district", "indicator", "period_start"], name="prev_value_idx")
        ]
