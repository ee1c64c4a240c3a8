"""Documents of a case: upload, the list, the download and its checks, encryption at rest,
refusals and the audit of every list and read."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.defectors.conftest import ADAM, ELIAS, LEILA, case_of
from trygg.defectors.constants import CaseStatus, Outcome, PoliceRiskLevel
from trygg.defectors.documents import services as documents
from trygg.defectors.documents import storage as files
from trygg.defectors.journal import services as journal
from trygg.defectors.models import Case, CaseAttachment, PoliceRiskAnalysis

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
SECRET = b"Skyddad adress: Hemligagatan 7"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + SECRET + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "Beslut om skyddat boende Provsson.pdf", content: bytes = PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def hanna():
    return actor_for(User.objects.get(email=TEAM))


def stored_files() -> list[str]:
    try:
        return sorted(default_storage.listdir(files.STORAGE_DIR)[1])
    except FileNotFoundError:
        return []


def test_a_document_is_added_encrypted_and_audited_without_its_name(demo):
    case = case_of(ADAM)
    document = documents.document_add(actor=hanna(), case=case, upload=pdf())
    with default_storage.open(document.storage_name, "rb") as handle:
        stored = handle.read()
    assert SECRET not in stored and b"%PDF" not in stored
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM defectors_caseattachment WHERE id = %s", [document.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "Provsson" not in row and "skyddat boende" not in row
    assert files.read(document) == PDF
    assert (document.size, document.content_type, document.journal_entry) == (
        len(PDF),
        "application/pdf",
        None,
    )
    event = AuditEvent.objects.get(action="defectors.document.create")
    assert event.payload == {"document": document.pk}
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("program.pdf", b"MZ\x90\x00 pretends to be a pdf"),
        SimpleUploadedFile("tom.pdf", b""),
        SimpleUploadedFile("skript.sh", b"#!/bin/sh\n"),
        None,
    ],
)
def test_a_bad_upload_is_refused_on_the_file_field_and_nothing_is_stored(demo, upload):
    case = case_of(ADAM)
    before = (CaseAttachment.objects.count(), AuditEvent.objects.count(), stored_files())
    with pytest.raises(ApplicationError) as refused:
        documents.document_add(actor=hanna(), case=case, upload=upload)
    assert refused.value.field == "file"
    assert (CaseAttachment.objects.count(), AuditEvent.objects.count(), stored_files()) == before


def test_a_closed_case_refuses_uploads(demo, as_demo):
    case = case_of(ADAM)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AVSLUTAT, closed_at=timezone.now(), outcome=Outcome.COMPLETED
    )
    case.refresh_from_db()
    stored = stored_files()
    with pytest.raises(PermissionDenied):
        documents.document_add(actor=hanna(), case=case, upload=pdf())
    client = as_demo(TEAM)
    url = reverse("defectors:documents", args=[case.pk])
    assert client.post(url, {"document-file": pdf()}).status_code == 403
    page = client.get(url)
    assert page.status_code == 200 and b'name="document-file"' not in page.content
    assert not CaseAttachment.objects.exists() and stored_files() == stored


def test_uploading_through_the_page_and_the_list(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    url = reverse("defectors:documents", args=[case.pk])
    response = client.post(url, {"document-file": pdf()})
    assert response.status_code == 302 and response["Location"] == url
    entry = journal.journal_entry_create(
        actor=hanna(),
        case=case,
        occurred_on=date(2026, 3, 1),
        text="Samtal.",
        upload=SimpleUploadedFile("foto.png", PNG),
    )
    analysis_document = documents.document_add(
        actor=hanna(), case=case, upload=pdf("Riskanalys.pdf")
    )
    PoliceRiskAnalysis.objects.create(
        case=case,
        received_on=date(2026, 3, 2),
        level=PoliceRiskLevel.values[0],
        document=analysis_document,
        registered_by=hanna().user,
    )
    body = client.get(url).content.decode()
    assert "Beslut om skyddat boende Provsson.pdf" in body and "foto.png" in body
    assert "PDF" in body and "PNG" in body and "Hanna Handläggare" in body
    assert reverse("defectors:journal_entry", args=[case.pk, entry.pk]) in body
    assert "2026-03-02" in body  # the risk analysis it belongs to
    shown = sorted(CaseAttachment.objects.filter(case=case).values_list("pk", flat=True))
    event = AuditEvent.objects.filter(action="defectors.document.list").latest("id")
    assert sorted(event.payload["documents"]) == shown


def test_a_bad_upload_on_the_page_is_shown_next_to_the_field(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    url = reverse("defectors:documents", args=[case.pk])
    stored = stored_files()
    for data in ({}, {"document-file": SimpleUploadedFile("x.pdf", b"not a pdf")}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert b'id="id_document-file_error"' in response.content
    assert not CaseAttachment.objects.exists() and stored_files() == stored


def test_the_download_is_decrypted_checked_audited_and_never_cached(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    document = documents.document_add(
        actor=hanna(), case=case, upload=pdf('../../Plan "Ö"; rm.pdf')
    )
    response = client.get(reverse("defectors:document_download", args=[case.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in disposition and '"Ö"' not in disposition and ";rm" not in disposition
    assert documents.download_filename(document) == "Plan _Ö__ rm.pdf"
    event = AuditEvent.objects.get(action="defectors.document.view")
    assert event.payload == {"document": document.pk}
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))


def test_a_document_of_another_case_is_not_found(as_demo):
    client = as_demo(TEAM)
    adam, leila = case_of(ADAM), case_of(LEILA)
    document = documents.document_add(actor=hanna(), case=leila, upload=pdf())
    wrong_case = reverse("defectors:document_download", args=[adam.pk, document.pk])
    assert client.get(wrong_case).status_code == 404
    botkyrka = actor_for(User.objects.get(email="handlaggare@botkyrka.example"))
    elsewhere = documents.document_add(actor=botkyrka, case=case_of(ELIAS), upload=pdf())
    for case_id in (adam.pk, case_of(ELIAS).pk):
        url = reverse("defectors:document_download", args=[case_id, elsewhere.pk])
        assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="defectors.document.view").exists()


OUTSIDERS = [
    "handlaggare2@huddinge.example",
    "chef@huddinge.example",
    "handlaggare@botkyrka.example",
    "admin@huddinge.example",
    "analytiker@sodertorn.example",
]


def test_outsiders_and_anonymous_get_nothing_of_the_documents(as_demo, client):
    case = case_of(ADAM)
    document = documents.document_add(actor=hanna(), case=case, upload=pdf())
    requests = [
        ("get", reverse("defectors:documents", args=[case.pk]), {}),
        ("get", reverse("defectors:document_download", args=[case.pk, document.pk]), {}),
        ("post", reverse("defectors:documents", args=[case.pk]), {"document-file": pdf()}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    for email in OUTSIDERS:
        as_demo(email)
        for method, url, data in requests:
            response = getattr(client, method)(url, data)
            assert response.status_code in (403, 404), (email, url, response.status_code)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            assert SECRET not in content and b"Provsson" not in content
        client.logout()
    assert list(CaseAttachment.objects.values_list("pk", flat=True)) == [document.pk]
    assert not AuditEvent.objects.filter(
        action__in=["defectors.document.list", "defectors.document.view"]
    ).exists()


def test_the_documents_page_runs_the_same_number_of_queries_for_2_and_12_documents(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    url = reverse("defectors:documents", args=[case.pk])
    client.get(url)  # the session's first-request writes are not the page's

    def add(count):
        for _ in range(count):
            journal.journal_entry_create(
                actor=hanna(), case=case, occurred_on=date(2026, 3, 1), text="T.", upload=pdf()
            )

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(2)
    few = count_queries()
    add(10)
    assert count_queries() == few


def test_with_an_object_store_the_bucket_holds_ciphertext_and_the_page_the_document(
    as_demo, object_store
):
    from tests.object_store import raw_client

    client = as_demo(TEAM)
    case = case_of(ADAM)
    url = reverse("defectors:documents", args=[case.pk])
    assert client.post(url, {"document-file": pdf()}).status_code == 302
    document = CaseAttachment.objects.filter(case=case).latest("id")
    stored = raw_client(object_store).get_object(
        Bucket=object_store["bucket_name"], Key=document.storage_name
    )
    assert SECRET not in stored["Body"].read()
    response = client.get(reverse("defectors:document_download", args=[case.pk, document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
