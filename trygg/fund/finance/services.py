"""Writes of the finance department's settings: how each recipient is paid, and file layouts."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund.finance.files import COLUMNS
from trygg.fund.models import Payee, PaymentExportLayout
from trygg.fund.policies import fund_policy
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation

ORGANISATION_NUMBER = re.compile(r"^\d{6}-\d{4}$")


def organisation_number_valid(value: str) -> bool:
    """NNNNNN-NNNN with the Luhn check digit (as on every Swedish organisation number)."""
    if not ORGANISATION_NUMBER.match(value):
        return False
    digits = [int(c) for c in value.replace("-", "")]
    total = 0
    for index, digit in enumerate(digits[:9]):
        product = digit * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10 == digits[9]


def payee_save(
    *, actor, organisation: Organisation, organisation_number: str, cost_centre: str, account: str
) -> Payee:
    fund_policy.require(actor, "administer")
    if organisation.municipality_id != actor.municipality_id or organisation.kind not in (
        OrganisationKind.NAMND,
        OrganisationKind.BOLAG,
    ):
        raise PermissionDenied
    organisation_number = organisation_number.strip()
    if organisation_number and not organisation_number_valid(organisation_number):
        raise ApplicationError(
            _("Write the organisation number as NNNNNN-NNNN; the check digit must match."),
            field="organisation_number",
        )
    if organisation.kind == OrganisationKind.BOLAG and not organisation_number:
        raise ApplicationError(
            _("A municipal company is paid by its organisation number: give it."),
            field="organisation_number",
        )
    with transaction.atomic():
        payee, _created = Payee.objects.select_for_update().get_or_create(organisation=organisation)
        payee.organisation_number = organisation_number
        payee.cost_centre = cost_centre.strip()
        payee.account = account.strip()
        payee.save()
        record(action="fund.payee.save", actor=actor, target=payee)
    return payee


def layout_save(
    *, actor, layout: PaymentExportLayout | None, fields: dict, columns: list[str]
) -> PaymentExportLayout:
    fund_policy.require(actor, "administer", layout)
    if not columns:
        raise ApplicationError(_("Choose at least one column."), field="column_1")
    unknown = [key for key in columns if key not in COLUMNS]
    if unknown:
        raise ApplicationError(_("Choose the columns from the list."), field="column_1")
    if len(set(columns)) != len(columns):
        raise ApplicationError(_("A column can only be in the file once."), field="column_1")
    layout = layout or PaymentExportLayout(municipality_id=actor.municipality_id)
    for name, value in fields.items():
        setattr(
            layout, name, value.strip() if isinstance(value, str) and name != "delimiter" else value
        )
    layout.columns = columns
    try:
        with transaction.atomic():
            layout.save()
            record(action="fund.export_layout.save", actor=actor, target=layout)
    except IntegrityError as error:
        raise ApplicationError(
            _("There is already a layout with that name."), field="name"
        ) from error
    return layout
