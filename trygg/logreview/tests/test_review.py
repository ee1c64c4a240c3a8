"""Log review (logguppföljning): the filters by case, emergency access, out of hours and
unusual volume, always within the reviewer's own municipality."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.audit.models import AuditEvent
from trygg.audit.services import record
from trygg.core.roles import Role
from trygg.defectors.cases import services as defectors_services
from trygg.defectors.constants import Protection
from trygg.logreview.forms import EventFilterForm
from trygg.logreview.review import unusual_volume
from trygg.logreview.selectors import event_page

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def said(response, text: str) -> bool:
    """Whether the page shows ``text`` in the page's language (the UI is translated)."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return gettext(text) in response.content.decode()


def at(*args) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def officer(make_user):
    return actor_for(make_user(Role.HANDLAGGARE))


@pytest.fixture
def stranger(make_user, botkyrka):
    return actor_for(make_user(Role.HANDLAGGARE, organisation=OrganisationFactory(parent=botkyrka)))


@pytest.fixture
def reviewer(make_user, huddinge):
    return actor_for(make_user(Role.LOGGGRANSKARE, organisation=huddinge))


def new_case(actor):
    return defectors_services.intake_create(
        actor=actor,
        given_name="Test",
        family_name="Loggsson",
        identity_number="",
        reserve=True,
        protection=Protection.NONE,
        contact="",
        date=date(2026, 3, 2),
        source="self",
        group_type="criminal_network",
        threat_indication="low",
        motivation_notes="",
    )


def view(actor, case, **payload):
    return record(action="defectors.case.view", actor=actor, target=case, payload=payload)


def shown(reviewer, **data):
    """The ids of the events on the first page for the filter form's ``data``."""
    form = EventFilterForm(data, actor=reviewer)
    assert form.is_valid(), form.errors
    events, _more = event_page(actor=reviewer, filters=form.cleaned_data, size=200)
    return {event.id for event in events}


def test_case_filter_shows_every_event_about_that_case_only(officer, reviewer):
    first, second = new_case(officer), new_case(officer)
    mine = {view(officer, first).id, view(officer, first, entry=3).id}
    view(officer, second)
    created = AuditEvent.objects.get(action="defectors.case.create", target_id=str(first.pk))
    # Typed in lower case and with spaces: still found.
    assert shown(reviewer, case=f" {first.reference.lower()} ") == mine | {created.id}


def test_case_filter_also_finds_the_list_pages_that_showed_the_case(officer, reviewer):
    from trygg.defectors.cases.selectors import case_list
    from trygg.defectors.tasks.services import my_tasks

    case = new_case(officer)
    other = new_case(officer)
    case_list(actor=officer)  # shows both
    my_tasks(actor=officer)  # shows none: the officer has no tasks
    listed = AuditEvent.objects.get(action="defectors.case.list")
    ids = shown(reviewer, case=case.reference)
    assert listed.id in ids
    assert listed.id in shown(reviewer, case=other.reference)
    assert not AuditEvent.objects.get(action="defectors.task.my_list").also.exists()


def test_case_of_another_municipality_cannot_be_searched(officer, stranger, reviewer):
    theirs = new_case(stranger)
    form = EventFilterForm({"case": theirs.reference}, actor=reviewer)
    assert not form.is_valid()
    assert form.errors["case"] == ["Det finns inget ärende med det diarienumret i din kommun."]


def test_unknown_case_reference_shows_the_message_and_no_events(client, login, reviewer, officer):
    new_case(officer)
    login(reviewer.user)
    response = client.get("/logg/", {"case": "AV-1999-9999"})
    assert said(response, "Det finns inget ärende med det diarienumret i din kommun.")
    assert said(response, "No events match the filter.")


def test_emergency_filter_shows_the_grant_and_everything_under_it(officer, stranger, reviewer):
    case = new_case(officer)
    view(officer, case)
    grant = record(
        action="defectors.emergency.grant", actor=officer, target=case, payload={"access": 7}
    )
    under = view(officer, case, emergency=7)
    refused = record(action="defectors.emergency.refuse", actor=officer, payload={"found": False})
    elsewhere = view(stranger, new_case(stranger), emergency=8)
    ids = shown(reviewer, emergency="on")
    assert {grant.id, under.id, refused.id} <= ids
    assert elsewhere.id not in ids
    assert all(e in {grant.id, under.id, refused.id} for e in ids)


def test_out_of_hours_filter_uses_local_time_and_weekends(officer, reviewer):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        case = new_case(officer)
    events = {}
    moments = {
        "wednesday_morning": at(2026, 3, 4, 10, 0),
        "wednesday_night": at(2026, 3, 4, 22, 0),
        "early": at(2026, 3, 4, 6, 59),
        "saturday_noon": at(2026, 3, 7, 12, 0),
        # Summer time (UTC+2): 17:30 local is 15:30 UTC, inside office hours.
        "summer_afternoon": at(2026, 6, 10, 17, 30),
        "summer_evening": at(2026, 6, 10, 18, 0),
    }
    for name, moment in moments.items():
        with time_machine.travel(moment, tick=False):
            events[name] = view(officer, case).id
    ids = shown(reviewer, out_of_hours="on", case=case.reference)
    assert ids == {
        events["wednesday_night"],
        events["early"],
        events["saturday_noon"],
        events["summer_evening"],
    }


