"""Retention (gallring): what is deleted when, what is kept, what the audit says; legal holds;
the unit manager's overview. Time travels with time-machine."""

import json
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.cases import services
from trygg.defectors.conftest import ADAM, LEILA, case_of
from trygg.defectors.constants import CaseStatus, Outcome, Protection
from trygg.defectors.documents import storage as files
from trygg.defectors.models import (
    Case,
    CaseStatusChange,
    CaseTeamMember,
    Consent,
    Disclosure,
    EmergencyAccess,
    JournalEntry,
    Person,
    PersonContact,
)
from trygg.defectors.policies import forget_team
from trygg.defectors.retention.services import (
    RetentionStatus,
    deletion_deadline,
    due_cases,
    due_on,
    legal_hold_clear,
    legal_hold_set,
    retention_facts,
    retention_run,
)
from trygg.organisations.constants import OrganisationKind

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TEAM = "handlaggare@huddinge.example"
CHIEF = "chef@huddinge.example"
MILAN = "19881130-6524"
NOAH = "19930205-7717"


def personnummer(birth: str, serial: str) -> str:
    """A valid personnummer for the date YYYYMMDD and a three-digit serial (Luhn digit)."""
    digits = birth[2:] + serial
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return f"{birth}-{serial}{(10 - total % 10) % 10}"


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


@pytest.fixture
def officer(make_user, huddinge):
    unit = OrganisationFactory(kind=OrganisationKind.ENHET, parent=huddinge, name="Avhopp test")
    return actor_for(make_user(Role.HANDLAGGARE, unit))


def open_case(actor, *, number: str | None = "19900110-", opened: datetime | None = None) -> Case:
    opened = opened or at(2019, 3, 1, 9)
    if number and number.endswith("-"):
        number = personnummer(number[:-1], "123")
    with time_machine.travel(opened, tick=False):
        return services.intake_create(
            actor=actor,
            given_name="Test" if number else "",
            family_name="Personsson" if number else "",
            identity_number=number or "",
            reserve=False,
            protection=Protection.NONE,
            contact="",
            date=opened.date(),
            source="self",
            group_type="criminal_network",
            threat_indication="low",
            motivation_notes="",
        )


def close(case: Case, last_entry: datetime) -> Case:
    """Closed with the last entry at ``last_entry`` (the closing service is another slice's)."""
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AVSLUTAT,
        outcome=Outcome.COMPLETED,
        closed_at=last_entry,
        last_entry_at=last_entry,
    )
    case.refresh_from_db()
    return case


def exists(case: Case) -> bool:
    return Case.objects.filter(pk=case.pk).exists()


# --- When a case is due -------------------------------------------------------------------


def test_case_is_kept_until_five_years_after_the_last_entry(officer):
    case = close(open_case(officer), at(2020, 6, 10, 0, 5))
    with time_machine.travel(at(2025, 6, 9, 23, 59)):
        assert retention_run()["cases"] == []
    assert exists(case)
    with time_machine.travel(at(2025, 6, 10, 0, 1)):
        result = retention_run()
    assert result["cases"] == [case.pk]
    assert not exists(case)
    assert not Person.objects.filter(pk=case.person_id).exists()


def test_case_is_deleted_at_any_later_run(officer):
    case = close(open_case(officer), at(2020, 6, 10, 15))
    with time_machine.travel(at(2026, 12, 1, 3)):
        retention_run()
    assert not exists(case)


def test_open_case_is_never_due(officer):
    case = open_case(officer)
    Case.objects.filter(pk=case.pk).update(last_entry_at=at(2015, 1, 1, 12))
    assert not due_cases(today=date(2026, 1, 1)).exists()
    retention_run(today=date(2026, 1, 1))
    assert exists(case)


def test_deadline_is_the_end_of_the_year_after_the_five_years(officer):
    case = close(open_case(officer), at(2020, 6, 10, 15))
    assert due_on(case) == date(2025, 6, 10)
    assert deletion_deadline(case) == date(2026, 12, 31)
    leap = close(open_case(officer, number="19900111-"), at(2020, 2, 29, 12))
    assert due_on(leap) == date(2025, 3, 1)
    assert not due_cases(today=date(2025, 2, 28)).filter(pk=leap.pk).exists()
    assert due_cases(today=date(2025, 3, 1)).filter(pk=leap.pk).exists()


