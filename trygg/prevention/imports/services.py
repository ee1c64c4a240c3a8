"""Importing indicator values from a file: upload, check every row, import only when every
row is right. Each step is audited; the file itself never reaches the audit log."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.organisations.models import District
from trygg.prevention.constants import MAX_VALUE, PeriodType
from trygg.prevention.imports.reading import Table, read_table
from trygg.prevention.indicators.services import values_bulk_save
from trygg.prevention.models import ImportMapping, ImportStatus, Indicator, ValueImport
from trygg.prevention.periods import period_start
from trygg.prevention.policies import prevention_policy

MAX_PROBLEMS_SHOWN = 200
TERTIAL = re.compile(r"^(?:T([123])\s*[-/ ]?\s*(\d{4})|(\d{4})\s*[-/ ]?\s*T([123]))$", re.I)


@dataclass
class Mapping:
    district_column: str
    period_column: str
    value_column: str
    indicator_column: str = ""
    indicator: Indicator | None = None

    @classmethod
    def of(cls, saved: ImportMapping) -> Mapping:
        return cls(
            district_column=saved.district_column,
            period_column=saved.period_column,
            value_column=saved.value_column,
            indicator_column=saved.indicator_column,
            indicator=saved.indicator,
        )


@dataclass
class Check:
    rows: int
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, sentence)
    values: dict[tuple[int, int, date], Decimal] = field(default_factory=dict)

    @property
    def problems_shown(self) -> list[tuple[int, str]]:
        return self.problems[:MAX_PROBLEMS_SHOWN]


def import_upload(*, actor, name: str, content: bytes) -> ValueImport:
    prevention_policy.require(actor, "manage_indicators")
    table = read_table(name, content)
    with transaction.atomic():
        upload = ValueImport.objects.create(
            municipality_id=actor.municipality_id,
            file_name=name[:200],
            content=content,
            uploaded_by=actor.user,
            uploaded_at=timezone.now(),
            row_count=len(table.rows),
        )
        record(
            action="prevention.import.upload",
            actor=actor,
            target=upload,
            payload={"rows": len(table.rows)},
        )
    return upload


def import_table(upload: ValueImport) -> Table:
    return read_table(upload.file_name, bytes(upload.content))


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _number(cell) -> Decimal | None:
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        value = Decimal(str(cell))
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", _text(cell)).replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    if not value.is_finite() or abs(value) >= MAX_VALUE:
        return None
    return value.quantize(Decimal("0.01"))


def _period(cell, period_type: str) -> date | None:
    """The period's first day: from a date, "2026-03", "2026-03-01", "2026" or "T1 2026"."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return period_start(cell, period_type)
    text = _text(cell)
    if period_type == PeriodType.TERTIAL and (match := TERTIAL.match(text)):
        number, year = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
        return date(int(year), (int(number) - 1) * 4 + 1, 1)
    for pattern, parts in (
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", 3),
        (r"^(\d{4})-(\d{1,2})$", 2),
        (r"^(\d{4})$", 1),
    ):
        if match := re.match(pattern, text):
            numbers = [int(n) for n in match.groups()] + [1] * (3 - parts)
            try:
                day = date(*numbers)
            except ValueError:
                return None
            if parts == 1 and period_type != PeriodType.YEAR:
                return None
            return period_start(day, period_type)
    return None


