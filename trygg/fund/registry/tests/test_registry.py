"""Registry numbers and the fund's records for the municipality's registry."""

import pytest
from django.utils import timezone

from tests.factories import delegation_point, make_application
from trygg.core.exceptions import ApplicationError
from trygg.fund.constants import ApplicationStatus, DecisionOutcome
from trygg.fund.decisions import services as decisions
from trygg.fund.registry.services import registry_numbers_save

pytestmark = pytest.mark.django_db


def test_the_coordinator_records_registry_numbers_and_the_registry_gets_every_record(
    act, login, client, coordinator, call, kultur, applicant, huddinge
):
    decided = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, submitted_at=timezone.now()
    )
    decisions.decision_record(
        actor=act(coordinator),
        application=decided,
        outcome=DecisionOutcome.REJECTED,
        amount_kr=None,
        reasons="Utanför ramen",
        delegation=delegation_point(huddinge),
    )
    make_application(call, kultur, applicant, title="Hemligt utkast")  # a draft: no record
    login(coordinator)
    response = client.post(
        f"/trygghetsfond/ansokan/{decided.pk}/diarium/",
        {"application_number": "KS 2026/123", "decision_number": "KS 2026/123-2"},
    )
    assert response.status_code == 302
    decided.refresh_from_db()
    assert decided.registry_number == "KS 2026/123"
    assert decided.decision.registry_number == "KS 2026/123-2"
    csv = b"".join(client.get("/trygghetsfond/diarium.csv?ar=2026").streaming_content)
    lines = csv.decode().lstrip("\ufeff").splitlines()
    assert lines[0] == "datum;riktning;handling;trygg-referens;diarienummer;motpart;rubrik"
    assert any(";Inkommen;Ansökan;" in line and "KS 2026/123;" in line for line in lines[1:])
    assert any(";Upprättad;Beslut (avslag);" in line and "KS 2026/123-2" in line for line in lines)
    assert "Hemligt utkast" not in csv.decode()


def test_a_registry_number_is_checked(act, coordinator, call, kultur, applicant):
    submitted = make_application(call, kultur, applicant, status=ApplicationStatus.SUBMITTED)
    with pytest.raises(ApplicationError) as refused:
        registry_numbers_save(
            actor=act(coordinator),
            application=submitted,
            application_number="KS <script>",
            decision_number="",
        )
    assert refused.value.field == "application_number"
    with pytest.raises(ApplicationError) as refused:
        registry_numbers_save(
            actor=act(coordinator),
            application=submitted,
            application_number="KS 2026/1",
            decision_number="KS 2026/2",
        )
    assert refused.value.field == "decision_number"
    draft = make_application(call, kultur, applicant)
    with pytest.raises(ApplicationError):
        registry_numbers_save(
            actor=act(coordinator), application=draft, application_number="1", decision_number=""
        )