@pytest.mark.parametrize("birth", ["19900105", "19900115", "19900125"])
def test_person_born_on_an_exempt_day_is_kept_for_research(officer, birth):
    case = close(open_case(officer, number=f"{birth}-"), at(2019, 6, 10, 12))
    assert case.person.birth_day in (5, 15, 25)
    retention_run(today=date(2026, 6, 1))
    assert exists(case)
    assert retention_facts(case, today=date(2026, 6, 1)).status == RetentionStatus.RESEARCH


def test_exempt_days_are_a_setting(officer, settings):
    settings.TRYGG_DEFECTORS_RETENTION_EXEMPT_BIRTH_DAYS = [10]
    case = close(open_case(officer), at(2019, 6, 10, 12))  # born on the 10th
    kept_before = close(open_case(officer, number="19900115-"), at(2019, 6, 10, 12))
    retention_run(today=date(2026, 6, 1))
    assert exists(case)
    assert not exists(kept_before)


def test_retention_years_are_a_setting(officer, settings):
    settings.TRYGG_DEFECTORS_RETENTION_YEARS = 2
    case = close(open_case(officer), at(2020, 6, 10, 12))
    assert due_on(case) == date(2022, 6, 10)
    retention_run(today=date(2022, 6, 10))
    assert not exists(case)


def test_legal_hold_keeps_the_case_until_it_is_lifted(officer):
    case = close(open_case(officer), at(2019, 6, 10, 12))
    legal_hold_set(actor=officer, case=case, reason="Tvist om vårdnad pågår i tingsrätten.")
    retention_run(today=date(2026, 6, 1))
    assert exists(case)
    case.refresh_from_db()
    assert case.last_entry_at == at(2019, 6, 10, 12)  # a hold is not an entry
    assert retention_facts(case, today=date(2026, 6, 1)).status == RetentionStatus.LEGAL_HOLD
    legal_hold_clear(actor=officer, case=case)
    retention_run(today=date(2026, 6, 1))
    assert not exists(case)


def test_person_with_another_open_case_keeps_the_person_row(officer):
    closed = close(open_case(officer), at(2019, 6, 10, 12))
    other = open_case(officer, number="19900111-", opened=at(2024, 1, 1, 9))
    Case.objects.filter(pk=other.pk).update(person=closed.person)
    assert not due_cases(today=date(2026, 6, 1)).exists()
    result = retention_run(today=date(2026, 6, 1))
    assert result["cases"] == [] and result["persons"] == []
    assert Person.objects.filter(pk=closed.person_id).exists()
    assert exists(closed) and exists(other)  # the person's file is kept whole
    assert retention_facts(closed, today=date(2026, 6, 1)).status == RetentionStatus.OTHER_CASE


def test_person_goes_when_the_last_of_their_cases_is_due(officer):
    first = close(open_case(officer), at(2019, 6, 10, 12))
    second = close(open_case(officer, number="19900111-"), at(2020, 3, 1, 12))
    orphan = second.person_id
    Case.objects.filter(pk=second.pk).update(person=first.person)
    Person.objects.filter(pk=orphan).delete()
    assert retention_run(today=date(2024, 6, 10))["cases"] == []  # the first is due, not the second
    result = retention_run(today=date(2025, 3, 1))
    assert result["cases"] == sorted([first.pk, second.pk])
    assert result["persons"] == [first.person_id]
    assert not Person.objects.filter(pk=first.person_id).exists()


def test_anonymous_contact_is_deleted_on_its_own_dates(officer):
    case = close(open_case(officer, number=None), at(2019, 6, 10, 12))
    assert case.person is None
    assert retention_run(today=date(2026, 1, 1))["cases"] == [case.pk]


# --- What a run deletes and records -------------------------------------------------------


