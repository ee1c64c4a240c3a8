"""Place reports (EST): the reporter's form and their own reports; the coordinator's view of
the municipality's reports week by week, and the register of places."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.core.roles import Role
from trygg.prevention import selectors
from trygg.prevention.constants import IncidentKind
from trygg.prevention.est import services
from trygg.prevention.est.forms import PlaceForm, ReportForm
from trygg.prevention.models import Place, PlaceReport
from trygg.prevention.policies import prevention_policy

REPORTS_PER_PAGE = 50
WEEKS_SHOWN = 8


def _places(actor):
    return Place.objects.filter(municipality_id=actor.municipality_id, is_active=True).order_by(
        "name"
    )


def _weeks(actor) -> dict:
    """Reports per week and kind over the last weeks: the weekly EST summary."""
    since = timezone.localdate() - timedelta(weeks=WEEKS_SHOWN)
    rows = (
        prevention_policy.visible_reports(actor, PlaceReport.objects.all())
        .filter(occurred_at__date__gte=since)
        .annotate(week=TruncWeek("occurred_at"))
        .values("week", "kind")
        .annotate(count=Count("id"))
    )
    weeks: dict = {}
    for row in rows:
        week = timezone.localdate(row["week"]) if hasattr(row["week"], "hour") else row["week"]
        weeks.setdefault(week, dict.fromkeys(IncidentKind.values, 0))[row["kind"]] = row["count"]
    return {
        "kinds": IncidentKind.choices,
        "rows": [
            {
                "week": week.isocalendar().week,
                "year": week.isocalendar().year,
                "counts": [counts[kind] for kind in IncidentKind.values],
                "total": sum(counts.values()),
            }
            for week, counts in sorted(weeks.items(), reverse=True)
        ],
    }


@guard(prevention_policy, "report")
def reports_view(request):
    actor = request.actor
    form = ReportForm(
        request.POST or None,
        places=_places(actor).select_related("district"),
        districts=selectors.district_list(actor=actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(actor=actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("Thank you. The report was saved."))
            return redirect("prevention:reports")
    reports = (
        prevention_policy.visible_reports(actor, PlaceReport.objects.all())
        .select_related("district", "place", "reported_by", "organisation")
        .order_by("-occurred_at", "-id")
    )
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("sida"))
    is_coordinator = actor.has_role(Role.TRYGGHETSSAMORDNARE)
    return render(
        request,
        "prevention/reports.html",
        {
            "form": form,
            "page": page,
            "reports": page.object_list,
            "is_coordinator": is_coordinator,
            "weeks": _weeks(actor) if is_coordinator else None,
        },
    )


@guard(prevention_policy, "manage_indicators")
def places_view(request):
    actor = request.actor
    form = PlaceForm(request.POST or None, districts=selectors.district_list(actor=actor))
    if request.method == "POST" and form.is_valid():
        try:
            services.place_create(actor=actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The place was added."))
            return redirect("prevention:places")
    places = (
        Place.objects.filter(municipality_id=actor.municipality_id)
        .select_related("district")
        .annotate(report_count=Count("reports"))
    )
    return render(request, "prevention/places.html", {"form": form, "places": places})
