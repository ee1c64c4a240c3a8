import io
import json
import re
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils.translation import gettext, override

from tests.factories import make_application, make_call
from trygg.audit.models import AuditEvent
from trygg.core import files
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.fund.applications import services
from trygg.fund.attachments import services as attachments
from trygg.fund.attachments.forms import OTHER
from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Application, Attachment
from trygg.fund.review import services as review_services
from trygg.fund.snapshot import revision_diff

pytestmark = pytest.mark.django_db

# Bytes no page or refusal may ever contain unless it is the file itself.
SECRET = b"TRYGG-ATTACHMENT-CONTENT-7f3a"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + SECRET + b"\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + SECRET
STORED_NAME = re.compile(r"^fund/attachments/\d{4}/[0-9a-f]{32}\.(pdf|docx|png|jpg|odt)$")
REQUIRED = ["Projektplan", "Budgetunderlag"]


def pdf(name: str = "Projektplan Skogås.pdf", content: bytes = PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def zipped(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, "application/vnd.oasis.opendocument.text")
    return buffer.getvalue()


def stored_files(path: str = "fund/attachments") -> set[str]:
    try:
        directories, files = default_storage.listdir(path)
    except FileNotFoundError:
        return set()
    found = {f"{path}/{name}" for name in files}
    for directory in directories:
        found |= stored_files(f"{path}/{directory}")
    return found


def sv(message: str) -> str:
    """The message as a Swedish user sees it (English until it is translated)."""
    with override("sv"):
        return gettext(message)


def upload_url(application) -> str:
    return f"/trygghetsfond/ansokan/{application.pk}/bilagor/"


def download_url(attachment) -> str:
    return f"/trygghetsfond/bilaga/{attachment.pk}/"


def post_file(client, application, upload, label=OTHER):
    return client.post(
        upload_url(application), {"attachment-label": label, "attachment-file": upload}
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def required_call(fund_year, kultur, bolag):
    return make_call(fund_year, eligible=[kultur, bolag], required_attachments=REQUIRED)


@pytest.fixture
def draft(required_call, kultur, applicant):
    return make_application(required_call, kultur, applicant)


def add(act, applicant, application, upload=None, label=""):
    return attachments.attachment_add(
        actor=act(applicant), application=application, label=label, upload=upload or pdf()
    )


# --- Storing and serving ------------------------------------------------------------------


def test_pdf_is_stored_under_a_random_name_and_downloads_for_applicant_and_coordinator(
    login, client, draft, applicant, coordinator
):
    login(applicant)
    response = post_file(client, draft, pdf(), label="Projektplan")
    assert response.status_code == 302
    assert response["Location"] == f"/trygghetsfond/ansokan/{draft.pk}/redigera/#attachments"
    attachment = Attachment.objects.get(application=draft)
    assert STORED_NAME.match(attachment.file.name), attachment.file.name
    assert "Projektplan" not in attachment.file.name and "Sk" not in attachment.file.name
    assert default_storage.exists(attachment.file.name)
    assert (attachment.label, attachment.original_name) == ("Projektplan", "Projektplan Skogås.pdf")
    assert attachment.size == len(PDF) and len(attachment.sha256) == 64
    # Private: no URL of the site serves the storage, only the checked download view.
    for prefix in ("/", settings.MEDIA_URL, "/media/", settings.STATIC_URL):
        response = client.get(f"{prefix.rstrip('/')}/{attachment.file.name}")
        assert response.status_code == 404 and SECRET not in body(response)

    response = client.get(download_url(attachment))
    assert response.status_code == 200 and body(response) == PDF
    client.logout()

    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.SUBMITTED)
    login(coordinator)
    response = client.get(download_url(attachment))
    assert response.status_code == 200 and body(response) == PDF


def test_download_headers_come_from_the_checked_type_not_the_browser(
    login, client, draft, applicant, act
):
    attachment = add(act, applicant, draft, pdf('plan "final".pdf', content_type="text/html"))
    login(applicant)
    response = client.get(download_url(attachment))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan _final_.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("outsider", ["other_organisation", "other_municipality"])
def test_outsiders_get_404_and_never_the_bytes(
    login, client, make_user, bolag, botkyrka, draft, applicant, act, outsider
):
    attachment = add(act, applicant, draft)
    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.IN_REVIEW)
    if outsider == "other_organisation":
        login(make_user(Role.SOKANDE, bolag))
    else:
        login(make_user(Role.SAMORDNARE, botkyrka))
    for response in (
        client.get(download_url(attachment)),
        client.post(f"/trygghetsfond/bilaga/{attachment.pk}/ta-bort/"),
        post_file(client, draft, pdf("mine.pdf")),
    ):
        assert response.status_code == 404
        assert SECRET not in body(response)
    assert Attachment.objects.filter(application=draft).count() == 1
    assert client.get("/trygghetsfond/bilaga/999999/").status_code == 404


