"""The region's safety funds side by side: the regional analyst sees each covered
municipality's sums and the region's total, never an application; nobody else gets in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory, make_application, make_call, make_fund_year
from trygg.core.roles import Role
from trygg.fund.models import FundYear
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional(db):
    return Organisation.objects.create(kind=OrganisationKind.PARTNER, name="Södertörns samverkan")


@pytest.fixture
def funds(huddinge, botkyrka, make_user):
    applicant = OrganisationFactory(parent=huddinge)
    user = make_user(Role.SOKANDE, applicant)
    huddinge_year = make_fund_year(huddinge, budget_kr=10_000_000)
    call = make_call(huddinge_year)
    make_application(call, applicant, user, status="granted", title="Hemlig titel")
    make_application(call, applicant, user, status="submitted")
    make_application(call, applicant, user, status="draft")
    FundYear.objects.filter(pk=huddinge_year.pk).update(
        committed_social_kr=300_000, committed_situational_kr=200_000, paid_kr=100_000
    )
    make_fund_year(botkyrka, budget_kr=4_000_000)


def test_regional_analyst_sees_each_municipality_and_the_region(
    funds, regional, make_user, login, client
):
    login(make_user(Role.ANALYTIKER, regional))
    page = client.get("/trygghetsfond/region/?ar=2026").content.decode()
    assert "Huddinge kommun" in page and "Botkyrka kommun" in page
    assert "10\u00a0000\u00a0000\u00a0kr" in page and "4\u00a0000\u00a0000\u00a0kr" in page
    assert "500\u00a0000\u00a0kr" in page  # granted in all (Huddinge and the region)
    assert "Hemlig titel" not in page and "TF-2026" not in page


def test_a_municipal_analyst_sees_only_their_municipality(
    funds, huddinge, make_user, login, client
):
    login(make_user(Role.ANALYTIKER, huddinge))
    page = client.get("/trygghetsfond/region/").content.decode()
    assert "Huddinge kommun" in page and "Botkyrka kommun" not in page


@pytest.mark.parametrize("role", [Role.SAMORDNARE, Role.HANDLAGGARE, Role.SYSTEMADMINISTRATOR])
def test_other_roles_are_refused(funds, make_user, login, client, role):
    login(make_user(role))
    assert client.get("/trygghetsfond/region/").status_code == 403


def test_queries_do_not_grow_with_municipalities(funds, regional, make_user, login, client):
    login(make_user(Role.ANALYTIKER, regional))
    client.get("/trygghetsfond/region/")
    with CaptureQueriesContext(connection) as few:
        client.get("/trygghetsfond/region/")
    for code in ("0136", "0138", "0181"):
        make_fund_year(Organisation.objects.get(scb_code=code), budget_kr=1_000_000)
    with CaptureQueriesContext(connection) as more:
        client.get("/trygghetsfond/region/")
    assert len(more) == len(few)
