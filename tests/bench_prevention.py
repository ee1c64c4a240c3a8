"""Scale data for the prevention cycle's pages in `make bench`: 30 indicators with ten years
of monthly values in 12 districts (43 200 values), and an action plan of 200 measures more
(each with problems, districts, other funding, and every other one a grant of the fund), as
the issue asks."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

INDICATORS = int(os.environ.get("BENCH_INDICATORS", "30"))
MEASURES = int(os.environ.get("BENCH_MEASURES", "200"))
YEARS = int(os.environ.get("BENCH_INDICATOR_YEARS", "10"))
DISTRICTS = 12


def add_prevention_scale_data(huddinge) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from trygg.accounts.models import User
    from trygg.organisations.models import District
    from trygg.prevention.models import Indicator, IndicatorValue

    coordinator = User.objects.get(email="trygghet@huddinge.example")
    with transaction.atomic():
        for number in range(DISTRICTS - District.objects.filter(municipality=huddinge).count()):
            District.objects.create(municipality=huddinge, name=f"Benchområde {number + 1}")
        districts = list(District.objects.filter(municipality=huddinge).order_by("name"))[
            :DISTRICTS
        ]
        indicators = Indicator.objects.bulk_create(
            Indicator(
                municipality=huddinge,
                name=f"Benchindikator {number + 1:02d}",
                unit="antal",
                source="Bench",
                period_type="month",
            )
            for number in range(INDICATORS)
        )
        today = timezone.localdate()
        now = timezone.now()
        months = [date(today.year - 1 - (m // 12), 12 - (m % 12), 1) for m in range(YEARS * 12)]
        IndicatorValue.objects.bulk_create(
            (
                IndicatorValue(
                    indicator=indicator,
                    district=district,
                    period_start=month,
                    value=Decimal((i * 7 + d * 3 + m) % 50),
                    entered_by=coordinator,
                    entered_at=now,
                )
                for i, indicator in enumerate(indicators)
                for d, district in enumerate(districts)
                for m, month in enumerate(months)
            ),
            batch_size=5000,
        )
        measures = add_plan_measures(huddinge, coordinator, districts)
    return {
        "indicators": INDICATORS,
        "indicator_values": INDICATORS * DISTRICTS * YEARS * 12,
        "plan_measures": measures,
    }


def add_plan_measures(huddinge, coordinator, districts) -> int:
    """200 measures more in the demo plan, as a large municipality's plan would have."""
    from django.utils import timezone

    from trygg.organisations.models import Organisation
    from trygg.prevention.models import Funding, Grant, Measure, Plan

    plan = Plan.objects.get(municipality=huddinge)
    problems = list(plan.situation.problems.all())
    organisations = list(Organisation.objects.filter(municipality=huddinge, kind="namnd"))
    start = plan.measures.count()
    today = timezone.localdate()
    created = Measure.objects.bulk_create(
        Measure(
            plan=plan,
            number=start + n + 1,
            title=f"Benchåtgärd {n + 1:03d}",
            organisation=organisations[n % len(organisations)],
            starts_on=plan.period_from,
            ends_on=plan.period_to,
            cost_kr=100_000 + n * 1_000,
            created_by=coordinator,
        )
        for n in range(MEASURES)
    )
    Measure.problems.through.objects.bulk_create(
        Measure.problems.through(measure_id=m.pk, problem_id=problems[i % len(problems)].pk)
        for i, m in enumerate(created)
    )
    Measure.districts.through.objects.bulk_create(
        Measure.districts.through(measure_id=m.pk, district_id=districts[i % len(districts)].pk)
        for i, m in enumerate(created)
    )
    Funding.objects.bulk_create(
        Funding(measure=m, source="budget", funder="Benchnämnden", amount_kr=50_000)
        for m in created
    )
    Grant.objects.bulk_create(
        Grant(
            municipality=huddinge,
            application_id=10**9 + i,
            reference=f"TF-BENCH-{i:04d}",
            title=f"Benchbidrag {i:03d}",
            organisation_name="Benchnämnden",
            decided_on=today,
            granted_kr=40_000,
            measure=m,
        )
        for i, m in enumerate(created)
        if i % 2 == 0
    )
    return len(created)


def prevention_pages(page_class) -> list:
    coordinator = "trygghet@huddinge.example"

    def flemingsberg():
        from trygg.organisations.models import District

        return f"/forebyggande/omrade/{District.objects.get(name='Flemingsberg').pk}/"

    def values_form():
        from trygg.prevention.models import Indicator

        indicator = Indicator.objects.get(name="Anmäld skadegörelse")
        return f"/forebyggande/indikator/{indicator.pk}/varden/"

    return [
        page_class("prevention: indicators", "list", coordinator, "/forebyggande/"),
        page_class("prevention: district profile", "detail", coordinator, flemingsberg),
        page_class("prevention: values of a period", "detail", coordinator, values_form),
        page_class("prevention: import log", "list", coordinator, "/forebyggande/import/"),
        page_class("prevention: action plan", "detail", coordinator, lambda: _plan("")),
        page_class("prevention: measure", "detail", coordinator, _measure),
        page_class(
            "prevention: socio-economic estimate", "detail", coordinator, lambda: _plan("kalkyl/")
        ),
        page_class("prevention: public action plan (anonymous)", "public", None, _public_plan),
        page_class(
            "prevention: annual report, the made PDF", "detail", coordinator, _annual_report
        ),
    ]


def _annual_report() -> str:
    """A report made from the data as it is now (the layout is timed on its own, see
    ``time_annual_report``); the page is the download of the made file."""
    report = _make_report()
    return _plan(f"arsrapport/{report.pk}.pdf")


def _make_report():
    from trygg.accounts.actor import actor_for
    from trygg.accounts.models import User
    from trygg.prevention.models import Plan
    from trygg.prevention.plan import annual

    actor = actor_for(User.objects.get(email="trygghet@huddinge.example"))
    plan = Plan.objects.get(title__endswith="(demo)")
    report = annual.order(actor=actor, plan=plan, year=_year())
    return annual.make(report.pk)


def time_annual_report() -> float:
    """Milliseconds to lay out the annual report of the scaled plan, in the background
    task's way (a child process running WeasyPrint)."""
    import time

    started = time.perf_counter()
    report = _make_report()
    assert report is not None and report.size > 0
    return round((time.perf_counter() - started) * 1000, 1)


def _plan(suffix: str) -> str:
    from trygg.prevention.models import Plan

    return f"/forebyggande/plan/{Plan.objects.get(title__endswith='(demo)').pk}/{suffix}"


def _public_plan() -> str:
    from trygg.prevention.models import Plan

    return f"/trygghetsplan/{Plan.objects.get(title__endswith='(demo)').pk}/"


def _measure() -> str:
    from trygg.prevention.models import Measure

    return f"/forebyggande/atgard/{Measure.objects.get(title='Avhopparverksamheten').pk}/"


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
