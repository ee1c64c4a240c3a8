from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.forms import BoundField
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core import files
from trygg.core.forms import DateField
from trygg.defectors.constants import NeedArea, NeedLevel, PoliceRiskLevel, ThreatIndication

NOTES_MAX_LENGTH = 5000


@dataclass(frozen=True)
class AreaFields:
    area: str
    label: str
    level: BoundField
    notes: BoundField


class MappingForm(forms.Form):
    """The whole mapping: per needs area a level and notes, then the threat picture.

    The fields are ``<area>_level`` and ``<area>_notes``; ``areas`` pairs them for the
    template, one fieldset per area."""

    threat_level = forms.ChoiceField(
        label=gettext_lazy("Threat picture, your assessment"),
        choices=[("", gettext_lazy("Not assessed yet")), *ThreatIndication.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    threat_notes = forms.CharField(
        label=gettext_lazy("Threat picture"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        help_text=gettext_lazy("Who or what threatens the person, and what you base it on."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    completed_on = DateField(
        label=gettext_lazy("Mapping completed"),
        required=False,
        help_text=gettext_lazy("Leave empty while the mapping is still going on."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area in NeedArea:
            self.fields[f"{area.value}_level"] = forms.ChoiceField(
                label=format_lazy(gettext_lazy("{area}: need of support"), area=area.label),
                choices=NeedLevel.choices,
                initial=NeedLevel.NOT_ASSESSED,
            )
            self.fields[f"{area.value}_notes"] = forms.CharField(
                label=format_lazy(gettext_lazy("{area}: notes"), area=area.label),
                required=False,
                max_length=NOTES_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        # The area fields first, in the order of the needs areas; the threat picture last.
        order = [f"{a}_{part}" for a in NeedArea.values for part in ("level", "notes")]
        self.order_fields([*order, "threat_level", "threat_notes", "completed_on"])

    @classmethod
    def initial_from(cls, mapping, needs) -> dict:
        initial = {}
        for row in needs:
            initial[f"{row.area}_level"] = row.level
            initial[f"{row.area}_notes"] = row.notes
        if mapping is not None:
            initial.update(
                threat_level=mapping.threat_level,
                threat_notes=mapping.threat_notes,
                completed_on=mapping.completed_on,
            )
        return initial

    @property
    def areas(self) -> list[AreaFields]:
        return [
            AreaFields(
                area=area.value,
                label=str(area.label),
                level=self[f"{area.value}_level"],
                notes=self[f"{area.value}_notes"],
            )
            for area in NeedArea
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "threat_level": data["threat_level"],
            "threat_notes": data["threat_notes"],
            "completed_on": data["completed_on"],
            "needs": {
                area: (data[f"{area}_level"], data[f"{area}_notes"]) for area in NeedArea.values
            },
        }


class RiskAnalysisForm(forms.Form):
    """The police's risk analysis as received; the document is optional."""

    # Keeps the ids apart from the mapping form's on the same page.
    prefix = "risk"

    received_on = DateField(
        label=gettext_lazy("Received"), widget=forms.DateInput(attrs={"type": "date"})
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level stated by the police"),
        choices=[("", gettext_lazy("Choose the level in the analysis")), *PoliceRiskLevel.choices],
    )
    police_reference = forms.CharField(
        label=gettext_lazy("Police reference number"), required=False, max_length=100
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(label=gettext_lazy("The police's document"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extensions = files.allowed_extensions()
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in extensions)
        self.fields["file"].help_text = _(
            "Allowed types: %(types)s. The largest size allowed is %(max)s MB. "
            "The document is stored encrypted."
        ) % {
            "types": ", ".join(e.upper() for e in extensions),
            "max": settings.TRYGG_FUND_ATTACHMENT_MAX_MB,
        }

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "received_on": data["received_on"],
            "level": data["level"],
            "police_reference": data["police_reference"],
            "notes": data["notes"],
            "upload": data["file"] or None,
        }