def test_reviewer_downloads_only_after_declaring_no_conflict(
    login, client, draft, applicant, coordinator, reviewer, reviewer2, act
):
    attachment = add(act, applicant, draft)
    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.IN_REVIEW)
    draft.refresh_from_db()
    assignment = review_services.reviewer_assign(
        actor=act(coordinator), application=draft, reviewer=reviewer
    )
    login(reviewer)
    response = client.get(download_url(attachment))
    assert response.status_code == 302 and "/granskning/" in response["Location"]
    review_services.conflict_declare(actor=act(reviewer), assignment=assignment, has_conflict=False)
    response = client.get(download_url(attachment))
    assert response.status_code == 200 and body(response) == PDF
    review_page = client.get(f"/trygghetsfond/granskning/{assignment.pk}/").content.decode()
    assert download_url(attachment) in review_page
    client.logout()
    login(reviewer2)
    assert client.get(download_url(attachment)).status_code == 404  # not assigned
    other = review_services.reviewer_assign(
        actor=act(coordinator), application=draft, reviewer=reviewer2
    )
    review_services.conflict_declare(
        actor=act(reviewer2), assignment=other, has_conflict=True, reason="Jäv"
    )
    response = client.get(download_url(attachment))
    assert response.status_code == 404 and SECRET not in body(response)


def test_application_page_links_the_attachments(login, client, draft, applicant, act):
    attachment = add(act, applicant, draft)
    login(applicant)
    page = client.get(f"/trygghetsfond/ansokan/{draft.pk}/").content.decode()
    assert download_url(attachment) in page and "Projektplan Skogås.pdf" in page


# --- Refusals -----------------------------------------------------------------------------


def test_renamed_exe_is_refused_next_to_the_field_and_nothing_is_stored(
    login, client, draft, applicant
):
    before = stored_files()
    login(applicant)
    response = post_file(client, draft, pdf("faktura.pdf", EXE), label="Projektplan")
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert stored_files() == before
    page = client.get(response["Location"]).content.decode()
    refusal = sv("The file type is not allowed. Upload one of these types: %(types)s.") % {
        "types": "PDF, DOCX, XLSX, ODT, ODS, PNG, JPG, JPEG"
    }
    error = re.search(
        r'<p class="ds-validation-message" id="id_attachment-file_error">(.*?)</p>', page
    )
    assert error and error.group(1) == refusal
    assert 'aria-invalid="true"' in page and SECRET.decode() not in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.exe", EXE),
        ("program.pdf.exe", PDF),
        ("no-extension", PDF),
        ("picture.png", PDF),
        ("letter.docx", zipped("word/document.xml")),
        ("letter.docx", b"PK\x03\x04 but not really a zip archive"),
        ("sheet.ods", zipped("content.xml")),
    ],
)
def test_a_file_whose_content_is_not_its_type_is_refused(act, applicant, draft, name, content):
    before = stored_files()
    with pytest.raises(ApplicationError) as refused:
        add(act, applicant, draft, SimpleUploadedFile(name, content))
    assert refused.value.field == "file"
    assert not Attachment.objects.exists() and stored_files() == before


@override_settings(TRYGG_FUND_ATTACHMENT_MAX_MB=0.001)
def test_oversize_file_is_refused_and_nothing_is_stored(login, client, draft, applicant):
    before = stored_files()
    login(applicant)
    big = PDF + b"0" * 2000
    response = post_file(client, draft, pdf("stor.pdf", big))
    assert response.status_code == 302
    assert not Attachment.objects.exists() and stored_files() == before
    page = client.get(response["Location"]).content.decode()
    assert 'id="id_attachment-file_error"' in page


