"""Four eyes on sensitive roles: one administrator alone can no longer make a case officer, a
unit manager, a log reviewer or a coordinator (ADR 0002)."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from trygg.accounts import services
from trygg.accounts.actor import actor_for
from trygg.accounts.models import Membership, RoleGrant, RoleGrantStatus, User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user, huddinge):
    return make_user(Role.SYSTEMADMINISTRATOR, organisation=huddinge)


@pytest.fixture
def unit(huddinge):
    social = OrganisationFactory(parent=huddinge, name="Socialnämnden", social_services=True)
    return OrganisationFactory(parent=social, name="Enheten för avhopparverksamhet")


@pytest.fixture
def chief(make_user, unit):
    return make_user(Role.ENHETSCHEF, organisation=unit)


def _create(admin, unit, role=Role.HANDLAGGARE, email="ny@huddinge.example") -> User:
    return services.user_create(
        actor=actor_for(admin), email=email, full_name="Nora Ny", organisation=unit, role=role
    )


def test_a_case_officer_role_asked_for_by_an_administrator_is_not_given(admin, unit):
    user = _create(admin, unit)
    assert not Membership.objects.filter(user=user).exists()
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.status, grant.requested_by) == (
        Role.HANDLAGGARE,
        RoleGrantStatus.PENDING,
        admin,
    )
    assert user.invited_by == admin
    assert not actor_for(user).has_role(Role.HANDLAGGARE)
    event = AuditEvent.objects.get(action="accounts.role_grant.request")
    assert event.municipality_id == unit.municipality_id  # the log reviewer sees it


def test_one_administrator_cannot_make_two_coordinators(admin, huddinge):
    board = OrganisationFactory(parent=huddinge, name="Kommunstyrelsen")
    first = _create(admin, board, Role.SAMORDNARE, "a@huddinge.example")
    second = _create(admin, board, Role.SAMORDNARE, "b@huddinge.example")
    for user in (first, second):
        assert not actor_for(user).has_role(Role.SAMORDNARE)
    # Neither can approve the other's role: neither holds one yet.
    grant = RoleGrant.objects.get(user=second)
    with pytest.raises(PermissionDenied):
        services.role_grant_approve(actor=actor_for(first), grant=grant)


def test_the_unit_manager_approves_a_case_officer_and_the_role_is_given(admin, unit, chief):
    user = _create(admin, unit)
    grant = RoleGrant.objects.get(user=user)
    membership = services.role_grant_approve(actor=actor_for(chief), grant=grant)
    assert (membership.user, membership.organisation, membership.role) == (
        user,
        unit,
        Role.HANDLAGGARE,
    )
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == (RoleGrantStatus.APPROVED, chief)
    assert actor_for(user).has_role(Role.HANDLAGGARE)
    approved = AuditEvent.objects.get(action="accounts.role_grant.approve")
    assert (approved.actor_id, approved.municipality_id) == (chief.pk, unit.municipality_id)
    created = AuditEvent.objects.get(action="accounts.membership.create")
    assert created.payload["grant"] == grant.pk


def test_a_turned_down_role_is_not_given_and_cannot_be_approved_later(admin, unit, chief):
    grant = RoleGrant.objects.get(user=_create(admin, unit))
    services.role_grant_reject(actor=actor_for(chief), grant=grant)
    with pytest.raises(ApplicationError):
        services.role_grant_approve(actor=actor_for(chief), grant=grant)
    assert not Membership.objects.filter(user=grant.user).exists()
    assert AuditEvent.objects.filter(action="accounts.role_grant.reject").count() == 1


def test_the_creator_of_the_account_cannot_approve_its_role(admin, unit, huddinge):
    """An administrator who is also a unit manager creates an account: a second person must
    approve it, even though they could approve another administrator's request."""
    MembershipFactory(user=admin, organisation=unit, role=Role.ENHETSCHEF)
    as_admin = actor_for(
        admin, Membership.objects.get(user=admin, role=Role.SYSTEMADMINISTRATOR).pk
    )
    manager = actor_for(admin, Membership.objects.get(user=admin, role=Role.ENHETSCHEF).pk)
    user = services.user_create(
        actor=as_admin,
        email="ny@huddinge.example",
        full_name="Nora Ny",
        organisation=unit,
        role=Role.HANDLAGGARE,
    )
    grant = RoleGrant.objects.get(user=user)
    with pytest.raises(PermissionDenied):
        services.role_grant_approve(actor=manager, grant=grant)
    assert not Membership.objects.filter(user=user).exists()
    refusal = AuditEvent.objects.get(action="core.permission.deny")
    assert refusal.payload["action"] == "approve_role_grant"