def fill_case_file(actor, case: Case) -> list[str]:
    """One row in every part of the case file; returns the stored document names."""
    user = actor.user
    PersonContact.objects.create(person=case.person, relation="parent", name="Rut Anhörig")
    consent = Consent.objects.create(
        case=case, agency="polisen", scope="Hotbild", given_on=date(2019, 1, 2), recorded_by=user
    )
    Disclosure.objects.create(
        case=case, consent=consent, disclosed_on=date(2019, 1, 3), summary="Hotbild", by=user
    )
    entry = JournalEntry.objects.create(
        case=case,
        author=user,
        occurred_on=date(2019, 1, 4),
        text="Samtal",
        signed_at=timezone.now(),
    )
    correction = JournalEntry.objects.create(
        case=case, author=user, occurred_on=date(2019, 1, 5), text="Rättelse", corrects=entry
    )
    JournalEntry.objects.create(
        case=case, author=user, occurred_on=date(2019, 1, 6), text="Igen", corrects=correction
    )
    document = files.store(
        case=case,
        upload=SimpleUploadedFile("intyg.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"),
        user=user,
        journal_entry=entry,
    )
    other = files.store(
        case=case,
        upload=SimpleUploadedFile("beslut.pdf", b"%PDF-1.7\n2 0 obj << >> endobj\n%%EOF\n"),
        user=user,
    )
    EmergencyAccess.objects.create(
        case=case,
        user=user,
        reason="Akut",
        granted_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    CaseStatusChange.objects.create(
        case=case, to_status=CaseStatus.AVSLUTAT, at=timezone.now(), by=user
    )
    return [document.storage_name, other.storage_name]


def test_run_deletes_everything_in_the_case_and_its_stored_files(
    officer, django_capture_on_commit_callbacks
):
    case = open_case(officer)
    stored = fill_case_file(officer, case)
    close(case, at(2019, 6, 10, 12))
    assert all(default_storage.exists(name) for name in stored)
    with django_capture_on_commit_callbacks(execute=True):
        result = retention_run(today=date(2026, 1, 1))
    assert result["counts"] == {
        "defectors.Case": 1,
        "defectors.CaseAttachment": 2,
        "defectors.CaseStatusChange": 1,
        "defectors.CaseTeamMember": 1,
        "defectors.Consent": 1,
        "defectors.Disclosure": 1,
        "defectors.EmergencyAccess": 1,
        "defectors.Intake": 1,
        "defectors.JournalEntry": 3,
        "defectors.Person": 1,
        "defectors.PersonContact": 1,
    }
    assert not PersonContact.objects.exists() and not JournalEntry.objects.exists()
    assert not any(default_storage.exists(name) for name in stored)


def test_run_records_one_event_with_ids_and_counts_only(officer):
    case = open_case(officer)
    fill_case_file(officer, case)
    close(case, at(2019, 6, 10, 12))
    reference, person_id = case.reference, case.person_id
    before = AuditEvent.objects.count()
    retention_run(today=date(2026, 1, 1))
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="defectors.retention.run")
    assert event.actor_id is None
    assert set(event.payload) == {"on", "cases", "persons", "counts"}
    assert event.payload["on"] == "2026-01-01"
    assert event.payload["cases"] == [case.pk]
    assert event.payload["persons"] == [person_id]
    assert all(isinstance(n, int) for n in event.payload["counts"].values())
    text = json.dumps(event.payload, ensure_ascii=False)
    for fragment in ("Personsson", "Rut", "Anhörig", "Samtal", reference, "19900110"):
        assert fragment not in text


def test_every_run_is_recorded_even_when_nothing_is_due(officer):
    assert retention_run(today=date(2026, 1, 1))["cases"] == []
    event = AuditEvent.objects.get(action="defectors.retention.run")
    assert event.payload["cases"] == [] and event.payload["counts"] == {}


