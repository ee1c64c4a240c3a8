from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import (
    DateField,
    IntegerField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextField,
)
from trygg.fund.constants import Category, MeasureType
from trygg.fund.plan import problem_label
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FundYearForm(forms.Form):
    year = IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    budget_kr = IntegerField(label=_("Budget (kr)"), min_value=0, max_value=10**11)
    social_budget_kr = IntegerField(
        label=_("Of which for social prevention (kr)"),
        min_value=0,
        max_value=10**11,
        required=False,
    )
    situational_budget_kr = IntegerField(
        label=_("Of which for situational prevention (kr)"),
        min_value=0,
        max_value=10**11,
        required=False,
    )
    budget_decision = forms.CharField(
        label=_("The council's budget decision"),
        max_length=100,
        required=False,
        help_text=_("The reference of the decision, for example: KF 2025-11-24 § 187"),
    )
    budget_decided_on = DateField(
        label=_("Date of the budget decision"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("budget_decision") and not data.get("budget_decided_on"):
            self.add_error("budget_decided_on", _("Give the date of the budget decision."))
        return data


class CallForm(forms.Form):
    fund_year = ModelChoiceField(label=_("Fund year"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = TextField(label=_("Description"), required=False, rows=4)
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    max_amount_kr = IntegerField(
        label=_("Maximum amount per application (kr)"),
        min_value=1,
        max_value=10**11,
        required=False,
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    measure_types = forms.MultipleChoiceField(
        label=_("Measure types"), choices=MeasureType.choices, widget=forms.CheckboxSelectMultiple
    )
    eligible = ModelMultipleChoiceField(
        label=_("Who may apply"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    problems = ModelMultipleChoiceField(
        label=_("Problems in the situational picture that the call targets"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "From the adopted situational picture; their districts are the call's priority "
            "districts. Choose none to let applications address any of them."
        ),
    )

    def clean(self):
        data = super().clean()
        for name in ("opens_at", "closes_at"):
            value = data.get(name)
            if value and not 2000 <= value.year <= 2100:
                self.add_error(name, _("Give a date between the years 2000 and 2100."))
        return data

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        from trygg.fund.models import FundYear
        from trygg.prevention.selectors import problems_to_target

        self.fields["problems"].queryset = problems_to_target(municipality_id=municipality_id)
        self.fields["problems"].label_from_instance = problem_label

        self.fields["fund_year"].queryset = FundYear.objects.filter(municipality_id=municipality_id)
        self.fields["eligible"].queryset = Organisation.objects.filter(
            municipality_id=municipality_id,
            kind__in=[OrganisationKind.NAMND, OrganisationKind.BOLAG],
            is_active=True,
        ).order_by("kind", "name")


class CriterionForm(forms.Form):
    id = IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    weight = IntegerField(label=_("Weight"), min_value=1, max_value=10, initial=1, required=False)


class QuestionForm(forms.Form):
    id = IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Question"), max_length=300, required=False)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=20, validate_max=True)
QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=20, validate_max=True)


class BatchDecisionForm(forms.Form):
    def __init__(self, *args, points, **kwargs):
        from trygg.fund.decisions.forms import DelegationChoiceField

        super().__init__(*args, **kwargs)
        self.fields["delegation"] = DelegationChoiceField()
        self.fields["delegation"].offer(points)


class BatchRowForm(forms.Form):
    application_id = IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Decision"), required=False)
    amount_kr = IntegerField(
        label=_("Amount granted (kr), for a partial grant"),
        min_value=1,
        max_value=10**11,
        required=False,
    )
    reasons = TextField(label=_("Reasons"), required=False, rows=2)

    def __init__(self, *args, **kwargs):
        from trygg.fund.constants import DecisionOutcome

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("No decision now")), *DecisionOutcome.choices]

    def clean(self):
        data = super().clean()
        if data.get("outcome") and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("Give the reasons for the decision."))
        return data


BatchRowFormSet = forms.formset_factory(BatchRowForm, extra=0)


class ReopenForm(forms.Form):
    application_id = IntegerField(widget=forms.HiddenInput)
    until = forms.DateTimeField(
        label=_("May be submitted until"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
