"""The period of the statistics: a whole calendar year, quarter or month, never a free range.

Free date ranges let a reader subtract two tables (1 to 19 October from 1 to 20 October) and find
the one person who contacted the unit on 20 October, with their details. Fixed calendar
periods remove that. The regional analyst, who may not see any case, gets whole years only:
years never overlap, so no two of the analyst's tables can be subtracted. The unit manager,
who already sees the unit's (masked) case list, may also choose a quarter or a month.
"""

import calendar
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

FIRST_YEAR = 2015  # the oldest year offered; no case file in Trygg is older
QUARTERS = [(1, 3), (4, 6), (7, 9), (10, 12)]


def this_year() -> tuple[date, date]:
    year = timezone.localdate().year
    return date(year, 1, 1), date(year, 12, 31)


def period_bounds(year: int, part: str = "") -> tuple[date, date]:
    """First and last day of ``year`` (part ""), of quarter "Q1"…"Q4" or of month "01"…"12"."""
    if not part:
        return date(year, 1, 1), date(year, 12, 31)
    if part.startswith("Q"):
        first, last = QUARTERS[int(part[1]) - 1]
    else:
        first = last = int(part)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def period_code(year: int, part: str = "") -> str:
    """ "2026" for a year, "2026-Q1" for a quarter, "2026-03" for a month (audit payload)."""
    return f"{year}-{part}" if part else str(year)


WHOLE_YEAR = "year"  # the form's value for "the whole year" (part "" everywhere else)
WHOLE_YEARS_ONLY = _(
    "Regional figures are shown for whole years only, so that two tables can never be "
    "compared to work out a single person."
)


def part_choices() -> list[tuple[str, str]]:
    return [
        (WHOLE_YEAR, pgettext_lazy("statistics period", "The whole year")),
        *[(f"Q{n}", _("Quarter %(n)s") % {"n": n}) for n in range(1, 5)],
        *[(f"{m:02d}", MONTHS[m]) for m in range(1, 13)],
    ]


class PeriodForm(forms.Form):
    """Year, and for the unit manager a part of it. ``cleaned_data`` gains ``part`` ("" for
    the whole year), ``period_start`` and ``period_end``."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    part = forms.ChoiceField(label=_("Period"), choices=part_choices)

    def __init__(self, *args, whole_years_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        current = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(current, FIRST_YEAR - 1, -1)]
        self.whole_years_only = whole_years_only
        if whole_years_only:
            del self.fields["part"]
            self.fields["year"].help_text = WHOLE_YEARS_ONLY

    def clean(self):
        cleaned = super().clean()
        part = cleaned.get("part", WHOLE_YEAR)
        if self.whole_years_only and self.data.get("part", WHOLE_YEAR) not in ("", WHOLE_YEAR):
            self.add_error("year", WHOLE_YEARS_ONLY)
        if self.errors:
            return cleaned
        cleaned["part"] = "" if part == WHOLE_YEAR else part
        cleaned["period_start"], cleaned["period_end"] = period_bounds(
            cleaned["year"], cleaned["part"]
        )
        return cleaned
