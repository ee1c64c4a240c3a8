"""The fund's ledger mechanics: locking fund years, committing instalments, booking payments
and returns per fund year.

Every function here runs inside the caller's transaction and books both the fund year's
running totals and an append-only LedgerEntry, so that the totals are always the entries'
sum. Fund years are locked in one order (lowest id first) by every path that locks more
than one, so two decisions, a payment and a carry-over can never deadlock each other; the
CheckConstraints on FundYear and Instalment are the last line if Python is ever wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Sum
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError
from trygg.core.templatetags.trygg import thousands
from trygg.fund.constants import Category, LedgerKind
from trygg.fund.models import Application, FundYear, Instalment, LedgerEntry


def category_field(category: str, kind: str) -> str:
    return f"{kind}_{'social' if category == Category.SOCIAL else 'situational'}_kr"


def lock_years(pks: Iterable[int]) -> dict[int, FundYear]:
    """Lock the fund years (lowest id first) and return them, re-read under the lock."""
    return {
        year.pk: year
        for year in FundYear.objects.select_for_update().filter(pk__in=set(pks)).order_by("pk")
    }


def left_to_grant(fund_year: FundYear, category: str) -> int:
    category_left = fund_year.remaining_in(category)
    if category_left is None:
        return fund_year.remaining_kr
    return min(category_left, fund_year.remaining_kr)


def _book(fund_year, application, kind, category, amount, actor) -> None:
    LedgerEntry.objects.create(
        fund_year=fund_year,
        application=application,
        kind=kind,
        category=category,
        amount_kr=amount,
        actor=actor.user,
    )


def commit(*, actor, fund_year: FundYear, application: Application, category: str, amount: int):
    """Commit ``amount`` of a locked fund year, or refuse with how much is left."""
    left = left_to_grant(fund_year, category)
    if amount > left:
        raise ApplicationError(
            _(
                "Fund year %(year)s has %(left)s kr left to grant; %(amount)s kr does not fit. "
                "Nothing was decided."
            )
            % {"year": fund_year.year, "left": thousands(left), "amount": thousands(amount)},
            field="amount_kr",
        )
    field = category_field(category, "committed")
    setattr(fund_year, field, getattr(fund_year, field) + amount)
    fund_year.save(update_fields=[field, "updated_at"])
    _book(fund_year, application, LedgerKind.COMMIT, category, amount, actor)


def commit_planned(*, actor, fund_year: FundYear) -> int:
    """When a fund year is created, commit the instalments earlier decisions planned for it.

    The caller has just created (and so holds) the fund year; the budget must cover them.
    Returns the amount committed.
    """
    planned = list(
        Instalment.objects.select_for_update()
        .filter(
            application__municipality_id=fund_year.municipality_id,
            year=fund_year.year,
            fund_year__isnull=True,
        )
        .select_related("application")
        .order_by("pk")
    )
    total = sum(instalment.amount_kr for instalment in planned)
    if total > fund_year.available_kr:
        raise ApplicationError(
            _(
                "Decisions of earlier years have planned %(planned)s kr of this year's budget "
                "for their instalments; the budget cannot be lower."
            )
            % {"planned": thousands(total)},
            field="budget_kr",
        )
    for instalment in planned:
        commit(
            actor=actor,
            fund_year=fund_year,
            application=instalment.application,
            category=instalment.category,
            amount=instalment.amount_kr,
        )
        instalment.fund_year = fund_year
        instalment.save(update_fields=["fund_year"])
    return total


def committed_years(application: Application) -> list[int]:
    return list(
        application.instalments.filter(fund_year__isnull=False).values_list(
            "fund_year_id", flat=True
        )
    )


def payable_kr(application: Application) -> int:
    """What the committed instalments allow to be paid in all (planned ones cannot be)."""
    return application.instalments.filter(fund_year__isnull=False).aggregate(
        total=Sum("amount_kr", default=0)
    )["total"]


def pay(*, actor, application: Application, years: dict[int, FundYear], amount: int) -> None:
    """Book a payment on the committed instalments, earliest year first."""
    left = amount
    for instalment in (
        application.instalments.select_for_update().filter(fund_year__isnull=False).order_by("year")
    ):
        part = min(left, instalment.amount_kr - instalment.paid_kr)
        if part <= 0:
            continue
        instalment.paid_kr += part
        instalment.save(update_fields=["paid_kr"])
        fund_year = years[instalment.fund_year_id]
        fund_year.paid_kr += part
        fund_year.save(update_fields=["paid_kr", "updated_at"])
        _book(fund_year, application, LedgerKind.PAYMENT, instalment.category, part, actor)
        left -= part
        if left == 0:
            return
    raise ApplicationError(_("The payment would exceed the amount granted."))


def give_back(*, actor, application: Application, years: dict[int, FundYear], amount: int):
    """Book returned money on the instalments it was paid from, latest year first."""
    left = amount
    for instalment in (
        application.instalments.select_for_update()
        .filter(fund_year__isnull=False)
        .order_by("-year")
    ):
        part = min(left, instalment.paid_kr - instalment.returned_kr)
        if part <= 0:
            continue
        fund_year = years[instalment.fund_year_id]
        field = category_field(instalment.category, "returned")
        committed = getattr(fund_year, category_field(instalment.category, "committed"))
        if getattr(fund_year, field) + part > committed:
            raise ApplicationError(
                _("The fund year cannot get back more than it granted."), field="amount_kr"
            )
        instalment.returned_kr += part
        instalment.save(update_fields=["returned_kr"])
        setattr(fund_year, field, getattr(fund_year, field) + part)
        fund_year.save(update_fields=[field, "updated_at"])
        _book(fund_year, application, LedgerKind.RETURN, instalment.category, part, actor)
        left -= part
        if left == 0:
            return
    raise ApplicationError(_("More than was paid cannot be returned."), field="amount_kr")
