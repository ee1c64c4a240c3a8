from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import IntegerField, TextField


class ReportForm(forms.Form):
    what_was_done = TextField(label=_("What was done"), required=False, rows=5, max_length=10000)
    lessons = TextField(label=_("Lessons learned"), required=False, rows=4)


class ReportCostForm(forms.Form):
    description = forms.CharField(widget=forms.HiddenInput, max_length=200)
    budgeted_kr = IntegerField(widget=forms.HiddenInput, min_value=0, max_value=10**11)
    actual_kr = IntegerField(
        label=_("Actual cost (kr)"), min_value=0, max_value=10**11, required=False
    )


class ReportOutcomeForm(forms.Form):
    indicator = forms.CharField(widget=forms.HiddenInput, max_length=200)
    baseline = forms.CharField(widget=forms.HiddenInput, max_length=100)
    target = forms.CharField(widget=forms.HiddenInput, max_length=100)
    outcome = forms.CharField(label=_("Outcome"), max_length=100, required=False)


ReportCostFormSet = forms.formset_factory(ReportCostForm, extra=0, max_num=40, validate_max=True)
ReportOutcomeFormSet = forms.formset_factory(
    ReportOutcomeForm, extra=0, max_num=20, validate_max=True
)


class ReportReviewForm(forms.Form):
    comment = TextField(label=_("What is missing"), required=False, rows=3)
