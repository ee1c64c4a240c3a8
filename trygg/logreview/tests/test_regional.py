"""The regional analyst's reads are stored with no municipality; a log reviewer of the same
regional organisation reviews them, and no municipality's reviewer does (nor the reverse)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.audit.models import AuditEvent, ReviewSignoff
from trygg.core.roles import Role
from trygg.logreview.services import review_signoff
from trygg.organisations.constants import OrganisationKind, PartnerType

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return OrganisationFactory(
        kind=OrganisationKind.PARTNER,
        partner_type=PartnerType.OTHER,
        name="Södertörns samverkan",
        parent=None,
        municipality_id=None,
    )


def signed_in(make_user, role, organisation):
    from conftest import current_code

    user = make_user(role, organisation=organisation)
    client = Client()
    client.post("/konto/logga-in/", {"username": user.email, "password": "correct horse battery"})
    client.post("/konto/logga-in/kod/", {"code": current_code(user)})
    return user, client


def test_the_regional_reviewer_finds_the_analysts_reads(make_user, region, huddinge):
    analyst, analyst_client = signed_in(make_user, Role.ANALYTIKER, region)
    assert analyst_client.get("/avhopp/statistik/").status_code == 200
    read = AuditEvent.objects.filter(actor_id=analyst.pk, action__startswith="defectors.").last()
    assert read is not None and read.municipality_id is None

    _reviewer, regional = signed_in(make_user, Role.LOGGGRANSKARE, region)
    page = regional.get(f"/logg/?actor={analyst.pk}").content.decode()
    assert f"?actor={analyst.pk}" in page and "Läste statistik" in page

    _local, huddinge_client = signed_in(make_user, Role.LOGGGRANSKARE, huddinge)
    page = huddinge_client.get(f"/logg/?actor={analyst.pk}").content.decode()
    assert "Läste statistik" not in page


def test_the_regional_reviewer_sees_no_municipality(make_user, region, huddinge):
    officer, _client = signed_in(make_user, Role.HANDLAGGARE, None)
    _reviewer, regional = signed_in(make_user, Role.LOGGGRANSKARE, region)
    assert f"?actor={officer.pk}" not in regional.get("/logg/").content.decode()


def test_the_regional_reviewer_signs_off_the_regional_log(make_user, region, huddinge):
    _analyst, analyst_client = signed_in(make_user, Role.ANALYTIKER, region)
    analyst_client.get("/avhopp/statistik/")
    reviewer = actor_for(make_user(Role.LOGGGRANSKARE, organisation=region))
    today = timezone.localdate()
    signoff = review_signoff(
        actor=reviewer, period_start=today - timedelta(days=1), period_end=today, findings="Ok."
    )
    assert signoff.municipality_id is None and signoff.organisation_id == region.pk
    assert signoff.events_reviewed >= 2  # the analyst's login and read at least
    local = actor_for(make_user(Role.LOGGGRANSKARE, organisation=huddinge))
    # Huddinge's log has its own periods: the same days are free there.
    review_signoff(actor=local, period_start=today, period_end=today, findings="Ok.")
    assert ReviewSignoff.objects.count() == 2
