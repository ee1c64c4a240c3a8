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


def record_rows(*, municipality_id: int, year: int) -> Iterator[list]:
    applications = (
        Application.objects.filter(
            municipality_id=municipality_id,
            call__fund_year__year=year,
            submitted_at__isnull=False,
        )
        .select_related("applicant")
        .order_by("submitted_at", "pk")
    )
    for application in applications.iterator(chunk_size=CHUNK):
        yield [
            _day(application.submitted_at),
            INCOMING,
            "Ansökan",
            application.reference,
            application.registry_number,
            application.applicant.name,
            f"Ansökan om bidrag ur trygghetsfonden: {application.title}",
        ]
    decisions = (
        Decision.objects.filter(
            application__municipality_id=municipality_id,
            application__call__fund_year__year=year,
        )
        .select_related("application__applicant")
        .order_by("created_at", "pk")
    )
    for decision in decisions.iterator(chunk_size=CHUNK):
        yield [
            _day(decision.created_at),
            DRAWN_UP,
            f"Beslut ({decision.get_outcome_display().lower()})",
            decision.application.reference,
            decision.registry_number or decision.application.registry_number,
            decision.application.applicant.name,
            f"Beslut om bidrag ur trygghetsfonden: {decision.application.title}",
        ]
    agreements = (
        GrantAgreement.objects.filter(
            application__municipality_id=municipality_id,
            application__call__fund_year__year=year,
            signed_at__isnull=False,
        )
        .select_related("application__applicant")
        .order_by("signed_at", "pk")
    )
    for agreement in agreements.iterator(chunk_size=CHUNK):
        yield [
            _day(agreement.signed_at),
            DRAWN_UP,
            "Avtal om bidrag",
            agreement.application.reference,
            agreement.application.registry_number,
            agreement.application.applicant.name,
            f"Avtal om bidrag ur trygghetsfonden: {agreement.application.title}",
        ]
    reports = (
        FollowUpReport.objects.filter(
            application__municipality_id=municipality_id,
            application__call__fund_year__year=year,
            submitted_at__isnull=False,
        )
        .exclude(status=ReportStatus.DUE)
        .select_related("application__applicant")
        .order_by("submitted_at", "pk")
    )
    for report in reports.iterator(chunk_size=CHUNK):
        yield [
            _day(report.submitted_at),
            INCOMING,
            str(report.get_kind_display()),
            report.application.reference,
            report.application.registry_number,
            report.application.applicant.name,
            f"{report.get_kind_display()}: {report.application.title}",
        ]
