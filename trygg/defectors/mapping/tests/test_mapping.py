"""Mapping (kartläggning) and the police's risk analysis: the page, writes, refusals, audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.tests.test_services import demo_actor
from trygg.defectors.conftest import ADAM, case_of, personal_fragments
from trygg.defectors.constants import CaseStatus, NeedArea, NeedLevel
from trygg.defectors.mapping import services as mapping
from trygg.defectors.models import CaseAttachment, Mapping, MappingNeed, PoliceRiskAnalysis

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
REFUSED = {
    "handlaggare2@huddinge.example": 404,  # same unit, not on the team
    "chef@huddinge.example": 404,  # unit manager, not on the team
    "handlaggare@botkyrka.example": 404,  # another municipality
    "analytiker@sodertorn.example": 403,
    "admin@huddinge.example": 403,
}
NOTE = "Hotad av tidigare kamrater i Flemingsberg"
SECRET = b"TRYGG-RISK-ANALYSIS-CONTENT-41c9"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + SECRET + b"\n%%EOF\n"


def mapping_data(**overrides) -> dict:
    data = {f"{area}_level": NeedLevel.NOT_ASSESSED for area in NeedArea.values}
    data.update({f"{area}_notes": "" for area in NeedArea.values})
    data.update(threat_level="", threat_notes="", completed_on="")
    data.update(overrides)
    return data


def risk_data(**overrides) -> dict:
    data = {
        "risk-received_on": "2026-03-01",
        "risk-level": "high",
        "risk-police_reference": "5000-K123-26",
        "risk-notes": "Läst med teamet",
    }
    data.update(overrides)
    return data


def pdf(name="Riskanalys.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def urls(case_id: int) -> dict[str, str]:
    return {
        "page": reverse("defectors:mapping", args=[case_id]),
        "save": reverse("defectors:mapping_save", args=[case_id]),
        "risk": reverse("defectors:risk_analysis_create", args=[case_id]),
    }


def register(case, **overrides):
    fields = {
        "received_on": date(2026, 3, 1),
        "level": "high",
        "police_reference": "5000-K123-26",
        "notes": "",
        "upload": None,
    }
    return mapping.risk_analysis_register(
        actor=demo_actor(TEAM), case=case, **{**fields, **overrides}
    )


# --- The page -----------------------------------------------------------------------------


def test_team_sees_the_mapping_page_and_the_view_is_audited(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    response = client.get(urls(case.pk)["page"])
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="housing_level"' in body and 'name="risk-level"' in body
    assert "Provsson" in body  # the case heading shows the (unprotected) person to the team
    event = AuditEvent.objects.filter(action="defectors.mapping.view").latest("id")
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))
    assert event.actor_id == response.wsgi_request.user.pk


def test_page_says_the_levels_are_judgements_and_shows_no_score(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    mapping.mapping_save(
        actor=demo_actor(TEAM),
        case=case,
        threat_level="high",
        threat_notes="",
        completed_on=None,
        needs={"housing": ("acute", ""), "debt": ("major", "")},
    )
    response = client.get(urls(case.pk)["page"])
    assert response.context["mapping"] is not None
    section = response.content.decode().lower().split('<h2 class="ds-heading"', 1)[1]
    assert "calculate any score" in section or "poäng" in section  # said in so many words
    assert "summa" not in section and "total" not in section
    assert set(response.context.keys()).isdisjoint({"score", "total", "risk_score"})


@pytest.mark.parametrize("email", list(REFUSED))
def test_others_are_refused_and_see_nothing(as_demo, email):
    case = case_of(ADAM)
    mapping.mapping_save(
        actor=demo_actor(TEAM),
        case=case,
        threat_level="high",
        threat_notes=NOTE,
        completed_on=None,
        needs={},
    )
    register(case, notes=NOTE)
    client = as_demo(email)
    before = (Mapping.objects.get(case=case).threat_notes, PoliceRiskAnalysis.objects.count())
    requests = [
        ("get", urls(case.pk)["page"], {}),
        ("post", urls(case.pk)["save"], mapping_data(threat_notes="Ändrat")),
        ("post", urls(case.pk)["risk"], risk_data()),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code == REFUSED[email], (email, url)
        fragments = personal_fragments(huddinge_only=email == "handlaggare@botkyrka.example")
        assert not [f for f in fragments if f in response.content]
        assert NOTE.encode() not in response.content
    after = (Mapping.objects.get(case=case).threat_notes, PoliceRiskAnalysis.objects.count())
    assert after == before
    user = User.objects.get(email=email)
    assert not AuditEvent.objects.filter(action="defectors.mapping.view", actor_id=user.pk).exists()


def test_anonymous_is_sent_to_login(client, demo):
    response = client.get(urls(case_of(ADAM).pk)["page"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Saving the mapping -------------------------------------------------------------------


def test_team_saves_the_mapping_and_the_audit_names_the_changed_areas(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    before = case.last_entry_at
    response = client.post(
        urls(case.pk)["save"],
        mapping_data(
            housing_level="acute",
            housing_notes="Måste flytta inom en vecka",
            debt_level="some",
            threat_level="high",
            threat_notes=NOTE,
            completed_on="2026-03-05",
        ),
    )
    assert response.status_code == 302
    saved = Mapping.objects.get(case=case)
    assert saved.threat_level == "high" and saved.threat_notes == NOTE
    assert saved.completed_on == date(2026, 3, 5)
    needs = {n.area: (n.level, n.notes) for n in MappingNeed.objects.filter(mapping=saved)}
    assert len(needs) == len(NeedArea.values)  # one row per needs area, made on the first save
    assert needs["housing"] == ("acute", "Måste flytta inom en vecka")
    assert needs["leisure"] == (NeedLevel.NOT_ASSESSED, "")
    event = AuditEvent.objects.filter(action="defectors.mapping.update").latest("id")
    assert event.target_id == str(case.pk)
    assert sorted(event.payload["areas"]) == ["debt", "housing"]
    assert event.payload["threat"] is True and event.payload["completed"] is True
    assert "Flemingsberg" not in str(event.payload) and "flytta" not in str(event.payload)
    case.refresh_from_db()
    assert case.last_entry_at > before

    page = client.get(urls(case.pk)["page"]).content.decode()
    assert "Måste flytta inom en vecka" in page and NOTE in page

    client.post(
        urls(case.pk)["save"],
        mapping_data(
            housing_level="acute",
            housing_notes="Måste flytta inom en vecka",
            debt_level="major",
            threat_level="high",
            threat_notes=NOTE,
            completed_on="2026-03-05",
        ),
    )
    event = AuditEvent.objects.filter(action="defectors.mapping.update").latest("id")
    assert event.payload["areas"] == ["debt"]
    assert event.payload["threat"] is False and event.payload["completed"] is False
    assert MappingNeed.objects.filter(mapping=saved).count() == len(NeedArea.values)


def test_invalid_level_is_shown_next_to_the_field_and_saves_nothing(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    response = client.post(urls(case.pk)["save"], mapping_data(housing_level="catastrophic"))
    assert response.status_code == 200
    assert b'id="id_housing_level_error"' in response.content
    assert not Mapping.objects.filter(case=case).exists()
    assert not AuditEvent.objects.filter(action="defectors.mapping.update").exists()


def test_completed_in_the_future_is_refused_next_to_the_field(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        urls(case.pk)["save"], mapping_data(housing_level="some", completed_on=tomorrow)
    )
    assert response.status_code == 200
    assert b'id="id_completed_on_error"' in response.content
    assert not Mapping.objects.filter(case=case).exists()


def test_service_refuses_unknown_threat_level_and_area(demo):
    case = case_of(ADAM)
    actor = demo_actor(TEAM)
    args = {"threat_notes": "", "completed_on": None}
    with pytest.raises(ApplicationError) as error:
        mapping.mapping_save(actor=actor, case=case, threat_level="extreme", needs={}, **args)
    assert error.value.field == "threat_level"
    with pytest.raises(ApplicationError):
        mapping.mapping_save(
            actor=actor, case=case, threat_level="", needs={"weather": ("some", "")}, **args
        )
    assert not Mapping.objects.filter(case=case).exists()


def test_closed_case_is_read_only(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    mapping.mapping_save(
        actor=demo_actor(TEAM),
        case=case,
        threat_level="low",
        threat_notes=NOTE,
        completed_on=None,
        needs={"housing": ("some", "Behöver lägenhet")},
    )
    type(case).objects.filter(pk=case.pk).update(
        status=CaseStatus.AVSLUTAT, closed_at=timezone.now(), outcome="completed"
    )
    page = client.get(urls(case.pk)["page"])
    assert page.status_code == 200
    assert b'name="housing_level"' not in page.content and b'name="risk-level"' not in page.content
    assert "Behöver lägenhet".encode() in page.content  # shown read-only
    assert client.post(urls(case.pk)["save"], mapping_data()).status_code == 403
    assert client.post(urls(case.pk)["risk"], risk_data()).status_code == 403
    assert Mapping.objects.get(case=case).threat_notes == NOTE
    with pytest.raises(PermissionDenied):
        register(case.__class__.objects.get(pk=case.pk))


# --- The police's risk analysis -------------------------------------------------------------


def test_team_registers_a_risk_analysis_with_its_document_encrypted(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    response = client.post(urls(case.pk)["risk"], {**risk_data(), "risk-file": pdf()})
    assert response.status_code == 302
    analysis = PoliceRiskAnalysis.objects.get(case=case)
    assert analysis.level == "high" and analysis.received_on == date(2026, 3, 1)
    assert analysis.police_reference == "5000-K123-26"
    document = analysis.document
    assert document.case_id == case.pk and document.original_name == "Riskanalys.pdf"
    with default_storage.open(document.storage_name, "rb") as handle:
        stored = handle.read()
    assert SECRET not in stored and b"Riskanalys" not in document.storage_name.encode()
    event = AuditEvent.objects.filter(action="defectors.risk_analysis.create").latest("id")
    assert event.target_id == str(case.pk)
    assert event.payload == {"analysis": analysis.pk, "level": "high", "document": document.pk}
    case.refresh_from_db()
    assert case.status == CaseStatus.KONTAKT  # the status is not changed here

    page = client.get(urls(case.pk)["page"]).content.decode()
    assert "5000-K123-26" in page and "Läst med teamet" in page and "Riskanalys.pdf" in page


def test_document_link_only_when_the_download_page_exists(as_demo):
    from django.urls import NoReverseMatch

    client = as_demo(TEAM)
    case = case_of(ADAM)
    analysis = register(case, upload=pdf())
    page = client.get(urls(case.pk)["page"])
    assert page.status_code == 200
    try:
        url = reverse("defectors:document_download", args=[case.pk, analysis.document_id])
    except NoReverseMatch:
        assert page.context["analyses"][0].document_url == ""
    else:
        assert f'href="{url}"'.encode() in page.content


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"risk-level": "apocalyptic"}, "risk-level"),
        ({"risk-level": ""}, "risk-level"),
        ({"risk-received_on": "2999-01-01"}, "risk-received_on"),
        ({"risk-received_on": "inte ett datum"}, "risk-received_on"),
    ],
)
def test_bad_risk_analysis_is_refused_next_to_the_field(as_demo, overrides, field):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    response = client.post(urls(case.pk)["risk"], risk_data(**overrides))
    assert response.status_code == 200
    assert f'id="id_{field}_error"'.encode() in response.content
    assert not PoliceRiskAnalysis.objects.exists()
    assert not AuditEvent.objects.filter(action="defectors.risk_analysis.create").exists()


def test_wrong_file_type_is_refused_and_nothing_is_stored(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    program = SimpleUploadedFile("Riskanalys.pdf", b"MZ\x90\x00" + SECRET, "application/pdf")
    files_before = stored_files()
    response = client.post(urls(case.pk)["risk"], {**risk_data(), "risk-file": program})
    assert response.status_code == 200
    assert b'id="id_risk-file_error"' in response.content
    assert SECRET not in response.content
    assert not PoliceRiskAnalysis.objects.exists() and not CaseAttachment.objects.exists()
    assert stored_files() == files_before


def stored_files() -> set[str]:
    try:
        return set(default_storage.listdir("defectors")[1])
    except FileNotFoundError:
        return set()


def test_mapping_page_query_count_does_not_grow_with_risk_analyses(
    as_demo, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_demo(TEAM)
    case = case_of(ADAM)
    mapping.mapping_save(
        actor=demo_actor(TEAM),
        case=case,
        threat_level="low",
        threat_notes="",
        completed_on=None,
        needs=dict.fromkeys(NeedArea.values, ("some", "Anteckning")),
    )
    register(case, upload=pdf())
    url = urls(case.pk)["page"]
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(1, 8):
        register(case, received_on=date(2026, 2, day), upload=pdf(f"Analys {day}.pdf"))
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["analyses"]) == 8
    with django_assert_max_num_queries(15):  # the foundation's ceiling for a page
        client.get(url)
