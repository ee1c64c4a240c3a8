"""Scale data for the prevention cycle's pages in `make bench`: 30 indicators with ten years
of monthly values in 12 districts (43 200 values), as the issue asks."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

INDICATORS = int(os.environ.get("BENCH_INDICATORS", "30"))
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
    return {"indicators": INDICATORS, "indicator_values": INDICATORS * DISTRICTS * YEARS * 12}


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
    ]
