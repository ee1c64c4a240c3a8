"""Register extract (GDPR art. 15): what is in it, what is left out, who may make it."""

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.defectors.conftest import ADAM, LEILA, case_of
from trygg.defectors.extract.services import extract_data, extract_html
from trygg.defectors.models import (
    Agreement,
    AgreementCondition,
    Case,
    CaseTask,
    ConditionFollowUp,
    Consent,
    Disclosure,
    EmergencyAccess,
    Intervention,
    JournalEntry,
    Mapping,
    MappingNeed,
    Person,
    PersonContact,
    PoliceRiskAnalysis,
)

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
RELATIVE = "Ruth Anhörigsdotter"
RELATIVE_PHONE = "070-999 99 99"


def add_relative(case: Case) -> None:
    PersonContact.objects.create(
        person=case.person,
        relation="parent",
        name=RELATIVE,
        contact=RELATIVE_PHONE,
        note="Mamma, orolig",
    )


def fill(case: Case) -> None:
    """Something in the parts of the file the extract must carry."""
    hanna = User.objects.get(email=TEAM)
    consent = Consent.objects.create(
        case=case,
        agency="polisen",
        scope="Hotbild och boende",
        given_on=date(2026, 1, 15),
        recorded_by=hanna,
    )
    Disclosure.objects.create(
        case=case,
        consent=consent,
        disclosed_on=date(2026, 1, 20),
        summary="Boendeort",
        by=hanna,
    )
    agreement = Agreement.objects.create(
        case=case, signed_on=date(2026, 1, 22), notes="Överenskommelse", created_by=hanna
    )
    condition = AgreementCondition.objects.create(
        agreement=agreement, kind="drug_tests", description="Varannan vecka"
    )
    ConditionFollowUp.objects.create(
        condition=condition, date=date(2026, 2, 5), kept=True, note="Negativt prov", by=hanna
    )
    Intervention.objects.create(
        case=case,
        type="protected_housing",
        provider="Skyddat boende AB",
        decided_cost="45000.00",
        actual_cost="42000.50",
    )
    JournalEntry.objects.create(
        case=case, author=hanna, occurred_on=date(2026, 1, 13), text="Första samtalet hölls."
    )
    mapping, _created = Mapping.objects.get_or_create(
        case=case, defaults={"threat_level": "high", "threat_notes": "Hot från nätverket"}
    )
    MappingNeed.objects.get_or_create(
        mapping=mapping, area="housing", defaults={"level": "acute", "notes": "Måste flytta"}
    )
    PoliceRiskAnalysis.objects.create(
        case=case,
        received_on=date(2026, 1, 18),
        level="high",
        police_reference="5000-K1",
        registered_by=hanna,
    )
    CaseTask.objects.create(
        case=case, title="Boka läkartid", due_on=date(2026, 2, 1), created_by=hanna
    )


def download(client, case: Case, format: str):
    return client.get(reverse(f"defectors:extract_{format}", args=[case.pk]))


