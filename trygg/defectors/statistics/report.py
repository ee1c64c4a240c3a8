"""Statistics of the defector programme, with disclosure control.

Volumes are small (a handful of people a year per municipality), so a table of counts can
point at a person. Two rules protect them:

1. **Small numbers**: a count from 1 to MIN_CELL - 1 (settings.TRYGG_STATISTICS_MIN_CELL,
   default 5) is shown as "<5". Zero is shown as "0": it says that nobody is in the cell, which
   concerns no one, and hiding it would make a sparse table unreadable (the practice of
   Swedish official statistics). The exception is a row or column whose own total is a small
   number: there the zeros would say what its few people all have in common, so they are
   shown as "<5" too (true of 0). A cost, an average or a median that rests on fewer than
   MIN_CELL cases is not shown ("..").
2. **Totals**: a total must not give a hidden cell back by subtraction. Each row and column
   with a shown total is a line ``sum(members) = total``; while a line gives away more about a
   hidden small number than "<5" says (exactly one hidden member, or hidden members whose sum
   pins a small number down), one more member is hidden ("..", the smallest that is enough) or,
   when no member is left, the total itself. This repeats until every line is safe.
   Every line is checked on its own; the tables here are small and have one total per line.

``protect_counts`` and ``protect_amounts`` are pure functions over lists of rows; the queries
below feed them a fixed number of GROUP BY aggregates, whatever the number of cases.
"""

from __future__ import annotations

import statistics as pystats
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from trygg.core.roles import Role
from trygg.defectors.constants import (
    CaseStatus,
    GroupType,
    InterventionType,
    Outcome,
    ReferralSource,
)

SMALL = "small"  # a small number itself: shown as "<5"
HIDDEN = "hidden"  # hidden to protect a small number, or resting on too few cases: ".."
NBSP = "\u00a0"


@dataclass(frozen=True)
class Cell:
    """One figure of a protected table: its value, or why it is not shown."""

    value: int | Decimal | float | None
    hidden: str = ""
    kind: str = "count"  # "count", "amount" (kronor) or "days"
    min_cell: int = 5

    @property
    def shown(self) -> bool:
        return not self.hidden

    def __str__(self) -> str:
        if self.hidden == SMALL:
            return f"<{self.min_cell}"
        if self.hidden:
            return ".."
        if self.value is None:
            return "-"
        if self.kind == "amount":
            digits = f"{Decimal(self.value).quantize(Decimal(1)):,.0f}".replace(",", NBSP)
            return f"{digits}{NBSP}kr"
        if self.kind == "days":
            return f"{self.value:.0f}"
        return str(self.value)

    def plain(self) -> str:
        """The figure for a CSV file: markers as on the page, numbers without units."""
        if self.hidden or self.value is None:
            return str(self)
        if self.kind == "amount":
            return str(Decimal(self.value).quantize(Decimal(1)))
        return str(self) if self.kind == "days" else str(self.value)


@dataclass
class Protected:
    """A table after disclosure control: cells by row, totals of rows (None for a table of one
    column, whose column total is the grand total) and of columns, and the grand total."""

    cells: list[list[Cell]]
    row_totals: list[Cell] | None
    col_totals: list[Cell]
    grand_total: Cell | None


# Keys of the figures of a table: ("c", i, j) cell, ("r", i) row total, ("k", j) column total,
# ("g",) grand total.
Key = tuple


def _lines(rows: int, cols: int) -> list[tuple[list[Key], Key]]:
    """Every additive constraint of the table: (members, total)."""
    if cols == 1:
        return [([("c", i, 0) for i in range(rows)], ("k", 0))]
    lines = [([("c", i, j) for j in range(cols)], ("r", i)) for i in range(rows)]
    lines += [([("c", i, j) for i in range(rows)], ("k", j)) for j in range(cols)]
    lines.append(([("r", i) for i in range(rows)], ("g",)))
    lines.append(([("k", j) for j in range(cols)], ("g",)))
    return lines


def _figures(cells: list[list], cols: int) -> dict[Key, object]:
    rows = len(cells)
    figures: dict[Key, object] = {}
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            figures[("c", i, j)] = value
    for j in range(cols):
        figures[("k", j)] = sum(cells[i][j] for i in range(rows))
    if cols > 1:
        for i in range(rows):
            figures[("r", i)] = sum(cells[i])
        figures[("g",)] = sum(figures[("k", j)] for j in range(cols))
    return figures


