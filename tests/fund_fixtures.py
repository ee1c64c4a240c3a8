"""Safety-fund fixtures shared by the fund and the API tests (imported by their conftests)."""

import pytest

from tests.factories import make_call, make_fund_year
from trygg.accounts.actor import actor_for
from trygg.core.roles import Role
from trygg.organisations.models import Organisation


@pytest.fixture
def kultur(huddinge):
    return Organisation.objects.create(
        kind="namnd", name="Kultur- och fritidsnämnden", parent=huddinge, municipality=huddinge
    )


@pytest.fixture
def bolag(huddinge):
    return Organisation.objects.create(
        kind="bolag", name="Huddingehem AB", parent=huddinge, municipality=huddinge
    )


@pytest.fixture
def ks(huddinge):
    return Organisation.objects.create(
        kind="namnd", name="Kommunstyrelsen", parent=huddinge, municipality=huddinge
    )


@pytest.fixture
def fund_year(huddinge):
    return make_fund_year(huddinge)


@pytest.fixture
def call(fund_year, kultur, bolag):
    return make_call(fund_year, eligible=[kultur, bolag])


@pytest.fixture
def applicant(make_user, kultur):
    return make_user(Role.SOKANDE, kultur, with_device=False)


@pytest.fixture
def coordinator(make_user, ks):
    return make_user(Role.SAMORDNARE, ks)


@pytest.fixture
def coordinator2(make_user, ks):
    return make_user(Role.SAMORDNARE, ks)


@pytest.fixture
def reviewer(make_user, ks):
    return make_user(Role.GRANSKARE, ks)


@pytest.fixture
def reviewer2(make_user, ks):
    return make_user(Role.GRANSKARE, ks)


@pytest.fixture
def act():
    """act(user) -> the user's Actor, for calling services directly."""
    return actor_for
