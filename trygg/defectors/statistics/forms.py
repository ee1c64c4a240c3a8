from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def this_year() -> tuple[date, date]:
    year = timezone.localdate().year
    return date(year, 1, 1), date(year, 12, 31)


def period_code(start: date, end: date) -> str:
    """ "2026" for a calendar year, "2026-Q1" for a quarter, "custom" for anything else."""
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year)
    for quarter, (first, last, last_day) in enumerate(
        [(1, 3, 31), (4, 6, 30), (7, 9, 30), (10, 12, 31)], start=1
    ):
        same_year = start.year == end.year
        if same_year and (start.month, start.day, end.month, end.day) == (first, 1, last, last_day):
            return f"{start.year}-Q{quarter}"
    return "custom"


def quarters(year: int) -> list[tuple[str, date, date]]:
    return [
        (f"Q{n}", date(year, first, 1), date(year, last, last_day))
        for n, (first, last, last_day) in enumerate(
            [(1, 3, 31), (4, 6, 30), (7, 9, 30), (10, 12, 31)], start=1
        )
    ]


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        default_from, default_to = this_year()
        cleaned["date_from"] = cleaned.get("date_from") or default_from
        cleaned["date_to"] = cleaned.get("date_to") or default_to
        readable = "date_from" not in self.errors and "date_to" not in self.errors
        if readable and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned
