"""Reads of a fund year's money: the ledger the coordinator and the finance department see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum
from django.shortcuts import get_object_or_404

from trygg.fund.constants import LedgerKind
from trygg.fund.models import CarryOver, FundYear, LedgerEntry


@dataclass(frozen=True)
class Ledger:
    fund_year: FundYear
    carry_overs_in: list[CarryOver]
    carry_overs_out: list[CarryOver]
    # Committed, paid and returned, from the entries (the fund year's totals are their sum).
    by_kind: dict[str, int]


def fund_year_get(*, actor, fund_year_id: int) -> FundYear:
    return get_object_or_404(FundYear, pk=fund_year_id, municipality_id=actor.municipality_id)


def ledger_of(*, fund_year: FundYear) -> Ledger:
    carry_overs = list(
        CarryOver.objects.filter(from_year=fund_year).select_related("to_year", "from_year")
        | CarryOver.objects.filter(to_year=fund_year).select_related("to_year", "from_year")
    )
    sums = dict(
        LedgerEntry.objects.filter(fund_year=fund_year)
        .values("kind")
        .annotate(total=Sum("amount_kr"))
        .values_list("kind", "total")
        .order_by()
    )
    return Ledger(
        fund_year=fund_year,
        carry_overs_in=[c for c in carry_overs if c.to_year_id == fund_year.pk],
        carry_overs_out=[c for c in carry_overs if c.from_year_id == fund_year.pk],
        by_kind={kind: sums.get(kind, 0) for kind in LedgerKind.values},
    )


def later_years(*, fund_year: FundYear) -> list[FundYear]:
    return list(
        FundYear.objects.filter(
            municipality_id=fund_year.municipality_id, year__gt=fund_year.year
        ).order_by("year")
    )
