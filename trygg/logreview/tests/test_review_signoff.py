"""Signing off a review period: validation, the record, its audit event and the list."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.audit.models import AuditEvent, ReviewSignoff
from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.logreview.services import review_signoff

pytestmark = pytest.mark.django_db

FINDINGS = "Granskat nödåtkomst och kvällsläsningar. Inget att anmärka."


@pytest.fixture
def reviewer(make_user, huddinge):
    return actor_for(make_user(Role.LOGGGRANSKARE, organisation=huddinge))


def sign(reviewer, start, end, findings=FINDINGS):
    return review_signoff(actor=reviewer, period_start=start, period_end=end, findings=findings)


def test_signoff_counts_the_municipality_events_and_is_audited(reviewer, huddinge, botkyrka):
    stockholm = ZoneInfo("Europe/Stockholm")
    for moment in [datetime(2026, 2, 1, 0, 10), datetime(2026, 2, 28, 23, 50)]:
        with time_machine.travel(moment.replace(tzinfo=stockholm), tick=False):
            record(action="core.test.happen", municipality_id=huddinge.pk)
            record(action="core.test.happen", municipality_id=botkyrka.pk)  # not counted
    with time_machine.travel(datetime(2026, 3, 1, 0, 10, tzinfo=stockholm), tick=False):
        record(action="core.test.happen", municipality_id=huddinge.pk)  # after the period
        signoff = sign(reviewer, date(2026, 2, 1), date(2026, 2, 28))
    signoff.refresh_from_db()
    assert signoff.events_reviewed == 2
    assert signoff.municipality_id == huddinge.pk
    assert signoff.reviewer_id == reviewer.user.pk
    assert signoff.findings == FINDINGS
    event = AuditEvent.objects.get(action="audit.review.signoff")
    assert event.payload == {
        "signoff": signoff.pk,
        "period_start": "2026-02-01",
        "period_end": "2026-02-28",
        "events": 2,
    }
    assert event.municipality_id == huddinge.pk and event.actor_id == reviewer.user.pk
    assert "Granskat" not in str(event.payload)


def test_findings_are_encrypted_in_the_database(reviewer):
    signoff = sign(reviewer, date(2026, 1, 1), date(2026, 1, 31))
    with connection.cursor() as cursor:
        cursor.execute("SELECT findings FROM audit_reviewsignoff WHERE id = %s", [signoff.pk])
        raw = cursor.fetchone()[0]
    assert "Granskat" not in str(raw)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (date(2026, 1, 1), timezone.localdate() + timedelta(days=1), "period_end"),
        (date(2026, 2, 10), date(2026, 2, 1), "period_start"),
    ],
)
def test_period_must_end_by_today_and_start_before_it_ends(reviewer, start, end, field):
    with pytest.raises(ApplicationError) as error:
        sign(reviewer, start, end)
    assert error.value.field == field
    assert not ReviewSignoff.objects.exists()


def test_findings_are_required(reviewer):
    with pytest.raises(ApplicationError) as error:
        sign(reviewer, date(2026, 1, 1), date(2026, 1, 31), findings="   ")
    assert error.value.field == "findings"


def test_overlapping_periods_are_refused_within_a_municipality(reviewer, make_user, botkyrka):
    sign(reviewer, date(2026, 1, 1), date(2026, 1, 31))
    for start, end in [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2025, 12, 1), date(2026, 1, 1)),
    ]:
        with pytest.raises(ApplicationError) as error:
            sign(reviewer, start, end)
        assert error.value.field == "period_start"
    sign(reviewer, date(2026, 2, 1), date(2026, 2, 28))  # the next period is fine
    other = actor_for(make_user(Role.LOGGGRANSKARE, organisation=botkyrka))
    sign(other, date(2026, 1, 1), date(2026, 1, 31))  # another municipality's own log
    assert ReviewSignoff.objects.count() == 3


def test_only_the_log_reviewer_signs_off(make_user):
    actor = actor_for(make_user(Role.ENHETSCHEF))
    with pytest.raises(PermissionDenied):
        sign(actor, date(2026, 1, 1), date(2026, 1, 31))
    assert not ReviewSignoff.objects.exists()


def test_signoff_page_shows_errors_next_to_the_field(client, login, reviewer):
    sign(reviewer, date(2026, 1, 1), date(2026, 1, 31))
    login(reviewer.user)
    response = client.post(
        "/logg/uppfoljning/",
        {"period_start": "2026-01-15", "period_end": "2026-02-15", "findings": FINDINGS},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_period_start_error"' in body
    assert "ds-error-summary" in body
    assert ReviewSignoff.objects.count() == 1
    response = client.post("/logg/uppfoljning/", {"period_start": "no", "findings": ""})
    assert response.status_code == 200
    assert 'id="id_findings_error"' in response.content.decode()


def test_signoff_page_records_and_lists_the_municipality_sign_offs(
    client, login, reviewer, make_user, botkyrka
):
    other = actor_for(make_user(Role.LOGGGRANSKARE, organisation=botkyrka))
    sign(other, date(2026, 1, 1), date(2026, 1, 31), findings="Botkyrkas egna fynd.")
    login(reviewer.user)
    response = client.post(
        "/logg/uppfoljning/",
        {"period_start": "2026-01-01", "period_end": "2026-01-31", "findings": FINDINGS},
    )
    assert response.status_code == 302 and response["Location"] == "/logg/uppfoljning/"
    response = client.get("/logg/uppfoljning/")
    body = response.content.decode()
    assert "2026-01-01 \u2013 2026-01-31" in body
    assert reviewer.user.full_name in body and FINDINGS in body
    assert "Botkyrkas egna fynd." not in body and other.user.full_name not in body
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert gettext("Sign off a review period") in body


def test_log_page_links_to_the_review_pages(client, login, reviewer):
    login(reviewer.user)
    body = client.get("/logg/").content.decode()
    assert 'href="/logg/uppfoljning/"' in body and 'href="/logg/volym/"' in body


def test_reviewer_of_another_municipality_never_sees_the_sign_offs(
    client, login, make_user, reviewer, botkyrka
):
    sign(reviewer, date(2026, 1, 1), date(2026, 1, 31))
    login(make_user(Role.LOGGGRANSKARE, organisation=OrganisationFactory(parent=botkyrka)))
    body = client.get("/logg/uppfoljning/").content.decode()
    assert FINDINGS not in body


def test_form_suggests_the_days_after_the_latest_sign_off(client, login, reviewer):
    sign(reviewer, date(2026, 1, 1), date(2026, 1, 31))
    login(reviewer.user)
    with time_machine.travel(datetime(2026, 4, 10, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))):
        body = client.get("/logg/uppfoljning/").content.decode()
    assert 'value="2026-02-01"' in body and 'value="2026-03-31"' in body