def _count_line_leaks(members: list[Key], hidden: dict, values: dict, k: int) -> bool:
    """Whether a line with a shown total tells more about a hidden small number than "<k".

    The reader knows the sum S of the line's hidden members, that each small one is 1..k-1
    and each other hidden one is at least k. A small member then lies between
    S - (others at their largest) and S - (others at their smallest); the line is safe only if
    that still allows every value from 1 to k-1."""
    hidden_members = [m for m in members if m in hidden]
    if not hidden_members:
        return False
    if len(hidden_members) == 1:
        return True
    small = [m for m in hidden_members if hidden[m] == SMALL]
    if not small:
        return False
    total = sum(values[m] for m in hidden_members)
    others_small, others_large = len(small) - 1, len(hidden_members) - len(small)
    largest_possible = total - others_small * 1 - others_large * k
    if largest_possible < k - 1:
        return True
    if others_large == 0:
        smallest_possible = total - others_small * (k - 1)
        if smallest_possible > 1:
            return True
    return False


def _protect(
    figures: dict[Key, object],
    sizes: dict[Key, int],
    lines: list[tuple[list[Key], Key]],
    *,
    min_cell: int,
    leaks: Callable[[list[Key], dict], bool],
    choose: Callable[[list[Key], dict], Key | None],
    hidden: dict[Key, str] | None = None,
    hide_zeros_beside_small_totals: bool = False,
) -> dict[Key, str]:
    """Primary suppression by ``sizes``, then complementary suppression until no line leaks."""
    hidden = dict(hidden or {})
    for key, size in sizes.items():
        if 0 < size < min_cell:
            hidden[key] = SMALL
    if hide_zeros_beside_small_totals:
        # In a row or column of only a few people, the zeros would tell what they all have
        # in common ("all 3 came through the police"): there they are shown as "<5" too,
        # which is true of 0, and the reader cannot tell them from the small numbers.
        for members, total in lines:
            if hidden.get(total) == SMALL:
                for member in members:
                    if sizes[member] == 0:
                        hidden.setdefault(member, SMALL)
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            if total in hidden or not leaks(members, hidden):
                continue
            pick = choose(members, hidden)
            hidden[pick if pick is not None else total] = HIDDEN
            changed = True
    return hidden


def _assemble(figures, hidden, rows, cols, *, kind, min_cell) -> Protected:
    def cell(key):
        return Cell(figures[key], hidden.get(key, ""), kind, min_cell)

    return Protected(
        cells=[[cell(("c", i, j)) for j in range(cols)] for i in range(rows)],
        row_totals=[cell(("r", i)) for i in range(rows)] if cols > 1 else None,
        col_totals=[cell(("k", j)) for j in range(cols)],
        grand_total=cell(("g",)) if cols > 1 else None,
    )


def _shape(cells: list[list]) -> tuple[int, int]:
    if not cells or not cells[0]:
        raise ValueError("a table needs at least one row and one column")
    cols = len(cells[0])
    if any(len(row) != cols for row in cells):
        raise ValueError("every row needs the same number of columns")
    return len(cells), cols


def protect_counts(
    cells: list[list[int]],
    *,
    min_cell: int,
    hidden_totals: Iterable[Key] = (),
) -> Protected:
    """Disclosure control of a table of counts (rows by columns) with its totals.

    A table of one column has only column totals (its total row); a wider one also has row
    totals and a grand total. ``hidden_totals`` (keys ``("k", j)`` or ``("g",)``) are hidden
    from the start: used when two tables share their column totals."""
    rows, cols = _shape(cells)
    figures = _figures(cells, cols)
    lines = _lines(rows, cols)

    def leaks(members, hidden):
        return _count_line_leaks(members, hidden, figures, min_cell)

    def choose(members, hidden):
        candidates = sorted(
            (m for m in members if m not in hidden and figures[m] > 0), key=lambda m: figures[m]
        )
        for candidate in candidates:
            if not leaks(members, {**hidden, candidate: HIDDEN}):
                return candidate
        return candidates[-1] if candidates else None

    hidden = _protect(
        figures,
        dict(figures),
        lines,
        min_cell=min_cell,
        leaks=leaks,
        choose=choose,
        hidden={key: HIDDEN for key in hidden_totals if key in figures},
        hide_zeros_beside_small_totals=True,
    )
    return _assemble(figures, hidden, rows, cols, kind="count", min_cell=min_cell)


