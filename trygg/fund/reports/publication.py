"""Publishing what a grant achieved: once a follow-up report is approved, the coordinator
decides that its results (what was done, the actual cost, the outcome against the
indicators) appear on the public page of granted measures, and can take them off again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund.constants import ReportStatus
from trygg.fund.models import FollowUpReport
from trygg.fund.policies import fund_policy


def report_publish(*, actor, report: FollowUpReport, publish: bool) -> FollowUpReport:
    fund_policy.require(actor, "administer", report.application)
    with transaction.atomic():
        current = FollowUpReport.objects.select_for_update().get(pk=report.pk)
        if current.status != ReportStatus.APPROVED:
            raise ApplicationError(_("Only an approved report's results can be published."))
        if publish == (current.published_at is not None):
            return current
        current.published_at = timezone.now() if publish else None
        current.published_by = actor.user if publish else None
        current.save(update_fields=["published_at", "published_by", "updated_at"])
        record(
            action="fund.report.publish" if publish else "fund.report.unpublish",
            actor=actor,
            target=current,
            payload={"application": current.application_id},
        )
    return current