def test_dry_run_counts_but_deletes_and_records_nothing(officer):
    case = open_case(officer)
    fill_case_file(officer, case)
    close(case, at(2019, 6, 10, 12))
    dry = retention_run(today=date(2026, 1, 1), dry_run=True)
    assert dry["dry_run"] and dry["cases"] == [case.pk]
    assert exists(case) and JournalEntry.objects.count() == 3
    assert not AuditEvent.objects.filter(action="defectors.retention.run").exists()
    real = retention_run(today=date(2026, 1, 1))
    assert real["counts"] == dry["counts"]


def test_command_dry_run_prints_counts_and_deletes_nothing(officer):
    case = close(open_case(officer), at(2019, 6, 10, 12))
    out = StringIO()
    with time_machine.travel(at(2026, 1, 1, 3)):
        call_command("defectors_retention", "--dry-run", stdout=out)
    assert "1 cases, 1 persons" in out.getvalue()
    assert "Personsson" not in out.getvalue()
    assert exists(case)


def test_command_runs_the_task(officer):
    case = close(open_case(officer), at(2019, 6, 10, 12))
    out = StringIO()
    with time_machine.travel(at(2026, 1, 1, 3)):
        call_command("defectors_retention", stdout=out)  # tests run tasks immediately
    assert not exists(case)
    assert AuditEvent.objects.filter(action="defectors.retention.run").count() == 1


# --- With the demo data -------------------------------------------------------------------


def case_models() -> list:
    """Every model of the app whose rows belong to a case or a person: all but the
    statistics' versions and stored figures (counts per organisation, of no one case)."""
    return [
        model
        for model in apps.get_app_config("defectors").get_models()
        if model._meta.label not in STATISTICS_MODELS
    ]


STATISTICS_MODELS = {"defectors.StatisticsVersion", "defectors.StatisticsFigures"}


def related_counts(case: Case) -> dict[str, int]:
    """Rows of every model of the app that belong to ``case`` or its person."""
    counts = {}
    for model in case_models():
        label = model._meta.label
        if model is Case or model is Person:
            counts[label] = 1
        elif model is PersonContact:
            counts[label] = model.objects.filter(person=case.person_id).count()
        elif hasattr(model, "case"):
            counts[label] = model.objects.filter(case=case).count()
        else:
            path = {
                "MappingNeed": "mapping__case",
                "AgreementCondition": "agreement__case",
                "ConditionFollowUp": "condition__agreement__case",
            }[model.__name__]
            counts[label] = model.objects.filter(**{path: case}).count()
    return counts


def test_demo_run_deletes_milan_and_keeps_noah_and_everything_else(demo):
    milan, noah = case_of(MILAN), case_of(NOAH)
    assert milan.status == CaseStatus.AVSLUTAT and noah.status == CaseStatus.AVSLUTAT
    assert noah.person.birth_day == 5
    models = case_models()
    before = {m._meta.label: m.objects.count() for m in models}
    milan_rows = related_counts(milan)
    users_before = User.objects.count()

    result = retention_run(today=date(2026, 11, 28))

    assert result["cases"] == [milan.pk]
    assert result["persons"] == [milan.person_id]
    assert not exists(milan) and not Person.objects.filter(pk=milan.person_id).exists()
    assert exists(noah) and Person.objects.filter(pk=noah.person_id).exists()
    after = {m._meta.label: m.objects.count() for m in models}
    assert after == {label: before[label] - milan_rows[label] for label in before}
    assert {k: v for k, v in milan_rows.items() if v} == result["counts"]
    assert User.objects.count() == users_before
    for number in (ADAM, LEILA, NOAH):
        assert case_of(number)


def test_demo_dates_of_the_closed_cases(demo):
    milan = case_of(MILAN)
    assert timezone.localdate(milan.closed_at).year == 2019
    assert milan.reference.startswith("AV-2019-")
    assert deletion_deadline(milan) == date(2025, 12, 31)
    assert milan.team.filter(user__email=TEAM).exists()


# --- Legal hold: service and page ----------------------------------------------------------


