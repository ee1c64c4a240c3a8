"""Tables of the safety fund as files: CSV for Excel in Sweden, and XLSX.

The column names are fixed Swedish identifiers rather than translated text: finance
systems and saved spreadsheets read the columns by name, whatever language the person who
downloaded the file uses the site in. Cell values (status, category) follow the language.

Rows are produced lazily from ``.iterator(chunk_size=...)``: with a chunk size Django keeps
``prefetch_related``, so the number of queries stays flat however many rows there are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from trygg.fund.constants import MeasureType

CHUNK_SIZE = 2000
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TEXT, AMOUNT, INTEGER, DATETIME, DATE = "text", "amount", "integer", "datetime", "date"
XLSX_FORMATS = {AMOUNT: "#,##0", INTEGER: "0", DATETIME: "yyyy-mm-dd hh:mm", DATE: "yyyy-mm-dd"}


@dataclass(frozen=True)
class Column:
    name: str
    width: int
    kind: str = TEXT


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


def csv_cell(value):
    """One CSV cell: dates in ISO form, and text that a spreadsheet would run made inert."""
    return _csv_value(value)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Iterable[Column], rows: Iterable[list]) -> Iterator[str]:
    """Semicolon-separated with a byte order mark: what Excel with Swedish settings opens."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([column.name for column in columns])
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def xlsx_bytes(columns: Iterable[Column], rows: Iterable[list], *, sheet_title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = list(columns)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value, column: Column | None = None):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        result = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            result.data_type = "s"  # never a formula, whatever the text starts with
        elif column is not None and column.kind in XLSX_FORMATS and value is not None:
            result.number_format = XLSX_FORMATS[column.kind]
        return result

    header = []
    for column in columns:
        header_cell = cell(column.name)
        header_cell.font = bold
        header.append(header_cell)
    sheet.append(header)
    for row in rows:
        sheet.append([cell(value, column) for value, column in zip(row, columns, strict=True)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
