"""The defector programme's rows in each person's work queue (``trygg.core.workqueue``):
counts and links only, never a person, and a few queries whatever the number of cases."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.roles import Role
from trygg.core.workqueue import WorkItem
from trygg.defectors.cases.matches import pending_of
from trygg.defectors.cases.selectors import waiting_for_team_of
from trygg.defectors.constants import (
    CaseStatus,
    InboundStatus,
    ReferralStatus,
    TransferStatus,
)
from trygg.defectors.emergency.services import unseen_unit_accesses
from trygg.defectors.models import (
    Agreement,
    Case,
    CaseTask,
    Inbound,
    JournalEntry,
    Referral,
    Transfer,
)
from trygg.defectors.policies import defectors_policy
from trygg.defectors.retention.services import due_cases, retention_last_run

TASKS_SOON_DAYS = 7
AGREEMENT_ENDING_DAYS = 14
RETENTION_SOON_DAYS = 30
RETENTION_STALE_DAYS = 2  # a daily job two days late has stopped


def _case_officer(actor) -> list[WorkItem]:
    today = timezone.localdate()
    user_id = actor.user.pk
    mine = (
        defectors_policy.visible(actor, Case.objects.all())
        .filter(team__user_id=user_id)
        .exclude(status=CaseStatus.AVSLUTAT)
    )
    tasks = CaseTask.objects.filter(
        Q(assigned_to_id=user_id) | Q(assigned_to__isnull=True),
        done_at__isnull=True,
        case__in=mine.values("pk"),
    ).aggregate(
        overdue=Count("id", filter=Q(due_on__lt=today)),
        soon=Count(
            "id", filter=Q(due_on__gte=today, due_on__lte=today + timedelta(days=TASKS_SOON_DAYS))
        ),
    )
    drafts = JournalEntry.objects.filter(
        author_id=user_id, signed_at__isnull=True, case__in=mine.values("pk")
    ).count()
    agreements = (
        Agreement.objects.filter(
            case__in=mine.values("pk"),
            valid_until__isnull=False,
            valid_until__lte=today + timedelta(days=AGREEMENT_ENDING_DAYS),
        )
        .values("case_id")
        .distinct()
        .count()
    )
    tasks_url = reverse("defectors:my_tasks")
    cases_url = reverse("defectors:case_list")
    return [
        WorkItem(_("Tasks overdue"), tasks["overdue"], tasks_url, urgent=True),
        WorkItem(_("Tasks due within a week"), tasks["soon"], tasks_url),
        WorkItem(_("Journal entries you have not signed"), drafts, cases_url),
        WorkItem(
            _("Cases whose agreement ends within two weeks or has ended"), agreements, cases_url
        ),
    ]


def _unit_manager(actor) -> list[WorkItem]:
    today = timezone.localdate()
    unit = defectors_policy.visible(actor, Case.objects.all())
    waiting = waiting_for_team_of(unit).filter(team_decided_at__isnull=True).count()
    checks = pending_of(unit.exclude(status=CaseStatus.AVSLUTAT)).count()
    retention_now = due_cases(today=today).filter(pk__in=unit.values("pk")).count()
    retention_soon = (
        due_cases(today=today + timedelta(days=RETENTION_SOON_DAYS))
        .filter(pk__in=unit.values("pk"))
        .count()
        - retention_now
    )
    list_url = reverse("defectors:case_list")
    retention_url = reverse("defectors:retention")
    emergencies = unseen_unit_accesses(actor=actor)
    last_run = retention_last_run()
    days_since = (timezone.now() - last_run).days if last_run else None
    stale = WorkItem(
        _("Days since the daily deletion of closed cases last ran"),
        days_since or 0,
        retention_url,
        urgent=True,
    )
    return [
        *([stale] if days_since is not None and days_since >= RETENTION_STALE_DAYS else []),
        WorkItem(
            _("New intakes waiting for you to decide their team"),
            waiting,
            f"{list_url}?{urlencode({'team': 'waiting'})}",
            urgent=True,
        ),
        WorkItem(
            _("Intakes whose person may already have a case"),
            checks,
            f"{list_url}?{urlencode({'team': 'waiting'})}",
            urgent=True,
        ),
        WorkItem(
            _("People handed over or referred by agencies, waiting for the unit"),
            defectors_policy.inbound_visible(
                actor, Inbound.objects.filter(status=InboundStatus.WAITING)
            ).count(),
            reverse("defectors:inbound_list"),
            urgent=True,
        ),
        WorkItem(
            _("Cases other municipalities propose to move to yours"),
            defectors_policy.incoming_visible(
                actor, Transfer.objects.filter(status=TransferStatus.PROPOSED)
            ).count(),
            reverse("defectors:incoming_transfers"),
            urgent=True,
        ),
        WorkItem(
            _("Emergency accesses in your unit since you last looked"),
            emergencies,
            reverse("defectors:emergency_follow_up"),
        ),
        WorkItem(_("Closed cases due for deletion"), retention_now, retention_url, urgent=True),
        WorkItem(_("Closed cases due for deletion within 30 days"), retention_soon, retention_url),
    ]


def _partner_contact(actor) -> list[WorkItem]:
    waiting = defectors_policy.partner_referrals_visible(
        actor, Referral.objects.filter(status=ReferralStatus.SENT)
    ).count()
    return [
        WorkItem(
            _("Referrals waiting for your agency's answer"),
            waiting,
            reverse("defectors:partner_referrals"),
            urgent=True,
        )
    ]


def work_queue(*, actor) -> list[WorkItem]:
    """What waits in the defector programme for the actor, in the role they act in now."""
    if actor.membership is not None and defectors_policy.can(actor, "use_partner_inbox"):
        return _partner_contact(actor)
    if actor.membership is None or not defectors_policy.can(actor, "use"):
        return []
    if actor.membership.role == Role.HANDLAGGARE:
        return _case_officer(actor)
    if actor.membership.role == Role.ENHETSCHEF:
        return _unit_manager(actor)
    return []
