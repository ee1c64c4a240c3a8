from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, IntegerField
from trygg.logreview.review import VOLUME_MAX_DAYS, case_id_for_reference

ACTION_CHOICES = [
    ("", _("All actions")),
    ("accounts.login", _("Logins")),
    ("accounts.session", _("Logouts and ended sessions")),
    ("accounts.membership", _("Role changes")),
    ("accounts.totp", _("Two-step verification")),
    ("accounts.", _("All account events")),
    ("core.permission", _("Refused access")),
    ("organisations.", _("Organisations and districts")),
    ("defectors.", _("All events in the defector programme")),
    ("defectors.case.view", _("Case opened")),
    ("defectors.emergency.", _("Emergency access granted or refused")),
    ("audit.review.", _("Log review sign-offs")),
]


def _date_field(label):
    return DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


class _DateRangeMixin:
    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned


class EventFilterForm(_DateRangeMixin, forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ACTION_CHOICES, required=False)
    # Set by the user search (``UserSearchForm``) or a link: an id, so that no name or
    # address ever stands in a URL.
    actor = IntegerField(label=_("User"), required=False, min_value=1, widget=forms.HiddenInput)
    case = forms.CharField(
        label=_("Case reference"),
        required=False,
        max_length=20,
        help_text=_("For example AV-2026-0001. Shows every event about the case."),
    )
    date_from = _date_field(_("From date"))
    date_to = _date_field(_("To date"))
    emergency = forms.BooleanField(label=_("Only emergency access"), required=False)
    out_of_hours = forms.BooleanField(
        label=_("Only outside office hours and at weekends"), required=False
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_case(self):
        reference = self.cleaned_data.get("case", "").strip()
        if not reference:
            self.cleaned_data["case_id"] = None
            return ""
        case_id = case_id_for_reference(actor=self.actor, reference=reference)
        if case_id is None:
            raise forms.ValidationError(_("No case with that reference in your municipality."))
        self.cleaned_data["case_id"] = case_id
        return reference


class UserSearchForm(forms.Form):
    text = forms.CharField(
        label=_("Find a user"),
        max_length=150,
        help_text=_("Name or e-mail address, or part of one."),
    )


class VolumeFilterForm(_DateRangeMixin, forms.Form):
    date_from = _date_field(_("From date"))
    date_to = _date_field(_("To date"))

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        cleaned["date_to"] = cleaned.get("date_to") or today
        cleaned["date_from"] = cleaned.get("date_from") or cleaned["date_to"] - timedelta(days=6)
        if (cleaned["date_to"] - cleaned["date_from"]).days + 1 > VOLUME_MAX_DAYS:
            self.add_error(
                "date_from",
                _("Choose at most %(days)d days at a time.") % {"days": VOLUME_MAX_DAYS},
            )
        return cleaned


class SignoffForm(forms.Form):
    period_start = DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    findings = forms.CharField(
        label=_("What you reviewed and found"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For example which filters you went through, what you looked into further and "
            "what was reported on. Write “Nothing to remark” if nothing was found."
        ),
    )