def test_json_holds_the_persons_data_and_no_relatives(as_demo):
    case = case_of(ADAM)
    add_relative(case)
    fill(case)
    response = download(as_demo(TEAM), case, "json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["person"]["given_name"] == "Adam"
    assert data["person"]["family_name"] == "Provsson"
    assert data["person"]["identity_number"] == ADAM
    assert data["third_party_data_left_out"] is True
    # Each committee is its own controller: the social services committee, not the kommun.
    assert data["controller"] == "Socialnämnden, Huddinge kommun"
    [extracted] = data["cases"]
    assert extracted["reference"] == case.reference
    assert extracted["intake"]["motivation"].startswith("Vill lämna")
    assert extracted["consents"][0]["what_may_be_shared"] == "Hotbild och boende"
    assert extracted["disclosures"][0]["what_was_shared"] == "Boendeort"
    condition = extracted["agreements"][0]["conditions"][0]
    assert condition["follow_ups"][0] == {
        "date": "2026-02-05",
        "kept": True,
        "note": "Negativt prov",
    }
    assert extracted["interventions"][0]["decided_cost_sek"] == "45000.00"
    assert extracted["intervention_costs"]["actual_cost_sek"] == "42000.50"
    assert extracted["mapping"]["needs"][0]["notes"] == "Måste flytta"
    assert extracted["police_risk_analyses"][0]["police_reference"] == "5000-K1"
    assert extracted["tasks"][0]["task"] == "Boka läkartid"
    journal = extracted["journal"][0]
    assert journal["text"] == "Första samtalet hölls." and journal["date"] == "2026-01-13"
    assert journal["written_by"] == "Hanna Handläggare"
    body = response.content.decode()
    for fragment in ("Anhörigsdotter", "Ruth", RELATIVE_PHONE, "Mamma, orolig"):
        assert fragment not in body


def test_download_is_audited_and_never_cached(as_demo):
    case = case_of(ADAM)
    response = download(as_demo(TEAM), case, "json")
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="registerutdrag-{case.reference}.json"'
    assert "Provsson" not in disposition and "19970412" not in disposition
    event = AuditEvent.objects.filter(action="defectors.extract.create").latest("id")
    assert event.target_id == str(case.pk)
    assert event.payload == {"format": "json", "person": case.person_id, "cases": 1}


def test_pdf_is_a_pdf_without_relatives(as_demo):
    case = case_of(ADAM)
    add_relative(case)
    fill(case)
    response = download(as_demo(TEAM), case, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].endswith(f'registerutdrag-{case.reference}.pdf"')
    assert RELATIVE.encode() not in response.content
    event = AuditEvent.objects.filter(action="defectors.extract.create").latest("id")
    assert event.payload["format"] == "pdf"
    # The PDF's text is compressed: read what it was made from.
    html = extract_html(extract_data(person=case.person))
    assert "Provsson" in html and "Första samtalet hölls." in html and "Skyddat boende AB" in html
    for fragment in ("Anhörigsdotter", RELATIVE_PHONE, "Mamma, orolig"):
        assert fragment not in html


def test_extract_holds_all_the_persons_cases(as_demo, demo):
    case = case_of(ADAM)
    other = case_of("20100823-1464")  # Kevin's case, given to Adam for this test
    Case.objects.filter(pk=other.pk).update(person=case.person)
    data = json.loads(download(as_demo(TEAM), case, "json").content)
    assert sorted(c["reference"] for c in data["cases"]) == sorted(
        [case.reference, other.reference]
    )


def test_protected_identity_is_in_the_persons_own_extract_with_a_warning(as_demo):
    client = as_demo(TEAM)
    case = case_of(LEILA)
    page = client.get(reverse("defectors:extract", args=[case.pk]))
    assert page.status_code == 200
    assert b"protected personal data" in page.content or b"skyddade personuppgifter" in page.content
    assert b"Testdotter" not in page.content  # the page itself stays masked
    data = json.loads(download(client, case, "json").content)
    assert data["person"]["family_name"] == "Testdotter"
    assert data["person"]["identity_number"] == LEILA
    # The download shows the protected identity: that is a reveal, as on a page.
    reveal = AuditEvent.objects.get(action="defectors.person.reveal", target_id=str(case.pk))
    assert reveal.payload["via"] == "extract"


def test_an_extract_of_an_unprotected_person_is_no_reveal(as_demo):
    client = as_demo(TEAM)
    download(client, case_of(ADAM), "json")
    assert not AuditEvent.objects.filter(action="defectors.person.reveal").exists()


def test_extract_page_links_both_formats_and_is_audited(as_demo):
    case = case_of(ADAM)
    response = as_demo(TEAM).get(reverse("defectors:extract", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("defectors:extract_pdf", args=[case.pk]) in body
    assert reverse("defectors:extract_json", args=[case.pk]) in body
    assert body.count("<h1") == 1
    assert AuditEvent.objects.filter(
        action="defectors.extract.view", target_id=str(case.pk)
    ).exists()


def test_anonymous_contact_has_no_extract(as_demo, demo):
    hanna = User.objects.get(email=TEAM)
    from trygg.defectors.cases import services

    case = services.intake_create(
        actor=actor_for(hanna),
        given_name="",
        family_name="",
        identity_number="",
        reserve=False,
        protection="none",
        contact="",
        date=date(2026, 3, 1),
        source="self",
        group_type="criminal_network",
        threat_indication="low",
        motivation_notes="",
    )
    client = as_demo(TEAM)
    assert client.get(reverse("defectors:extract", args=[case.pk])).status_code == 200
    assert download(client, case, "json").status_code == 404
    assert download(client, case, "pdf").status_code == 404


REFUSED = [
    ("handlaggare2@huddinge.example", 404),
    ("chef@huddinge.example", 404),
    ("handlaggare@botkyrka.example", 404),
    ("admin@huddinge.example", 403),
    ("analytiker@sodertorn.example", 403),
    ("logggranskare@huddinge.example", 403),
    ("samordnare@huddinge.example", 403),
]


@pytest.mark.parametrize(("email", "status"), REFUSED)
def test_extract_is_refused_outside_the_team(as_demo, email, status):
    client = as_demo(email)
    case = case_of(ADAM)
    for name in ("extract", "extract_json", "extract_pdf"):
        response = client.get(reverse(f"defectors:{name}", args=[case.pk]))
        assert response.status_code == status, name
        assert b"Provsson" not in response.content and b"19970412" not in response.content
    assert not AuditEvent.objects.filter(action="defectors.extract.create").exists()


def test_extract_is_refused_under_emergency_access(as_demo):
    case = case_of(ADAM)
    colleague = User.objects.get(email="handlaggare2@huddinge.example")
    EmergencyAccess.objects.create(
        case=case,
        user=colleague,
        reason="Akut hot mot personen",
        granted_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client = as_demo("handlaggare2@huddinge.example")
    assert client.get(reverse("defectors:case_detail", args=[case.pk])).status_code == 200
    for name in ("extract", "extract_json", "extract_pdf"):
        response = client.get(reverse(f"defectors:{name}", args=[case.pk]))
        assert response.status_code == 403, name
    assert not AuditEvent.objects.filter(action="defectors.extract.create").exists()
    refusal = AuditEvent.objects.filter(action="core.permission.deny").latest("id")
    assert refusal.payload["action"] == "extract"


@pytest.mark.parametrize("name", ["extract", "extract_json", "extract_pdf"])
def test_anonymous_visitor_is_sent_to_login(client, demo, name):
    response = client.get(reverse(f"defectors:{name}", args=[case_of(ADAM).pk]))
    assert response.status_code == 302


def test_extract_queries_do_not_grow_with_the_file(demo):
    case = case_of(ADAM)
    fill(case)
    with CaptureQueriesContext(connection) as few:
        extract_data(person=Person.objects.get(pk=case.person_id))
    hanna = User.objects.get(email=TEAM)
    for day in range(1, 21):
        JournalEntry.objects.create(
            case=case, author=hanna, occurred_on=date(2026, 2, day), text=f"Anteckning {day}"
        )
        fill(case)
    with CaptureQueriesContext(connection) as many:
        data = extract_data(person=Person.objects.get(pk=case.person_id))
    assert len(data["cases"][0]["journal"]) == 41
    assert len(many) == len(few)