def test_date_filter_is_by_local_day(officer, reviewer):
    case = new_case(officer)
    with time_machine.travel(at(2026, 3, 4, 23, 30), tick=False):  # 22:30 UTC
        late = view(officer, case).id
    with time_machine.travel(at(2026, 3, 5, 0, 30), tick=False):  # 23:30 UTC the day before
        next_day = view(officer, case).id
    ids = shown(reviewer, date_from="2026-03-04", date_to="2026-03-04")
    assert late in ids and next_day not in ids
    assert next_day in shown(reviewer, date_from="2026-03-05", date_to="2026-03-05")


def test_page_shows_names_references_and_marks(client, login, officer, reviewer):
    case = new_case(officer)
    with time_machine.travel(at(2026, 3, 7, 12, 0), tick=False):
        view(officer, case, emergency=4)
    login(reviewer.user)
    response = client.get("/logg/", {"emergency": "on"})
    page = response.content.decode()
    assert f"?case={case.reference}" in page and case.reference in page
    assert f'href="?actor={officer.user.pk}">{officer.user.full_name}</a>' in page
    assert said(response, "Emergency access") and said(response, "Outside office hours")
    assert "Loggsson" not in page  # never the person


def test_event_list_query_count_does_not_grow_with_case_events(client, login, officer, reviewer):
    login(reviewer.user)
    case = new_case(officer)
    view(officer, case)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/logg/").status_code == 200
        return len(captured.captured_queries)

    count()
    few = count()
    for _ in range(10):
        view(officer, new_case(officer))
    assert count() == few


def test_event_list_costs_the_same_with_and_without_case_events(client, login, officer, reviewer):
    """Names and case references are read with the events: a page of logins only and a page
    of case events cost the same (the benchmark compares demo data with scale data)."""
    login(reviewer.user)

    def count(**filters):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/logg/", filters).status_code == 200
        return len(captured.captured_queries)

    count()
    logins_only = count(action="accounts.login")
    view(officer, new_case(officer))
    assert count(action="defectors.") == logins_only


@override_settings(TRYGG_LOG_REVIEW_DAILY_VIEWS=5)
def test_unusual_volume_lists_users_over_the_limit_per_local_day(
    make_user, officer, stranger, reviewer
):
    case = new_case(officer)
    colleague = actor_for(make_user(Role.HANDLAGGARE, organisation=officer.organisation))
    with time_machine.travel(at(2026, 3, 4, 9, 0), tick=True):
        for _ in range(6):
            view(officer, case)
        for _ in range(5):  # at the limit: not unusual
            view(colleague, case)
        for _ in range(3):  # other actions do not count
            record(action="defectors.journal.create", actor=colleague, target=case)
        for _ in range(9):  # another municipality: never shown
            view(stranger, new_case(stranger))
    with time_machine.travel(at(2026, 3, 5, 0, 30), tick=True):  # the next local day
        for _ in range(3):
            view(officer, case)
            record(action="defectors.journal.list", actor=officer, target=case)
    rows = unusual_volume(actor=reviewer, date_from=date(2026, 3, 1), date_to=date(2026, 3, 7))
    assert [(r.actor_id, r.day, r.count) for r in rows] == [
        (officer.user.pk, date(2026, 3, 4), 6),
        (officer.user.pk, date(2026, 3, 5), 6),
    ]
    assert (
        unusual_volume(actor=reviewer, date_from=date(2026, 3, 6), date_to=date(2026, 3, 7)) == []
    )


