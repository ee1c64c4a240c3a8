from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.core.forms import (
    DateField,
    IntegerField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextField,
)
from trygg.fund.constants import (
    Category,
    MeasureType,
    ProblemBasis,
)
from trygg.fund.plan import problem_label
from trygg.organisations.models import District

# Whole kronor; far above any real grant, far below what the database column can hold.
MAX_KR = 10**11


# Not required to save a draft, but to submit (``services.submission_errors`` checks them);
# the form marks them so that the applicant knows before pressing "Submit".
REQUIRED_TO_SUBMIT = (
    "summary",
    "category",
    "measure_types",
    "districts",
    "target_group",
    "problem",
    "problem_basis",
    "expected_effects",
    "risks",
    "start_date",
    "end_date",
)


def mark_required_to_submit(*fields: forms.Field) -> None:
    """``includes/field.html`` says "required to submit" instead of "optional"."""
    for field in fields:
        field.required_to_submit = True


class ApplicationForm(forms.Form):
    """The applicant's text. Nothing is required for a draft; submission checks completeness."""

    # The draft's edit_version when the form was read (see services.application_save).
    version = IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = TextField(label=_("Summary"), required=False, rows=4)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Choose a category")), *Category.choices],
    )
    measure_types = forms.MultipleChoiceField(
        label=_("Measure types"),
        required=False,
        choices=MeasureType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = ModelMultipleChoiceField(
        label=_("Districts"),
        required=False,
        queryset=District.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    target_group = TextField(label=_("Target group"), required=False, rows=3)
    addresses = ModelChoiceField(
        label=_("The problem in the situational picture that the measure addresses"),
        queryset=None,
        required=False,
        help_text=_("The municipality's adopted situational picture names these problems."),
    )
    problem = TextField(label=_("The problem the measure addresses"), required=False, rows=4)
    problem_basis = forms.MultipleChoiceField(
        label=_("What the problem description rests on"),
        required=False,
        choices=ProblemBasis.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_effects = TextField(label=_("Expected effects"), required=False, rows=4)
    risks = TextField(label=_("Risks"), required=False, rows=3)
    partners = TextField(
        label=_("Partners"),
        required=False,
        help_text=_("For example the police, a housing company or local associations."),
        rows=2,
    )
    start_date = DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    co_financing_kr = IntegerField(
        label=_("Co-financing (kr)"), required=False, min_value=0, max_value=MAX_KR, initial=0
    )

    def __init__(self, *args, municipality_id, questions=(), answers=None, problems=None, **kwargs):
        super().__init__(*args, **kwargs)
        if problems is not None and problems.exists():
            # The situational picture is the basis: the link is required, the rest optional.
            self.fields["addresses"].queryset = problems
            self.fields["addresses"].label_from_instance = problem_label
            self.fields["problem"].label = _("More about the problem, in your own words")
            required = [n for n in REQUIRED_TO_SUBMIT if n not in ("problem", "problem_basis")]
            required.append("addresses")
        else:
            del self.fields["addresses"]
            required = list(REQUIRED_TO_SUBMIT)
        self.fields["districts"].queryset = District.objects.filter(
            municipality_id=municipality_id, is_active=True
        ).order_by("name")
        answers = answers or {}
        for question in questions:
            self.fields[f"question_{question.pk}"] = TextField(
                label=question.text,
                help_text=question.help_text,
                required=False,
                initial=answers.get(question.pk, ""),
                rows=3,
            )
            if question.required:
                mark_required_to_submit(self.fields[f"question_{question.pk}"])
        mark_required_to_submit(*(self.fields[name] for name in required))
        self.question_ids = [q.pk for q in questions]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        data["co_financing_kr"] = data.get("co_financing_kr") or 0
        return data

    def answers(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(f"question_{pk}", "") for pk in self.question_ids}


class BudgetLineForm(forms.Form):
    description = forms.CharField(label=_("Cost item"), max_length=200, required=False)
    amount_kr = IntegerField(label=_("Amount (kr)"), min_value=1, max_value=MAX_KR, required=False)

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("amount_kr"):
            self.add_error("amount_kr", _("Give the amount."))
        if data.get("amount_kr") and not data.get("description"):
            self.add_error("description", _("Say what the cost is for."))
        return data


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    baseline = forms.CharField(label=_("Baseline"), max_length=100, required=False)
    target = forms.CharField(
        label=pgettext_lazy("indicator", "Target"), max_length=100, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("name") and not (data.get("baseline") and data.get("target")):
            self.add_error("target", _("Give both baseline and target."))
        return data


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=2, max_num=40, validate_max=True)
IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=1, max_num=20, validate_max=True)


class CreateApplicationForm(forms.Form):
    title = forms.CharField(label=_("Working title of the measure"), max_length=200)


class CompletionForm(forms.Form):
    message = TextField(label=_("What needs completing"), rows=3)


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    measure_type = forms.ChoiceField(
        label=_("Measure type"),
        required=False,
        choices=[("", _("All measure types")), *MeasureType.choices],
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *statuses]
