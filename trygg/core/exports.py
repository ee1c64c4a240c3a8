"""Tables as files: CSV that Excel with Swedish settings opens, and XLSX. Shared by every
module that offers a download (the fund's lists, the prevention cycle's district profiles).

Cells a spreadsheet would run as a formula are made inert in both formats (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TEXT, AMOUNT, INTEGER, DATETIME, DATE, DECIMAL = (
    "text",
    "amount",
    "integer",
    "datetime",
    "date",
    "decimal",
)
XLSX_FORMATS = {
    AMOUNT: "#,##0",
    INTEGER: "0",
    DATETIME: "yyyy-mm-dd hh:mm",
    DATE: "yyyy-mm-dd",
    DECIMAL: "#,##0.##",
}


@dataclass(frozen=True)
class Column:
    name: str
    width: int
    kind: str = TEXT


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
    if isinstance(value, Decimal):  # Excel with Swedish settings reads a decimal comma
        return format(value.normalize(), "f").replace(".", ",")
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
