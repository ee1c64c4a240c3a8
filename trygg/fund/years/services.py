"""The fund year's money from the council: the appropriation and carry-over between years.

Money only moves between years by a recorded carry-over decision (the council's or a
delegate's, with its reference and date), never by itself at the turn of the year. Both
years are locked in a fixed order (lowest id first), so two carry-overs in opposite
directions cannot deadlock, and the database constraint on FundYear is the last line: a
year can never give away money it has granted.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.templatetags.trygg import thousands
from trygg.fund.models import CarryOver, FundYear
from trygg.fund.policies import fund_policy


def carry_over_record(
    *,
    actor,
    from_year: FundYear,
    to_year: FundYear,
    amount_kr: int,
    decision: str,
    decided_on: datetime.date,
) -> CarryOver:
    fund_policy.require(actor, "administer")
    if actor.municipality_id not in (from_year.municipality_id, to_year.municipality_id) or (
        from_year.municipality_id != to_year.municipality_id
    ):
        raise PermissionDenied
    if to_year.year <= from_year.year:
        raise ApplicationError(
            _("Money can only be carried over to a later fund year."), field="to_year"
        )
    if not decision.strip():
        raise ApplicationError(_("Give the reference of the decision."), field="decision")
    if amount_kr <= 0:
        raise ApplicationError(_("The amount must be more than 0 kr."), field="amount_kr")
    with transaction.atomic():
        locked = {
            year.pk: year
            for year in FundYear.objects.select_for_update()
            .filter(pk__in=[from_year.pk, to_year.pk])
            .order_by("pk")
        }
        source, target = locked[from_year.pk], locked[to_year.pk]
        if amount_kr > source.remaining_kr:
            raise ApplicationError(
                _(
                    "Fund year %(year)s has %(left)s kr that is neither granted nor carried "
                    "over; %(amount)s kr cannot be carried over."
                )
                % {
                    "year": source.year,
                    "left": thousands(source.remaining_kr),
                    "amount": thousands(amount_kr),
                },
                field="amount_kr",
            )
        source.carried_out_kr += amount_kr
        source.save(update_fields=["carried_out_kr", "updated_at"])
        target.carried_in_kr += amount_kr
        target.save(update_fields=["carried_in_kr", "updated_at"])
        carry_over = CarryOver.objects.create(
            from_year=source,
            to_year=target,
            amount_kr=amount_kr,
            decision=decision.strip(),
            decided_on=decided_on,
            recorded_by=actor.user,
        )
        record(
            action="fund.carry_over.create",
            actor=actor,
            target=carry_over,
            payload={"from": source.year, "to": target.year, "amount_kr": amount_kr},
        )
    return carry_over
