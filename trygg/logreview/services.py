"""Logguppföljning: writes of the log review (the sign-off of a reviewed period)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent, ReviewSignoff
from trygg.audit.services import lock_chain, record
from trygg.core.exceptions import ApplicationError
from trygg.logreview.policies import audit_policy, review_scope
from trygg.logreview.review import in_days


def review_signoff(*, actor, period_start, period_end, findings: str):
    """Logguppföljning: the log reviewer signs off that a period of their municipality's log
    has been reviewed, with what they found.

    The period ends today at the latest, starts on or before its end and overlaps no earlier
    sign-off of the municipality. ``events_reviewed`` counts the municipality's events in the
    period. Audited as ``audit.review.signoff`` with the id and the dates, never the findings.
    """
    audit_policy.require(actor, "sign_off")
    findings = (findings or "").strip()
    if not findings:
        raise ApplicationError(_("Write what you reviewed and found."), field="findings")
    if period_end > timezone.localdate():
        raise ApplicationError(_("The period cannot end in the future."), field="period_end")
    if period_start > period_end:
        raise ApplicationError(
            _("The period must start on or before its last day."), field="period_start"
        )
    scope = review_scope(actor)
    with transaction.atomic():
        # Serialises sign-offs (and every audit writer) so two reviewers cannot both pass
        # the overlap check for the same days.
        lock_chain()
        overlapping = ReviewSignoff.objects.filter(
            **scope,
            period_start__lte=period_end,
            period_end__gte=period_start,
        ).first()
        if overlapping is not None:
            raise ApplicationError(
                _("The period overlaps a review already signed off (%(start)s to %(end)s).")
                % {
                    "start": overlapping.period_start.isoformat(),
                    "end": overlapping.period_end.isoformat(),
                },
                field="period_start",
            )
        events = in_days(AuditEvent.objects.filter(**scope), period_start, period_end)
        signoff = ReviewSignoff(
            **scope,
            period_start=period_start,
            period_end=period_end,
            reviewer=actor.user,
            signed_at=timezone.now(),
            findings=findings,
            events_reviewed=events.count(),
        )
        signoff.full_clean()
        signoff.save()
        record(
            action="audit.review.signoff",
            actor=actor,
            target=signoff,
            payload={
                "signoff": signoff.pk,
                "period_start": period_start.isoformat(),
                "period_end": period_end.isoformat(),
                "events": signoff.events_reviewed,
            },
        )
    return signoff
