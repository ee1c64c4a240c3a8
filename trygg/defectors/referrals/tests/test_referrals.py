"""Referrals to partner agencies: blocked without a valid consent for the agency, a package
of exactly the chosen parts, the agency's contact who sees only referrals to their agency and
answers them, and a withdrawn consent that stops further sharing."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.cases import services as cases
from trygg.defectors.consents import services as consents
from trygg.defectors.constants import Agency, Protection, ReferralStatus, SharedField
from trygg.defectors.models import Referral
from trygg.defectors.referrals import services
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PURPOSE = "Behöver stöd med skuldsanering och kontakt med polisen om hotbilden."


@pytest.fixture
def unit(huddinge):
    return OrganisationFactory(parent=huddinge, kind=OrganisationKind.ENHET)


@pytest.fixture
def officer(make_user, unit):
    return actor_for(make_user(Role.HANDLAGGARE, unit))


@pytest.fixture
def police(huddinge):
    return Organisation.objects.get(municipality=huddinge, kind="partner", name="Polisen")


@pytest.fixture
def passus(huddinge):
    return Organisation.objects.get(municipality=huddinge, kind="partner", name="Fryshuset Passus")


def _case(officer, protection=Protection.NONE):
    return cases.intake_create(
        actor=officer,
        given_name="Rita",
        family_name="Remissdotter",
        identity_number="",
        reserve=True,
        protection=protection,
        contact="Gatan 7, Huddinge",
        date=date(2026, 4, 1),
        source="self",
        group_type="criminal_network",
        threat_indication="high",
        motivation_notes="",
    )


@pytest.fixture
def case(officer):
    return _case(officer)


def _consent(officer, case, agency=Agency.POLISEN, name="", **extra):
    return consents.consent_record(
        actor=officer,
        case=case,
        agency=agency,
        agency_name=name,
        scope="Hotbild och kontaktuppgifter.",
        given_on=extra.pop("given_on", timezone.localdate()),
        expires_on=extra.pop("expires_on", None),
    )


def _send(officer, case, partner, fields=(SharedField.NAME, SharedField.INTAKE)):
    return services.referral_send(
        actor=officer, case=case, partner=partner, purpose=PURPOSE, fields=list(fields)
    )


def test_referral_without_consent_is_blocked_and_the_attempt_logged(officer, case, police):
    with pytest.raises(ApplicationError) as blocked:
        _send(officer, case, police)
    assert blocked.value.field == "partner"
    assert "samtycke" in str(blocked.value.message).lower() or "consent" in str(
        blocked.value.message
    )
    assert not Referral.objects.exists()
    assert AuditEvent.objects.filter(action="defectors.referral.refuse").count() == 1


def test_a_consent_for_another_agency_expired_or_withdrawn_blocks(officer, case, police, passus):
    _consent(officer, case, agency=Agency.KRONOFOGDEN)
    with pytest.raises(ApplicationError):
        _send(officer, case, police)
    expired = _consent(
        officer,
        case,
        given_on=timezone.localdate() - timedelta(days=40),
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(ApplicationError) as blocked:
        _send(officer, case, police)
    assert "expired" in blocked.value.message or "gått ut" in blocked.value.message
    assert expired.pk
    ngo = _consent(officer, case, agency=Agency.NGO, name="Exit")
    with pytest.raises(ApplicationError):  # Exit's consent does not cover Passus
        _send(officer, case, passus)
    assert ngo.pk


def test_package_holds_exactly_the_chosen_parts(officer, case, police):
    _consent(officer, case)
    referral = _send(officer, case, police, fields=[SharedField.NAME])
    package = services.package_of(referral)
    assert [s["title"] for s in package] == [str(SharedField.NAME.label)]
    assert package[0]["lines"] == ["Rita Remissdotter"]
    assert "Gatan 7" not in referral.package
    event = AuditEvent.objects.get(action="defectors.referral.send")
    assert "Rita" not in json.dumps(event.payload) and PURPOSE not in json.dumps(event.payload)


def test_a_protected_person_s_contact_details_are_never_sent(officer, police):
    protected = _case(officer, protection=Protection.SKYDDAD_FOLKBOKFORING)
    _consent(officer, protected)
    with pytest.raises(ApplicationError) as refused:
        _send(officer, protected, police, fields=[SharedField.NAME, SharedField.CONTACT])
    assert refused.value.field == "fields"


def test_partner_contact_sees_only_their_agency_s_referrals_and_answers(
    officer, case, police, passus, make_user, login, client
):
    _consent(officer, case)
    _consent(officer, case, agency=Agency.NGO, name="Passus")
    to_police = _send(officer, case, police)
    to_passus = _send(officer, case, passus)
    contact = make_user(Role.PARTNERKONTAKT, police)
    login(contact)
    inbox = client.get("/avhopp/partner/").content.decode()
    assert f"/avhopp/partner/{to_police.pk}/" in inbox
    assert f"/avhopp/partner/{to_passus.pk}/" not in inbox
    assert client.get(f"/avhopp/partner/{to_passus.pk}/").status_code == 404
    assert client.get(f"/avhopp/arende/{case.pk}/").status_code in (403, 404)
    page = client.get(f"/avhopp/partner/{to_police.pk}/").content.decode()
    assert "Rita Remissdotter" in page and PURPOSE in page
    response = client.post(
        f"/avhopp/partner/{to_police.pk}/", {"status": ReferralStatus.NEEDS_MORE, "answer": ""}
    )
    assert response.status_code == 200  # a reason is needed
    client.post(
        f"/avhopp/partner/{to_police.pk}/",
        {"status": ReferralStatus.NEEDS_MORE, "answer": "Vi behöver hotbilden också."},
    )
    to_police.refresh_from_db()
    assert to_police.status == ReferralStatus.NEEDS_MORE
    assert to_police.answered_by == contact


def test_withdrawn_consent_stops_sharing_and_shows_on_the_open_referral(
    officer, case, police, make_user, login, client
):
    consent = _consent(officer, case, given_on=timezone.localdate() - timedelta(days=3))
    referral = _send(officer, case, police)
    consents.consent_withdraw(
        actor=officer, case=case, consent=consent, withdrawn_on=timezone.localdate()
    )
    contact = make_user(Role.PARTNERKONTAKT, police)
    login(contact)
    page = client.get(f"/avhopp/partner/{referral.pk}/").content.decode()
    assert "Rita" not in page and PURPOSE not in page
    assert client.get(f"/avhopp/partner/{referral.pk}/paket.pdf").status_code == 403
    login(officer.user)
    team_page = client.get(f"/avhopp/arende/{case.pk}/hanvisningar/").content.decode()
    assert timezone.localdate().isoformat() in team_page
    assert f"/hanvisningar/{referral.pk}/paket.pdf" not in team_page
    with pytest.raises(ApplicationError):  # and no new referral under it
        _send(officer, case, police)


def test_team_downloads_the_package_as_pdf(officer, case, police, login, client):
    _consent(officer, case)
    referral = _send(officer, case, police)
    login(officer.user)
    response = client.get(f"/avhopp/arende/{case.pk}/hanvisningar/{referral.pk}/paket.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="defectors.referral.package").count() == 1


def test_referral_form_refusal_is_shown_next_to_the_field(officer, case, police, login, client):
    login(officer.user)
    response = client.post(
        f"/avhopp/arende/{case.pk}/hanvisningar/",
        {"partner": police.pk, "purpose": PURPOSE, "fields": [SharedField.NAME]},
    )
    assert response.status_code == 200
    assert "id_partner_error" in response.content.decode()
    assert not Referral.objects.exists()
