"""Transfer of a case to another municipality: consent or legal ground, the receiving unit
manager's answer, the case moving with its person, the sending team's limited reading, and
every step audited on both sides."""

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
from trygg.defectors.constants import Agency, CaseStatus, Protection, TransferStatus
from trygg.defectors.journal import services as journal
from trygg.defectors.models import Case, Transfer
from trygg.defectors.transfers import services
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation

pytestmark = pytest.mark.django_db

REASON = "Personen flyttar av skyddsskäl och behöver fortsatt stöd."


@pytest.fixture
def haninge(huddinge):
    return Organisation.objects.get(scb_code="0136")


@pytest.fixture
def unit(huddinge):
    return OrganisationFactory(parent=huddinge, kind=OrganisationKind.ENHET)


@pytest.fixture
def haninge_unit(haninge):
    return OrganisationFactory(parent=haninge, kind=OrganisationKind.ENHET, name="Avhopp Haninge")


@pytest.fixture
def officer(make_user, unit):
    return actor_for(make_user(Role.HANDLAGGARE, unit))


@pytest.fixture
def receiving_chef(make_user, haninge_unit):
    return actor_for(make_user(Role.ENHETSCHEF, haninge_unit))


@pytest.fixture
def receiving_officer(make_user, haninge_unit):
    return make_user(Role.HANDLAGGARE, haninge_unit)


def _case(officer, protection=Protection.NONE):
    return cases.intake_create(
        actor=officer,
        given_name="Test",
        family_name="Flyttsson",
        identity_number="",
        reserve=True,
        protection=protection,
        contact="Gatan 1, Huddinge",
        date=date(2026, 4, 1),
        source="self",
        group_type="criminal_network",
        threat_indication="high",
        motivation_notes="",
    )


@pytest.fixture
def case(officer):
    return _case(officer)


def _consent(officer, case, **extra):
    return consents.consent_record(
        actor=officer,
        case=case,
        agency=Agency.OTHER_MUNICIPALITY,
        agency_name="Haninge kommun",
        scope="Uppgifter som behövs för att flytta ärendet.",
        given_on=extra.pop("given_on", timezone.localdate()),
        expires_on=extra.pop("expires_on", None),
    )


def _propose(officer, case, to_municipality):
    return services.transfer_propose(
        actor=officer,
        case=case,
        to_municipality=to_municipality,
        reason=REASON,
        consent=_consent(officer, case),
    )


def test_a_transfer_without_consent_or_legal_ground_is_refused(officer, case, haninge):
    with pytest.raises(ApplicationError) as refused:
        services.transfer_propose(actor=officer, case=case, to_municipality=haninge, reason=REASON)
    assert refused.value.field == "consent"
    assert not Transfer.objects.exists()


def test_a_consent_for_another_agency_or_withdrawn_does_not_count(officer, case, haninge):
    police = consents.consent_record(
        actor=officer,
        case=case,
        agency=Agency.POLISEN,
        agency_name="",
        scope="Hotbild.",
        given_on=timezone.localdate(),
        expires_on=None,
    )
    with pytest.raises(ApplicationError):
        services.transfer_propose(
            actor=officer, case=case, to_municipality=haninge, reason=REASON, consent=police
        )
    consent = _consent(officer, case, given_on=timezone.localdate() - timedelta(days=5))
    consents.consent_withdraw(
        actor=officer, case=case, consent=consent, withdrawn_on=timezone.localdate()
    )
    consent.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.transfer_propose(
            actor=officer, case=case, to_municipality=haninge, reason=REASON, consent=consent
        )


def test_proposal_is_audited_in_both_municipalities(officer, case, haninge, huddinge):
    consent = _consent(officer, case)
    transfer = services.transfer_propose(
        actor=officer, case=case, to_municipality=haninge, reason=REASON, consent=consent
    )
    sides = set(
        AuditEvent.objects.filter(action="defectors.transfer.propose").values_list(
            "municipality_id", flat=True
        )
    )
    assert sides == {huddinge.pk, haninge.pk}
    assert transfer.status == TransferStatus.PROPOSED
    for event in AuditEvent.objects.filter(action="defectors.transfer.propose"):
        assert "Flyttsson" not in str(event.payload) and REASON not in str(event.payload)
    with pytest.raises(ApplicationError):  # one open proposal at a time
        services.transfer_propose(
            actor=officer, case=case, to_municipality=haninge, reason=REASON, consent=consent
        )


