"""Reporting delegated decisions: the decisions of a period are reported to the committee's
meeting or on the notice board, and from the announcement the three weeks for
laglighetsprövning run (kommunallagen 13 kap.)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund.decisions.tasks import letters_after_report
from trygg.fund.delegation.selectors import decisions_between
from trygg.fund.models import Decision, DelegationReport
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
    weeks run, and each decision's letter is made again to say so (in the background)."""
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
        Decision.objects.filter(pk__in=[decision.pk for decision in decisions]).update(
            reported_in=report, updated_at=timezone.now()
        )
        # The letters are made again in the background once this commits (see the task).
        transaction.on_commit(lambda: letters_after_report.enqueue(report.pk))
        record(
            action="fund.delegation_report.create",
            actor=actor,
            target=report,
            payload={"decisions": len(decisions), "way": way},
        )
    return report
