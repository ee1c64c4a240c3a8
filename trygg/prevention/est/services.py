"""Place reports (EST) and the register of places. A report rolls up at once into the
indicator of its kind (created when first needed): the count of reports per district and
tertial, without hand work."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.organisations.models import District
from trygg.prevention.constants import EST_SOURCE, Aggregation, IncidentKind, PeriodType
from trygg.prevention.est.identity import identity_problem
from trygg.prevention.models import Indicator, IndicatorValue, Place, PlaceReport
from trygg.prevention.periods import next_period, period_start
from trygg.prevention.policies import prevention_policy

OLDEST_DAYS = 366  # reports are weekly; older events belong in the police's statistics


def place_words(municipality_id: int) -> set[str]:
    names = list(
        District.objects.filter(municipality_id=municipality_id).values_list("name", flat=True)
    ) + list(Place.objects.filter(municipality_id=municipality_id).values_list("name", flat=True))
    return {word.casefold() for name in names for word in name.replace("-", " ").split()}


def place_create(*, actor, name: str, district: District) -> Place:
    prevention_policy.require(actor, "manage_indicators")
    name = name.strip()
    if district.municipality_id != actor.municipality_id:
        raise ApplicationError(_("Choose one of the municipality's districts."), field="district")
    if not name:
        raise ApplicationError(_("Give the place a name."), field="name")
    try:
        with transaction.atomic():
            place = Place.objects.create(
                municipality_id=actor.municipality_id, district=district, name=name
            )
            record(action="prevention.place.create", actor=actor, target=place)
    except IntegrityError as error:
        raise ApplicationError(
            _("The municipality already has a place with this name."), field="name"
        ) from error
    return place


def _indicator_of(kind: str, municipality_id: int) -> Indicator:
    with translation.override("sv"):  # stored names are the municipality's, in Swedish
        name = _("EST: %(kind)s") % {"kind": IncidentKind(kind).label}
        unit = _("reports")
    indicator, _created = Indicator.objects.get_or_create(
        municipality_id=municipality_id,
        from_reports=kind,
        defaults={
            "name": name,
            "unit": unit,
            "source": EST_SOURCE,
            "period_type": PeriodType.TERTIAL,
            "aggregation": Aggregation.SUM,
            "higher_is_worse": True,
        },
    )
    return indicator


def roll_up(*, actor, kind: str, district_id: int, municipality_id: int, when: datetime) -> None:
    """Count the reports of this kind, district and tertial into the kind's indicator."""
    indicator = _indicator_of(kind, municipality_id)
    start = period_start(timezone.localdate(when), PeriodType.TERTIAL)
    end = next_period(start, PeriodType.TERTIAL)
    count = PlaceReport.objects.filter(
        municipality_id=municipality_id,
        kind=kind,
        district_id=district_id,
        occurred_at__date__gte=start,
        occurred_at__date__lt=end,
    ).count()
    IndicatorValue.objects.update_or_create(
        indicator=indicator,
        district_id=district_id,
        period_start=start,
        defaults={"value": count, "entered_by": actor.user, "entered_at": timezone.now()},
    )


def report_create(
    *,
    actor,
    occurred_at: datetime,
    kind: str,
    district: District | None,
    place: Place | None,
    description: str,
) -> PlaceReport:
    """Record what was seen where; refused if the text names a person or holds an identity
    number. The place's district is the report's when a place is chosen."""
    prevention_policy.require(actor, "report")
    description = description.strip()
    if kind not in IncidentKind.values:
        raise ApplicationError(_("Choose what happened."), field="kind")
    if place is not None:
        if place.municipality_id != actor.municipality_id:
            raise ApplicationError(_("Choose one of the places in the list."), field="place")
        district = place.district
    if district is None or district.municipality_id != actor.municipality_id:
        raise ApplicationError(_("Choose the district, or a place."), field="district")
    if occurred_at > timezone.now():
        raise ApplicationError(_("The time cannot be in the future."), field="occurred_at")
    if occurred_at < timezone.now() - timedelta(days=OLDEST_DAYS):
        raise ApplicationError(_("Report what happened within the last year."), field="occurred_at")
    if problem := identity_problem(description, place_words(actor.municipality_id)):
        raise ApplicationError(problem, field="description")
    with transaction.atomic():
        report = PlaceReport.objects.create(
            municipality_id=actor.municipality_id,
            district=district,
            place=place,
            occurred_at=occurred_at,
            kind=kind,
            description=description,
            reported_by=actor.user,
            organisation_id=actor.organisation.pk,
            created_at=timezone.now(),
        )
        roll_up(
            actor=actor,
            kind=kind,
            district_id=district.pk,
            municipality_id=actor.municipality_id,
            when=occurred_at,
        )
        record(
            action="prevention.report.create",
            actor=actor,
            target=report,
            payload={"kind": kind, "district": district.pk},
        )
    return report
