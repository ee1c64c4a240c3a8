"""Periods of an indicator: a month, a tertial (January to April, May to August, September
to December) or a year, each known by its first day, and said in Swedish as users say them
("mars 2026", "T1 2026")."""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from trygg.prevention.constants import PeriodType


def period_start(day: date, period_type: str) -> date:
    """The first day of the period that ``day`` lies in."""
    if period_type == PeriodType.YEAR:
        return date(day.year, 1, 1)
    if period_type == PeriodType.TERTIAL:
        return date(day.year, (day.month - 1) // 4 * 4 + 1, 1)
    return date(day.year, day.month, 1)


def next_period(start: date, period_type: str) -> date:
    months = {PeriodType.YEAR: 12, PeriodType.TERTIAL: 4}.get(period_type, 1)
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def previous_period(start: date, period_type: str) -> date:
    months = {PeriodType.YEAR: 12, PeriodType.TERTIAL: 4}.get(period_type, 1)
    month = start.month - 1 - months
    return date(start.year + month // 12, month % 12 + 1, 1)


def recent_periods(today: date, period_type: str, count: int) -> list[date]:
    """The current period and the ``count - 1`` before it, newest first."""
    periods = [period_start(today, period_type)]
    while len(periods) < count:
        periods.append(previous_period(periods[-1], period_type))
    return periods


def period_label(start: date, period_type: str) -> str:
    if period_type == PeriodType.YEAR:
        return str(start.year)
    if period_type == PeriodType.TERTIAL:
        return _("T%(number)s %(year)s") % {
            "number": (start.month - 1) // 4 + 1,
            "year": start.year,
        }
    return formats.date_format(start, "F Y")
