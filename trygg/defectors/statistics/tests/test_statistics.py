"""Statistics with small-number suppression: the pure disclosure-control functions, and the
page for the analyst and the unit manager (aggregates only, nothing about a person)."""

import itertools
import random
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role
from trygg.defectors.conftest import ADAM, case_of, personal_fragments
from trygg.defectors.constants import GroupType, ReferralSource
from trygg.defectors.models import (
    Case,
    Intake,
    Intervention,
    StatisticsFigures,
    StatisticsVersion,
)
from trygg.defectors.statistics.forms import period_bounds, period_code
from trygg.defectors.statistics.report import (
    HIDDEN,
    SMALL,
    Cell,
    _lines,
    covered_municipality_ids,
    protect_amounts,
    protect_counts,
    protect_durations,
    protect_linked_counts,
)

K = 5


def shown(protected):
    """The table as the reader sees it: cells, row totals, column totals, grand total."""
    cells = [[str(c) for c in row] for row in protected.cells]
    rows = [str(c) for c in protected.row_totals] if protected.row_totals is not None else None
    grand = str(protected.grand_total) if protected.grand_total is not None else None
    return cells, rows, [str(c) for c in protected.col_totals], grand


# --- The pure functions ------------------------------------------------------------------


def test_all_cells_at_least_the_minimum_hide_nothing():
    cells, rows, cols, grand = shown(protect_counts([[5, 9], [12, 6]], min_cell=K))
    assert cells == [["5", "9"], ["12", "6"]]
    assert rows == ["14", "18"] and cols == ["17", "15"] and grand == "32"


def test_zero_is_shown_as_zero():
    cells, _rows, cols, _grand = shown(protect_counts([[0], [7], [9]], min_cell=K))
    assert cells == [["0"], ["7"], ["9"]] and cols == ["16"]


def test_one_small_cell_with_a_total_hides_a_complementary_cell():
    cells, _rows, cols, _grand = shown(protect_counts([[3], [10], [12]], min_cell=K))
    # 25 - 10 - 12 would give the 3 back: the next smallest (10) is hidden too.
    assert cells == [["<5"], [".."], ["12"]]
    assert cols == ["25"]


def test_total_below_the_minimum_is_hidden():
    cells, _rows, cols, _grand = shown(protect_counts([[3], [2], [7]], min_cell=K))
    # 12 - 7 = 5 says only that the two hidden numbers make 5 together: 1+4, 2+3...
    assert cells == [["<5"], ["<5"], ["7"]] and cols == ["12"]
    cells, _rows, cols, _grand = shown(protect_counts([[3], [1]], min_cell=K))
    assert cols == ["<5"]


def test_zeros_beside_a_small_total_are_not_told_apart():
    # "0, 0, <5 of <5" would tell that all the few people came the same way.
    cells, _rows, cols, _grand = shown(protect_counts([[3, 6], [0, 7], [0, 9]], min_cell=K))
    assert [row[0] for row in cells] == ["<5", "<5", "<5"]
    assert cols[0] == "<5"
    cells, _rows, cols, _grand = shown(protect_counts([[3], [0], [0]], min_cell=K))
    assert cells == [["<5"], ["<5"], ["<5"]] and cols == ["<5"]


def test_two_small_cells_whose_sum_tells_their_values_are_protected():
    # Hidden 1 and 1 with a total of 22 and 20 shown: the sum 2 would say "both are 1".
    cells, _rows, cols, _grand = shown(protect_counts([[1], [1], [20]], min_cell=K))
    assert cells == [["<5"], ["<5"], [".."]] and cols == ["22"]
    # 4 and 4 beside 9: the sum 8 would say "both are 4".
    cells, _rows, cols, _grand = shown(protect_counts([[4], [4], [9]], min_cell=K))
    assert cells == [["<5"], ["<5"], [".."]]


def test_small_cells_with_no_other_member_hide_the_total():
    cells, _rows, cols, _grand = shown(protect_counts([[3], [4]], min_cell=K))
    assert cells == [["<5"], ["<5"]] and cols == [".."]


