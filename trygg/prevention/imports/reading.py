"""Reading an uploaded file of indicator values: CSV (semicolon, comma or tab separated, as
Excel in Sweden writes it) or XLSX (the first sheet). The first row names the columns."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000


@dataclass
class Table:
    columns: list[str]
    rows: list[list]  # cell values as read: text, numbers or dates

    def column_choices(self) -> list[tuple[str, str]]:
        return [(name, name) for name in self.columns]


def _xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # any unreadable workbook is the user's file, not a fault
        raise ApplicationError(
            _("The file could not be read as an Excel file."), field="file"
        ) from error
    sheet = workbook.worksheets[0]
    rows = [
        list(row)
        for _index, row in zip(range(MAX_ROWS + 2), sheet.iter_rows(values_only=True), strict=False)
    ]
    workbook.close()
    return rows


def _csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")  # older Excel on Windows; every byte is a letter
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    try:
        return list(csv.reader(io.StringIO(text.replace("\x00", "")), delimiter=delimiter))
    except csv.Error as error:
        raise ApplicationError(
            _("The file could not be read as a CSV file."), field="file"
        ) from error


def read_table(name: str, content: bytes) -> Table:
    """The file as a header and rows; refused with a sentence the user can act on."""
    if not content:
        raise ApplicationError(_("The file is empty."), field="file")
    if len(content) > MAX_BYTES:
        raise ApplicationError(_("The file is larger than 5 MB. Split it in parts."), field="file")
    is_xlsx = content[:2] == b"PK"
    if name.lower().endswith(".xlsx") != is_xlsx:
        raise ApplicationError(_("Upload a CSV file or an Excel file (.xlsx)."), field="file")
    rows = _xlsx(content) if is_xlsx else _csv(content)
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if len(rows) < 2:
        raise ApplicationError(
            _("The file needs a first row with the column names and at least one row of values."),
            field="file",
        )
    if len(rows) > MAX_ROWS + 1:
        raise ApplicationError(
            _("The file has more than %(count)s rows. Split it in parts.") % {"count": MAX_ROWS},
            field="file",
        )
    columns = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    if len(set(columns)) != len(columns) or "" in columns:
        raise ApplicationError(
            _("Every column needs a name of its own in the first row."), field="file"
        )
    width = len(columns)
    body = [(list(row) + [None] * width)[:width] for row in rows[1:]]
    return Table(columns=columns, rows=body)
