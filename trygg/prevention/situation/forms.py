from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, ModelMultipleChoiceField, TextField


class SituationForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("For example “Lägesbild 2026”.")
    )
    period_from = DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_to = DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    indicators = ModelMultipleChoiceField(
        label=_("Indicators in the picture"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_sources = TextField(
        label=_("Other sources"),
        required=False,
        rows=4,
        help_text=_("What the police, schools, social services and others have told, in words."),
    )
    analysis = TextField(label=_("Analysis"), required=False, rows=8, max_length=20000)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = indicators


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("The problem"), max_length=200)
    districts = ModelMultipleChoiceField(
        label=_("Where"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Districts: the picture marks areas, never people."),
    )
    affected = forms.CharField(
        label=_("Who is affected"),
        max_length=300,
        required=False,
        help_text=_("Groups, for example “young people 13 to 17” or “residents near the centre”."),
    )
    why = TextField(label=_("Why it matters"), required=False, rows=3)
    sources = forms.CharField(label=_("Sources"), max_length=500, required=False)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = districts


class AdoptForm(forms.Form):
    decided_by_body = forms.CharField(
        label=_("Adopted by"),
        max_length=200,
        help_text=_("The body and the decision, for example “Kommunstyrelsen, § 123”."),
    )
    adopted_on = DateField(
        label=_("Adopted on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("What it is"),
        max_length=200,
        help_text=_("For example “The police's local situational picture, spring 2026”."),
    )
    file = forms.FileField(label=_("File"))
