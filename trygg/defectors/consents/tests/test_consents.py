"""Consents and disclosures: nothing is shared with an agency without a valid consent."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.tests.test_services import demo_actor
from trygg.defectors.conftest import ADAM, ELIAS, case_of, personal_fragments
from trygg.defectors.consents import services as consents
from trygg.defectors.consents.services import ConsentState, consent_state
from trygg.defectors.constants import Agency, CaseStatus, Outcome
from trygg.defectors.models import Case, Consent, Disclosure

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
SCOPE = "Hotbild och boendesituation"
SUMMARY = "Berättade om flytten till Malmö"
TODAY = timezone.localdate()
DAY = timedelta(days=1)


def record(actor, case, **overrides) -> Consent:
    fields = {
        "agency": Agency.POLISEN,
        "agency_name": "",
        "scope": SCOPE,
        "given_on": TODAY - 30 * DAY,
        "expires_on": None,
    }
    return consents.consent_record(actor=actor, case=case, **{**fields, **overrides})


def disclose(actor, case, consent, **overrides) -> Disclosure:
    fields = {"disclosed_on": TODAY, "summary": SUMMARY}
    return consents.disclosure_record(
        actor=actor, case=case, consent=consent, **{**fields, **overrides}
    )


def close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AVSLUTAT, closed_at=timezone.now(), outcome=Outcome.COMPLETED
    )
    case.refresh_from_db()


def free_text_in_payloads() -> list[str]:
    texts = (SCOPE, SUMMARY, "Botkyrka", "Fryshuset")
    return [
        str(event.payload)
        for event in AuditEvent.objects.filter(action__startswith="defectors.")
        if any(text in str(event.payload) for text in texts)
    ]


# ---------------------------------------------------------------------------------------
# Services


def test_team_records_withdraws_and_discloses_with_codes_only_in_the_audit(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    before = case.last_entry_at
    consent = record(actor, case, agency=Agency.OTHER_MUNICIPALITY, agency_name="Botkyrka kommun")
    assert consent.scope == SCOPE and consent.recorded_by == actor.user
    event = AuditEvent.objects.filter(action="defectors.consent.create").latest("id")
    assert event.payload == {"consent": consent.pk, "agency": "other_municipality"}
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))

    disclosure = disclose(actor, case, consent, disclosed_on=TODAY - DAY)
    event = AuditEvent.objects.filter(action="defectors.disclosure.create").latest("id")
    assert event.payload == {
        "disclosure": disclosure.pk,
        "consent": consent.pk,
        "agency": "other_municipality",
    }

    consents.consent_withdraw(actor=actor, case=case, consent=consent, withdrawn_on=TODAY)
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert consent_state(consent) == ConsentState.WITHDRAWN
    event = AuditEvent.objects.filter(action="defectors.consent.withdraw").latest("id")
    assert event.payload == {"consent": consent.pk, "agency": "other_municipality"}
    case.refresh_from_db()
    assert case.last_entry_at > before
    assert free_text_in_payloads() == []


INVALID_CONSENTS = [
    ({"agency": Agency.NGO, "agency_name": "  "}, "agency_name"),
    ({"agency": Agency.OTHER_MUNICIPALITY}, "agency_name"),
    ({"agency": "mossad"}, "agency"),
    ({"scope": "   "}, "scope"),
    ({"given_on": TODAY + DAY}, "given_on"),
    ({"expires_on": TODAY - 31 * DAY}, "expires_on"),
]


def test_invalid_consent_is_refused_next_to_the_field_and_nothing_written(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    count, events = Consent.objects.count(), AuditEvent.objects.count()
    for overrides, field in INVALID_CONSENTS:
        with pytest.raises(ApplicationError) as refused:
            record(actor, case, **overrides)
        assert refused.value.field == field, overrides
    assert (Consent.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_withdrawal_is_validated(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    consent = record(actor, case)
    for withdrawn_on, field in ((TODAY + DAY, "withdrawn_on"), (TODAY - 31 * DAY, "withdrawn_on")):
        with pytest.raises(ApplicationError) as refused:
            consents.consent_withdraw(
                actor=actor, case=case, consent=consent, withdrawn_on=withdrawn_on
            )
        assert refused.value.field == field
    consents.consent_withdraw(actor=actor, case=case, consent=consent, withdrawn_on=TODAY - DAY)
    with pytest.raises(ApplicationError) as refused:
        consents.consent_withdraw(actor=actor, case=case, consent=consent, withdrawn_on=TODAY)
    assert refused.value.field == "consent"
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY - DAY
    assert AuditEvent.objects.filter(action="defectors.consent.withdraw").count() == 1


def _other_case(actor):
    from trygg.defectors.cases.tests.test_services import intake

    return intake(actor)


@pytest.mark.parametrize(
    "situation",
    ["expired", "withdrawn", "withdrawn_that_day", "given_later", "other_case", "other_agency"],
)
def test_nothing_is_shared_without_a_valid_consent(demo, situation):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    on, agency = TODAY - 5 * DAY, None
    if situation == "expired":
        consent = record(actor, case, expires_on=TODAY - 6 * DAY)
    elif situation in ("withdrawn", "withdrawn_that_day"):
        consent = record(actor, case)
        withdrawn_on = on if situation == "withdrawn_that_day" else TODAY - 10 * DAY
        consents.consent_withdraw(
            actor=actor, case=case, consent=consent, withdrawn_on=withdrawn_on
        )
    elif situation == "given_later":
        consent = record(actor, case, given_on=TODAY - 4 * DAY)
    elif situation == "other_case":
        consent = record(actor, _other_case(actor))
    else:
        consent = record(actor, case, agency=Agency.POLISEN)
        agency = Agency.SKATTEVERKET
    count, events = Disclosure.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as refused:
        disclose(actor, case, consent, disclosed_on=on, agency=agency)
    assert refused.value.field == "consent"
    assert (Disclosure.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_disclosure_is_validated(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    consent = record(actor, case)
    for overrides, field in (
        ({"disclosed_on": TODAY + DAY}, "disclosed_on"),
        ({"summary": " "}, "summary"),
    ):
        with pytest.raises(ApplicationError) as refused:
            disclose(actor, case, consent, **overrides)
        assert refused.value.field == field
    assert not Disclosure.objects.filter(consent=consent).exists()
    disclose(actor, case, consent, agency=Agency.POLISEN)  # the right agency: allowed
    assert Disclosure.objects.filter(consent=consent).count() == 1


def test_consent_valid_for_answers_per_agency_and_day(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    police = record(actor, case, expires_on=TODAY + 10 * DAY)
    ngo = record(actor, case, agency=Agency.NGO, agency_name="Fryshuset Passus")
    assert consents.consent_valid_for(case=case, agency=Agency.POLISEN, on=TODAY) == police
    assert consents.consent_valid_for(case=case, agency=Agency.POLISEN, on=TODAY + 11 * DAY) is None
    assert consents.consent_valid_for(case=case, agency=Agency.POLISEN, on=TODAY - 31 * DAY) is None
    assert consents.consent_valid_for(case=case, agency=Agency.SKATTEVERKET, on=TODAY) is None
    assert (
        consents.consent_valid_for(
            case=case, agency=Agency.NGO, on=TODAY, agency_name="fryshuset passus"
        )
        == ngo
    )
    assert (
        consents.consent_valid_for(case=case, agency=Agency.NGO, on=TODAY, agency_name="Exit")
        is None
    )
    assert consents.consent_valid_for(case=case_of(ELIAS), agency=Agency.NGO, on=TODAY) is None
    consents.consent_withdraw(actor=actor, case=case, consent=police, withdrawn_on=TODAY)
    assert consents.consent_valid_for(case=case, agency=Agency.POLISEN, on=TODAY) is None
    assert consents.consent_valid_for(case=case, agency=Agency.POLISEN, on=TODAY - DAY) == police


def test_consent_state_on_a_day():
    consent = Consent(
        given_on=TODAY - 10 * DAY, expires_on=TODAY + 10 * DAY, withdrawn_on=TODAY + 5 * DAY
    )
    assert consent_state(consent, TODAY - 11 * DAY) == ConsentState.NOT_YET_VALID
    assert consent_state(consent, TODAY) == ConsentState.VALID
    assert consent_state(consent, TODAY + 5 * DAY) == ConsentState.WITHDRAWN
    consent.withdrawn_on = None
    assert consent_state(consent, TODAY + 10 * DAY) == ConsentState.VALID
    assert consent_state(consent, TODAY + 11 * DAY) == ConsentState.EXPIRED


@pytest.mark.parametrize(
    "email", ["handlaggare2@huddinge.example", "chef@huddinge.example", "admin@huddinge.example"]
)
def test_services_refuse_those_off_the_team(demo, email):
    case = case_of(ADAM)
    consent = record(demo_actor(TEAM), case)
    actor = demo_actor(email)
    with pytest.raises(PermissionDenied):
        record(actor, case)
    with pytest.raises(PermissionDenied):
        disclose(actor, case, consent)
    with pytest.raises(PermissionDenied):
        consents.consent_withdraw(actor=actor, case=case, consent=consent, withdrawn_on=TODAY)
    assert Consent.objects.filter(case=case).count() == 1
    assert not Disclosure.objects.filter(case=case).exists()


def test_closed_case_is_read_only_in_the_services(demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    consent = record(actor, case)
    close(case)
    with pytest.raises(PermissionDenied):
        record(actor, case)
    with pytest.raises(PermissionDenied):
        disclose(actor, case, consent)
    with pytest.raises(PermissionDenied):
        consents.consent_withdraw(actor=actor, case=case, consent=consent, withdrawn_on=TODAY)


# ---------------------------------------------------------------------------------------
# Pages


def url(name: str, case: Case) -> str:
    return reverse(f"defectors:{name}", args=[case.pk])


def prefixed(prefix: str, data: dict) -> dict:
    return {f"{prefix}-{key}": value for key, value in data.items()}


def test_page_shows_consents_with_their_status_and_is_audited(as_demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    valid = record(actor, case, agency=Agency.NGO, agency_name="Fryshuset Passus")
    record(actor, case, agency=Agency.KRONOFOGDEN, expires_on=TODAY - DAY, given_on=TODAY - 9 * DAY)
    withdrawn = record(actor, case, agency=Agency.SIS)
    consents.consent_withdraw(actor=actor, case=case, consent=withdrawn, withdrawn_on=TODAY)
    disclose(actor, case, valid)
    client = as_demo(TEAM)
    response = client.get(url("consents", case))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fryshuset Passus" in body and SCOPE in body and SUMMARY in body
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        for state in (ConsentState.VALID, ConsentState.EXPIRED, ConsentState.WITHDRAWN):
            assert f">{state.label}<" in body  # said in words, not by colour only
    assert AuditEvent.objects.filter(
        action="defectors.consent.list", target_id=str(case.pk)
    ).exists()
    # Only the consent valid today can be chosen for a disclosure.
    form = response.context["disclosure_form"]
    assert list(form.fields["consent"].queryset) == [valid]
    # Only a consent still in force can be withdrawn.
    form = response.context["withdraw_form"]
    assert list(form.fields["consent"].queryset) == [valid]
    # The two lists offer what their querysets allow, named, from the page's one read.
    given = valid.given_on.isoformat()
    for name in ("disclosure_form", "withdraw_form"):
        offered = list(response.context[name].fields["consent"].choices)[1:]
        assert [(value, str(label)) for value, label in offered] == [
            (valid.pk, f"Fryshuset Passus (Idéburen organisation), givet {given}")
        ]
    assert body.count(f'value="{valid.pk}">Fryshuset Passus (Idéburen organisation), givet') == 2
    with CaptureQueriesContext(connection) as captured:
        client.get(url("consents", case))
    reads = [q for q in captured.captured_queries if 'FROM "defectors_consent"' in q["sql"]]
    assert len(reads) == 1


def test_team_records_a_consent_and_a_disclosure_through_the_page(as_demo):
    client, case = as_demo(TEAM), case_of(ADAM)
    response = client.post(
        url("consent_create", case),
        {
            "agency": "other_municipality",
            "agency_name": "Botkyrka kommun",
            "scope": SCOPE,
            "given_on": (TODAY - DAY).isoformat(),
            "expires_on": "",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(case=case)
    assert consent.agency_name == "Botkyrka kommun" and consent.expires_on is None
    response = client.post(
        url("disclosure_create", case),
        prefixed(
            "disclosure",
            {"consent": consent.pk, "disclosed_on": TODAY.isoformat(), "summary": SUMMARY},
        ),
    )
    assert response.status_code == 302
    assert Disclosure.objects.get(consent=consent).summary == SUMMARY
    response = client.post(
        url("consent_withdraw", case),
        prefixed("withdraw", {"consent": consent.pk, "withdrawn_on": TODAY.isoformat()}),
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY


def test_messages_are_shown_next_to_the_field(as_demo):
    client, case = as_demo(TEAM), case_of(ADAM)
    response = client.post(
        url("consent_create", case),
        {"agency": "ngo", "scope": SCOPE, "given_on": (TODAY + DAY).isoformat()},
    )
    assert response.status_code == 200
    assert b'id="id_agency_name_error"' in response.content
    assert not Consent.objects.filter(case=case).exists()
    # The service's refusal lands next to its field too.
    response = client.post(
        url("consent_create", case),
        {"agency": "polisen", "scope": SCOPE, "given_on": (TODAY + DAY).isoformat()},
    )
    assert b'id="id_given_on_error"' in response.content
    assert AuditEvent.objects.filter(action="defectors.consent.list").exists()


def test_disclosure_under_a_consent_valid_today_but_not_that_day_is_refused(as_demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    consent = record(actor, case, given_on=TODAY - 2 * DAY)
    client = as_demo(TEAM)
    response = client.post(
        url("disclosure_create", case),
        prefixed(
            "disclosure",
            {"consent": consent.pk, "disclosed_on": TODAY - 3 * DAY, "summary": SUMMARY},
        ),
    )
    assert response.status_code == 200
    assert b'id="id_disclosure-consent_error"' in response.content
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("situation", ["expired", "withdrawn", "other_case"])
def test_page_does_not_accept_an_invalid_consent(as_demo, situation):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    if situation == "expired":
        consent = record(actor, case, expires_on=TODAY - DAY)
    elif situation == "withdrawn":
        consent = record(actor, case)
        consents.consent_withdraw(actor=actor, case=case, consent=consent, withdrawn_on=TODAY)
    else:
        consent = record(actor, _other_case(actor))
    client = as_demo(TEAM)
    response = client.post(
        url("disclosure_create", case),
        prefixed("disclosure", {"consent": consent.pk, "disclosed_on": TODAY, "summary": "x"}),
    )
    assert response.status_code == 200
    assert b'id="id_disclosure-consent_error"' in response.content
    assert not Disclosure.objects.exists()


GARBAGE = [
    {},
    {"agency": "x" * 5000, "scope": "\x00", "given_on": "igår", "expires_on": "31/31/31"},
    {"consent": "DROP TABLE", "withdrawn_on": "0000-00-00", "disclosed_on": "9999-99-99"},
    {"consent": "99999999999999999999", "summary": "y" * 10000, "given_on": "1-1-1"},
    {"consent": "-1", "agency_name": "a" * 300, "withdrawn_on": "2026-02-30"},
]


def test_garbage_post_is_answered_without_an_error(as_demo):
    client, case = as_demo(TEAM), case_of(ADAM)
    for data in GARBAGE:
        for name in ("consent_create", "consent_withdraw", "disclosure_create"):
            posted = {**data, **prefixed("withdraw", data), **prefixed("disclosure", data)}
            response = client.post(url(name, case), posted)
            assert response.status_code == 200, (name, data)
    assert not Consent.objects.filter(case=case).exists()
    assert not Disclosure.objects.exists()


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
    consent = record(actor, case, agency=Agency.NGO, agency_name="Fryshuset Passus")
    client = as_demo(email)
    fragments = personal_fragments(huddinge_only=email.endswith("botkyrka.example"))
    fragments += [SCOPE.encode(), b"Fryshuset"]
    requests = [
        ("get", url("consents", case), {}),
        (
            "post",
            url("consent_create", case),
            {"agency": "polisen", "scope": "x", "given_on": TODAY},
        ),
        (
            "post",
            url("consent_withdraw", case),
            prefixed("withdraw", {"consent": consent.pk, "withdrawn_on": TODAY}),
        ),
        (
            "post",
            url("disclosure_create", case),
            prefixed("disclosure", {"consent": consent.pk, "disclosed_on": TODAY, "summary": "x"}),
        ),
    ]
    for method, path, data in requests:
        response = getattr(client, method)(path, data)
        assert response.status_code == status, (email, path)
        assert [f for f in fragments if f in response.content] == [], (email, path)
    assert Consent.objects.filter(case=case).count() == 1
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert not Disclosure.objects.exists()


def test_closed_case_is_read_only_on_the_page(as_demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    consent = record(actor, case)
    close(case)
    client = as_demo(TEAM)
    response = client.get(url("consents", case))
    assert response.status_code == 200
    assert SCOPE.encode() in response.content
    for name in ("consent_create", "consent_withdraw", "disclosure_create"):
        assert url(name, case).encode() not in response.content  # no forms
    for name, data in (
        ("consent_create", {"agency": "polisen", "scope": "x", "given_on": TODAY}),
        ("consent_withdraw", prefixed("withdraw", {"consent": consent.pk, "withdrawn_on": TODAY})),
        (
            "disclosure_create",
            prefixed("disclosure", {"consent": consent.pk, "disclosed_on": TODAY, "summary": "x"}),
        ),
    ):
        assert client.post(url(name, case), data).status_code == 403, name
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert Consent.objects.filter(case=case).count() == 1
    assert not Disclosure.objects.exists()


def test_page_query_count_does_not_grow_with_consents_and_disclosures(as_demo):
    actor, case = demo_actor(TEAM), case_of(ADAM)
    client = as_demo(TEAM)
    consent = record(actor, case)
    disclose(actor, case, consent)
    client.get(url("consents", case))  # the first page after login does more
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("consents", case)).status_code == 200
    for agency in (Agency.SIS, Agency.KRONOFOGDEN, Agency.SKATTEVERKET, Agency.NGO):
        more = record(actor, case, agency=agency, agency_name="Exit")
        for _ in range(3):
            disclose(actor, case, more)
    consents.consent_withdraw(actor=actor, case=case, consent=consent, withdrawn_on=TODAY)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("consents", case)).status_code == 200
    assert len(many) == len(few)