def protect_amounts(
    amounts: list[list[Decimal]],
    cases: list[list[int]],
    *,
    min_cell: int,
    case_totals: dict[Key, int] | None = None,
) -> Protected:
    """Disclosure control of a table of sums of money: a sum over fewer than ``min_cell``
    cases is hidden, and a line with a shown total never has exactly one hidden sum (the
    member resting on the fewest cases is hidden next, or else the total).

    ``cases`` holds the number of cases behind each cell; ``case_totals`` the number behind
    each total (a case may count in several cells of a column), computed from the cells
    when not given."""
    rows, cols = _shape(amounts)
    figures = _figures(amounts, cols)
    sizes = _figures(cases, cols)
    sizes.update(case_totals or {})
    lines = _lines(rows, cols)

    def leaks(members, hidden):
        return sum(1 for m in members if m in hidden) == 1

    def choose(members, hidden):
        candidates = sorted(
            (m for m in members if m not in hidden and sizes[m] > 0),
            key=lambda m: (sizes[m], figures[m]),
        )
        return candidates[0] if candidates else None

    hidden = _protect(figures, sizes, lines, min_cell=min_cell, leaks=leaks, choose=choose)
    # A sum of money over few cases is not itself a small number: it is shown as "..".
    hidden = dict.fromkeys(hidden, HIDDEN)
    return _assemble(figures, hidden, rows, cols, kind="amount", min_cell=min_cell)


def protect_linked_counts(tables: list[list[list[int]]], *, min_cell: int) -> list[Protected]:
    """Protect tables over the same population (same column totals and grand total), so a
    total hidden in one is hidden in all: otherwise one table's total would open the other."""
    forced: set[Key] = set()
    while True:
        protected = [protect_counts(t, min_cell=min_cell, hidden_totals=forced) for t in tables]
        hidden_totals = set()
        for table in protected:
            hidden_totals |= {("k", j) for j, c in enumerate(table.col_totals) if not c.shown}
            if table.grand_total is not None and not table.grand_total.shown:
                hidden_totals.add(("g",))
        if hidden_totals <= forced:
            return protected
        forced |= hidden_totals


def protect_durations(
    durations: list[list[int]], *, min_cell: int
) -> tuple[list[Cell], Cell | None, list[Cell], Cell | None]:
    """Average and median days per column, and over all columns (when more than one).

    Not shown when resting on fewer than ``min_cell`` cases; when exactly one column is not
    shown, the overall figures are not shown either (they would give it back)."""

    def figures(days: list[int]) -> tuple[Cell, Cell]:
        if not days:
            return Cell(None, kind="days", min_cell=min_cell), Cell(
                None, kind="days", min_cell=min_cell
            )
        hidden = HIDDEN if len(days) < min_cell else ""
        return (
            Cell(pystats.fmean(days), hidden, "days", min_cell),
            Cell(float(pystats.median(days)), hidden, "days", min_cell),
        )

    per_column = [figures(days) for days in durations]
    averages = [a for a, _m in per_column]
    medians = [m for _a, m in per_column]
    if len(durations) == 1:
        return averages, None, medians, None
    overall_average, overall_median = figures([d for days in durations for d in days])
    if sum(1 for a in averages if not a.shown) == 1:
        overall_average = Cell(overall_average.value, HIDDEN, "days", min_cell)
        overall_median = Cell(overall_median.value, HIDDEN, "days", min_cell)
    return averages, overall_average, medians, overall_median