def test_nobody_approves_their_own_role(admin, unit, make_user, huddinge):
    other_unit = OrganisationFactory(parent=unit.parent)
    manager = make_user(Role.ENHETSCHEF, organisation=other_unit)
    grant = services.membership_grant(
        actor=actor_for(admin), user=manager, organisation=unit, role=Role.ENHETSCHEF
    )
    with pytest.raises(PermissionDenied):
        services.role_grant_approve(actor=actor_for(manager), grant=grant)


def test_only_a_manager_of_the_unit_or_above_approves_a_case_officer(admin, unit, make_user):
    elsewhere = make_user(Role.ENHETSCHEF, organisation=OrganisationFactory(parent=unit.parent))
    colleague = make_user(Role.HANDLAGGARE, organisation=unit)
    grant = RoleGrant.objects.get(user=_create(admin, unit))
    for who in (elsewhere, colleague):
        with pytest.raises(PermissionDenied):
            services.role_grant_approve(actor=actor_for(who), grant=grant)


def test_a_manager_of_another_municipality_cannot_see_or_approve(
    admin, unit, make_user, botkyrka, login, client
):
    stranger = make_user(Role.ENHETSCHEF, organisation=OrganisationFactory(parent=botkyrka))
    grant = RoleGrant.objects.get(user=_create(admin, unit))
    login(stranger)
    assert b"Nora Ny" not in client.get("/konto/behorigheter/").content
    response = client.post(f"/konto/behorigheter/{grant.pk}/godkann/")
    assert response.status_code == 404
    assert not Membership.objects.filter(user=grant.user).exists()


def test_the_database_refuses_a_decision_by_the_person_who_asked(admin, unit):
    grant = RoleGrant.objects.get(user=_create(admin, unit))
    grant.status = RoleGrantStatus.APPROVED
    grant.decided_by = admin
    grant.decided_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        grant.save()


def test_the_unit_manager_approves_on_the_page(admin, unit, chief, login, client):
    grant = RoleGrant.objects.get(user=_create(admin, unit))
    login(chief)
    page = client.get("/konto/behorigheter/").content.decode()
    assert "Nora Ny" in page and "Handläggare" in page
    response = client.post(f"/konto/behorigheter/{grant.pk}/godkann/")
    assert response.status_code == 302
    assert Membership.objects.filter(user=grant.user, role=Role.HANDLAGGARE).exists()
    assert (
        f"/konto/behorigheter/{grant.pk}/godkann/"
        not in client.get("/konto/behorigheter/").content.decode()
    )


@pytest.mark.parametrize("role", [Role.SYSTEMADMINISTRATOR, Role.HANDLAGGARE, Role.SOKANDE])
def test_roles_that_approve_nothing_are_refused_the_page(make_user, login, client, role):
    login(make_user(role))
    assert client.get("/konto/behorigheter/").status_code == 403


def test_the_administrator_sees_the_waiting_role_on_the_account(admin, unit, login, client):
    user = _create(admin, unit)
    login(admin)
    page = client.get(f"/konto/anvandare/{user.pk}/").content.decode()
    assert "Roles waiting for approval" in page or "Roller som väntar på godkännande" in page


def test_break_glass_gives_the_first_unit_manager_and_is_audited(unit):
    user = UserFactory(email="forsta@huddinge.example")
    out = StringIO()
    call_command("grant_role", user.email, role=Role.ENHETSCHEF, organisation=unit.pk, stdout=out)
    assert Membership.objects.filter(user=user, organisation=unit, role=Role.ENHETSCHEF).exists()
    event = AuditEvent.objects.get(action="accounts.membership.create")
    assert event.payload["break_glass"] is True
    assert event.municipality_id == unit.municipality_id


def test_break_glass_is_refused_when_someone_can_approve(unit, chief):
    user = UserFactory()
    with pytest.raises(CommandError, match="Someone can already approve"):
        call_command("grant_role", user.email, role=Role.HANDLAGGARE, organisation=unit.pk)
    assert not Membership.objects.filter(user=user).exists()