def test_the_number_of_attachments_per_application_is_limited(act, applicant, draft, settings):
    settings.TRYGG_FUND_ATTACHMENTS_PER_APPLICATION = 2
    add(act, applicant, draft, pdf("ett.pdf"))
    add(act, applicant, draft, pdf("två.pdf"))
    before = stored_files()
    with pytest.raises(ApplicationError) as refused:
        add(act, applicant, draft, pdf("tre.pdf"))
    assert refused.value.field == "file"
    assert Attachment.objects.count() == 2 and stored_files() == before


def test_the_total_size_of_an_applications_attachments_is_limited(act, applicant, draft, settings):
    settings.TRYGG_FUND_ATTACHMENTS_TOTAL_MB = 1
    add(act, applicant, draft, pdf("stor.pdf", PDF + b"0" * 700_000))
    with pytest.raises(ApplicationError) as refused:
        add(act, applicant, draft, pdf("till.pdf", PDF + b"0" * 400_000))
    assert "1 MB" in refused.value.message
    assert Attachment.objects.count() == 1


def test_empty_file_and_a_label_the_call_does_not_ask_for_are_refused(act, applicant, draft):
    with pytest.raises(ApplicationError):
        add(act, applicant, draft, SimpleUploadedFile("tom.pdf", b""))
    with pytest.raises(ApplicationError) as refused:
        add(act, applicant, draft, label="Något annat")
    assert refused.value.field == "label"
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "budget.docx",
            zipped("[Content_Types].xml", "word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("plan.odt", zipped("mimetype", "content.xml"), "application/vnd.oasis.opendocument.text"),
        ("karta.PNG", b"\x89PNG\r\n\x1a\n" + SECRET, "image/png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + SECRET, "image/jpeg"),
    ],
)
def test_office_opendocument_and_image_files_are_accepted(
    act, applicant, draft, name, content, content_type
):
    attachment = add(act, applicant, draft, SimpleUploadedFile(name, content, "text/plain"))
    assert attachment.content_type == content_type
    assert STORED_NAME.match(attachment.file.name)
    with default_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == content


def test_docx_upload_over_http_is_accepted(login, client, draft, applicant):
    login(applicant)
    docx = SimpleUploadedFile("Budgetunderlag.docx", zipped("[Content_Types].xml"))
    assert post_file(client, draft, docx, label="Budgetunderlag").status_code == 302
    assert Attachment.objects.get().label == "Budgetunderlag"


