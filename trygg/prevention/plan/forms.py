from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import (
    CHOOSE,
    DateField,
    IntegerField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextField,
)
from trygg.prevention.constants import MAX_VALUE
from trygg.prevention.models import (
    Agreement,
    CommitmentState,
    FundingSource,
    MeasureStatus,
    Party,
)
from trygg.prevention.plan.services import MAX_KR

DATE = forms.DateInput(attrs={"type": "date"})


def _number(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        max_value=MAX_VALUE - 1,
        min_value=-(MAX_VALUE - 1),
        localize=True,
    )


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("For example “Åtgärdsplan 2027”.")
    )
    situation = ModelChoiceField(
        label=_("The situational picture it answers"),
        queryset=None,
        help_text=_("Only adopted situational pictures can be chosen."),
    )
    period_from = DateField(label=_("Period from"), widget=DATE)
    period_to = DateField(label=_("Period to"), widget=DATE)

    def __init__(self, *args, situations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].queryset = situations
        self.fields["situation"].label_from_instance = lambda s: f"{s.title} (version {s.version})"


class ProblemChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.priority}. {obj.title}"


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=200)
    description = TextField(label=_("Description"), required=False, rows=4)
    problems = ProblemChoice(
        label=_("Problems it answers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The prioritised problems of the situational picture."),
    )
    districts = ModelMultipleChoiceField(
        label=_("Districts"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: the whole municipality."),
    )
    organisation = ModelChoiceField(label=_("Responsible organisation"), queryset=None)
    partners = forms.CharField(
        label=_("Partners"),
        max_length=300,
        required=False,
        help_text=_("For example the police, a housing company or an association."),
    )
    starts_on = DateField(label=_("Starts"), widget=DATE)
    ends_on = DateField(label=_("Ends"), widget=DATE, required=False)
    cost_kr = IntegerField(label=_("Estimated cost (kr)"), min_value=0, max_value=MAX_KR, initial=0)
    is_defector_programme = forms.BooleanField(
        label=_("This measure is the defector programme"),
        required=False,
        help_text=_(
            "The plan then shows the programme's aggregate figures, with small numbers hidden: "
            "never a case."
        ),
    )
    is_public = forms.BooleanField(
        label=_("Show on the public page when the plan is published"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, problems, districts, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = problems
        self.fields["districts"].queryset = districts
        self.fields["organisation"].queryset = organisations


class FundingForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Who pays"),
        choices=[
            (FundingSource.BUDGET, FundingSource.BUDGET.label),
            (FundingSource.PARTNER, FundingSource.PARTNER.label),
        ],
    )
    funder = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example “Gymnasie- och arbetsmarknadsnämnden” or “Polisen”."),
    )
    amount_kr = IntegerField(label=_("Amount (kr)"), min_value=0, max_value=MAX_KR)


class GrantChoice(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} {obj.title} ({obj.organisation_name})"


class GrantLinkForm(forms.Form):
    grant = GrantChoice(label=_("Grant from the safety fund"), queryset=None)

    def __init__(self, *args, grants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = grants


class TargetForm(forms.Form):
    indicator = ModelChoiceField(label=_("Indicator"), queryset=None)
    baseline = _number(_("Baseline"))
    target = _number(_("Target value"))

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status now"), choices=MeasureStatus.choices)
    text = TextField(label=_("What has happened"), rows=4)


class CommitmentForm(forms.Form):
    agreement = forms.ChoiceField(label=_("Agreement"), choices=Agreement.choices)
    party = forms.ChoiceField(label=_("Who promises"), choices=Party.choices)
    text = forms.CharField(
        label=_("The commitment"),
        max_length=500,
        help_text=_(
            "For example “The police are visible at Flemingsberg's centre on Friday and "
            "Saturday evenings”."
        ),
    )
    owner = forms.CharField(
        label=_("Who answers for it"),
        max_length=200,
        help_text=_("A function, not a person: for example “Kommunpolisen”."),
    )


class CommitmentFollowUpForm(forms.Form):
    """The commitments are the plan page's, already read: offered by id, no query more."""

    commitment = forms.TypedChoiceField(label=_("Commitment"), coerce=int)
    period = forms.CharField(
        label=_("Period"), max_length=60, help_text=_("For example “Tertial 1 2026”.")
    )
    state = forms.ChoiceField(label=_("Fulfilled?"), choices=CommitmentState.choices)
    note = forms.CharField(label=_("Comment"), max_length=1000, required=False)

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = {c.pk: c for c in commitments}
        self.fields["commitment"].choices = [
            ("", CHOOSE),
            *[(c.pk, f"{c.get_party_display()}: {c.text}") for c in commitments],
        ]

    @property
    def chosen(self):
        return self.commitments[self.cleaned_data["commitment"]]


class AnnualReportForm(forms.Form):
    ar = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [(year, str(year)) for year in years]
        self.fields["ar"].initial = years[-1] if years else None


class AssumptionForm(forms.Form):
    name = forms.CharField(
        label=_("The cost of"),
        max_length=200,
        help_text=_("For example “A criminal career, per year” or “A car fire”."),
    )
    value_kr = IntegerField(label=_("Cost (kr)"), min_value=0, max_value=MAX_KR)
    low_kr = IntegerField(label=_("Low (kr)"), min_value=0, max_value=MAX_KR)
    high_kr = IntegerField(label=_("High (kr)"), min_value=0, max_value=MAX_KR)
    source = forms.CharField(label=_("Source"), max_length=300)
    year = IntegerField(label=_("Year of the figure"), min_value=1990, max_value=2100)


class EstimateLineForm(forms.Form):
    target = forms.ChoiceField(label=_("Applied to"))
    assumption = ModelChoiceField(label=_("Assumption"), queryset=None)
    quantity = forms.DecimalField(
        label=_("How many the measure is assumed to avoid"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
        help_text=_("For a measure: in the assumption's unit. The defections are counted."),
    )
    note = forms.CharField(label=_("The reasoning"), max_length=500, required=False)

    def __init__(self, *args, targets, assumptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
        self.fields["assumption"].queryset = assumptions
