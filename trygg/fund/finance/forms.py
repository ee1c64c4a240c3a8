from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.fund.finance.files import COLUMNS
from trygg.fund.models import PaymentExportLayout

COLUMN_SLOTS = 12
DELIMITERS = [
    (";", _("Semicolon (;)")),
    (",", _("Comma (,)")),
    ("\t", _("Tab")),
    ("|", _("Bar (|)")),
]


class PayeeForm(forms.Form):
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=11,
        required=False,
        help_text=_("For a municipal company, for example: 556123-4567"),
    )
    cost_centre = forms.CharField(
        label=_("Cost centre"),
        max_length=30,
        required=False,
        help_text=_("For a committee: where the internal transfer is booked."),
    )
    account = forms.CharField(
        label=_("Account string"),
        max_length=60,
        required=False,
        help_text=_("Empty: the account string of the file layout."),
    )


class LayoutForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    recipients = forms.ChoiceField(
        label=_("Payments in the file"), choices=PaymentExportLayout.Recipients.choices
    )
    delimiter = forms.ChoiceField(label=_("Separator"), choices=DELIMITERS)
    header = forms.BooleanField(label=_("First line names the columns"), required=False)
    decimal_comma = forms.BooleanField(
        label=_("Amounts with öre and a decimal comma (1500,00)"), required=False
    )
    line_ending = forms.ChoiceField(
        label=_("Line ending"), choices=PaymentExportLayout.LineEnding.choices
    )
    byte_order_mark = forms.BooleanField(label=_("Byte order mark (for Excel)"), required=False)
    committee_account = forms.CharField(
        label=_("Account string for internal transfers"),
        max_length=60,
        required=False,
        help_text=_(
            "{kostnadsstalle}, {organisationsnummer} and {diarienummer} are filled in, for "
            "example: 4590-{kostnadsstalle}"
        ),
    )
    company_account = forms.CharField(
        label=_("Account string for payments to companies"), max_length=60, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(no column)"))] + [(key, spec[1]) for key, spec in COLUMNS.items()]
        for slot in range(1, COLUMN_SLOTS + 1):
            self.fields[f"column_{slot}"] = forms.ChoiceField(
                label=_("Column %(number)s") % {"number": slot}, choices=choices, required=False
            )

    def columns(self) -> list[str]:
        return [
            self.cleaned_data[f"column_{slot}"]
            for slot in range(1, COLUMN_SLOTS + 1)
            if self.cleaned_data.get(f"column_{slot}")
        ]

    def settings(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.fields if not name.startswith("column_")
        }

    @staticmethod
    def initial_for(layout) -> dict:
        initial = {
            "name": layout.name,
            "recipients": layout.recipients,
            "delimiter": layout.delimiter,
            "header": layout.header,
            "decimal_comma": layout.decimal_comma,
            "line_ending": layout.line_ending,
            "byte_order_mark": layout.byte_order_mark,
            "committee_account": layout.committee_account,
            "company_account": layout.company_account,
        }
        for slot, key in enumerate(layout.columns, start=1):
            initial[f"column_{slot}"] = key
        return initial
