"""Tables of the safety fund as files (written by ``trygg.core.exports``: CSV and XLSX).

The column names are fixed Swedish identifiers rather than translated text: finance
systems and saved spreadsheets read the columns by name, whatever language the person who
downloaded the file uses the site in. Cell values (status, category) follow the language.

Rows are produced lazily from ``.iterator(chunk_size=...)``: with a chunk size Django keeps
``prefetch_related``, so the number of queries stays flat however many rows there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from trygg.core.exports import AMOUNT, DATE, DATETIME, INTEGER, Column
from trygg.fund.constants import MeasureType

CHUNK_SIZE = 2000


APPLICATION_COLUMNS = (
    Column("diarienummer", 16),
    Column("titel", 40),
    Column("sökande", 30),
    Column("områden", 30),
    Column("kategori", 22),
    Column("åtgärdstyper", 36),
    Column("status", 20),
    Column("sökt belopp", 14, AMOUNT),
    Column("beviljat", 14, AMOUNT),
    Column("utbetalt", 14, AMOUNT),
    Column("inskickad", 18, DATETIME),
)

PAYMENT_COLUMNS = (
    Column("utbetalnings-id", 16, INTEGER),
    Column("diarienummer", 16),
    Column("mottagare", 36),
    Column("belopp", 14, AMOUNT),
    Column("godkänd datum", 16, DATE),
    Column("begärd av", 28),
    Column("godkänd av", 28),
)


def _local(moment: datetime | None) -> datetime | None:
    # Spreadsheets have no time zones: write the Swedish wall-clock time.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _measure_type_label(value: str) -> str:
    return str(MeasureType(value).label) if value in MeasureType.values else value


def application_rows(applications: QuerySet) -> Iterator[list]:
    for application in applications.iterator(chunk_size=CHUNK_SIZE):
        yield [
            application.reference,
            application.title,
            application.applicant.name,
            ", ".join(district.name for district in application.districts.all()),
            str(application.get_category_display()),
            ", ".join(_measure_type_label(value) for value in application.measure_types),
            str(application.get_status_display()),
            application.requested_kr,
            application.granted_kr,
            application.paid_kr,
            _local(application.submitted_at),
        ]


def payment_rows(payments: QuerySet) -> Iterator[list]:
    for payment in payments.iterator(chunk_size=CHUNK_SIZE):
        approved_at = _local(payment.approved_at)
        yield [
            payment.pk,
            payment.application.reference,
            payment.application.applicant.name,
            payment.amount_kr,
            approved_at.date() if approved_at else None,
            str(payment.requested_by),
            str(payment.approved_by) if payment.approved_by else "",
        ]
