"""Intake, team and duplicate check: the writes, their refusals and their audit events."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from trygg.accounts.actor import actor_for
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.cases import matches, services
from trygg.defectors.conftest import ADAM, ELIAS, case_of, personal_fragments
from trygg.defectors.constants import CaseStatus, DuplicateDecision, Protection
from trygg.defectors.duplicates import services as duplicates
from trygg.defectors.models import Case, DuplicateMatch, Intake, Person
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def demo_actor(email: str):
    from trygg.accounts.models import User

    return actor_for(User.objects.get(email=email))


def intake(actor, **overrides):
    fields = {
        "given_name": "Test",
        "family_name": "Testsson",
        "identity_number": "",
        "reserve": False,
        "protection": Protection.NONE,
        "contact": "",
        "date": date(2026, 4, 1),
        "source": "self",
        "group_type": "criminal_network",
        "threat_indication": "low",
        "motivation_notes": "",
    }
    return services.intake_create(actor=actor, **{**fields, **overrides})


def test_intake_creates_person_case_intake_and_team(demo):
    actor = demo_actor("handlaggare2@huddinge.example")
    case = intake(actor, identity_number="701063-2391", contact="Tel. 070-000 00 09")
    case.refresh_from_db()
    assert case.status == CaseStatus.KONTAKT
    assert case.unit_id == actor.organisation.pk
    assert case.municipality_id == actor.municipality_id
    assert case.reference.startswith("AV-") and case.reference.endswith("0004")
    assert case.person.identity_number == "197010632391"  # normalised, 12 digits
    assert case.person.birth_day == 3  # samordningsnummer: day 63 - 60
    assert case.person.reserve_id == ""
    assert list(case.team.values_list("user_id", flat=True)) == [actor.user.pk]
    assert Intake.objects.get(case=case).threat_indication == "low"


def test_intake_without_identity_number_gets_a_reserve_number(demo):
    case = intake(demo_actor("handlaggare@huddinge.example"), reserve=True, given_name="")
    assert case.person.reserve_id.startswith("R-") and case.person.reserve_id.endswith("-0001")
    second = intake(demo_actor("handlaggare@huddinge.example"))
    assert second.person.reserve_id.endswith("-0002")


def test_anonymous_contact_has_no_person(demo):
    case = intake(demo_actor("handlaggare@huddinge.example"), given_name="", family_name="")
    assert case.person is None


def test_invalid_identity_number_is_refused_next_to_the_field_and_creates_nothing(demo):
    counts = (Person.objects.count(), Case.objects.count(), Intake.objects.count())
    with pytest.raises(ApplicationError) as refused:
        intake(demo_actor("handlaggare@huddinge.example"), identity_number="19970412-2383")
    assert refused.value.field == "identity_number"
    assert (Person.objects.count(), Case.objects.count(), Intake.objects.count()) == counts


@pytest.mark.parametrize(
    "email",
    ["admin@huddinge.example", "samordnare@huddinge.example", "analytiker@sodertorn.example"],
)
def test_intake_refused_outside_the_case_roles(demo, email):
    with pytest.raises(PermissionDenied):
        intake(demo_actor(email))


def test_an_intake_of_a_registered_person_waits_for_the_unit_manager(demo):
    """Written in either form, the number matches; the match is the manager's, not the
    officer's: the case is created as any other."""
    actor = demo_actor("handlaggare2@huddinge.example")
    for number in (ADAM, "199704122382"):
        case = intake(actor, identity_number=number)
        assert DuplicateMatch.objects.get(case=case).decided_at is None
    fresh = intake(actor, identity_number="701063-2391")
    assert not DuplicateMatch.objects.filter(case=fresh).exists()
    checks = AuditEvent.objects.filter(action="defectors.person.duplicate_check")
    assert checks.get(target_id=str(fresh.pk)).payload == {"found": False}
    assert checks.get(target_id=str(case.pk)).payload == {"found": True}


def test_another_municipalitys_person_is_never_a_match(demo):
    huddinge = intake(demo_actor("handlaggare@huddinge.example"), identity_number=ELIAS)
    botkyrka = intake(demo_actor("handlaggare@botkyrka.example"), identity_number=ADAM)
    assert not DuplicateMatch.objects.filter(case__in=[huddinge, botkyrka]).exists()


