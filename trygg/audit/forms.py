from django import forms
from django.utils.translation import gettext_lazy as _

ACTION_CHOICES = [
    ("", _("All actions")),
    ("accounts.login", _("Logins")),
    ("accounts.session", _("Logouts and ended sessions")),
    ("accounts.membership", _("Role changes")),
    ("accounts.totp", _("Two-step verification")),
    ("accounts.", _("All account events")),
    ("core.permission", _("Refused access")),
    ("organisations.", _("Organisations and districts")),
]


class EventFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ACTION_CHOICES, required=False)
    actor = forms.IntegerField(label=_("User id"), required=False, min_value=1)
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