def test_two_way_table_protects_rows_columns_and_totals():
    cells, rows, cols, grand = shown(
        protect_counts([[3, 10, 7], [10, 12, 9], [8, 8, 8]], min_cell=K)
    )
    assert cells[0][0] == "<5"
    assert rows == ["20", "31", "24"] and cols == ["21", "30", "24"] and grand == "75"
    # Row 0 and column 0 each hold a second hidden cell.
    assert sum(c in ("<5", "..") for c in cells[0]) >= 2
    assert sum(row[0] in ("<5", "..") for row in cells) >= 2


def _feasible_values_of_small(members, hidden_kinds, values, total_sum):
    """Brute force: every value each hidden member can take, given the line's sum of hidden
    members, "<5" ones 0..K-1 and ".." ones anything else (0 or K..sum)."""
    other = [0, *range(K, max(total_sum, K) + 1)]
    ranges = [range(0, K) if kind == SMALL else other for kind in hidden_kinds]
    feasible = [set() for _ in members]
    for combo in itertools.product(*ranges):
        if sum(combo) == total_sum:
            for n, value in enumerate(combo):
                feasible[n].add(value)
    return feasible


@pytest.mark.parametrize("seed", range(40))
def test_no_line_tells_more_about_a_small_number_than_the_marker(seed):
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 4)
    cells = [
        [rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20]) for _ in range(cols)] for _ in range(rows)
    ]
    protected = protect_counts(cells, min_cell=K)
    figures = {("c", i, j): protected.cells[i][j] for i in range(rows) for j in range(cols)}
    figures.update({("k", j): c for j, c in enumerate(protected.col_totals)})
    if protected.row_totals is not None:
        figures.update({("r", i): c for i, c in enumerate(protected.row_totals)})
        figures[("g",)] = protected.grand_total
    for key, cell in figures.items():  # the marker never lies
        if cell.hidden == SMALL:
            assert 0 <= cell.value < K, key
        elif cell.shown:
            assert not (0 < cell.value < K), key
    for members, total in _lines(rows, cols):
        if not figures[total].shown:
            continue
        hidden = [m for m in members if not figures[m].shown]
        assert len(hidden) != 1, (cells, members)
        small = [m for m in hidden if figures[m].hidden == SMALL]
        if not small or len(hidden) > 6:
            continue
        hidden_sum = sum(figures[m].value for m in hidden)
        feasible = _feasible_values_of_small(
            hidden, [figures[m].hidden for m in hidden], figures, hidden_sum
        )
        for member, values in zip(hidden, feasible, strict=True):
            if figures[member].hidden == SMALL and figures[member].value > 0:
                assert values >= set(range(1, K)), (cells, member, values)


def test_linked_tables_hide_the_same_totals():
    # Two breakdowns of the same intakes: a column total hidden in one must not be shown
    # in the other, or it would open the first.
    first, second = protect_linked_counts(
        [[[3, 9], [0, 8]], [[1, 9], [2, 8]]],
        min_cell=K,
    )
    for a, b in zip(first.col_totals, second.col_totals, strict=True):
        assert a.shown == b.shown
    assert first.grand_total.shown == second.grand_total.shown


def test_costs_over_fewer_than_five_cases_are_hidden_with_a_complement():
    protected = protect_amounts(
        [[Decimal(40000)], [Decimal(250000)], [Decimal(90000)]], [[2], [7], [9]], min_cell=K
    )
    cells, _rows, cols, _grand = shown(protected)
    assert cells[0] == [".."] and cells[1] == [".."]
    assert cells[2] == ["90\u00a0000\u00a0kr"] and cols == ["380\u00a0000\u00a0kr"]


def test_costs_over_enough_cases_are_all_shown():
    protected = protect_amounts([[Decimal(1000)], [Decimal(2000)]], [[5], [6]], min_cell=K)
    assert all(c.shown for row in protected.cells for c in row)
    assert protected.col_totals[0].shown


def test_cost_total_over_fewer_than_five_cases_is_hidden():
    protected = protect_amounts(
        [[Decimal(1000)], [Decimal(2000)]], [[1], [2]], min_cell=K, case_totals={("k", 0): 3}
    )
    assert not protected.col_totals[0].shown
    assert str(protected.col_totals[0]) == ".."