def test_uploaded_name_keeps_no_path_and_no_excess_length():
    assert files.display_name("C:\\fakepath\\..\\plan.pdf") == "plan.pdf"
    assert files.display_name("../../etc/pass\x00wd.pdf") == "passwd.pdf"
    long = files.display_name("a" * 400 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")


# --- Submission, locking, audit, revisions ---------------------------------------------


def test_submission_is_refused_while_a_required_attachment_is_missing(act, applicant, draft):
    with pytest.raises(services.SubmissionInvalid) as invalid:
        services.application_submit(actor=act(applicant), application=draft)
    assert "Projektplan" in invalid.value.errors["attachments"]
    assert "Budgetunderlag" in invalid.value.errors["attachments"]
    add(act, applicant, draft, label="Projektplan")
    add(act, applicant, draft, pdf("övrigt.pdf"))  # "other" does not stand in for a document
    with pytest.raises(services.SubmissionInvalid) as invalid:
        services.application_submit(actor=act(applicant), application=draft)
    assert set(invalid.value.errors) == {"attachments"}
    assert "Projektplan" not in invalid.value.errors["attachments"]
    add(act, applicant, draft, pdf("budget.pdf"), label="Budgetunderlag")
    services.application_submit(actor=act(applicant), application=draft)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


def test_edit_page_marks_missing_documents_and_shows_the_refused_submission(
    login, client, draft, applicant
):
    login(applicant)
    page = client.get(f"/trygghetsfond/ansokan/{draft.pk}/redigera/").content.decode()
    assert page.count(sv("Missing")) == 2
    assert 'enctype="multipart/form-data"' in page
    # The upload form is a form of its own, after the application form.
    assert page.index("</form>") < page.index('enctype="multipart/form-data"')
    assert '<label class="ds-label" for="id_attachment-file">' in page


def test_after_submission_the_applicant_can_no_longer_add_or_remove(
    login, client, act, applicant, draft
):
    first = add(act, applicant, draft, label="Projektplan")
    add(act, applicant, draft, pdf("budget.pdf"), label="Budgetunderlag")
    services.application_submit(actor=act(applicant), application=draft)
    draft.refresh_from_db()
    before = stored_files()
    with pytest.raises(PermissionDenied):
        add(act, applicant, draft, pdf("sen.pdf"))
    with pytest.raises(PermissionDenied):
        attachments.attachment_remove(actor=act(applicant), attachment=first)
    login(applicant)
    assert post_file(client, draft, pdf("sen.pdf")).status_code == 403
    assert client.post(f"/trygghetsfond/bilaga/{first.pk}/ta-bort/").status_code == 403
    assert draft.attachments.count() == 2 and stored_files() == before
    # Still readable.
    assert client.get(download_url(first)).status_code == 200


def test_remove_deletes_the_row_and_then_the_file(
    login, client, act, applicant, draft, django_capture_on_commit_callbacks
):
    attachment = add(act, applicant, draft)
    name = attachment.file.name
    login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/trygghetsfond/bilaga/{attachment.pk}/ta-bort/")
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not default_storage.exists(name)


def test_audit_events_carry_ids_and_never_the_file_name(act, applicant, draft):
    attachment = add(act, applicant, draft, pdf("hemlig-plan.pdf"), label="Projektplan")
    attachments.attachment_remove(actor=act(applicant), attachment=attachment)
    events = AuditEvent.objects.filter(action__startswith="fund.attachment.").order_by("id")
    assert [e.action for e in events] == ["fund.attachment.create", "fund.attachment.delete"]
    for event in events:
        assert event.payload == {"application": draft.pk}
        assert event.target_type == "fund.attachment"
        assert "hemlig" not in json.dumps(event.payload) + event.target_id


def test_revision_snapshot_lists_the_attachments_and_the_diff_shows_new_ones(
    act, applicant, coordinator, draft
):
    plan = add(act, applicant, draft, pdf("plan.pdf"), label="Projektplan")
    add(act, applicant, draft, pdf("budget.pdf"), label="Budgetunderlag")
    first = services.application_submit(actor=act(applicant), application=draft)
    assert first.snapshot["attachments"][0] == {
        "label": "Projektplan",
        "original_name": "plan.pdf",
        "size": len(PDF),
        "sha256": plan.sha256,
    }
    draft.refresh_from_db()
    services.completion_request(actor=act(coordinator), application=draft, message="Karta")
    draft.refresh_from_db()
    map_png = SimpleUploadedFile("karta.png", b"\x89PNG\r\n\x1a\n" + SECRET)
    add(act, applicant, draft, map_png)
    second = services.application_submit(actor=act(applicant), application=draft)
    changes = revision_diff(first.snapshot, second.snapshot)
    assert [c for c in changes if c["field"].startswith("attachment_")] == [
        {
            "field": changes[-1]["field"],
            "label": "Bilaga",
            "before": "",
            "after": changes[-1]["after"],
        }
    ]
    assert "karta.png" in changes[-1]["after"]


@pytest.mark.parametrize("failure", ["postgresql", "sqlite", "disk"])
def test_a_full_disk_during_an_upload_says_so_and_keeps_nothing(
    login, client, draft, applicant, failure
):
    import errno
    from unittest import mock

    from django.db import OperationalError

    from trygg.core.models import StoredFile

    if failure == "postgresql":
        error = OperationalError("could not extend file")
        error.__cause__ = type("DiskFull", (Exception,), {"sqlstate": "53100"})()
    elif failure == "sqlite":
        error = OperationalError("database or disk is full")
    else:
        error = OSError(errno.ENOSPC, "No space left on device")
    login(applicant)
    client.raise_request_exception = False
    with mock.patch("trygg.core.storage.DatabaseStorage._save", side_effect=error):
        response = client.post(
            upload_url(draft), {"attachment-label": OTHER, "attachment-file": pdf()}
        )
    assert response.status_code == 507
    page = response.content.decode()
    assert "Det du skickade kunde inte sparas" in page and "lagringsutrymme är fullt" in page
    assert not Attachment.objects.exists() and not StoredFile.objects.exists()
    assert SECRET.decode() not in page
