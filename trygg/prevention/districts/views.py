"""A district's profile: every indicator over time beside the municipality, as charts with
their tables, and as CSV or XLSX."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trygg.core import exports
from trygg.core.access import guard
from trygg.prevention import selectors
from trygg.prevention.districts.selectors import (
    CHART_HEIGHT,
    CHART_WIDTH,
    district_profile,
    profile_rows,
    profile_sections,
)
from trygg.prevention.policies import prevention_policy
from trygg.prevention.stored.store import stored

COLUMNS = (
    exports.Column("indikator", 40),
    exports.Column("enhet", 14),
    exports.Column("period", 16),
    exports.Column("periodens första dag", 14, exports.DATE),
    exports.Column("området", 14, exports.DECIMAL),
    exports.Column("snitt per område", 16, exports.DECIMAL),
    exports.Column("kommunen", 14, exports.DECIMAL),
)


# How far back the profile looks: the last three years unless the reader asks for more.
SPANS = {"3": 3, "5": 5, "10": 10, "alla": None}
DEFAULT_SPAN = "3"


def _span(request) -> str:
    span = request.GET.get("ar", DEFAULT_SPAN)
    return span if span in SPANS else DEFAULT_SPAN


def _since(span: str) -> date | None:
    years = SPANS[span]
    today = timezone.localdate()
    return date(today.year - years, today.month, 1) if years else None


def _profile(request, district_id: int):
    district = selectors.district_get(actor=request.actor, district_id=district_id)
    indicators = list(selectors.indicator_list(actor=request.actor).filter(is_active=True))
    since = _since(_span(request))
    return district, district_profile(indicators=indicators, district=district, since=since)


# What the profile page prints as HTML of its own (escaped when it was made).
_SAFE = ("chart_label", "legend", "rows")


def _sections(request, district) -> list[dict]:
    """The page's sections, as kept for the district, span and language while the
    municipality's prevention data is unchanged (``trygg.prevention.stored``): the same
    for every reader who may see the profile (the municipality's active indicators)."""
    span = _span(request)
    since = _since(span)
    stamp = since.isoformat() if since else ""

    def compute() -> dict:
        indicators = list(selectors.indicator_list(actor=request.actor).filter(is_active=True))
        profile = district_profile(indicators=indicators, district=district, since=since)
        return {"since": stamp, "sections": profile_sections(profile, district=district)}

    data = stored(
        f"district:{district.pk}:{span}:{get_language()}",
        municipality_id=district.municipality_id,
        compute=compute,
        fresh=lambda data: data["since"] == stamp,
    )
    return [
        {**section, **{name: mark_safe(section[name]) for name in _SAFE}}  # noqa: S308 - made escaped
        for section in data["sections"]
    ]


@guard(prevention_policy, "use")
def district_view(request, district_id: int):
    district = selectors.district_get(actor=request.actor, district_id=district_id)
    return render(
        request,
        "prevention/district.html",
        {
            "district": district,
            "sections": _sections(request, district),
            "width": CHART_WIDTH,
            "height": CHART_HEIGHT,
            "span": _span(request),
            "spans": [
                ("3", _("3 years")),
                ("5", _("5 years")),
                ("10", _("10 years")),
                ("alla", _("All")),
            ],
        },
    )


def _filename(district, extension: str) -> str:
    return f"{slugify(district.name)}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@guard(prevention_policy, "use")
def district_csv_view(request, district_id: int):
    district, profile = _profile(request, district_id)
    lines = exports.csv_lines(COLUMNS, profile_rows(profile))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return _attachment(response, _filename(district, "csv"))


@guard(prevention_policy, "use")
def district_xlsx_view(request, district_id: int):
    district, profile = _profile(request, district_id)
    content = exports.xlsx_bytes(COLUMNS, profile_rows(profile), sheet_title=district.name[:31])
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attachment(response, _filename(district, "xlsx"))
