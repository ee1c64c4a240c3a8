"""The fund's records for the municipality's registry (diarium), one row per document.

Incoming: each submitted application and each submitted follow-up report. Drawn up: each
decision and each signed agreement with a company. The registry reads the file to register
(or check) them; a draft is nobody's public record yet and never appears.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from trygg.core.exports import DATE, Column
from trygg.fund.constants import ReportStatus
from trygg.fund.models import Application, Decision, FollowUpReport, GrantAgreement

CHUNK = 2000
INCOMING, DRAWN_UP = "Inkommen", "Upprättad"

COLUMNS = (
    Column("datum", 12, DATE),
    Column("riktning", 12),
    Column("handling", 22),
    Column("trygg-referens", 16),
    Column("diarienummer", 18),
    Column("motpart", 34),
    Column("rubrik", 60),
)


def _day(moment):
    return timezone.localdate(moment) if moment else None


def _application_row(application: Application) -> list:
    return [
        _day(application.submitted_at),
        INCOMING,
        "Ansökan",
        application.reference,
        application.registry_number,
        application.applicant.name,
        f"Ansökan om bidrag ur trygghetsfonden: {application.title}",
    ]


def _decision_row(decision: Decision) -> list:
    application = decision.application
    return [
        _day(decision.created_at),
        DRAWN_UP,
        f"Beslut ({decision.get_outcome_display().lower()})",
        application.reference,
        decision.registry_number or application.registry_number,
        application.applicant.name,
        f"Beslut om bidrag ur trygghetsfonden: {application.title}",
    ]


def _agreement_row(agreement: GrantAgreement) -> list:
    application = agreement.application
    return [
        _day(agreement.signed_at),
        DRAWN_UP,
        "Avtal om bidrag",
        application.reference,
        application.registry_number,
        application.applicant.name,
        f"Avtal om bidrag ur trygghetsfonden: {application.title}",
    ]


def _report_row(report: FollowUpReport) -> list:
    application = report.application
    return [
        _day(report.submitted_at),
        INCOMING,
        str(report.get_kind_display()),
        application.reference,
        application.registry_number,
        application.applicant.name,
        f"{report.get_kind_display()}: {application.title}",
    ]


def record_rows(*, municipality_id: int, year: int) -> Iterator[list]:
    """Every kind of record in turn, each in the order it came in or was drawn up."""
    of_year = {
        "application__municipality_id": municipality_id,
        "application__call__fund_year__year": year,
    }
    sources = (
        (
            Application.objects.filter(
                municipality_id=municipality_id,
                call__fund_year__year=year,
                submitted_at__isnull=False,
            )
            .select_related("applicant")
            .order_by("submitted_at", "pk"),
            _application_row,
        ),
        (
            Decision.objects.filter(**of_year)
            .select_related("application__applicant")
            .order_by("created_at", "pk"),
            _decision_row,
        ),
        (
            GrantAgreement.objects.filter(**of_year, signed_at__isnull=False)
            .select_related("application__applicant")
            .order_by("signed_at", "pk"),
            _agreement_row,
        ),
        (
            FollowUpReport.objects.filter(**of_year, submitted_at__isnull=False)
            .exclude(status=ReportStatus.DUE)
            .select_related("application__applicant")
            .order_by("submitted_at", "pk"),
            _report_row,
        ),
    )
    for queryset, row in sources:
        for record in queryset.iterator(chunk_size=CHUNK):
            yield row(record)
