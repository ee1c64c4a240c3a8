"""A municipal company is paid only under a grant agreement it has signed, against invoices."""

import pytest

from tests.factories import INVOICE, delegation_point, make_application, signed_agreement
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.fund.agreements.services import agreement_sign, render_agreement_html
from trygg.fund.constants import ApplicationStatus, DecisionOutcome
from trygg.fund.decisions import services as decisions
from trygg.fund.models import GrantAgreement, Payee, Payment

pytestmark = pytest.mark.django_db


def _granted(act, coordinator, call, organisation, user, amount=300_000):
    application = make_application(
        call, organisation, user, status=ApplicationStatus.IN_REVIEW, requested_kr=amount
    )
    decisions.decision_record(
        actor=act(coordinator),
        application=application,
        outcome=DecisionOutcome.GRANTED,
        amount_kr=None,
        reasons="Väl underbyggd",
        delegation=delegation_point(application.municipality),
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def company_user(make_user, bolag):
    return make_user(Role.SOKANDE, bolag, with_device=False)


def test_a_grant_to_a_company_makes_an_agreement_and_a_committee_gets_none(
    act, coordinator, call, kultur, bolag, applicant, company_user
):
    Payee.objects.create(organisation=bolag, organisation_number="556123-4567")
    company = _granted(act, coordinator, call, bolag, company_user)
    committee = _granted(act, coordinator, call, kultur, applicant)
    agreement = GrantAgreement.objects.get(application=company)
    assert agreement.document.name.endswith(".pdf")
    assert agreement.signed_at is None
    html = render_agreement_html(agreement)
    for text in ("556123-4567", "300\u00a0000\u00a0kr", "Återbetalning", "slutrapport senast"):
        assert text in html, text
    assert not GrantAgreement.objects.filter(application=committee).exists()


def test_a_company_cannot_be_paid_before_it_has_signed(act, coordinator, call, bolag, company_user):
    company = _granted(act, coordinator, call, bolag, company_user)
    with pytest.raises(ApplicationError, match=bolag.name):
        decisions.payment_request(
            actor=act(coordinator), application=company, amount_kr=100_000, **INVOICE
        )
    assert not Payment.objects.exists()


def test_a_company_is_paid_against_its_invoice_once_signed(
    act, coordinator, coordinator2, call, bolag, company_user
):
    company = _granted(act, coordinator, call, bolag, company_user)
    signed_agreement(company)
    with pytest.raises(ApplicationError) as refused:
        decisions.payment_request(actor=act(coordinator), application=company, amount_kr=100_000)
    assert refused.value.field == "invoice_reference"
    payment = decisions.payment_request(
        actor=act(coordinator), application=company, amount_kr=100_000, **INVOICE
    )
    decisions.payment_approve(actor=act(coordinator2), payment=payment)
    payment.refresh_from_db()
    assert (payment.status, payment.invoice_reference) == ("approved", "F-1001")


def test_only_the_company_signs_and_only_once(
    act, coordinator, call, bolag, kultur, applicant, company_user
):
    company = _granted(act, coordinator, call, bolag, company_user)
    agreement = company.agreement
    from django.core.exceptions import PermissionDenied

    for outsider in (coordinator, applicant):  # the coordinator, another organisation's user
        with pytest.raises(PermissionDenied):
            agreement_sign(actor=act(outsider), agreement=agreement, signatory="X", authorised=True)
    with pytest.raises(ApplicationError) as refused:
        agreement_sign(
            actor=act(company_user), agreement=agreement, signatory="Anna", authorised=False
        )
    assert refused.value.field == "authorised"
    agreement_sign(
        actor=act(company_user), agreement=agreement, signatory="Anna A, VD", authorised=True
    )
    with pytest.raises(ApplicationError):
        agreement_sign(
            actor=act(company_user), agreement=agreement, signatory="Anna", authorised=True
        )
    agreement.refresh_from_db()
    assert agreement.signatory == "Anna A, VD"
    assert "Anna A, VD" in render_agreement_html(agreement)
    assert AuditEvent.objects.filter(action="fund.agreement.sign").count() == 1


def test_the_company_signs_on_the_application_page(
    act, login, client, coordinator, call, bolag, company_user
):
    company = _granted(act, coordinator, call, bolag, company_user)
    login(company_user)
    page = client.get(f"/trygghetsfond/ansokan/{company.pk}/").content.decode()
    assert "Återbetalning" in page  # the conditions are shown before signing
    pdf = client.get(f"/trygghetsfond/ansokan/{company.pk}/avtal.pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    sign = f"/trygghetsfond/ansokan/{company.pk}/avtal/underteckna/"
    client.post(sign, {"signatory": "Anna A, VD"})  # not confirmed: nothing signed
    company.agreement.refresh_from_db()
    assert company.agreement.signed_at is None
    response = client.post(sign, {"signatory": "Anna A, VD", "authorised": "on"})
    assert response.status_code == 302
    company.agreement.refresh_from_db()
    assert company.agreement.signed_at is not None


def test_the_signed_agreement_replaces_the_unsigned_file(
    act, coordinator, call, bolag, company_user, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    company = _granted(act, coordinator, call, bolag, company_user)
    unsigned = company.agreement.document.name
    assert default_storage.exists(unsigned)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_sign(
            actor=act(company_user), agreement=company.agreement, signatory="Anna", authorised=True
        )
    signed = GrantAgreement.objects.get(pk=company.agreement.pk).document.name
    assert default_storage.exists(signed) and not default_storage.exists(unsigned)
