"""The agreement (överenskommelse): conditions, follow-ups kept or broken, the page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.defectors.agreement import services as agreements
from trygg.defectors.cases.tests.test_services import demo_actor, intake
from trygg.defectors.conftest import ADAM, case_of, personal_fragments
from trygg.defectors.constants import CaseStatus, ConditionKind, Outcome
from trygg.defectors.models import Agreement, AgreementCondition, Case, ConditionFollowUp

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
NOTES = "Träffas på kontoret varje tisdag"
DESCRIPTION = "Urinprov varannan vecka"
NOTE = "Positivt prov på cannabis"
TODAY = timezone.localdate()
DAY = timedelta(days=1)


def create(actor, case, **overrides) -> Agreement:
    fields = {
        "signed_on": TODAY - 30 * DAY,
        "valid_until": TODAY + 300 * DAY,
        "notes": NOTES,
        "conditions": [(ConditionKind.NO_CRIME, ""), (ConditionKind.DRUG_TESTS, DESCRIPTION)],
    }
    return agreements.agreement_create(actor=actor, case=case, **{**fields, **overrides})


def follow_up(actor, case, condition, **overrides) -> ConditionFollowUp:
    fields = {"date": TODAY - DAY, "kept": True, "note": ""}
    return agreements.condition_follow_up(
        actor=actor, case=case, condition=condition, **{**fields, **overrides}
    )


def close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AVSLUTAT, closed_at=timezone.now(), outcome=Outcome.COMPLETED
    )
    case.refresh_from_db()


def url(name: str, case: Case, *args) -> str:
    return reverse(f"defectors:{name}", args=[case.pk, *args])


# ---------------------------------------------------------------------------------------
# Services


def test_team_creates_an_agreement_and_follows_up_with_codes_only_in_the_audit(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    before = case.last_entry_at
    agreement = create(actor, case)
    conditions = list(agreement.conditions.order_by("id"))
    assert [(c.kind, c.description) for c in conditions] == [
        ("no_crime", ""),
        ("drug_tests", DESCRIPTION),
    ]
    event = AuditEvent.objects.filter(action="defectors.agreement.create").latest("id")
    assert event.payload == {"agreement": agreement.pk, "conditions": ["no_crime", "drug_tests"]}
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))

    entry = follow_up(actor, case, conditions[1], kept=False, note=NOTE)
    assert (entry.kept, entry.note, entry.by) == (False, NOTE, actor.user)
    event = AuditEvent.objects.filter(action="defectors.agreement.follow_up").latest("id")
    assert event.payload == {"condition": conditions[1].pk, "follow_up": entry.pk, "kept": False}
    case.refresh_from_db()
    assert case.last_entry_at > before
    texts = (NOTES, DESCRIPTION, NOTE)
    assert not [
        e.payload
        for e in AuditEvent.objects.filter(action__startswith="defectors.")
        if any(text in str(e.payload) for text in texts)
    ]


INVALID_AGREEMENTS = [
    ({"conditions": []}, "conditions"),
    ({"conditions": [("no_weapons", "")]}, "conditions"),
    ({"conditions": [(ConditionKind.OTHER, "  ")]}, "conditions"),
    ({"signed_on": TODAY + DAY}, "signed_on"),
    ({"valid_until": TODAY - 31 * DAY}, "valid_until"),
    ({"notes": "x" * 5000}, "notes"),
]


def test_invalid_agreement_is_refused_next_to_the_field_and_nothing_written(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    counts = (Agreement.objects.count(), AgreementCondition.objects.count())
    events = AuditEvent.objects.count()
    for overrides, field in INVALID_AGREEMENTS:
        with pytest.raises(ApplicationError) as refused:
            create(actor, case, **overrides)
        assert refused.value.field == field, overrides
    assert (Agreement.objects.count(), AgreementCondition.objects.count()) == counts
    assert AuditEvent.objects.count() == events


def test_follow_up_is_validated(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    condition = create(actor, case).conditions.first()
    other_case = intake(actor)
    other = create(actor, other_case).conditions.first()
    for overrides, field in (
        ({"date": TODAY + DAY}, "date"),
        ({"date": TODAY - 31 * DAY}, "date"),  # before the agreement was made
        ({"kept": "yes"}, "kept"),
    ):
        with pytest.raises(ApplicationError) as refused:
            follow_up(actor, case, condition, **overrides)
        assert refused.value.field == field, overrides
    with pytest.raises(ApplicationError) as refused:
        follow_up(actor, case, other)  # a condition of another case
    assert refused.value.field == "condition"
    assert not ConditionFollowUp.objects.exists()


@pytest.mark.parametrize(
    "email", ["handlaggare2@huddinge.example", "chef@huddinge.example", "admin@huddinge.example"]
)
def test_services_refuse_those_off_the_team(demo, email):
    case = case_of(ADAM)
    condition = create(demo_actor(TEAM), case).conditions.first()
    actor = demo_actor(email)
    with pytest.raises(PermissionDenied):
        create(actor, case)
    with pytest.raises(PermissionDenied):
        follow_up(actor, case, condition)
    assert Agreement.objects.filter(case=case).count() == 1
    assert not ConditionFollowUp.objects.exists()


def test_closed_case_is_read_only_in_the_services(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    condition = create(actor, case).conditions.first()
    close(case)
    with pytest.raises(PermissionDenied):
        create(actor, case)
    with pytest.raises(PermissionDenied):
        follow_up(actor, case, condition)


def test_agreements_of_puts_the_newest_first_with_counts(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    old = create(actor, case, signed_on=TODAY - 100 * DAY, valid_until=None)
    new = create(actor, case, signed_on=TODAY - 10 * DAY)
    condition = new.conditions.get(kind=ConditionKind.DRUG_TESTS)
    follow_up(actor, case, condition, date=TODAY - 5 * DAY, kept=True)
    follow_up(actor, case, condition, date=TODAY - 2 * DAY, kept=False)
    follow_up(actor, case, condition, date=TODAY - 3 * DAY, kept=True)
    records = agreements.agreements_of(case=case)
    assert [r.agreement for r in records] == [new, old]
    row = next(r for r in records[0].conditions if r.condition == condition)
    assert (row.kept, row.broken) == (2, 1)
    assert [f.date for f in row.follow_ups] == [TODAY - 2 * DAY, TODAY - 3 * DAY, TODAY - 5 * DAY]


# ---------------------------------------------------------------------------------------
# Pages


def test_page_shows_the_current_agreement_follow_ups_and_earlier_ones(as_demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    create(actor, case, signed_on=TODAY - 200 * DAY, notes="Den gamla överenskommelsen")
    current = create(actor, case)
    condition = current.conditions.get(kind=ConditionKind.DRUG_TESTS)
    follow_up(actor, case, condition, kept=False, note=NOTE)
    follow_up(actor, case, condition, date=TODAY - 2 * DAY)
    client = as_demo(TEAM)
    response = client.get(url("agreements", case))
    assert response.status_code == 200
    body = response.content.decode()
    assert NOTES in body and DESCRIPTION in body and NOTE in body
    assert "Den gamla överenskommelsen" in body  # under earlier agreements
    assert response.context["current_agreement"].agreement == current
    assert AuditEvent.objects.filter(
        action="defectors.agreement.view", target_id=str(case.pk)
    ).exists()
    # One follow-up form for each condition of the current agreement.
    for row in response.context["current_agreement"].conditions:
        assert url("condition_follow_up", case, row.condition.pk) in body
    assert body.count("<h1") == 1


def test_team_creates_an_agreement_and_a_follow_up_through_the_page(as_demo):
    client, case = as_demo(TEAM), case_of(ADAM)
    response = client.post(
        url("agreement_create", case),
        {
            "signed_on": (TODAY - 7 * DAY).isoformat(),
            "valid_until": "",
            "notes": NOTES,
            "condition_no_drugs": "on",
            "description_no_drugs": "",
            "condition_meetings": "on",
            "description_meetings": "Varje tisdag",
            "description_drug_tests": "ignored: not ticked",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(case=case)
    assert sorted(agreement.conditions.values_list("kind", flat=True)) == ["meetings", "no_drugs"]
    condition = agreement.conditions.get(kind="meetings")
    assert condition.description == "Varje tisdag"
    prefix = f"condition-{condition.pk}"
    response = client.post(
        url("condition_follow_up", case, condition.pk),
        {f"{prefix}-date": TODAY.isoformat(), f"{prefix}-kept": "no", f"{prefix}-note": NOTE},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#condition-{condition.pk}")
    entry = ConditionFollowUp.objects.get(condition=condition)
    assert (entry.kept, entry.note, entry.date) == (False, NOTE, TODAY)


def test_messages_are_shown_next_to_the_field(as_demo):
    client, case = as_demo(TEAM), case_of(ADAM)
    response = client.post(
        url("agreement_create", case),
        {"signed_on": TODAY.isoformat(), "condition_other": "on", "description_other": ""},
    )
    assert response.status_code == 200
    assert b'id="id_description_other_error"' in response.content
    response = client.post(url("agreement_create", case), {"signed_on": TODAY.isoformat()})
    assert b'id="conditions-error"' in response.content  # at least one condition
    response = client.post(
        url("agreement_create", case),
        {"signed_on": (TODAY + DAY).isoformat(), "condition_no_crime": "on"},
    )
    assert b'id="id_signed_on_error"' in response.content  # the service's refusal
    assert not Agreement.objects.filter(case=case).exists()

    condition = create(demo_actor(TEAM), case).conditions.first()
    prefix = f"condition-{condition.pk}"
    response = client.post(
        url("condition_follow_up", case, condition.pk),
        {f"{prefix}-date": (TODAY - 100 * DAY).isoformat(), f"{prefix}-kept": "yes"},
    )
    assert response.status_code == 200
    assert f'id="id_{prefix}-date_error"'.encode() in response.content
    response = client.post(
        url("condition_follow_up", case, condition.pk), {f"{prefix}-date": TODAY.isoformat()}
    )
    assert f'id="id_{prefix}-kept_error"'.encode() in response.content
    assert not ConditionFollowUp.objects.exists()


GARBAGE = [
    {},
    {"signed_on": "igår", "valid_until": "2026-13-01", "condition_no_crime": "maybe"},
    {"signed_on": "2026-01-01", "notes": "\x00" * 10, "condition_other": "on"},
    {"signed_on": "1-1-1", "description_other": "y" * 10000, "condition_other": "1"},
]


def test_garbage_post_is_answered_without_an_error(as_demo):
    client, case = as_demo(TEAM), case_of(ADAM)
    condition = create(demo_actor(TEAM), case).conditions.first()
    prefix = f"condition-{condition.pk}"
    for data in GARBAGE:
        response = client.post(url("agreement_create", case), data)
        assert response.status_code == 200, data
    for data in (
        {},
        {f"{prefix}-date": "0000-00-00", f"{prefix}-kept": "perhaps"},
        {f"{prefix}-date": "2026-02-30", f"{prefix}-kept": ["yes", "no"]},
        {
            f"{prefix}-date": TODAY.isoformat(),
            f"{prefix}-kept": "yes",
            f"{prefix}-note": "z" * 9000,
        },
    ):
        response = client.post(url("condition_follow_up", case, condition.pk), data)
        assert response.status_code == 200, data
    assert client.post(url("condition_follow_up", case, 99999999)).status_code == 404
    assert Agreement.objects.filter(case=case).count() == 1
    assert not ConditionFollowUp.objects.exists()


def test_follow_up_of_another_case_condition_is_not_found(as_demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    other = create(actor, intake(actor)).conditions.first()
    client = as_demo(TEAM)
    prefix = f"condition-{other.pk}"
    response = client.post(
        url("condition_follow_up", case, other.pk),
        {f"{prefix}-date": TODAY.isoformat(), f"{prefix}-kept": "yes"},
    )
    assert response.status_code == 404
    assert not ConditionFollowUp.objects.exists()


REFUSED = {
    "handlaggare2@huddinge.example": 404,
    "chef@huddinge.example": 404,
    "handlaggare@botkyrka.example": 404,
    "admin@huddinge.example": 403,
    "analytiker@sodertorn.example": 403,
    "logggranskare@huddinge.example": 403,
}


@pytest.mark.parametrize(("email", "status"), list(REFUSED.items()))
def test_those_off_the_team_are_refused_and_see_nothing(as_demo, email, status):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    condition = create(actor, case).conditions.first()
    follow_up(actor, case, condition, note=NOTE)
    client = as_demo(email)
    fragments = personal_fragments(huddinge_only=email.endswith("botkyrka.example"))
    fragments += [NOTES.encode(), NOTE.encode(), DESCRIPTION.encode()]
    prefix = f"condition-{condition.pk}"
    requests = [
        ("get", url("agreements", case), {}),
        ("post", url("agreement_create", case), {"signed_on": TODAY, "condition_no_crime": "on"}),
        (
            "post",
            url("condition_follow_up", case, condition.pk),
            {f"{prefix}-date": TODAY, f"{prefix}-kept": "no"},
        ),
    ]
    for method, path, data in requests:
        response = getattr(client, method)(path, data)
        assert response.status_code == status, (email, path)
        assert [f for f in fragments if f in response.content] == [], (email, path)
    assert Agreement.objects.filter(case=case).count() == 1
    assert ConditionFollowUp.objects.count() == 1


def test_closed_case_is_read_only_on_the_page(as_demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    condition = create(actor, case).conditions.first()
    close(case)
    client = as_demo(TEAM)
    response = client.get(url("agreements", case))
    assert response.status_code == 200
    assert NOTES.encode() in response.content
    assert url("agreement_create", case).encode() not in response.content
    assert url("condition_follow_up", case, condition.pk).encode() not in response.content
    response = client.post(
        url("agreement_create", case), {"signed_on": TODAY, "condition_no_crime": "on"}
    )
    assert response.status_code == 403
    prefix = f"condition-{condition.pk}"
    response = client.post(
        url("condition_follow_up", case, condition.pk),
        {f"{prefix}-date": TODAY, f"{prefix}-kept": "yes"},
    )
    assert response.status_code == 403
    assert Agreement.objects.filter(case=case).count() == 1
    assert not ConditionFollowUp.objects.exists()


def test_page_query_count_does_not_grow_with_agreements_conditions_and_follow_ups(as_demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    client = as_demo(TEAM)
    create(actor, case, signed_on=TODAY - 60 * DAY)
    client.get(url("agreements", case))  # the first page after login does more
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("agreements", case)).status_code == 200
    for days in (50, 40):
        every_kind = [(kind, "") for kind in ConditionKind.values if kind != "other"]
        agreement = create(actor, case, signed_on=TODAY - days * DAY, conditions=every_kind)
        for condition in agreement.conditions.all():
            for n in range(3):
                follow_up(actor, case, condition, date=TODAY - n * DAY, kept=n % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("agreements", case)).status_code == 200
    assert len(many) == len(few)
