"""Logguppföljning: the log reviewer's filters over the audit log, and the unusual-volume table.

Every query here starts from ``audit_policy.visible`` (the reviewer's own municipality) and is
shaped to stay fast over millions of events: a date range becomes a range of ids found on the
indexed ``at`` column (never a per-row date conversion), a case becomes the indexed
``(target_type, target_id)`` pair, and the event list pages by id with a LIMIT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from trygg.accounts.models import User
from trygg.audit.models import (
    EMERGENCY_ACTION_PREFIX,
    EMERGENCY_PAYLOAD_KEY,
    AuditEvent,
    AuditEventTarget,
    ReadVolume,
    ReadVolumeDay,
)
from trygg.core.sqlite import partial_index_condition
from trygg.defectors.cases.selectors import case_id_by_reference
from trygg.logreview.policies import audit_policy, review_scope

CASE_TARGET = "defectors.case"
# The unusual-volume table reads every read event of the range: a quarter is plenty for a
# monthly or quarterly review and keeps the page fast.
VOLUME_MAX_DAYS = 92
VOLUME_MAX_ROWS = 200


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in local time (Europe/Stockholm), as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=local_zone())


def in_days(events: QuerySet, date_from: date | None, date_to: date | None) -> QuerySet:
    """Events on local days ``date_from``..``date_to`` (inclusive).

    The log is appended in time order (``record`` stamps ``at`` under the chain lock), so a
    span of days is also a span of ids: the ids at its ends are looked up on the ``at`` index
    (two one-row subqueries) and the events read by id, newest first, which stays fast for a
    month as for a day. The ``at`` bounds stay too, so no event outside the days is shown;
    only a clock set back across a midnight could leave an event of the span out."""
    if date_from:
        start = day_start(date_from)
        first = AuditEvent.objects.filter(at__gte=start).order_by("at", "id").values_list("id")[:1]
        events = events.filter(at__gte=start, id__gte=Subquery(first))
    if date_to:
        end = day_start(date_to + timedelta(days=1))
        last = AuditEvent.objects.filter(at__lt=end).order_by("-at", "-id").values_list("id")[:1]
        events = events.filter(at__lt=end, id__lte=Subquery(last))
    return events


def emergency_q() -> Q:
    """The grant of an emergency access and every event done under one.

    ``record_case_event`` adds ``"emergency": <access id>`` to every event of a case opened
    by emergency access; has_key is native JSON on PostgreSQL (``?``) and SQLite (JSON1).
    A partial index (``audit_event_emergency``) holds exactly these events, newest first per
    municipality; ``filter_emergency`` applies this filter so that either database uses it."""
    return Q(action__startswith=EMERGENCY_ACTION_PREFIX) | Q(payload__has_key=EMERGENCY_PAYLOAD_KEY)


EMERGENCY_INDEX = "audit_event_emergency"


def filter_emergency(events: QuerySet) -> QuerySet:
    """``emergency_q``, read from the emergency index (``audit_event_emergency``) on either
    database: a page of the rare emergency events without walking back through the log."""
    if connection.vendor != "sqlite":
        return events.filter(emergency_q())
    # SQLite uses the partial index only for its own condition, literals and all.
    condition = partial_index_condition(AuditEvent, EMERGENCY_INDEX).replace("%", "%%")
    emergency = RawSQL(f"({condition})", (), output_field=BooleanField())  # noqa: S611
    return events.filter(emergency)


def out_of_hours(events: QuerySet) -> QuerySet:
    """Events outside office hours in local time, or on a Saturday or Sunday.

    Trade-off: the local hour cannot use an index (it is computed per row, with the time
    zone's daylight saving), so this filter scans. The event list still pages newest first
    with a LIMIT, and out-of-hours events are common (evenings, nights and weekends are most
    of the week), so a page is found after a short walk down the id index; combined with a
    date range or a user it is bounded by those indexes first."""
    start, end = settings.TRYGG_LOG_REVIEW_OFFICE_HOURS
    zone = local_zone()
    return events.annotate(
        local_hour=ExtractHour("at", tzinfo=zone),
        local_weekday=ExtractIsoWeekDay("at", tzinfo=zone),
    ).filter(Q(local_hour__lt=start) | Q(local_hour__gte=end) | Q(local_weekday__gte=6))


def is_out_of_hours(moment: datetime) -> bool:
    """The same rule as ``out_of_hours``, for one event already on the page."""
    start, end = settings.TRYGG_LOG_REVIEW_OFFICE_HOURS
    local = moment.astimezone(local_zone())
    return local.isoweekday() >= 6 or not (start <= local.hour < end)


def is_emergency(event: AuditEvent) -> bool:
    return event.action.startswith(EMERGENCY_ACTION_PREFIX) or (
        isinstance(event.payload, dict) and EMERGENCY_PAYLOAD_KEY in event.payload
    )


def case_id_for_reference(*, actor, reference: str) -> int | None:
    """The id of the case with ``reference`` in the reviewer's municipality, or None."""
    reference = "".join(reference.split()).upper()
    if not reference or actor.municipality_id is None:
        return None
    return case_id_by_reference(municipality_id=actor.municipality_id, reference=reference)


USER_SEARCH_LIMIT = 20


def users_matching(*, actor, text: str) -> list:
    """Users of the reviewer's log whose name or e-mail address contains ``text`` (at most
    USER_SEARCH_LIMIT, by name): whom the reviewer can filter the events on."""
    from trygg.accounts.models import User
    from trygg.logreview.policies import review_scope

    scope = review_scope(actor)
    text = text.strip()
    if scope is None or not text:
        return []
    if "organisation_id" in scope:
        members = {"memberships__organisation_id": scope["organisation_id"]}
    else:
        members = {"memberships__organisation__municipality_id": scope["municipality_id"]}
    return list(
        User.objects.filter(Q(full_name__icontains=text) | Q(email__icontains=text), **members)
        .distinct()
        .order_by("full_name", "email")[:USER_SEARCH_LIMIT]
    )


def filter_events(*, actor, filters: dict) -> QuerySet:
    """The reviewer's visible events narrowed by the filter form's cleaned data."""
    # A date span is read by id (see ``in_days``), which the municipality index serves too.
    narrowed = any(filters.get(name) for name in ("actor", "case_id"))
    events = audit_policy.visible(actor, AuditEvent.objects.all(), narrowed=narrowed)
    if filters.get("action"):
        events = events.filter(action__startswith=filters["action"])
    if filters.get("actor"):
        events = events.filter(actor_id=filters["actor"])
    if filters.get("case_id"):
        # Events about the case, and the list pages that showed it (AuditEventTarget): the
        # case's event ids first, each from its own index, so the page reads those events
        # whatever the size of the log (an OR of the two walked back through the whole log
        # until it had a page).
        case_id = str(filters["case_id"])
        about = AuditEvent.objects.filter(target_type=CASE_TARGET, target_id=case_id)
        listed = AuditEventTarget.objects.filter(target_type=CASE_TARGET, target_id=case_id)
        events = events.filter(
            pk__in=about.order_by().values("id").union(listed.order_by().values("event_id"))
        )
    events = in_days(events, filters.get("date_from"), filters.get("date_to"))
    if filters.get("emergency"):
        events = filter_emergency(events)
    if filters.get("out_of_hours"):
        events = out_of_hours(events)
    return events


def view_actions_q() -> Q:
    """Reads in the defector programme: ``defectors.<thing>.view`` and ``.list``."""
    return Q(action__startswith="defectors.") & (
        Q(action__endswith=".view") | Q(action__endswith=".list")
    )


@dataclass(frozen=True)
class VolumeRow:
    actor_id: int
    day: date
    count: int
    name: str = ""  # the user's name; empty for a deleted user


def _day_number(ends: list[datetime], first: int, last: int):
    """The number of the local day an event's ``at`` falls on, between ``first`` and ``last``
    (``ends[n]`` is the end of day n): nested CASEs that halve the days, so each row is
    compared about log2(days) times."""
    if first == last:
        return Value(first, output_field=IntegerField())
    middle = (first + last) // 2
    return Case(
        When(at__lt=ends[middle], then=_day_number(ends, first, middle)),
        default=_day_number(ends, middle + 1, last),
        output_field=IntegerField(),
    )


def unusual_volume(*, actor, date_from: date, date_to: date) -> list[VolumeRow]:
    """Users with more than TRYGG_LOG_REVIEW_DAILY_VIEWS reads in the defector programme on
    one local day, within ``date_from``..``date_to`` (at most VOLUME_MAX_DAYS days), most first.

    Days that have ended are counted once and kept (``ReadVolume``; the log is append-only,
    so an ended day's counts never change): a view reads the kept counts over the limit from
    their index, and counts only the days not yet kept and today from the log itself."""
    days = (date_to - date_from).days + 1
    log = _log_key(actor)
    if days < 1 or log is None:
        return []
    last = date_from + timedelta(days=min(days, VOLUME_MAX_DAYS) - 1)
    limit = settings.TRYGG_LOG_REVIEW_DAILY_VIEWS
    ended = min(last, _last_ended_day())
    rows: list[VolumeRow] = []
    if ended >= date_from:
        _keep_counts(actor, log, date_from, ended)
        name = Subquery(User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1])
        kept = (
            ReadVolume.objects.filter(log=log, day__gte=date_from, day__lte=ended, reads__gt=limit)
            .annotate(name=name)
            .order_by("-reads", "day", "actor_id")
            .values_list("actor_id", "day", "reads", "name")[:VOLUME_MAX_ROWS]
        )
        rows += [VolumeRow(a, d, n, name or "") for a, d, n, name in kept]
    if last > ended:
        rows += _counted(actor, max(date_from, ended + timedelta(days=1)), last, above=limit)
    rows.sort(key=lambda row: (-row.count, row.day, row.actor_id))
    return rows[:VOLUME_MAX_ROWS]


