"""Reporting delegated decisions: the decisions of a period are reported to the committee's
meeting or on the notice board, and from the announcement the three weeks for
laglighetsprövning run (kommunallagen 13 kap.)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund.decisions.letters import attach_letter
from trygg.fund.delegation.selectors import decisions_between
from trygg.fund.models import DelegationReport
from trygg.fund.policies import fund_policy


def delegation_report_record(
    *,
    actor,
    period_from: datetime.date,
    period_to: datetime.date,
    way: str,
    reported_on: datetime.date,
    announced_on: datetime.date,
) -> DelegationReport:
    """Record that the period's decisions were reported; from the announcement date the three
    weeks run, and each decision's letter is made again to say so (same transaction)."""
    fund_policy.require(actor, "administer")
    if period_to < period_from:
        raise ApplicationError(_("The period must end after it starts."), field="period_to")
    if announced_on < reported_on and way == DelegationReport.Way.MEETING:
        raise ApplicationError(
            _("The protocol is announced on or after the day of the meeting."),
            field="announced_on",
        )
    with transaction.atomic():
        decisions = list(
            decisions_between(actor=actor, period_from=period_from, period_to=period_to)
            .select_for_update(of=("self",))
            .filter(reported_in__isnull=True)
        )
        if not decisions:
            raise ApplicationError(
                _("Every decision of the period has already been reported, or there is none.")
            )
        report = DelegationReport.objects.create(
            municipality_id=actor.municipality_id,
            period_from=period_from,
            period_to=period_to,
            way=way,
            reported_on=reported_on,
            announced_on=announced_on,
            recorded_by=actor.user,
        )
        for decision in decisions:
            decision.reported_in = report
            decision.save(update_fields=["reported_in", "updated_at"])
            attach_letter(decision)
        record(
            action="fund.delegation_report.create",
            actor=actor,
            target=report,
            payload={"decisions": len(decisions), "way": way},
        )
    return report
