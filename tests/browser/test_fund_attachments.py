"""An applicant attaches a document to the draft application, in real Chromium with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, log_in
from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Application, Attachment, Call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPLICANT = "sokande@huddinge.example"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"


def _upload(page, name: str, content: bytes) -> None:
    page.set_input_files(
        "#id_attachment-file",
        files=[{"name": name, "mimeType": "application/pdf", "buffer": content}],
    )
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()


def test_applicant_attaches_a_pdf_to_the_draft(demo, page, live_server):
    Call.objects.update(required_attachments=["Projektplan"])
    draft = Application.objects.get(status=ApplicationStatus.DRAFT)
    log_in(page, live_server, APPLICANT)
    page.goto(f"{live_server.url}/trygghetsfond/ansokan/{draft.pk}/redigera/")
    check_page(page)
    missing = page.locator("#attachments li", has_text="Projektplan")
    expect(missing.locator("strong")).to_be_visible()

    # A program dressed up as a PDF is refused next to the file field; nothing is kept.
    _upload(page, "faktura.pdf", EXE)
    expect(page.locator("#id_attachment-file_error")).to_be_visible()
    assert page.locator("#id_attachment-file").get_attribute("aria-invalid") == "true"
    assert not Attachment.objects.exists()
    check_page(page)

    page.select_option("#id_attachment-label", "Projektplan")
    _upload(page, "Projektplan Skogås.pdf", PDF)
    table = page.locator("#attachments table")
    expect(table).to_contain_text("Projektplan Skogås.pdf")
    expect(missing.locator("strong")).to_have_count(0)
    assert Attachment.objects.get(application=draft).label == "Projektplan"
    check_page(page)
