from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import ModelChoiceField
from trygg.prevention.constants import IncidentKind


class ReportForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    kind = forms.ChoiceField(
        label=_("What happened"), choices=IncidentKind.choices, widget=forms.RadioSelect
    )
    place = ModelChoiceField(
        label=_("Place"),
        queryset=None,
        required=False,
        empty_label=_("Not in the list: choose the district below"),
    )
    district = ModelChoiceField(label=_("District"), queryset=None, required=False)
    description = forms.CharField(
        label=_("What you saw"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "At most 500 characters. Describe what happened and how the place is, never who: "
            "no names and no identity numbers."
        ),
    )

    def __init__(self, *args, places, districts, **kwargs):
        kwargs.setdefault(
            "initial", {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
        )
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["district"].queryset = districts

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("district") and "district" not in self.errors:
            self.add_error("district", _("Choose the district, or a place."))
        return data


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name of the place"), max_length=100)
    district = ModelChoiceField(label=_("District"), queryset=None)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
