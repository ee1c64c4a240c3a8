"""The region's safety funds side by side, for the regional analyst's learning: each covered
municipality's budget, what it has granted (social and situational prevention) and paid, and
how many applications it had and granted in the year, with the region's total.

Fund records are public documents, so amounts are shown as they are (no suppression); no
application, applicant or person is named. Two queries whatever the number of
municipalities and applications."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Application, FundYear
from trygg.organisations.selectors import covered_municipalities

GRANTED = (
    ApplicationStatus.GRANTED,
    ApplicationStatus.PARTLY_GRANTED,
    ApplicationStatus.PAID,
    ApplicationStatus.REPORTED,
)


@dataclass
class RegionRow:
    name: str
    budget_kr: int = 0
    social_kr: int = 0
    situational_kr: int = 0
    paid_kr: int = 0
    applications: int = 0
    granted: int = 0

    @property
    def granted_kr(self) -> int:
        return self.social_kr + self.situational_kr

    @property
    def share(self) -> int | None:
        """Per cent of the budget granted, rounded down; None without a budget."""
        return self.granted_kr * 100 // self.budget_kr if self.budget_kr else None


def years_of_region(*, actor) -> list[int]:
    municipalities = covered_municipalities(actor.organisation)
    return list(
        FundYear.objects.filter(municipality__in=municipalities)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def region_rows(*, actor, year: int) -> tuple[list[RegionRow], RegionRow]:
    municipalities = covered_municipalities(actor.organisation)
    rows: dict[int, RegionRow] = {}
    for fund_year in (
        FundYear.objects.filter(municipality__in=municipalities, year=year)
        .select_related("municipality")
        .order_by("municipality__name")
    ):
        rows[fund_year.municipality_id] = RegionRow(
            name=fund_year.municipality.name,
            budget_kr=fund_year.budget_kr,
            social_kr=fund_year.committed_social_kr - fund_year.returned_social_kr,
            situational_kr=fund_year.committed_situational_kr - fund_year.returned_situational_kr,
            paid_kr=fund_year.paid_kr,
        )
    counts = (
        Application.objects.filter(call__fund_year__year=year, municipality_id__in=list(rows))
        .exclude(status=ApplicationStatus.DRAFT)
        .values("municipality_id")
        .annotate(total=Count("id"), granted=Count("id", filter=Q(status__in=GRANTED)))
    )
    for count in counts:
        rows[count["municipality_id"]].applications = count["total"]
        rows[count["municipality_id"]].granted = count["granted"]
    total = RegionRow(name="")
    for row in rows.values():
        for attribute in ("budget_kr", "social_kr", "situational_kr", "paid_kr"):
            setattr(total, attribute, getattr(total, attribute) + getattr(row, attribute))
        total.applications += row.applications
        total.granted += row.granted
    return list(rows.values()), total
