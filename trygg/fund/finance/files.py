"""Payment files for the finance system, in a layout the municipality configures.

A layout names its columns and their order, the separator, the line ending, whether amounts
carry öre with a decimal comma, and the account strings; the same approved payments then make
exactly the same bytes every time, so the finance system can read the file without hand work.
Two presets cover the usual cases: a plain CSV of every payment, and an internal-transfer
file for the committees (a company is paid through accounts payable against its invoice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.exports import csv_cell
from trygg.fund.models import Payee, Payment, PaymentExportLayout
from trygg.organisations.constants import OrganisationKind

Recipients = PaymentExportLayout.Recipients
KIND_INTERNAL = "Intern överföring"
KIND_COMPANY = "Utbetalning till bolag"


@dataclass(frozen=True)
class Layout:
    """A layout as the file writer needs it (a saved one or a preset)."""

    name: str
    columns: list[str]
    recipients: str = Recipients.ALL
    header: bool = True
    delimiter: str = ";"
    decimal_comma: bool = False
    line_ending: str = "crlf"
    byte_order_mark: bool = True
    committee_account: str = ""
    company_account: str = ""
    slug: str = field(default="", compare=False)

    @classmethod
    def of(cls, saved: PaymentExportLayout) -> Layout:
        return cls(
            name=saved.name,
            columns=list(saved.columns),
            recipients=saved.recipients,
            header=saved.header,
            delimiter=saved.delimiter,
            decimal_comma=saved.decimal_comma,
            line_ending=saved.line_ending,
            byte_order_mark=saved.byte_order_mark,
            committee_account=saved.committee_account,
            company_account=saved.company_account,
        )


def _is_company(payment: Payment) -> bool:
    return payment.application.applicant.kind == OrganisationKind.BOLAG


def _payee(payment: Payment) -> Payee | None:
    return getattr(payment.application.applicant, "fund_payee", None)


def _account(payment: Payment, layout: Layout) -> str:
    payee = _payee(payment)
    if payee and payee.account:
        return payee.account
    template = layout.company_account if _is_company(payment) else layout.committee_account
    return (
        template.replace("{kostnadsstalle}", payee.cost_centre if payee else "")
        .replace("{organisationsnummer}", payee.organisation_number if payee else "")
        .replace("{diarienummer}", payment.application.reference)
    )


def _amount(payment: Payment, layout: Layout) -> str:
    return f"{payment.amount_kr},00" if layout.decimal_comma else str(payment.amount_kr)


def _approved_on(payment: Payment, layout: Layout) -> str:
    return timezone.localtime(payment.approved_at).date().isoformat() if payment.approved_at else ""


# key: (header, help, value). Headers are fixed Swedish identifiers the finance system reads.
COLUMNS: dict[str, tuple[str, str, Callable[[Payment, Layout], str]]] = {
    "utbetalning": ("utbetalnings-id", _("Payment id"), lambda p, layout: str(p.pk)),
    "diarienummer": ("diarienummer", _("Reference"), lambda p, layout: p.application.reference),
    "mottagare": ("mottagare", _("Recipient"), lambda p, layout: p.application.applicant.name),
    "mottagartyp": (
        "mottagartyp",
        _("Kind of payment (internal transfer or to a company)"),
        lambda p, layout: KIND_COMPANY if _is_company(p) else KIND_INTERNAL,
    ),
    "organisationsnummer": (
        "organisationsnummer",
        _("Organisation number of a company"),
        lambda p, layout: _payee(p).organisation_number if _payee(p) and _is_company(p) else "",
    ),
    "kostnadsstalle": (
        "kostnadsställe",
        _("Cost centre of a committee"),
        lambda p, layout: _payee(p).cost_centre if _payee(p) and not _is_company(p) else "",
    ),
    "konto": ("konto", _("Account"), _account),
    "belopp": ("belopp", _("Amount"), _amount),
    "godkand": ("godkänd datum", _("Date approved"), _approved_on),
    "faktura": ("faktura", _("Invoice or payment request"), lambda p, layout: p.invoice_reference),
    "fakturadatum": (
        "fakturadatum",
        _("Invoice date"),
        lambda p, layout: p.invoice_date.isoformat() if p.invoice_date else "",
    ),
    "text": (
        "text",
        _("Text: the fund and the reference"),
        lambda p, layout: f"Trygghetsfonden {p.application.reference}",
    ),
}

PRESETS = {
    "enkel": Layout(
        name=_("Plain CSV of every payment"),
        columns=[
            "utbetalning",
            "diarienummer",
            "mottagare",
            "mottagartyp",
            "organisationsnummer",
            "kostnadsstalle",
            "belopp",
            "godkand",
            "faktura",
            "fakturadatum",
        ],
        slug="enkel",
    ),
    "intern": Layout(
        name=_("Internal transfers to the committees"),
        columns=["kostnadsstalle", "konto", "belopp", "diarienummer", "text"],
        recipients=Recipients.COMMITTEES,
        header=False,
        decimal_comma=True,
        byte_order_mark=False,
        committee_account="{kostnadsstalle}",
        slug="intern",
    ),
}


def payments_for(payments, layout: Layout):
    if layout.recipients == Recipients.COMMITTEES:
        return payments.exclude(application__applicant__kind=OrganisationKind.BOLAG)
    if layout.recipients == Recipients.COMPANIES:
        return payments.filter(application__applicant__kind=OrganisationKind.BOLAG)
    return payments


def payment_file(payments: Iterable[Payment], layout: Layout) -> bytes:
    """The file's bytes (UTF-8). Text from users is made inert for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=layout.delimiter,
        lineterminator="\r\n" if layout.line_ending == "crlf" else "\n",
        quoting=csv.QUOTE_MINIMAL,
    )
    if layout.header:
        writer.writerow([COLUMNS[key][0] for key in layout.columns])
    for payment in payments:
        writer.writerow([csv_cell(COLUMNS[key][2](payment, layout)) for key in layout.columns])
    text = buffer.getvalue()
    return (("\ufeff" if layout.byte_order_mark else "") + text).encode("utf-8")
