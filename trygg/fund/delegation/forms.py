from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, IntegerField, ModelMultipleChoiceField, TextField
from trygg.core.roles import Role
from trygg.fund.models import DelegationReport

DATE = forms.DateInput(attrs={"type": "date"})


class DelegationPointForm(forms.Form):
    point = forms.CharField(label=_("Point"), max_length=20, help_text=_("For example: 4.2"))
    matter = forms.CharField(
        label=_("Matter"),
        max_length=200,
        help_text=_("For example: Decisions on grants from the safety fund"),
    )
    delegate = forms.CharField(
        label=_("Delegate"),
        max_length=200,
        help_text=_("The position that decides, for example: Safety coordinator"),
    )
    decision_makers = ModelMultipleChoiceField(
        label=_("Persons who may decide"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every fund coordinator of the municipality."),
    )
    max_amount_kr = IntegerField(
        label=_("Highest amount (kr)"),
        min_value=1,
        max_value=10**11,
        required=False,
        help_text=_("Empty: no limit."),
    )
    is_active = forms.BooleanField(label=_("In force"), required=False, initial=True)

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["decision_makers"]
        field.queryset = (
            get_user_model()
            .objects.filter(
                memberships__role=Role.SAMORDNARE,
                memberships__organisation__municipality_id=municipality_id,
                is_active=True,
            )
            .distinct()
            .order_by("full_name", "email")
        )
        field.label_from_instance = lambda user: user.full_name or user.email


class AppealTextForm(forms.Form):
    appeal_text = TextField(
        label=_("Appeal text of the decision letter"),
        rows=12,
        help_text=_(
            "{tillkannagivande} is replaced by the sentence that says from which day the three "
            "weeks run, {diarienummer} by the application's reference. A blank line starts a "
            "new paragraph."
        ),
    )


class PeriodForm(forms.Form):
    fran = DateField(label=_("Period from"), widget=DATE)
    till = DateField(label=_("Period to"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("fran") and data.get("till") and data["till"] < data["fran"]:
            self.add_error("till", _("The period must end after it starts."))
        return data


class ReportRecordForm(forms.Form):
    way = forms.ChoiceField(
        label=_("Reported by"), choices=DelegationReport.Way.choices, widget=forms.RadioSelect
    )
    reported_on = DateField(label=_("Date of the meeting or the publication"), widget=DATE)
    announced_on = DateField(
        label=_("Announced on the notice board"),
        widget=DATE,
        help_text=_("The three weeks for an appeal run from this day."),
    )