def test_legal_ground_must_be_one_of_the_configured(officer, case, haninge, settings):
    settings.TRYGG_TRANSFER_LEGAL_GROUNDS = ["Grund A"]
    with pytest.raises(ApplicationError):
        services.transfer_propose(
            actor=officer, case=case, to_municipality=haninge, reason=REASON, legal_ground="X"
        )
    transfer = services.transfer_propose(
        actor=officer, case=case, to_municipality=haninge, reason=REASON, legal_ground="Grund A"
    )
    assert transfer.legal_ground == "Grund A"


def test_acceptance_moves_the_case_and_keeps_the_sending_team_as_readers(
    officer, case, haninge, haninge_unit, receiving_chef, receiving_officer, huddinge, settings
):
    settings.TRYGG_TRANSFER_READ_DAYS = 30
    entry = journal.journal_entry_create(
        actor=officer, case=case, text="Samtal före flytten.", occurred_on=timezone.localdate()
    )
    old_reference = case.reference
    transfer = _propose(officer, case, haninge)
    moved = services.transfer_accept(
        actor=receiving_chef, transfer=transfer, case_officer=receiving_officer
    )
    moved.refresh_from_db()
    assert moved.municipality_id == haninge.pk and moved.unit_id == haninge_unit.pk
    assert moved.person.municipality_id == haninge.pk
    assert list(moved.team.values_list("user_id", flat=True)) == [receiving_officer.pk]
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED
    assert transfer.from_reference == old_reference and transfer.to_reference == moved.reference
    assert transfer.read_until == timezone.localdate() + timedelta(days=30)
    assert list(transfer.readers.values_list("pk", flat=True)) == [officer.user.pk]
    sides = set(
        AuditEvent.objects.filter(action="defectors.transfer.accept").values_list(
            "municipality_id", flat=True
        )
    )
    assert sides == {huddinge.pk, haninge.pk}

    # The sending officer: no longer in the case, but reads the team's own entry.
    from trygg.defectors.cases.selectors import case_list
    from trygg.defectors.transfers import selectors

    assert moved.pk not in [c.pk for c in case_list(actor=officer).object_list]
    readable = selectors.handed_over_get(actor=officer, transfer_id=transfer.pk)
    assert [e.pk for e in selectors.own_entries(transfer=readable)] == [entry.pk]
    # What the new team writes stays theirs.
    receiving = actor_for(receiving_officer)
    journal.journal_entry_create(
        actor=receiving, case=moved, text="Efter flytten.", occurred_on=timezone.localdate()
    )
    assert [e.pk for e in selectors.own_entries(transfer=readable)] == [entry.pk]