def import_check(*, actor, upload: ValueImport, mapping: Mapping) -> Check:
    """Read every row as the mapping says; name every problem with its row (the header is
    row 1, as in the spreadsheet). Nothing is written but the log's problem count."""
    prevention_policy.require(actor, "manage_indicators", upload)
    table = import_table(upload)
    for column in (mapping.district_column, mapping.period_column, mapping.value_column):
        if column not in table.columns:
            raise ApplicationError(_("Choose a column of the file."))
    if mapping.indicator is None and mapping.indicator_column not in table.columns:
        raise ApplicationError(_("Choose the indicator, or the column that names it."))
    position = {name: index for index, name in enumerate(table.columns)}
    districts = {
        d.name.casefold(): d
        for d in District.objects.filter(municipality_id=actor.municipality_id, is_active=True)
    }
    indicators = {
        i.name.casefold(): i
        for i in Indicator.objects.filter(
            municipality_id=actor.municipality_id, is_active=True, from_reports=""
        )
    }
    check = Check(rows=len(table.rows))
    first_row_of: dict[tuple[int, int, date], int] = {}
    for number, row in enumerate(table.rows, start=2):
        indicator = mapping.indicator or indicators.get(
            _text(row[position[mapping.indicator_column]]).casefold()
        )
        district = districts.get(_text(row[position[mapping.district_column]]).casefold())
        period_cell = row[position[mapping.period_column]]
        value = _number(row[position[mapping.value_column]])
        problems = []
        if indicator is None:
            problems.append(
                _("no indicator called “%(name)s”")
                % {"name": _text(row[position[mapping.indicator_column]])[:80]}
            )
        if district is None:
            problems.append(
                _("no district called “%(name)s”")
                % {"name": _text(row[position[mapping.district_column]])[:80]}
            )
        period = _period(period_cell, indicator.period_type) if indicator else None
        if indicator is not None and period is None:
            problems.append(
                _("“%(text)s” is not a period (%(kind)s)")
                % {
                    "text": _text(period_cell)[:40],
                    "kind": indicator.get_period_type_display().lower(),
                }
            )
        if value is None:
            problems.append(
                _("“%(text)s” is not a number")
                % {"text": _text(row[position[mapping.value_column]])[:40]}
            )
        if not problems:
            key = (indicator.pk, district.pk, period)
            if key in first_row_of:
                problems.append(
                    _("the same indicator, district and period as row %(row)s")
                    % {"row": first_row_of[key]}
                )
            else:
                first_row_of[key] = number
                check.values[key] = value
        for problem in problems:
            check.problems.append((number, problem))
    ValueImport.objects.filter(pk=upload.pk).update(
        status=ImportStatus.PROBLEMS if check.problems else ImportStatus.UPLOADED,
        problem_count=len(check.problems),
    )
    return check


def import_commit(*, actor, upload: ValueImport, mapping: Mapping) -> int:
    """Import every value, only if every row is right (checked again here)."""
    prevention_policy.require(actor, "manage_indicators", upload)
    if upload.status == ImportStatus.IMPORTED:
        raise ApplicationError(_("This file has already been imported."))
    check = import_check(actor=actor, upload=upload, mapping=mapping)
    if check.problems:
        raise ApplicationError(_("Nothing was imported: correct the rows named below first."))
    with transaction.atomic():
        written = values_bulk_save(actor=actor, values=check.values)
        now = timezone.now()
        ValueImport.objects.filter(pk=upload.pk).update(
            status=ImportStatus.IMPORTED,
            imported_count=len(check.values),
            finished_at=now,
            content=b"",
        )
        record(
            action="prevention.import.finish",
            actor=actor,
            target=upload,
            payload={"values": len(check.values), "written": written},
        )
    return len(check.values)


def mapping_save(*, actor, name: str, mapping: Mapping) -> ImportMapping:
    prevention_policy.require(actor, "manage_indicators")
    name = name.strip()
    if not name:
        raise ApplicationError(_("Give the mapping a name."), field="save_as")
    try:
        with transaction.atomic():
            saved, _created = ImportMapping.objects.update_or_create(
                municipality_id=actor.municipality_id,
                name=name,
                defaults={
                    "district_column": mapping.district_column,
                    "period_column": mapping.period_column,
                    "value_column": mapping.value_column,
                    "indicator_column": mapping.indicator_column
                    if mapping.indicator is None
                    else "",
                    "indicator": mapping.indicator,
                },
            )
            record(action="prevention.mapping.save", actor=actor, target=saved)
    except IntegrityError as error:
        raise ApplicationError(_("The mapping could not be saved."), field="save_as") from error
    return saved