def test_the_unit_manager_sees_the_earlier_case_and_decides(demo):
    adams = case_of(ADAM)
    new = intake(demo_actor("handlaggare2@huddinge.example"), identity_number=ADAM)
    chief = demo_actor("chef@huddinge.example")
    earlier = matches.earlier_cases(actor=chief, case=new)
    assert [c.pk for c in earlier] == [adams.pk]
    assert AuditEvent.objects.get(action="defectors.duplicate.view").payload == {
        "cases": [adams.pk]
    }
    with pytest.raises(PermissionDenied):
        matches.earlier_cases(actor=demo_actor("handlaggare2@huddinge.example"), case=new)
    with pytest.raises(PermissionDenied):
        duplicates.duplicate_decide(
            actor=demo_actor("handlaggare2@huddinge.example"),
            case=new,
            decision=DuplicateDecision.CLOSE,
        )
    duplicates.duplicate_decide(actor=chief, case=new, decision=DuplicateDecision.CLOSE)
    new.refresh_from_db()
    assert (new.status, new.outcome) == (CaseStatus.AVSLUTAT, "other")
    with pytest.raises(ApplicationError):  # decided once
        duplicates.duplicate_decide(actor=chief, case=new, decision=DuplicateDecision.SEPARATE)


def test_keeping_a_separate_case_changes_nothing_else(demo):
    new = intake(demo_actor("handlaggare2@huddinge.example"), identity_number=ADAM)
    chief = demo_actor("chef@huddinge.example")
    duplicates.duplicate_decide(actor=chief, case=new, decision=DuplicateDecision.SEPARATE)
    new.refresh_from_db()
    assert new.status == CaseStatus.KONTAKT
    match = DuplicateMatch.objects.get(case=new)
    assert (match.decision, match.decided_by_id) == ("separate", chief.user.pk)


def test_team_member_add_by_the_unit_manager(demo):
    case = case_of(ADAM)
    colleague = demo_actor("handlaggare2@huddinge.example")
    services.team_member_add(
        actor=demo_actor("chef@huddinge.example"), case=case, user=colleague.user
    )
    assert case.team.filter(user=colleague.user).exists()
    event = AuditEvent.objects.get(action="defectors.team.add")
    assert event.payload == {"user": colleague.user.pk}


def test_team_member_add_refused_for_a_case_officer(demo):
    with pytest.raises(PermissionDenied):
        services.team_member_add(
            actor=demo_actor("handlaggare@huddinge.example"),
            case=case_of(ADAM),
            user=demo_actor("handlaggare2@huddinge.example").user,
        )


def test_team_member_add_refused_for_someone_outside_the_unit(demo, make_user):
    other_unit = Organisation.objects.create(
        kind=OrganisationKind.ENHET,
        name="Annan enhet",
        parent=Organisation.objects.get(scb_code="0126"),
        municipality_id=Organisation.objects.get(scb_code="0126").pk,
    )
    stranger = make_user(Role.HANDLAGGARE, other_unit)
    with pytest.raises(ApplicationError):
        services.team_member_add(
            actor=demo_actor("chef@huddinge.example"), case=case_of(ADAM), user=stranger
        )
    with pytest.raises(ApplicationError):
        services.team_member_add(
            actor=demo_actor("chef@huddinge.example"),
            case=case_of(ADAM),
            user=demo_actor("handlaggare@botkyrka.example").user,
        )


def test_chief_of_another_unit_cannot_assign(demo, make_user, botkyrka):
    from trygg.defectors.policies import defectors_policy

    chief = make_user(
        Role.ENHETSCHEF,
        Organisation.objects.get(name="Enheten för avhopparverksamhet", municipality=botkyrka),
    )
    assert not defectors_policy.can(actor_for(chief), "assign", case_of(ADAM))


def test_audit_payloads_hold_no_names_or_numbers(demo_case_files):
    actor = demo_actor("handlaggare@huddinge.example")
    intake(actor, identity_number=ADAM)
    events = AuditEvent.objects.filter(action__startswith="defectors.")
    assert events.filter(action="defectors.case.create").count() == 10  # 6, 2 moved, joint, +1
    # The whole demo case file was written through the services: journal, consents...
    assert events.filter(action="defectors.journal.sign").exists()
    dump = repr(list(events.values("payload", "target_type", "target_id"))).encode()
    assert not [f for f in personal_fragments() if f in dump]