# A day's counts are kept once it ended this long ago: an event stamped a moment before
# midnight may be committed a moment after it.
SETTLED = timedelta(minutes=10)


def _last_ended_day() -> date:
    """The last local day that ended at least ``SETTLED`` ago."""
    return (timezone.now() - SETTLED).astimezone(local_zone()).date() - timedelta(days=1)


def _log_key(actor) -> str | None:
    scope = review_scope(actor)
    if scope is None:
        return None
    if "organisation_id" in scope:
        return f"organisation:{scope['organisation_id']}"
    return f"municipality:{scope['municipality_id']}"


def _keep_counts(actor, log: str, first: date, last: date) -> None:
    """Count the ended days of ``first``..``last`` not kept yet, and keep them (every user
    with a read that day, so a changed limit needs no recount)."""
    kept = set(
        ReadVolumeDay.objects.filter(log=log, day__gte=first, day__lte=last).values_list(
            "day", flat=True
        )
    )
    missing = [
        day
        for n in range((last - first).days + 1)
        if (day := first + timedelta(days=n)) not in kept
    ]
    if not missing:
        return
    # Each run of consecutive missing days in one query, so kept days between two runs
    # (kept out of order) are not counted again.
    runs: list[list[date]] = []
    for day in missing:
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    counted = [
        row for run in runs for row in _counted(actor, run[0], run[-1], above=0, with_names=False)
    ]
    with transaction.atomic():
        # Two reviewers may count the same day at once: the counts are the same, the
        # second's are ignored.
        ReadVolume.objects.bulk_create(
            [ReadVolume(log=log, day=r.day, actor_id=r.actor_id, reads=r.count) for r in counted],
            batch_size=1000,
            ignore_conflicts=True,
        )
        ReadVolumeDay.objects.bulk_create(
            [ReadVolumeDay(log=log, day=day) for day in missing], ignore_conflicts=True
        )


