"""Reads of a fund year's money: the ledger the coordinator and the finance department see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404

from trygg.fund.models import CarryOver, FundYear, Instalment


@dataclass(frozen=True)
class Ledger:
    fund_year: FundYear
    carry_overs_in: list[CarryOver]
    carry_overs_out: list[CarryOver]


def fund_year_get(*, actor, fund_year_id: int) -> FundYear:
    return get_object_or_404(FundYear, pk=fund_year_id, municipality_id=actor.municipality_id)


def ledger_of(*, fund_year: FundYear) -> Ledger:
    carry_overs = list(
        CarryOver.objects.filter(Q(from_year=fund_year) | Q(to_year=fund_year)).select_related(
            "to_year", "from_year"
        )
    )
    return Ledger(
        fund_year=fund_year,
        carry_overs_in=[c for c in carry_overs if c.to_year_id == fund_year.pk],
        carry_overs_out=[c for c in carry_overs if c.from_year_id == fund_year.pk],
    )


def later_years(*, fund_year: FundYear) -> list[FundYear]:
    return list(
        FundYear.objects.filter(
            municipality_id=fund_year.municipality_id, year__gt=fund_year.year
        ).order_by("year")
    )


@dataclass(frozen=True)
class LaterYear:
    year: int
    amount_kr: int
    planned_kr: int  # of which not yet committed: the fund year does not exist yet


def instalment_position(*, fund_year: FundYear) -> dict:
    """In one query: what this year's decisions granted out of later years' budgets (per
    year, with what is still only planned), and what earlier years' decisions committed out of
    this year's budget. A dict for the page: ``later_instalments`` and ``from_earlier``."""
    from_this_year = Q(application__call__fund_year=fund_year, year__gt=fund_year.year)
    from_earlier = Q(fund_year=fund_year) & ~Q(application__call__fund_year=fund_year)
    rows = (
        Instalment.objects.filter(from_this_year | from_earlier)
        .values("year")
        .annotate(
            total=Sum("amount_kr", filter=from_this_year, default=0),
            planned=Sum("amount_kr", filter=from_this_year & Q(fund_year__isnull=True), default=0),
            earlier=Sum("amount_kr", filter=from_earlier, default=0),
        )
        .order_by("year")
    )
    later, earlier = [], 0
    for row in rows:
        earlier += row["earlier"]
        if row["total"]:
            later.append(LaterYear(row["year"], row["total"], row["planned"]))
    return {"later_instalments": later, "from_earlier": earlier}


def planned_by_year(*, municipality_id: int) -> dict[int, int]:
    """Instalments waiting for a fund year that does not exist yet: year -> kr."""
    rows = (
        Instalment.objects.filter(
            application__municipality_id=municipality_id, fund_year__isnull=True
        )
        .values("year")
        .annotate(total=Sum("amount_kr"))
        .order_by("year")
    )
    return {row["year"]: row["total"] for row in rows}