# --- Who sees what ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose cases the statistics cover and how they are broken down.

    ``by`` is the Case field of the columns ("municipality" or "unit"); ``columns`` the
    column ids in order with their names."""

    by: str
    columns: list[tuple[int, str]]
    unit_id: int | None = None
    municipality_ids: tuple[int, ...] = ()

    def case_filter(self, prefix: str = "") -> dict:
        if self.unit_id is not None:
            return {f"{prefix}unit_id": self.unit_id}
        return {f"{prefix}municipality_id__in": self.municipality_ids}

    @property
    def row_filter(self) -> dict:
        """For a case's intake and interventions: those of the unit's cases, or those of the
        municipalities, by the municipality they keep (no join to every case of a region)."""
        if self.unit_id is not None:
            return {"case__unit_id": self.unit_id}
        return {"municipality_id__in": self.municipality_ids}

    @property
    def row_column(self) -> str:
        """The column of an intake's or intervention's figure."""
        return "case__unit_id" if self.by == "unit" else "municipality_id"


def covered_municipalities(actor):
    """The municipalities (Organisation rows) an analyst covers (``organisations.selectors``)."""
    from trygg.organisations.selectors import covered_municipalities as covered

    return covered(actor.organisation)


def covered_municipality_ids(actor) -> list[int]:
    return list(covered_municipalities(actor).order_by("pk").values_list("pk", flat=True))


def scope_for(actor) -> Scope | None:
    """The unit manager: their unit, one column. The analyst: the municipalities they cover
    that keep cases in Trygg, one column each (one query). Anyone else: None."""
    from trygg.defectors.models import Case

    if actor.has_role(Role.ENHETSCHEF) and actor.organisation is not None:
        unit = actor.organisation
        return Scope(by="unit", columns=[(unit.pk, unit.name)], unit_id=unit.pk)
    if actor.has_role(Role.ANALYTIKER):
        # One index probe per covered municipality, not a pass over every case.
        keeps_cases = Exists(Case.objects.filter(municipality_id=OuterRef("pk")))
        columns = list(
            covered_municipalities(actor)
            .filter(keeps_cases)
            .order_by("name")
            .values_list("pk", "name")
        )
        return Scope(
            by="municipality", columns=columns, municipality_ids=tuple(pk for pk, _ in columns)
        )
    return None


# --- The tables ------------------------------------------------------------------------


@dataclass
class Table:
    slug: str
    title: str
    row_heading: str
    column_labels: list[str]
    row_labels: list[str]
    protected: Protected
    note: str = ""
    # Rows that are not counts (average, median), with their figure over all columns.
    extra_rows: list[tuple[str, list[Cell], Cell | None]] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, list[Cell], Cell | None]]:
        totals = self.protected.row_totals or [None] * len(self.row_labels)
        return list(zip(self.row_labels, self.protected.cells, totals, strict=True))

    @property
    def has_row_totals(self) -> bool:
        """A "Total" column: tables of more than one column."""
        return len(self.column_labels) > 1


@dataclass
class Report:
    period_start: date
    period_end: date
    scope: Scope
    tables: list[Table]
    min_cell: int


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _matrix(rows, columns, counts: dict, default=0) -> list[list]:
    index = {pk: j for j, (pk, _name) in enumerate(columns)}
    matrix = [[default for _ in columns] for _ in rows]
    for (row_value, column_id), value in counts.items():
        if column_id in index and row_value in rows:
            matrix[rows.index(row_value)][index[column_id]] = value
    return matrix


def _days_open(closed, col: str) -> list[list[int]]:
    """Days from opening to closing (local dates) of the closed cases, as a histogram:
    ``[column, days, cases]`` rows.

    PostgreSQL counts them itself: a region's closed cases of a year are thousands, and
    reading two time stamps of each cost more than the four aggregates of the page. SQLite
    has no time zones, so there the time stamps are read and counted here."""
    if connection.vendor == "postgresql":
        local_days = RawSQL(
            "(closed_at AT TIME ZONE %s)::date - (opened_at AT TIME ZONE %s)::date",
            (settings.TIME_ZONE, settings.TIME_ZONE),
            output_field=IntegerField(),
        )
        return [
            list(row)
            for row in closed.order_by()
            .annotate(days=local_days)
            .values(col, "days")
            .annotate(cases=Count("id"))
            .values_list(col, "days", "cases")
        ]
    zone = ZoneInfo(settings.TIME_ZONE)
    histogram: dict[tuple[int, int], int] = defaultdict(int)
    for column_id, opened_at, closed_at in closed.order_by().values_list(
        col, "opened_at", "closed_at"
    ):
        days = (closed_at.astimezone(zone).date() - opened_at.astimezone(zone).date()).days
        histogram[(column_id, days)] += 1
    return [[column_id, days, cases] for (column_id, days), cases in histogram.items()]


def _amount(value) -> str | None:
    return None if value is None else str(value)


def computed_figures(*, scope: Scope, period_start: date, period_end: date) -> dict:
    """The raw figures of the scope and period (before disclosure control), as JSON-ready
    rows of ids, choice values and numbers: five aggregate queries whatever the number of
    cases (the days open read the period's closed cases on SQLite)."""
    from trygg.defectors.models import Case, Intake, Intervention

    col = f"{scope.by}_id"
    row_col = scope.row_column
    start, end = _local_start(period_start), _local_start(period_end + timedelta(days=1))

    # Intakes in the period, by referral source and group type (one query, both tables).
    intakes = [
        [row[row_col], row["source"], row["group_type"], row["n"]]
        for row in Intake.objects.filter(**scope.row_filter, date__gte=period_start)
        .filter(date__lte=period_end)
        .values(row_col, "source", "group_type")
        .annotate(n=Count("id"))
    ]
    # Open cases today by stage, and cases closed in the period by outcome: one pass.
    closed_in_period = Q(status=CaseStatus.AVSLUTAT, closed_at__gte=start, closed_at__lt=end)
    cases = [
        [row[col], row["status"], row["outcome"], row["n"]]
        for row in Case.objects.filter(**scope.case_filter())
        .filter(~Q(status=CaseStatus.AVSLUTAT) | closed_in_period)
        .values(col, "status", "outcome")
        .annotate(n=Count("id"))
    ]
    # Interventions started in the period, by type: number, cases, decided and actual cost;
    # and the cases with any intervention per column (a case may have several types).
    started = Intervention.objects.filter(
        **scope.row_filter, start_on__gte=period_start, start_on__lte=period_end
    )
    interventions = [
        [
            row[row_col],
            row["type"],
            row["n"],
            row["cases"],
            _amount(row["decided"]),
            _amount(row["actual"]),
        ]
        for row in started.values(row_col, "type").annotate(
            n=Count("id"),
            cases=Count("case", distinct=True),
            decided=Sum("decided_cost"),
            actual=Sum("actual_cost"),
        )
    ]
    cases_per_column = [
        [row[row_col], row["cases"]]
        for row in started.values(row_col).annotate(cases=Count("case", distinct=True))
    ]
    closed = Case.objects.filter(closed_in_period, **scope.case_filter())
    return {
        "intakes": intakes,
        "cases": cases,
        "interventions": interventions,
        "cases_per_column": cases_per_column,
        "days_open": _days_open(closed, col),
    }


def _figures_key(scope: Scope, period_start: date, period_end: date) -> str:
    columns = ",".join(str(pk) for pk, _name in scope.columns)
    # The time zone draws the period's bounds.
    return f"{scope.by}:{columns}:{period_start}:{period_end}:{settings.TIME_ZONE}"


def figures(*, scope: Scope, period_start: date, period_end: date) -> dict:
    """``computed_figures``, read back from ``StatisticsFigures`` while the versions of the
    covered organisations are the ones they were computed at (two small queries), computed
    and stored again otherwise (``trygg.defectors.statistics.models``)."""
    from trygg.defectors.models import StatisticsFigures, StatisticsVersion

    covered = [scope.unit_id] if scope.unit_id is not None else list(scope.municipality_ids)
    key = _figures_key(scope, period_start, period_end)
    # The versions are read before the figures are computed: figures stored under them are
    # at least as new, and a change after the read moves a version past them.
    current = dict(
        StatisticsVersion.objects.filter(organisation_id__in=covered).values_list(
            "organisation_id", "version"
        )
    )
    versions = [[pk, current.get(pk, 0)] for pk in covered]
    stored = StatisticsFigures.objects.filter(key=key).values_list("versions", "figures").first()
    if stored is not None and stored[0] == versions:
        return stored[1]
    computed = computed_figures(scope=scope, period_start=period_start, period_end=period_end)
    StatisticsFigures.objects.bulk_create(
        [StatisticsFigures(key=key, versions=versions, figures=computed)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["versions", "figures"],
    )
    return computed


def build_report(*, scope: Scope, period_start: date, period_end: date) -> Report:
    """Every table of the statistics page for ``scope`` and the period (inclusive days),
    from the stored figures (``figures``), with disclosure control applied here."""
    min_cell = settings.TRYGG_STATISTICS_MIN_CELL
    columns = scope.columns
    if not columns:
        return Report(period_start, period_end, scope, [], min_cell)
    labels = [name for _pk, name in columns]
    raw = figures(scope=scope, period_start=period_start, period_end=period_end)

    by_source: dict = defaultdict(int)
    by_group: dict = defaultdict(int)
    for column_id, source, group_type, n in raw["intakes"]:
        by_source[(source, column_id)] += n
        by_group[(group_type, column_id)] += n
    sources, groups = list(ReferralSource.values), list(GroupType.values)
    source_table, group_table = protect_linked_counts(
        [_matrix(sources, columns, by_source), _matrix(groups, columns, by_group)],
        min_cell=min_cell,
    )

    open_statuses = [s for s in CaseStatus.values if s != CaseStatus.AVSLUTAT]
    open_counts, outcome_counts = {}, {}
    for column_id, status, outcome, n in raw["cases"]:
        if status == CaseStatus.AVSLUTAT:
            outcome_counts[(outcome, column_id)] = n
        else:
            open_counts[(status, column_id)] = n

    types = list(InterventionType.values)
    interventions = [
        {
            "column": column_id,
            "type": kind,
            "n": n,
            "cases": cases,
            "decided": Decimal(decided) if decided is not None else None,
            "actual": Decimal(actual) if actual is not None else None,
        }
        for column_id, kind, n, cases, decided, actual in raw["interventions"]
    ]
    cases_per_column = dict(raw["cases_per_column"])

    def intervention_matrix(name, default=0):
        return _matrix(
            types,
            columns,
            {(r["type"], r["column"]): r[name] or default for r in interventions},
            default,
        )

    case_totals = {("k", j): cases_per_column.get(pk, 0) for j, (pk, _n) in enumerate(columns)}
    case_totals[("g",)] = sum(case_totals.values())
    case_matrix = intervention_matrix("cases")

    # Cases closed in the period: outcome, and days from opening to closing.
    outcomes = list(Outcome.values)
    days_by_column: dict[int, list[int]] = defaultdict(list)
    for column_id, days, cases in raw["days_open"]:
        days_by_column[column_id].extend([days] * cases)
    averages, overall_average, medians, overall_median = protect_durations(
        [sorted(days_by_column.get(pk, [])) for pk, _name in columns], min_cell=min_cell
    )

    tables = [
        Table(
            "source",
            _("Intakes by referral source"),
            _("Referred by"),
            labels,
            [ReferralSource(v).label for v in sources],
            source_table,
        ),
        Table(
            "group",
            _("Intakes by network or group type"),
            _("Network or group type"),
            labels,
            [GroupType(v).label for v in groups],
            group_table,
        ),
        Table(
            "open",
            _("Open cases today, by stage"),
            _("Stage"),
            labels,
            [CaseStatus(v).label for v in open_statuses],
            protect_counts(_matrix(open_statuses, columns, open_counts), min_cell=min_cell),
            note=_("Today's figures: they do not depend on the period chosen."),
        ),
        Table(
            "interventions",
            _("Interventions started in the period, by type"),
            _("Intervention"),
            labels,
            [InterventionType(v).label for v in types],
            protect_counts(intervention_matrix("n"), min_cell=min_cell),
        ),
        Table(
            "decided_cost",
            _("Decided cost of the interventions started in the period"),
            _("Intervention"),
            labels,
            [InterventionType(v).label for v in types],
            protect_amounts(
                intervention_matrix("decided", Decimal(0)),
                case_matrix,
                min_cell=min_cell,
                case_totals=case_totals,
            ),
        ),
        Table(
            "actual_cost",
            _("Actual cost of the interventions started in the period"),
            _("Intervention"),
            labels,
            [InterventionType(v).label for v in types],
            protect_amounts(
                intervention_matrix("actual", Decimal(0)),
                case_matrix,
                min_cell=min_cell,
                case_totals=case_totals,
            ),
        ),
        Table(
            "outcomes",
            _("Cases closed in the period, by outcome"),
            _("Outcome"),
            labels,
            [Outcome(v).label for v in outcomes],
            protect_counts(_matrix(outcomes, columns, outcome_counts), min_cell=min_cell),
        ),
    ]
    duration = Table(
        "duration",
        _("Days from opening to closing, cases closed in the period"),
        _("Figure"),
        labels,
        [],
        Protected(cells=[], row_totals=None, col_totals=[], grand_total=None),
        extra_rows=[
            (_("Average"), averages, overall_average),
            (_("Median"), medians, overall_median),
        ],
    )
    tables.append(duration)
    return Report(period_start, period_end, scope, tables, min_cell)


def report_rows(table: Table) -> list[list[str]]:
    """The table as text, header first: for the CSV download (same suppression as the page)."""
    header = [table.row_heading, *table.column_labels]
    if table.has_row_totals:
        header.append(_("Total"))
    out = [header]
    for label, cells, total in [*table.rows, *table.extra_rows]:
        out.append([label, *(c.plain() for c in cells), *([total.plain()] if total else [])])
    if table.protected.col_totals:
        grand = table.protected.grand_total
        out.append(
            [
                _("Total"),
                *(c.plain() for c in table.protected.col_totals),
                *([grand.plain()] if grand else []),
            ]
        )
    return out