@override_settings(TRYGG_LOG_REVIEW_DAILY_VIEWS=5)
def test_ended_days_are_counted_once_and_today_from_the_log(officer, reviewer):
    """An ended day's counts are kept when first asked for and read back after that (no
    count over the log); today is counted from the log on every view, so a read a moment
    ago shows; a lower limit needs no recount."""
    from django.test import override_settings as settings_for

    from trygg.audit.models import ReadVolume, ReadVolumeDay

    case = new_case(officer)
    with time_machine.travel(at(2026, 3, 4, 9, 0), tick=True):
        for _ in range(6):
            view(officer, case)
    with time_machine.travel(at(2026, 3, 5, 12, 0), tick=True):
        for _ in range(6):
            view(officer, case)
        week = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 7)}
        first = unusual_volume(actor=reviewer, **week)
        assert [(r.day, r.count) for r in first] == [(date(2026, 3, 4), 6), (date(2026, 3, 5), 6)]
        kept_days = set(ReadVolumeDay.objects.values_list("day", flat=True))
        assert kept_days == {date(2026, 3, d) for d in range(1, 5)}  # not today
        view(officer, case)  # today: counted at once
        with CaptureQueriesContext(connection) as again:
            second = unusual_volume(actor=reviewer, **week)
        assert [(r.day, r.count) for r in second] == [(date(2026, 3, 5), 7), (date(2026, 3, 4), 6)]
        log_counts = [q["sql"] for q in again.captured_queries if "audit_auditevent" in q["sql"]]
        assert len(log_counts) == 1  # today only
        assert "INSERT" not in " ".join(q["sql"] for q in again.captured_queries)
        with settings_for(TRYGG_LOG_REVIEW_DAILY_VIEWS=6):
            assert [r.day for r in unusual_volume(actor=reviewer, **week)] == [date(2026, 3, 5)]
    assert ReadVolume.objects.get(day=date(2026, 3, 4)).reads == 6


@override_settings(TRYGG_LOG_REVIEW_DAILY_VIEWS=5)
def test_days_kept_out_of_order_are_not_counted_again(officer, reviewer, monkeypatch):
    """A day kept by an earlier, narrower view lies between two days not kept yet: the log is
    counted for the days on each side of it, not over it, and every day shows its reads."""
    from trygg.logreview import review

    case = new_case(officer)
    for day in (2, 3, 4):
        with time_machine.travel(at(2026, 3, day, 9, 0), tick=True):
            for _ in range(5 + day):
                view(officer, case)
    counted_ranges = []
    counted = review._counted

    def recording(actor, first, last, **kwargs):
        counted_ranges.append((first.day, last.day, kwargs.get("with_names", True)))
        return counted(actor, first, last, **kwargs)

    monkeypatch.setattr(review, "_counted", recording)
    with time_machine.travel(at(2026, 3, 9, 12, 0), tick=True):
        middle = unusual_volume(
            actor=reviewer, date_from=date(2026, 3, 3), date_to=date(2026, 3, 3)
        )
        counted_ranges.clear()
        week = unusual_volume(actor=reviewer, date_from=date(2026, 3, 1), date_to=date(2026, 3, 5))
    assert [(r.day, r.count) for r in middle] == [(date(2026, 3, 3), 8)]
    # Kept counts need no names: only the rows shown are named, from the kept table.
    assert counted_ranges == [(1, 2, False), (4, 5, False)]
    assert [(r.day, r.count, r.name) for r in week] == [
        (date(2026, 3, 4), 9, officer.user.full_name),
        (date(2026, 3, 3), 8, officer.user.full_name),
        (date(2026, 3, 2), 7, officer.user.full_name),
    ]


@override_settings(TRYGG_LOG_REVIEW_DAILY_VIEWS=2)
def test_volume_page_links_to_the_users_events_that_day(client, login, officer, reviewer):
    case = new_case(officer)
    with time_machine.travel(at(2026, 3, 4, 9, 0), tick=True):
        for _ in range(3):
            view(officer, case)
    login(reviewer.user)
    page = client.get("/logg/volym/", {"date_from": "2026-03-01", "date_to": "2026-03-07"})
    html = page.content.decode()
    assert page.status_code == 200
    assert officer.user.full_name in html
    assert f"/logg/?actor={officer.user.pk}&amp;date_from=2026-03-04&amp;date_to=2026-03-04" in html


def test_volume_page_defaults_to_the_last_week_and_refuses_long_ranges(client, login, reviewer):
    login(reviewer.user)
    assert client.get("/logg/volym/").status_code == 200
    page = client.get("/logg/volym/", {"date_from": "2025-01-01", "date_to": "2026-01-01"})
    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        assert gettext("Choose at most %(days)d days at a time.") % {"days": 92} in str(
            page.content.decode()
        )
    page = client.get("/logg/volym/", {"date_from": "nonsense"})
    assert page.status_code == 200 and "ds-error-summary" in page.content.decode()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.LOGGGRANSKARE])
def test_only_the_log_reviewer_reaches_the_review_pages(make_user, login, client, role):
    login(make_user(role))
    for path in ["/logg/volym/", "/logg/uppfoljning/"]:
        assert client.get(path).status_code == 403
        assert client.post(path, {"findings": "x"}).status_code == 403


@pytest.mark.skipif(connection.vendor != "sqlite", reason="how SQLite's planner picks an index")
def test_on_sqlite_emergency_events_are_read_from_their_partial_index(reviewer):
    """SQLite uses a partial index only when the query holds its condition word for word
    with the same literals; the filter writes the index's own condition (issue 14)."""
    from trygg.logreview.review import filter_events

    events = filter_events(actor=reviewer, filters={"emergency": True}).order_by("-id")[:51]
    sql, params = events.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "audit_event_emergency" in plan