def test_legal_hold_needs_a_reason_and_audits_without_it(officer):
    case = close(open_case(officer), at(2019, 6, 10, 12))
    with pytest.raises(ApplicationError) as error:
        legal_hold_set(actor=officer, case=case, reason="   ")
    assert error.value.field == "reason"
    legal_hold_set(actor=officer, case=case, reason="Begäran från åklagare")
    case.refresh_from_db()
    assert case.legal_hold and case.legal_hold_reason == "Begäran från åklagare"
    event = AuditEvent.objects.filter(action="defectors.case.legal_hold").latest("id")
    assert event.payload == {"legal_hold": "on"} and event.target_id == str(case.pk)
    legal_hold_clear(actor=officer, case=case)
    event = AuditEvent.objects.filter(action="defectors.case.legal_hold").latest("id")
    assert event.payload == {"legal_hold": "off"}
    with pytest.raises(ApplicationError):
        legal_hold_clear(actor=officer, case=case)


def test_legal_hold_is_refused_outside_the_team(officer, make_user):
    case = close(open_case(officer), at(2019, 6, 10, 12))
    colleague = actor_for(make_user(Role.HANDLAGGARE, officer.organisation))
    chief = actor_for(make_user(Role.ENHETSCHEF, officer.organisation))
    EmergencyAccess.objects.create(
        case=case,
        user=colleague.user,
        reason="Akut",
        granted_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    for actor in (colleague, chief):
        with pytest.raises(PermissionDenied):
            legal_hold_set(actor=actor, case=case, reason="Skäl")
    CaseTeamMember.objects.create(case=case, user=chief.user)
    forget_team(case)  # the policy keeps the team's answer on the case object
    legal_hold_set(actor=chief, case=case, reason="Skäl")  # the chief on the team may


def test_legal_hold_page_sets_and_lifts_the_hold(as_demo):
    client = as_demo(TEAM)
    case = case_of(MILAN)
    url = reverse("defectors:legal_hold", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "2024-10-15" in body and "2025-12-31" in body  # due from, deadline
    assert AuditEvent.objects.filter(
        action="defectors.legal_hold.view", target_id=str(case.pk)
    ).exists()

    invalid = client.post(url, {"reason": ""})
    assert invalid.status_code == 200
    assert b"error-summary" in invalid.content
    assert client.post(url, {"reason": "Polisutredning pågår"}).status_code == 302
    case.refresh_from_db()
    assert case.legal_hold
    assert retention_run(today=date(2026, 11, 28))["cases"] == []

    assert client.post(url, {"action": "clear"}).status_code == 302
    case.refresh_from_db()
    assert not case.legal_hold
    again = client.post(url, {"action": "clear"})  # nothing to lift: said, not a 500
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("handlaggare2@huddinge.example", 404),
        (CHIEF, 404),
        ("handlaggare@botkyrka.example", 404),
        ("admin@huddinge.example", 403),
        ("analytiker@sodertorn.example", 403),
        ("logggranskare@huddinge.example", 403),
    ],
)
def test_legal_hold_page_is_refused_outside_the_team(as_demo, email, status):
    client = as_demo(email)
    case = case_of(MILAN)
    url = reverse("defectors:legal_hold", args=[case.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "x"}).status_code == status
    case.refresh_from_db()
    assert not case.legal_hold