def test_read_access_ends_after_the_period(
    officer, case, haninge, receiving_chef, receiving_officer
):
    from django.http import Http404

    from trygg.defectors.transfers import selectors

    transfer = _propose(officer, case, haninge)
    services.transfer_accept(
        actor=receiving_chef, transfer=transfer, case_officer=receiving_officer
    )
    Transfer.objects.filter(pk=transfer.pk).update(
        read_until=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(Http404):
        selectors.handed_over_get(actor=officer, transfer_id=transfer.pk)


def test_a_person_with_other_cases_at_home_is_copied_not_moved(
    officer, case, haninge, receiving_chef, receiving_officer
):
    earlier = Case.objects.create(
        municipality_id=case.municipality_id,
        unit_id=case.unit_id,
        person=case.person,
        reference="AV-2019-0001",
        status=CaseStatus.AVSLUTAT,
        outcome="completed",
        opened_at=timezone.now() - timedelta(days=2000),
        closed_at=timezone.now() - timedelta(days=1900),
    )
    home_person = case.person_id
    transfer = _propose(officer, case, haninge)
    moved = services.transfer_accept(
        actor=receiving_chef, transfer=transfer, case_officer=receiving_officer
    )
    moved.refresh_from_db()
    earlier.refresh_from_db()
    assert earlier.person_id == home_person
    assert earlier.person.municipality_id == case.municipality_id
    assert moved.person_id != home_person
    assert moved.person.family_name == "Flyttsson" and moved.person.municipality_id == haninge.pk


def test_only_the_receiving_municipality_s_unit_manager_decides(
    officer, case, haninge, make_user, unit, receiving_officer, botkyrka
):
    transfer = _propose(officer, case, haninge)
    home_chef = actor_for(make_user(Role.ENHETSCHEF, unit))
    other_chef = actor_for(
        make_user(Role.ENHETSCHEF, OrganisationFactory(parent=botkyrka, kind="enhet"))
    )
    from django.core.exceptions import PermissionDenied

    for chef in (home_chef, other_chef, officer):
        with pytest.raises(PermissionDenied):
            services.transfer_accept(actor=chef, transfer=transfer, case_officer=receiving_officer)


def test_declined_transfer_keeps_the_case_and_tells_the_sending_team_why(
    officer, case, haninge, receiving_chef
):
    transfer = _propose(officer, case, haninge)
    with pytest.raises(ApplicationError):
        services.transfer_decline(actor=receiving_chef, transfer=transfer, note="Nej")
    services.transfer_decline(
        actor=receiving_chef, transfer=transfer, note="Ingen plats i skyddat boende just nu."
    )
    case.refresh_from_db()
    assert case.municipality_id == officer.municipality_id
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.DECLINED


def test_receiving_chef_sees_no_person_before_acceptance(
    officer, haninge, receiving_chef, client, login, receiving_officer
):
    protected = _case(officer, protection=Protection.SKYDDAD_FOLKBOKFORING)
    transfer = _propose(officer, protected, haninge)
    login(receiving_chef.user)
    listing = client.get("/avhopp/overflyttningar/").content.decode()
    detail = client.get(f"/avhopp/overflyttningar/{transfer.pk}/").content.decode()
    for page in (listing, detail):
        assert "Flyttsson" not in page and "Gatan 1" not in page and protected.reference not in page
    assert REASON in detail
    response = client.post(
        f"/avhopp/overflyttningar/{transfer.pk}/", {"accept-case_officer": receiving_officer.pk}
    )
    assert response.status_code == 302


def test_sending_team_never_sees_where_a_protected_person_went(
    officer, haninge, receiving_chef, receiving_officer, client, login
):
    protected = _case(officer, protection=Protection.SKYDDAD_FOLKBOKFORING)
    transfer = _propose(officer, protected, haninge)
    moved = services.transfer_accept(
        actor=receiving_chef, transfer=transfer, case_officer=receiving_officer
    )
    login(officer.user)
    page = client.get(f"/avhopp/overlamnade/{transfer.pk}/").content.decode()
    assert transfer.from_reference in page
    assert "Avhopp Haninge" not in page and "Haninge" not in page
    assert moved.reference == transfer.from_reference or moved.reference not in page
    assert client.get(f"/avhopp/arende/{moved.pk}/").status_code == 404
    assert client.get(f"/avhopp/arende/{moved.pk}/overflyttning/").status_code == 404


def test_bad_proposal_input_is_shown_next_to_the_field(officer, case, client, login):
    login(officer.user)
    response = client.post(
        f"/avhopp/arende/{case.pk}/overflyttning/",
        {"to_municipality": "abc", "reason": "x", "consent": "", "legal_ground": ""},
    )
    assert response.status_code == 200
    assert "aria-invalid" in response.content.decode() or "ds-validation-message" in (
        response.content.decode()
    )
    assert not Transfer.objects.exists()


def test_after_acceptance_the_intake_and_interventions_count_in_the_receiving_municipality(
    officer, case, haninge, huddinge, receiving_chef, receiving_officer
):
    """The regional statistics count intakes and interventions by the municipality they
    keep (no join to every case): the transfer moves them with the case."""
    from trygg.defectors.models import Intake, Intervention
    from trygg.defectors.plan import services as plan
    from trygg.defectors.statistics.report import Scope, build_report

    plan.intervention_add(
        actor=officer,
        case=case,
        type="mentor",
        provider="Mentor AB",
        start_on=timezone.localdate(),
        end_on=None,
        status="ongoing",
        decided_cost=None,
        actual_cost=None,
        notes="",
    )
    assert Intake.objects.get(case=case).municipality_id == huddinge.pk
    assert Intervention.objects.get(case=case).municipality_id == huddinge.pk
    services.transfer_accept(
        actor=receiving_chef,
        transfer=_propose(officer, case, haninge),
        case_officer=receiving_officer,
    )
    assert Intake.objects.get(case=case).municipality_id == haninge.pk
    assert Intervention.objects.get(case=case).municipality_id == haninge.pk

    scope = Scope(
        by="municipality",
        columns=[(huddinge.pk, "Huddinge"), (haninge.pk, "Haninge")],
        municipality_ids=(huddinge.pk, haninge.pk),
    )
    today = timezone.localdate()
    report = build_report(scope=scope, period_start=today.replace(month=1, day=1), period_end=today)
    counted = {
        table.slug: [[cell.value for cell in cells] for _label, cells, _total in table.rows]
        for table in report.tables
        if table.slug in ("source", "interventions")
    }
    # One intake and one intervention, both now in Haninge's column (the second).
    assert sum(row[0] for row in counted["source"]) == 0
    assert sum(row[1] for row in counted["source"]) == 1
    assert sum(row[0] or 0 for row in counted["interventions"]) == 0
    assert sum(row[1] or 0 for row in counted["interventions"]) == 1
