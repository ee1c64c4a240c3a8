from django import forms
from django.utils.translation import gettext_lazy as _


class SignForm(forms.Form):
    signatory = forms.CharField(
        label=_("Your name and title"),
        max_length=200,
        help_text=_("For example: Anna Andersson, VD"),
    )
    authorised = forms.BooleanField(
        label=_("I may sign agreements for the company and accept the conditions above."),
        required=False,
    )
