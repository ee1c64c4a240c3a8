"""Lägesbild: drafted with problems by district (never people), adopted by a named body and
then frozen; a new version starts from the adopted one; other municipalities see nothing."""

import pytest
from django.urls import reverse

from tests.demo_data import load_demo
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.organisations.models import District
from trygg.prevention.models import Indicator, Problem, Situation, SituationStatus

pytestmark = pytest.mark.django_db
COORDINATOR = "trygghet@huddinge.example"


@pytest.fixture
def client(login, huddinge, botkyrka):
    load_demo()
    return login(User.objects.get(email=COORDINATOR), DEMO_PASSWORD)


def _create(client) -> Situation:
    indicator = Indicator.objects.get(name="Anmäld skadegörelse")
    response = client.post(
        reverse("prevention:situation_create"),
        {
            "title": "Lägesbild 2027",
            "period_from": "2025-01-01",
            "period_to": "2026-12-31",
            "indicators": [indicator.pk],
            "other_sources": "Polisen: fler rapporter om otrygghet vid centrum.",
            "analysis": "Skadegörelsen är störst i Flemingsberg.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Situation.objects.get(title="Lägesbild 2027")


def test_a_situational_picture_is_drafted_adopted_frozen_and_versioned(client, huddinge):
    situation = _create(client)
    page = client.get(reverse("prevention:situation", args=[situation.pk])).content.decode()
    assert "Anmäld skadegörelse" in page and "<polyline" in page
    flemingsberg = District.objects.get(municipality=huddinge, name="Flemingsberg")
    url = reverse("prevention:problem_add", args=[situation.pk])
    refused = client.post(url, {"title": "", "districts": [flemingsberg.pk]})
    assert refused.status_code == 400 and 'id="id_title_error"' in refused.content.decode()
    added = client.post(
        url,
        {
            "title": "Skadegörelse och otrygghet vid centrum",
            "districts": [flemingsberg.pk],
            "affected": "Boende och pendlare",
            "why": "Många undviker platsen på kvällen.",
            "sources": "Polisen, EST",
        },
    )
    assert added.status_code == 302
    adopt = reverse("prevention:situation_adopt", args=[situation.pk])
    assert (
        client.post(adopt, {"decided_by_body": "", "adopted_on": "2026-11-01"}).status_code == 400
    )
    assert (
        client.post(adopt, {"decided_by_body": "KS § 12", "adopted_on": "2999-01-01"}).status_code
        == 400
    )
    done = client.post(
        adopt, {"decided_by_body": "Kommunstyrelsen, § 123", "adopted_on": "2026-11-01"}
    )
    assert done.status_code == 302
    situation.refresh_from_db()
    assert (situation.status, situation.decided_by_body) == (
        SituationStatus.ADOPTED,
        "Kommunstyrelsen, § 123",
    )
    # Frozen: neither the text nor the problems change.
    frozen = client.post(url, {"title": "Ett till problem"})
    assert frozen.status_code == 400 and Problem.objects.filter(situation=situation).count() == 1
    edit = client.post(
        reverse("prevention:situation_edit", args=[situation.pk]),
        {"title": "Ändrad", "period_from": "2025-01-01", "period_to": "2026-12-31"},
    )
    assert edit.status_code == 200
    situation.refresh_from_db()
    assert situation.title == "Lägesbild 2027"

    version = client.post(reverse("prevention:situation_version", args=[situation.pk]))
    draft = Situation.objects.get(previous=situation)
    assert version.status_code == 302 and (draft.version, draft.status) == (2, "draft")
    assert [p.title for p in draft.problems.all()] == ["Skadegörelse och otrygghet vid centrum"]
    assert list(draft.problems.get().districts.all()) == [flemingsberg]
    actions = set(
        AuditEvent.objects.filter(action__startswith="prevention.situation").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "prevention.situation.create",
        "prevention.situation.attach",  # the demo picture's document
        "prevention.situation.adopt",
        "prevention.situation.version",
    }


def test_an_identity_number_never_enters_a_situational_picture(client):
    response = client.post(
        reverse("prevention:situation_create"),
        {
            "title": "Lägesbild",
            "period_from": "2025-01-01",
            "period_to": "2025-12-31",
            "analysis": "Personen 19970412-2382 syns ofta.",
        },
    )
    assert response.status_code == 200 and 'id="id_analysis_error"' in response.content.decode()
    assert not Situation.objects.filter(title="Lägesbild").exists()


def test_only_the_coordinator_of_the_municipality_reaches_it(client, login, make_user, botkyrka):
    from trygg.core.roles import Role
    from trygg.organisations.models import Organisation

    situation = _create(client)
    urls = [
        reverse("prevention:situations"),
        reverse("prevention:situation", args=[situation.pk]),
        reverse("prevention:situation_edit", args=[situation.pk]),
    ]
    for email in ("rapportor@huddinge.example", "samordnare@huddinge.example"):
        other = login(User.objects.get(email=email), DEMO_PASSWORD)
        assert {other.get(url).status_code for url in urls} == {403}
    foreign = login(
        make_user(
            Role.TRYGGHETSSAMORDNARE,
            Organisation.objects.create(
                kind="namnd", name="KS Botkyrka", parent=botkyrka, municipality=botkyrka
            ),
        )
    )
    assert [foreign.get(url).status_code for url in urls[1:]] == [404, 404]
    assert "Lägesbild 2027" not in foreign.get(urls[0]).content.decode()


def test_the_start_page_lists_drafts_to_adopt_and_files_with_problems(client):
    _create(client)
    start = client.get("/").content.decode()
    assert 'count">1</strong> Lägesbilder som inte antagits än' in start
    assert "Uppladdade filer" not in start


def test_documents_are_attached_to_a_draft_and_read_with_the_adopted_picture(client, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    situation = _create(client)
    url = reverse("prevention:situation_attach", args=[situation.pk])
    program = SimpleUploadedFile("lagesbild.pdf", b"MZ\x90\x00 a program, not a PDF")
    refused = client.post(url, {"document-title": "Polisens lägesbild", "document-file": program})
    assert refused.status_code == 400
    assert 'id="id_document-file_error"' in refused.content.decode()
    pdf = SimpleUploadedFile("polisen.pdf", b"%PDF-1.4\n% test\n")
    done = client.post(url, {"document-title": "Polisens lägesbild", "document-file": pdf})
    assert done.status_code == 302
    attachment = situation.attachments.get()
    assert AuditEvent.objects.filter(action="prevention.situation.attach").exists()
    download = reverse("prevention:situation_attachment", args=[situation.pk, attachment.pk])
    assert b"".join(client.get(download).streaming_content).startswith(b"%PDF")
    # The reader sees the adopted picture only, with its documents; a new version copies them.
    reader = login(User.objects.get(email="lasare@huddinge.example"), DEMO_PASSWORD)
    assert reader.get(download).status_code == 404  # still a draft
    adopted = Situation.objects.get(status=SituationStatus.ADOPTED)
    first = adopted.attachments.get()
    shown = reader.get(reverse("prevention:situation_attachment", args=[adopted.pk, first.pk]))
    assert shown.status_code == 200 and shown["Content-Disposition"].startswith("attachment")
