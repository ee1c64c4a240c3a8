"""The district profile: every indicator of the municipality over time in one district,
beside the municipality as a whole. One query whatever the number of indicators, periods
or values."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.db.models import Avg, Q, Sum
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from trygg.organisations.models import District
from trygg.prevention.constants import Aggregation
from trygg.prevention.models import Indicator, IndicatorValue
from trygg.prevention.periods import period_label

CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 640, 180, 8
CENT = Decimal("0.01")


@lru_cache(maxsize=4096)
def number(value: Decimal | None) -> str:
    """A value as Swedish readers write it (12 or 12,5), formatted once here rather than by a
    template filter per cell: a profile has thousands of cells, most of them repeating a few
    hundred values (the cache holds the text of a value, which never changes)."""
    if value is None:
        return "\u2013"
    text = format(value.quantize(CENT).normalize(), "f")
    return text.replace("-", "\u2212").replace(".", ",")


@dataclass
class Point:
    period: date
    label: str
    district: Decimal | None
    municipality: Decimal | None  # the total (counts) or the mean (shares)
    average: Decimal | None  # the mean of the districts: what the chart compares with

    @property
    def cells(self) -> tuple[str, str, str]:
        return number(self.district), number(self.average), number(self.municipality)


@dataclass
class Series:
    indicator: Indicator
    points: list[Point] = field(default_factory=list)

    _scales: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _scale(self, attributes: tuple[str, ...]) -> tuple[Decimal, Decimal]:
        """Lowest and highest value of the attributes (computed once per series: the chart,
        its lines and its caption all ask)."""
        if attributes not in self._scales:
            self._scales[attributes] = self._low_high(attributes)
        return self._scales[attributes]

    def _low_high(self, attributes: tuple[str, ...]) -> tuple[Decimal, Decimal]:
        values = [
            v for p in self.points for v in (getattr(p, a) for a in attributes) if v is not None
        ]
        low, high = min([*values, Decimal(0)]), max([*values, Decimal(0)])
        return low, (high if high != low else low + 1)

    def _line(self, attribute: str, scale: tuple[str, ...] = ("district", "average")) -> str:
        """SVG polyline points: x by period, y by value (higher up), gaps skipped. The district
        and the mean of the districts share a scale; the municipality's figure (a total for
        counts) has its own, drawn alone."""
        low, high = self._scale(scale)
        count = max(len(self.points) - 1, 1)
        width, height = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
        coordinates = []
        span = high - low
        for index, point in enumerate(self.points):
            value = getattr(point, attribute)
            if value is None:
                continue
            x = CHART_PAD + width * index / count
            y = CHART_PAD + height * float((high - value) / span)
            coordinates.append(f"{x:.1f},{y:.1f}")
        return " ".join(coordinates)

    @property
    def district_line(self) -> str:
        return self._line("district")

    @property
    def municipality_line(self) -> str:
        return self._line("municipality", scale=("municipality",))

    @property
    def average_line(self) -> str:
        return self._line("average")

    @property
    def is_total(self) -> bool:
        return self.indicator.aggregation == Aggregation.SUM

    @property
    def table_rows(self) -> SafeString:
        """The rows of the figures table (period, the district, the mean of the districts and,
        for counts, the municipality's total), written in one pass: a profile has a thousand
        rows, and a template loop over them cost most of the page's time."""
        total = self.is_total
        rows = []
        for point in self.points:
            district, average, municipality = point.cells
            rows.append(
                f'<tr><th scope="row">{html.escape(point.label)}</th><td>{district}</td>'
                f"<td>{average}</td>{f'<td>{municipality}</td>' if total else ''}</tr>"
            )
        return mark_safe("".join(rows))  # noqa: S308 - the label is escaped, the rest are numbers

    @property
    def first_label(self) -> str:
        return self.points[0].label

    @property
    def last_label(self) -> str:
        return self.points[-1].label

    @property
    def highest(self) -> Decimal:
        return self._scale(("district", "average"))[1]

    @property
    def lowest(self) -> Decimal:
        return self._scale(("district", "average"))[0]


def district_profile(
    *, indicators: list[Indicator], district: District, since: date | None = None
) -> list[Series]:
    """One series per indicator with a value anywhere in the municipality: the district's
    value and the municipality's figure (sum or mean of its districts) per period, from
    ``since`` (every period when None)."""
    ids = [indicator.pk for indicator in indicators]
    values = IndicatorValue.objects.filter(indicator_id__in=ids)
    if since is not None:
        values = values.filter(period_start__gte=since)
    # One value per district and period: the district's "sum" is its value (None: not given).
    whole: dict[int, dict[date, tuple[Decimal, Decimal, Decimal | None]]] = {}
    labels: dict[tuple[date, str], str] = {}
    for indicator_id, start, total, mean, here in (
        values.values("indicator_id", "period_start")
        .annotate(
            total=Sum("value"), mean=Avg("value"), here=Sum("value", filter=Q(district=district))
        )
        .order_by("indicator_id", "period_start")
        .values_list("indicator_id", "period_start", "total", "mean", "here")
    ):
        whole.setdefault(indicator_id, {})[start] = (total, mean, here)
    profile = []
    for indicator in indicators:
        periods = whole.get(indicator.pk)
        if not periods:
            continue
        series = Series(indicator)
        for start, (total, mean, here) in periods.items():
            figure = total if indicator.aggregation == Aggregation.SUM else mean
            series.points.append(
                Point(
                    period=start,
                    label=labels.get((start, indicator.period_type))
                    or labels.setdefault(
                        (start, indicator.period_type), period_label(start, indicator.period_type)
                    ),
                    district=here,
                    municipality=Decimal(figure).quantize(CENT),
                    average=Decimal(mean).quantize(CENT),
                )
            )
        profile.append(series)
    return profile


def profile_sections(profile: list[Series], *, district: District) -> list[dict]:
    """What the profile page prints of each series, made in one pass and handed over as plain
    dicts: the page has dozens of charts, and a template looking up attributes and properties
    of objects, and translating two sentences, for each of them cost most of its time. The
    sentences are the template's own (same msgids), their values escaped as the template
    would."""
    chart_label = gettext(
        "Line chart: %(name)s in %(district)s and the mean of the municipality's districts. "
        "The table below has the figures."
    )
    legend = gettext("From %(low)s to %(high)s; %(first)s to %(last)s.")
    place = conditional_escape(district.name)
    return [
        {
            "id": series.indicator.pk,
            "name": series.indicator.name,
            "unit": series.indicator.unit,
            "source": series.indicator.source,
            "higher_is_worse": series.indicator.higher_is_worse,
            "average_line": series.average_line,
            "district_line": series.district_line,
            "chart_label": mark_safe(  # noqa: S308 - the values are escaped
                chart_label % {"name": conditional_escape(series.indicator.name), "district": place}
            ),
            "legend": mark_safe(  # noqa: S308 - the values are escaped
                legend
                % {
                    "low": conditional_escape(floatformat(series.lowest, "-2")),
                    "high": conditional_escape(floatformat(series.highest, "-2")),
                    "first": conditional_escape(series.first_label),
                    "last": conditional_escape(series.last_label),
                }
            ),
            "is_total": series.is_total,
            "rows": series.table_rows,
        }
        for series in profile
    ]


def profile_rows(profile: list[Series]) -> list[list]:
    """The profile as rows for CSV and XLSX: indicator, unit, period, the district, the mean
    of the districts, the municipality (its total for counts, its mean for shares)."""
    return [
        [
            series.indicator.name,
            series.indicator.unit,
            point.label,
            point.period,
            point.district,
            point.average,
            point.municipality,
        ]
        for series in profile
        for point in series.points
    ]


def municipality_series(*, indicators: list[Indicator], since: date, until: date) -> list[Series]:
    """The municipality's figure of each indicator over a period (for the lägesbild): the
    total of the districts for counts, their mean for shares. One query."""
    ids = [indicator.pk for indicator in indicators]
    by_indicator = {indicator.pk: indicator for indicator in indicators}
    profile = {indicator.pk: Series(indicator) for indicator in indicators}
    labels: dict[tuple[date, str], str] = {}
    for row in (
        IndicatorValue.objects.filter(
            indicator_id__in=ids, period_start__gte=since, period_start__lte=until
        )
        .values("indicator_id", "period_start")
        .annotate(total=Sum("value"), mean=Avg("value"))
        .order_by("indicator_id", "period_start")
    ):
        indicator = by_indicator[row["indicator_id"]]
        figure = row["total"] if indicator.aggregation == Aggregation.SUM else row["mean"]
        key = (row["period_start"], indicator.period_type)
        if key not in labels:
            labels[key] = period_label(*key)
        profile[indicator.pk].points.append(
            Point(
                period=row["period_start"],
                label=labels[key],
                district=None,
                municipality=Decimal(figure).quantize(CENT),
                average=Decimal(row["mean"]).quantize(CENT),
            )
        )
    return [series for series in profile.values() if series.points]
