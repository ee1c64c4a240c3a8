"""Reads in the prevention cycle, always through the policy's municipality filter."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from trygg.organisations.models import District
from trygg.prevention.models import Indicator
from trygg.prevention.policies import prevention_policy


def indicator_list(*, actor):
    return prevention_policy.visible(actor, Indicator.objects.all()).order_by("-is_active", "name")


def indicator_get(*, actor, indicator_id: int) -> Indicator:
    return get_object_or_404(indicator_list(actor=actor), pk=indicator_id)


def indicators_to_enter(*, actor):
    """The indicators whose values the actor enters: all the municipality's for the
    coordinator (the page explains those counted from place reports), those of their
    organisation for a prevention contact."""
    if not prevention_policy.can(actor, "enter_values"):
        return Indicator.objects.none()
    indicators = Indicator.objects.filter(municipality_id=actor.municipality_id)
    if not prevention_policy.can(actor, "manage_indicators"):
        indicators = indicators.filter(reported_by_id=actor.organisation.pk, from_reports="")
    return indicators.order_by("name")


def reporting_organisations(*, actor):
    """The committees, companies and units an indicator can be reported by."""
    from trygg.organisations.models import Organisation

    return Organisation.objects.filter(
        municipality_id=actor.municipality_id,
        kind__in=["namnd", "bolag", "enhet"],
        is_active=True,
    ).order_by("kind", "name")


def district_list(*, actor):
    """The municipality's districts, for the coordinator, the place reporters and the
    contacts who enter their organisation's values."""
    if not (
        prevention_policy.can(actor, "use")
        or prevention_policy.can(actor, "report")
        or prevention_policy.can(actor, "enter_values")
    ):
        return District.objects.none()
    return District.objects.filter(municipality_id=actor.municipality_id, is_active=True).order_by(
        "name"
    )


def district_get(*, actor, district_id: int) -> District:
    return get_object_or_404(
        District.objects.filter(municipality_id=actor.municipality_id)
        if prevention_policy.can(actor, "use")
        else District.objects.none(),
        pk=district_id,
    )


def work_queue(*, actor) -> list:
    """What waits in the prevention cycle (``trygg.core.workqueue``): for the coordinator,
    situational pictures not yet adopted, uploaded files whose rows still have problems and
    measures nobody has followed up for four months; for a prevention contact, their own
    organisation's measures of that kind."""
    from datetime import timedelta

    from django.db.models import Max, Q
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from trygg.core.workqueue import WorkItem
    from trygg.prevention.models import (
        ImportStatus,
        Measure,
        MeasureStatus,
        PlanStatus,
        Situation,
        SituationStatus,
        ValueImport,
    )

    items = []
    manages = bool(prevention_policy.can(actor, "manage_indicators"))
    if manages or prevention_policy.can(actor, "follow_up"):
        since = timezone.now() - timedelta(days=FOLLOW_UP_DAYS)
        quiet = prevention_policy.visible_measures(
            actor,
            Measure.objects.filter(
                plan__status=PlanStatus.ADOPTED,
                status__in=[MeasureStatus.PLANNED, MeasureStatus.ONGOING],
                starts_on__lte=timezone.localdate(),
            ),
        )
        quiet = quiet.annotate(last=Max("updates__written_at")).filter(
            Q(last__isnull=True) | Q(last__lt=since)
        )
        items.append(
            WorkItem(
                _("Measures not followed up for four months"),
                quiet.count(),
                reverse("prevention:plans"),
            )
        )
    if not manages:
        return items
    drafts = Situation.objects.filter(
        municipality_id=actor.municipality_id, status=SituationStatus.DRAFT
    ).count()
    stuck = ValueImport.objects.filter(
        municipality_id=actor.municipality_id, status=ImportStatus.PROBLEMS
    ).count()
    return [
        WorkItem(
            _("Situational pictures not yet adopted"), drafts, reverse("prevention:situations")
        ),
        WorkItem(
            _("Uploaded files whose rows still have problems"),
            stuck,
            reverse("prevention:import_list"),
        ),
        *items,
    ]


# A measure under way says how it goes at least once a tertial.
FOLLOW_UP_DAYS = 120


def problems_to_target(*, municipality_id: int, among=None):
    """The problems a safety-fund call may name and an application may address: those of the
    municipality's newest adopted lägesbild (``among``: a call's own choice of them, by id).
    Empty where no lägesbild is adopted yet."""
    from trygg.prevention.models import Problem, Situation, SituationStatus

    newest = (
        Situation.objects.filter(municipality_id=municipality_id, status=SituationStatus.ADOPTED)
        .order_by("-adopted_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if newest is None:
        return Problem.objects.none()
    problems = Problem.objects.filter(situation_id=newest).prefetch_related("districts")
    among = list(among or [])
    if among:
        problems = problems.filter(pk__in=among)
    return problems.order_by("priority", "id")


def problem_titles(*, ids) -> dict[int, str]:
    """Each problem's title by id, for the fund's figures per problem."""
    from trygg.prevention.models import Problem

    return dict(Problem.objects.filter(pk__in=list(ids)).values_list("pk", "title"))