def test_durations_rest_on_at_least_five_cases():
    averages, overall_average, medians, overall_median = protect_durations(
        [[10, 20, 30, 40, 50], [5, 6], [1, 2, 3, 4, 5, 6]], min_cell=K
    )
    assert str(averages[0]) == "30" and str(medians[0]) == "30"
    assert str(averages[1]) == ".." and str(medians[1]) == ".."
    assert averages[2].shown
    # Exactly one column hidden: the overall figures would give it back.
    assert not overall_average.shown and not overall_median.shown


def test_cell_markers():
    assert str(Cell(3, SMALL)) == "<5"
    assert str(Cell(12, HIDDEN)) == ".."
    assert str(Cell(Decimal("1234567.4"), kind="amount")) == "1\u00a0234\u00a0567\u00a0kr"


def test_periods_are_whole_calendar_years_quarters_or_months():
    assert period_bounds(2026) == (date(2026, 1, 1), date(2026, 12, 31))
    assert period_bounds(2026, "Q2") == (date(2026, 4, 1), date(2026, 6, 30))
    assert period_bounds(2024, "02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert [period_code(2026), period_code(2026, "Q2"), period_code(2026, "03")] == [
        "2026",
        "2026-Q2",
        "2026-03",
    ]


# --- The page ----------------------------------------------------------------------------

ANALYST = "analytiker@sodertorn.example"
CHIEF = "chef@huddinge.example"
URL = "/avhopp/statistik/"


def said(response, text: str) -> bool:
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return gettext(text) in response.content.decode()


@pytest.mark.django_db
def test_url():
    assert reverse("defectors:statistics") == URL


@pytest.mark.django_db
def test_analyst_sees_suppressed_aggregates_per_municipality_and_nothing_personal(as_demo):
    client = as_demo(ANALYST)
    response = client.get(URL, {"year": "2026", "part": "year"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "&lt;5" in body  # the demo's handful of intakes
    assert "Huddinge kommun" in body and "Botkyrka kommun" in body
    assert [f for f in personal_fragments() if f in response.content] == []
    assert "AV-" not in body  # no case references
    assert f'href="{URL}"' in body  # in the main menu
    assert "/arende/" not in body  # no link to a case
    event = AuditEvent.objects.filter(action="defectors.statistics.view").latest("id")
    assert event.actor_id == User.objects.get(email=ANALYST).pk
    assert event.payload["period"] == "2026"
    assert event.payload["from"] == "2026-01-01" and event.payload["to"] == "2026-12-31"


@pytest.mark.django_db
def test_analyst_of_a_regional_body_covers_the_sodertorn_municipalities(demo):
    actor = actor_for(User.objects.get(email=ANALYST))
    assert len(covered_municipality_ids(actor)) == 8


@pytest.mark.django_db
def test_analyst_of_a_municipality_covers_only_it(make_user, botkyrka):
    analyst = make_user(Role.ANALYTIKER, organisation=OrganisationFactory(parent=botkyrka))
    assert covered_municipality_ids(actor_for(analyst)) == [botkyrka.pk]


@pytest.mark.django_db
def test_analyst_cannot_open_any_case_page(as_demo):
    client = as_demo(ANALYST)
    case = case_of(ADAM)
    for path in [
        reverse("defectors:case_list"),
        reverse("defectors:case_detail", args=[case.pk]),
    ]:
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert [f for f in personal_fragments() if f in response.content] == []


@pytest.mark.django_db
def test_unit_chief_sees_the_unit_only(as_demo):
    client = as_demo(CHIEF)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enheten för avhopparverksamhet" in body
    assert "Botkyrka kommun" not in body
    assert f'href="{URL}" aria-current="page"' in body  # in the main menu
    assert [f for f in personal_fragments() if f in response.content] == []
    event = AuditEvent.objects.filter(action="defectors.statistics.view").latest("id")
    assert event.payload["by"] == "unit"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email",
    ["handlaggare@huddinge.example", "logggranskare@huddinge.example", "admin@huddinge.example"],
)
def test_others_are_refused(as_demo, email):
    response = as_demo(email).get(URL)
    assert response.status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"year": "2026", "part": "13"},
        {"year": "9999", "part": "year"},
        {"year": "x", "part": "year"},
        {"year": "2026", "part": "Q9"},
        {"part": "Q1"},
    ],
)
def test_bad_period_shows_a_message_not_a_500(as_demo, query):
    client = as_demo(CHIEF)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert not AuditEvent.objects.filter(action="defectors.statistics.view").exists()


