from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import ModelChoiceField

# Column names that most files use, to suggest a mapping before the user chooses.
GUESSES = {
    "district_column": ("område", "kommundel", "stadsdel", "district"),
    "period_column": ("period", "månad", "år", "tertial", "datum", "month", "year"),
    "value_column": ("värde", "antal", "andel", "value", "count"),
    "indicator_column": ("indikator", "brottstyp", "mått", "indicator"),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or Excel (.xlsx), at most 5 MB. The first row names the columns; each other "
            "row holds one value: district, period, value, and the indicator if the file has "
            "more than one."
        ),
    )


class MappingForm(forms.Form):
    district_column = forms.ChoiceField(label=_("The column with the district"))
    period_column = forms.ChoiceField(
        label=_("The column with the period"),
        help_text=_("For example 2026-03 for a month, T1 2026 for a tertial, 2026 for a year."),
    )
    value_column = forms.ChoiceField(label=_("The column with the value"))
    indicator = ModelChoiceField(
        label=_("Indicator"),
        queryset=None,
        required=False,
        empty_label=_("Named in a column of the file"),
    )
    indicator_column = forms.ChoiceField(
        label=_("The column that names the indicator"), required=False
    )
    save_as = forms.CharField(
        label=_("Save the mapping as"),
        max_length=100,
        required=False,
        help_text=_("A name, to choose the same columns next time."),
    )

    def __init__(self, *args, columns, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(name, name) for name in columns]
        for name in ("district_column", "period_column", "value_column"):
            self.fields[name].choices = choices
        self.fields["indicator_column"].choices = [("", _("Not used")), *choices]
        self.fields["indicator"].queryset = indicators
        if not self.is_bound and not self.initial:
            lowered = {name.casefold(): name for name in columns}
            self.initial = {
                field: next((lowered[g] for g in guesses if g in lowered), "")
                for field, guesses in GUESSES.items()
            }

    def clean(self):
        data = super().clean()
        if not data.get("indicator") and not data.get("indicator_column"):
            self.add_error(
                "indicator_column", _("Choose the indicator, or the column that names it.")
            )
        return data