def test_legal_hold_page_is_refused_under_emergency_access(as_demo):
    case = case_of(MILAN)
    EmergencyAccess.objects.create(
        case=case,
        user=User.objects.get(email="handlaggare2@huddinge.example"),
        reason="Akut läge",
        granted_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client = as_demo("handlaggare2@huddinge.example")
    url = reverse("defectors:legal_hold", args=[case.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Skäl"}).status_code == 403


# --- The unit manager's overview ------------------------------------------------------------


def test_retention_overview_for_the_unit_manager(as_demo):
    client = as_demo(CHIEF)
    response = client.get(reverse("defectors:retention"))
    assert response.status_code == 200
    body = response.content.decode()
    milan, noah = case_of(MILAN), case_of(NOAH)
    assert milan.reference in body and noah.reference in body
    assert case_of(ADAM).reference not in body  # open cases are not listed
    for fragment in ("Milan", "Exempelsson", "Noah", "Demosson", "19881130", "19930205"):
        assert fragment not in body
    event = AuditEvent.objects.filter(action="defectors.retention.list").latest("id")
    assert sorted(event.payload["cases"]) == sorted([milan.pk, noah.pk])


def test_retention_overview_statuses(demo):
    from trygg.defectors.retention.services import retention_overview

    chief = actor_for(User.objects.get(email=CHIEF))
    rows = {
        row.reference: row.status
        for row in retention_overview(actor=chief, today=date(2026, 11, 28)).object_list
    }
    assert rows[case_of(MILAN).reference] == RetentionStatus.DUE
    assert rows[case_of(NOAH).reference] == RetentionStatus.RESEARCH
    rows = {
        row.reference: row.status
        for row in retention_overview(actor=chief, today=date(2024, 1, 1)).object_list
    }
    assert rows[case_of(MILAN).reference] == RetentionStatus.NOT_YET_DUE


def test_retention_overview_queries_do_not_grow_with_the_cases(as_demo, demo):
    from trygg.defectors.retention.services import retention_overview

    chief = actor_for(User.objects.get(email=CHIEF))
    with CaptureQueriesContext(connection) as few:
        retention_overview(actor=chief)
    hanna = actor_for(User.objects.get(email=TEAM))
    for _ in range(5):
        close(open_case(hanna), at(2019, 6, 10, 12))
    chief = actor_for(User.objects.get(email=CHIEF))  # a new request, as the first
    with CaptureQueriesContext(connection) as many:
        page = retention_overview(actor=chief)
    assert len(page.object_list) == 7
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "email",
    [
        TEAM,
        "handlaggare2@huddinge.example",
        "handlaggare@botkyrka.example",
        "admin@huddinge.example",
        "analytiker@sodertorn.example",
        "logggranskare@huddinge.example",
        "samordnare@huddinge.example",
    ],
)
def test_retention_overview_is_refused_to_others_than_the_unit_manager(as_demo, email):
    client = as_demo(email)
    response = client.get(reverse("defectors:retention"))
    assert response.status_code == 403
    assert case_of(MILAN).reference.encode() not in response.content


def test_retention_overview_sends_the_anonymous_to_login(client, demo):
    response = client.get(reverse("defectors:retention"))
    assert response.status_code == 302


def test_the_unit_manager_sees_when_the_daily_job_last_ran(as_demo):
    client = as_demo(CHIEF)
    page = client.get(reverse("defectors:retention")).content.decode()
    assert "har aldrig körts" in page
    retention_run()
    page = client.get(reverse("defectors:retention")).content.decode()
    assert "körde senast" in page


def test_a_stopped_job_shows_on_the_managers_start_page(as_demo):
    with time_machine.travel(timezone.now() - timedelta(days=5), tick=False):
        retention_run()
    start = as_demo(CHIEF).get("/").content.decode()
    assert "Dagar sedan den dagliga gallringen" in start


def test_retention_overview_pages_by_the_oldest_last_entry(as_demo, demo, monkeypatch):
    """The pager's next-page links walk every closed case of the unit once, oldest last
    entry first (a page of one case here), and record the case ids each page showed."""
    import re

    from trygg.defectors.retention import services as retention

    monkeypatch.setattr(retention, "CASES_PER_PAGE", 1)
    client = as_demo(CHIEF)
    url = reverse("defectors:retention")
    query, shown = "", []
    for _ in range(10):
        html = client.get(url + query).content.decode()
        shown += (
            AuditEvent.objects.filter(action="defectors.retention.list")
            .latest("id")
            .payload["cases"]
        )
        link = re.search(r'href="(\?[^"]*)"[^>]*rel="next"', html)
        if link is None:
            break
        query = link.group(1).replace("&amp;", "&")
    unit = actor_for(User.objects.get(email=CHIEF)).organisation
    expected = Case.objects.filter(status=CaseStatus.AVSLUTAT, unit=unit)
    expected = expected.order_by("last_entry_at", "pk")
    assert len(shown) >= 2
    assert shown == list(expected.values_list("pk", flat=True))