@pytest.mark.django_db
def test_a_free_date_range_cannot_be_asked_for(as_demo):
    """1 to 19 and 1 to 20 October must not both be answerable: the difference is one person."""
    client = as_demo(CHIEF)
    response = client.get(URL, {"date_from": "2026-10-01", "date_to": "2026-10-19"})
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()  # a year and a period are needed
    assert not AuditEvent.objects.filter(action="defectors.statistics.view").exists()


@pytest.mark.django_db
def test_the_unit_manager_may_choose_a_quarter_or_a_month(as_demo):
    client = as_demo(CHIEF)
    for part, first, last in (
        ("Q4", "2026-10-01", "2026-12-31"),
        ("10", "2026-10-01", "2026-10-31"),
    ):
        assert client.get(URL, {"year": "2026", "part": part}).status_code == 200
        event = AuditEvent.objects.filter(action="defectors.statistics.view").latest("id")
        assert (event.payload["from"], event.payload["to"]) == (first, last)


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["Q4", "10"])
def test_the_regional_analyst_gets_whole_years_only(as_demo, part):
    """Years never overlap, so no two of the analyst's tables can be subtracted."""
    client = as_demo(ANALYST)
    response = client.get(URL, {"year": "2026", "part": part})
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert not AuditEvent.objects.filter(action="defectors.statistics.view").exists()
    response = client.get(URL, {"year": "2026", "part": part, "csv": "1"})
    assert not response["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
def test_csv_download_holds_the_same_suppressed_tables(as_demo):
    client = as_demo(ANALYST)
    response = client.get(URL, {"year": "2026", "part": "year", "csv": "1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "<5" in text and "Huddinge kommun" in text
    assert [f for f in personal_fragments() if f in response.content] == []
    assert AuditEvent.objects.filter(action="defectors.statistics.export").exists()


@pytest.mark.django_db
def test_query_count_does_not_grow_with_cases(as_demo):
    client = as_demo(ANALYST)

    def count():
        """The queries of a view that computes the figures (none stored)."""
        StatisticsFigures.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured.captured_queries)

    count()
    few = count()
    huddinge_case = Case.objects.filter(municipality__scb_code="0126").first()
    for n in range(30):
        case = Case.objects.create(
            municipality_id=huddinge_case.municipality_id,
            unit_id=huddinge_case.unit_id,
            reference=f"AV-2026-9{n:03d}",
            opened_at=huddinge_case.opened_at,
        )
        Intake.objects.create(
            case=case,
            date=date(2026, 2, 1),
            source=ReferralSource.values[n % 9],
            group_type=GroupType.values[n % 5],
            threat_indication="low",
            motivation_notes="",
        )
    assert count() == few
    assert few <= 15


@pytest.mark.django_db
def test_days_open_count_local_calendar_days_on_either_database(demo):
    """Opened late one evening and closed early the next morning, Swedish time (the UTC dates
    are the same): one day. Over a change to summer time: calendar days still."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from trygg.defectors.statistics.report import _days_open

    stockholm = ZoneInfo("Europe/Stockholm")
    cases = list(Case.objects.order_by("pk")[:2])
    moments = [
        (
            datetime(2026, 3, 9, 23, 30, tzinfo=stockholm),
            datetime(2026, 3, 10, 0, 30, tzinfo=stockholm),
        ),
        (
            datetime(2026, 3, 28, 12, 0, tzinfo=stockholm),
            datetime(2026, 3, 30, 0, 15, tzinfo=stockholm),
        ),
    ]
    for case, (opened, closed) in zip(cases, moments, strict=True):
        Case.objects.filter(pk=case.pk).update(
            status="avslutat", outcome="completed", opened_at=opened, closed_at=closed
        )
    histogram = _days_open(Case.objects.filter(pk__in=[c.pk for c in cases]), "municipality_id")
    assert sorted(days for _column, days, cases in histogram for _ in range(cases)) == [1, 2]


# --- Stored figures -------------------------------------------------------------------


def _versions(*organisations) -> list[int]:
    current = dict(StatisticsVersion.objects.values_list("organisation_id", "version"))
    return [current.get(o, 0) for o in organisations]


@pytest.mark.django_db
def test_every_counted_change_moves_the_version(demo):
    """Whoever writes (here the ORM's bulk update and delete, which no service sees): a change
    of what the statistics count moves the version of the case's unit and municipality in
    the same transaction; a change they do not count (the last entry of a case) does not."""
    from django.utils import timezone

    case = Case.objects.filter(municipality__scb_code="0126").order_by("pk").first()
    orgs = (case.unit_id, case.municipality_id)
    one_case = Case.objects.filter(pk=case.pk)

    def moved(change) -> bool:
        before = _versions(*orgs)
        change()
        after = _versions(*orgs)
        assert (after[0] > before[0]) == (after[1] > before[1])  # both or neither
        return after[0] > before[0]

    assert not moved(lambda: one_case.update(last_entry_at=timezone.now()))
    assert moved(lambda: one_case.update(status="nedtrappning"))
    assert moved(lambda: one_case.update(opened_at=case.opened_at - timezone.timedelta(days=1)))
    intake = Intake.objects.get(case=case)
    other = next(v for v in ReferralSource.values if v != intake.source)
    assert moved(lambda: Intake.objects.filter(pk=intake.pk).update(source=other))
    assert not moved(lambda: Intake.objects.filter(pk=intake.pk).update(motivation_notes="x"))
    intervention = Intervention(
        case=case,
        type="mentor",
        provider="",
        start_on=date(2026, 5, 1),
        status="ongoing",
        decided_cost=Decimal(100),
        notes="",
    )
    assert moved(intervention.save)
    one = Intervention.objects.filter(pk=intervention.pk)
    assert moved(lambda: one.update(actual_cost=Decimal(90)))
    assert moved(lambda: one.delete())
    new_case = Case(
        municipality_id=case.municipality_id,
        unit_id=case.unit_id,
        reference="AV-2026-9999",
        opened_at=timezone.now(),
    )
    assert moved(new_case.save)
    assert moved(lambda: Case.objects.filter(pk=new_case.pk).delete())


@pytest.mark.django_db
def test_figures_are_stored_and_computed_again_after_a_change(demo):
    """The first view computes and stores the figures; the next reads them back without
    counting; a new intake moves the version and the next view counts it."""
    from trygg.defectors.statistics.report import build_report, scope_for

    chief = actor_for(User.objects.get(email=CHIEF))
    scope = scope_for(chief)
    period = {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}

    def intakes_total(report) -> int:
        table = next(t for t in report.tables if t.slug == "source")
        return table.protected.col_totals[0].value

    StatisticsFigures.objects.all().delete()
    with CaptureQueriesContext(connection) as computing:
        first = build_report(scope=scope, **period)
    with CaptureQueriesContext(connection) as reading:
        second = build_report(scope=scope, **period)
    assert StatisticsFigures.objects.count() == 1
    assert any("defectors_intake" in q["sql"] for q in computing.captured_queries)
    assert not any("defectors_intake" in q["sql"] for q in reading.captured_queries)
    assert len(reading.captured_queries) == 2
    assert intakes_total(second) == intakes_total(first)

    case = Case.objects.filter(unit_id=scope.unit_id).first()
    extra = Case.objects.create(
        municipality_id=case.municipality_id,
        unit_id=case.unit_id,
        reference="AV-2026-9998",
        opened_at=case.opened_at,
    )
    Intake.objects.create(
        case=extra,
        date=date(2026, 2, 1),
        source=ReferralSource.values[0],
        group_type=GroupType.values[0],
        threat_indication="low",
        motivation_notes="",
    )
    assert intakes_total(build_report(scope=scope, **period)) == intakes_total(first) + 1