def _counted(
    actor, first: date, last: date, *, above: int, with_names: bool = True
) -> list[VolumeRow]:
    """Users' reads per local day of ``first``..``last`` counted from the log, those over
    ``above`` (with the users' names when ``with_names``: only what is shown needs them).

    One GROUP BY over the range. The local day is a CASE over the day boundaries computed
    here (daylight saving included), so the database only compares ``at`` with constants:
    no per-row time-zone function, the same SQL on PostgreSQL and SQLite, and the range is
    read through the ``at`` index."""
    days = (last - first).days + 1
    boundaries = [day_start(first + timedelta(days=n + 1)) for n in range(days)]
    day_number = _day_number(boundaries, 0, days - 1)
    events = audit_policy.visible(actor, AuditEvent.objects.all(), narrowed=True)
    events = (
        events.filter(
            view_actions_q(),
            at__gte=day_start(first),
            at__lt=boundaries[-1],
            actor_id__isnull=False,
        )
        .annotate(day_number=day_number)
        .values("actor_id", "day_number")
        .annotate(count=Count("id"))
        .filter(count__gt=above)
        .order_by()
    )
    if with_names:
        # The name in the same query (a subquery per row of the result).
        events = events.annotate(
            name=Subquery(User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1])
        )
    return [
        VolumeRow(
            actor_id=row["actor_id"],
            day=first + timedelta(days=row["day_number"]),
            count=row["count"],
            name=row.get("name") or "",
        )
        for row in events
    ]
