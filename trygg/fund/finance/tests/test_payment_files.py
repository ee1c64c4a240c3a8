"""Payment files: byte-exact for fixed data in both presets and in a layout of one's own."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import INVOICE, delegation_point, make_application, signed_agreement
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.fund.constants import ApplicationStatus, DecisionOutcome
from trygg.fund.decisions import services as decisions
from trygg.fund.finance.services import organisation_number_valid, payee_save
from trygg.fund.models import Payee, Payment, PaymentExportLayout

pytestmark = pytest.mark.django_db

APPROVED = timezone.make_aware(datetime.datetime(2026, 6, 1, 10, 0))


@pytest.fixture
def paid(act, coordinator, coordinator2, call, kultur, bolag, applicant, make_user):
    """One approved payment to a committee, one to a company, fixed dates."""
    Payee.objects.create(organisation=kultur, cost_centre="3100")
    Payee.objects.create(organisation=bolag, organisation_number="556123-4567")
    company_user = make_user(Role.SOKANDE, bolag, with_device=False)
    payments = []
    for organisation, user, amount in ((kultur, applicant, 150_000), (bolag, company_user, 80_000)):
        application = make_application(
            call, organisation, user, status=ApplicationStatus.IN_REVIEW, requested_kr=amount
        )
        decisions.decision_record(
            actor=act(coordinator),
            application=application,
            outcome=DecisionOutcome.GRANTED,
            amount_kr=None,
            reasons="Bra",
            delegation=delegation_point(application.municipality),
        )
        extra = {}
        if organisation == bolag:
            signed_agreement(application)
            extra = INVOICE
        payment = decisions.payment_request(
            actor=act(coordinator), application=application, amount_kr=amount, **extra
        )
        decisions.payment_approve(actor=act(coordinator2), payment=payment)
        payments.append(payment)
    Payment.objects.update(approved_at=APPROVED)
    return payments


def _file(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response.content


def test_the_plain_preset_is_byte_exact(login, client, coordinator, paid):
    committee, company = paid
    login(coordinator)
    expected = (
        "\ufeffutbetalnings-id;diarienummer;mottagare;mottagartyp;organisationsnummer;"
        "kostnadsställe;belopp;godkänd datum;faktura;fakturadatum\r\n"
        f"{committee.pk};{committee.application.reference};Kultur- och fritidsnämnden;"
        "Intern överföring;;3100;150000;2026-06-01;;\r\n"
        f"{company.pk};{company.application.reference};Huddingehem AB;"
        "Utbetalning till bolag;556123-4567;;80000;2026-06-01;F-1001;2026-05-04\r\n"
    ).encode()
    assert _file(client, "/trygghetsfond/ekonomi/utbetalningsfil/enkel.csv") == expected


def test_the_internal_transfer_preset_has_only_the_committees(login, client, coordinator, paid):
    committee, _company = paid
    login(coordinator)
    expected = f"3100;3100;150000,00;{committee.application.reference};Trygghetsfonden "
    expected += f"{committee.application.reference}\r\n"
    assert _file(client, "/trygghetsfond/ekonomi/utbetalningsfil/intern.csv") == expected.encode()


def test_a_layout_of_ones_own_sets_columns_order_separator_and_accounts(
    login, client, coordinator, paid
):
    committee, company = paid
    login(coordinator)
    form = {
        "name": "Raindance",
        "recipients": "all",
        "delimiter": "\t",
        "line_ending": "lf",
        "header": "on",
        "committee_account": "4590-{kostnadsstalle}",
        "company_account": "2440-{organisationsnummer}",
        "column_1": "belopp",
        "column_2": "konto",
        "column_3": "diarienummer",
    }
    assert client.post("/trygghetsfond/ekonomi/filformat/ny/", form).status_code == 302
    layout = PaymentExportLayout.objects.get(name="Raindance")
    expected = (
        "belopp\tkonto\tdiarienummer\n"
        f"150000\t4590-3100\t{committee.application.reference}\n"
        f"80000\t2440-556123-4567\t{company.application.reference}\n"
    ).encode()
    assert _file(client, f"/trygghetsfond/ekonomi/utbetalningsfil/{layout.pk}.csv") == expected
    twice = client.post("/trygghetsfond/ekonomi/filformat/ny/", {**form, "column_2": "belopp"})
    assert "column_1" in twice.context["form"].errors  # a column only once


def test_organisation_numbers_are_checked(act, coordinator, bolag):
    assert organisation_number_valid("556123-4567")
    assert not organisation_number_valid("556123-4568")
    assert not organisation_number_valid("5561234567")
    with pytest.raises(ApplicationError) as refused:
        payee_save(
            actor=act(coordinator),
            organisation=bolag,
            organisation_number="556123-4568",
            cost_centre="",
            account="",
        )
    assert refused.value.field == "organisation_number"
    with pytest.raises(ApplicationError):
        payee_save(
            actor=act(coordinator),
            organisation=bolag,
            organisation_number="",
            cost_centre="",
            account="",
        )


def test_another_municipalitys_layout_and_recipient_are_not_found(
    login, client, coordinator, botkyrka
):
    from trygg.organisations.models import Organisation

    other = Organisation.objects.create(
        kind="bolag", name="Botkyrkabyggen", parent=botkyrka, municipality=botkyrka
    )
    layout = PaymentExportLayout.objects.create(municipality=botkyrka, name="B", columns=["belopp"])
    login(coordinator)
    for url in (
        f"/trygghetsfond/ekonomi/mottagare/{other.pk}/",
        f"/trygghetsfond/ekonomi/filformat/{layout.pk}/",
        f"/trygghetsfond/ekonomi/utbetalningsfil/{layout.pk}.csv",
    ):
        assert client.get(url).status_code == 404
