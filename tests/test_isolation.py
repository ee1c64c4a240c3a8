"""Isolation between the municipalities on one installation, proved over every URL.

With the whole demo seeded (Huddinge, Botkyrka and Haninge have users and cases; Botkyrka
also gets a fund with an application here), every user of each municipality logs in and
opens every page of Trygg: each page without parameters, and each page with parameters
filled with the ids of another municipality's records (cases, persons' journal entries,
applications, calls, users, districts, plans, transfers, referrals...), including the API with a
token. No response may hold another municipality's person, application or user, and the
statistics never show another municipality's column. What a transfer or referral shares on
purpose (the sending team's own entries, the cases moved between the demo municipalities)
and the people a joint unit of the municipality holds for another are left out of the
secrets, as the issue allows.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import OrganisationFactory, make_application, make_call, make_fund_year
from trygg.accounts.models import Membership, User
from trygg.core.roles import Role
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
SKIPPED = ("konto/logga-ut/", "sprak/", "bench/", "static/", "konto/nytt-losenord/")
MUNICIPALITIES = ("0126", "0127", "0136")  # the demo municipalities with users
BOTKYRKA_SECRET_APPLICATION = "Botkyrkas ansökan om belysning i Fittja"


def _routes(resolver=None, prefix: str = "") -> list[str]:
    """Every URL route of the project, as a pattern string with its parameters."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes += _routes(entry, route)
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return sorted({r.lstrip("^").rstrip("$") for r in routes})


def _ids_of(municipality: Organisation) -> dict[str, list[int]]:
    """Ids of the municipality's records, by the URL parameter that names them."""
    from trygg.defectors.models import (
        AgreementCondition,
        Case,
        CaseAttachment,
        CaseTask,
        Inbound,
        Intervention,
        JournalEntry,
        PersonContact,
        Referral,
        Transfer,
    )
    from trygg.fund.models import (
        Application,
        Call,
        DelegationPoint,
        FundYear,
        Payment,
        PaymentExportLayout,
    )
    from trygg.organisations.models import District
    from trygg.prevention.models import Indicator, Measure, Plan, Situation

    def ids(queryset) -> list[int]:
        return list(queryset.order_by("pk").values_list("pk", flat=True)[:2])

    m = municipality
    return {
        "case_id": ids(Case.objects.filter(municipality=m)),
        "entry_id": ids(JournalEntry.objects.filter(case__municipality=m)),
        "attachment_id": ids(CaseAttachment.objects.filter(case__municipality=m)),
        "condition_id": ids(AgreementCondition.objects.filter(agreement__case__municipality=m)),
        "intervention_id": ids(Intervention.objects.filter(case__municipality=m)),
        "task_id": ids(CaseTask.objects.filter(case__municipality=m)),
        "contact_id": ids(PersonContact.objects.filter(person__municipality=m)),
        "transfer_id": ids(Transfer.objects.filter(from_municipality=m, to_municipality=m)),
        "referral_id": ids(Referral.objects.filter(case__municipality=m)),
        "inbound_id": ids(Inbound.objects.filter(municipality=m)),
        "application_id": ids(Application.objects.filter(municipality=m)),
        "call_id": ids(Call.objects.filter(fund_year__municipality=m)),
        "fund_year_id": ids(FundYear.objects.filter(municipality=m)),
        "payment_id": ids(Payment.objects.filter(application__municipality=m)),
        "point_id": ids(DelegationPoint.objects.filter(municipality=m)),
        "layout_id": ids(PaymentExportLayout.objects.filter(municipality=m)),
        "organisation_id": ids(
            Organisation.objects.filter(municipality=m, kind__in=["namnd", "bolag"])
        ),
        "user_id": ids(User.objects.filter(memberships__organisation__municipality=m).distinct()),
        "membership_id": ids(Membership.objects.filter(organisation__municipality=m)),
        "district_id": ids(District.objects.filter(municipality=m)),
        "plan_id": ids(Plan.objects.filter(municipality=m)),
        "measure_id": ids(Measure.objects.filter(plan__municipality=m)),
        "situation_id": ids(Situation.objects.filter(municipality=m)),
        "indicator_id": ids(Indicator.objects.filter(municipality=m)),
    }


def _secrets_of(municipality: Organisation, *, known_to: Organisation) -> list[bytes]:
    """What no user of ``known_to`` may see: the municipality's persons (but those who moved
    between the two by a transfer), its unpublished applications and its users' addresses."""
    from trygg.defectors.models import Case, Person, Transfer
    from trygg.fund.constants import ApplicationStatus
    from trygg.fund.models import Application

    moved = set(
        Transfer.objects.filter(
            from_municipality__in=[municipality, known_to],
            to_municipality__in=[municipality, known_to],
        ).values_list("case__person_id", flat=True)
    )
    # A joint unit of ``known_to`` holds the case of one of the municipality's people.
    moved |= set(
        Case.objects.filter(municipality=municipality, unit__municipality=known_to).values_list(
            "person_id", flat=True
        )
    )
    secrets = []
    for person in Person.objects.filter(municipality=municipality).exclude(pk__in=moved):
        secrets.append(f"{person.given_name} {person.family_name}".strip())
    unpublished = Application.objects.filter(municipality=municipality).exclude(
        status__in=[
            ApplicationStatus.GRANTED,
            ApplicationStatus.PARTLY_GRANTED,
            ApplicationStatus.PAID,
            ApplicationStatus.REPORTED,
        ]
    )
    secrets += [a.title for a in unpublished]
    mine = User.objects.filter(memberships__organisation__municipality=known_to)
    secrets += list(
        User.objects.filter(memberships__organisation__municipality=municipality)
        .exclude(pk__in=mine)
        .values_list("email", flat=True)
        .distinct()
    )
    return [s.encode() for s in secrets if s]


def _fill(route: str, ids: dict[str, list[int]]) -> str | None:
    """The route with every parameter filled from ``ids``; None when one has no id."""
    path = route
    for match in PARAM.finditer(route):
        name = match.group("name")
        if match.group("converter") not in (None, "int"):
            return None
        found = ids.get(name) or []
        if not found:
            return None
        path = path.replace(match.group(0), str(found[0]), 1)
    return "/" + path


@pytest.fixture
def installation(settings):
    """The whole demo, and a fund in Botkyrka with an application not yet decided."""
    call_command("seed_demo", force=True, stdout=StringIO())
    botkyrka = Organisation.objects.get(scb_code="0127")
    applicant = OrganisationFactory(parent=botkyrka, name="Botkyrka Kultur")
    user = User.objects.create(email="sokande@botkyrka.example", full_name="Botkyrka Sökande")
    Membership.objects.create(user=user, organisation=applicant, role=Role.SOKANDE)
    call = make_call(make_fund_year(botkyrka), title="Botkyrkas trygghetsfond")
    make_application(call, applicant, user, status="submitted", title=BOTKYRKA_SECRET_APPLICATION)


def _users_of(municipality: Organisation) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation__municipality=municipality,
            email__endswith=".example",
            totpdevice__name="demo",
        )
        .exclude(memberships__organisation__municipality__isnull=True)
        .distinct()
        .order_by("email")
    )


def test_no_municipality_reaches_another_s_rows_over_any_url(installation, client, login):
    routes = [r for r in _routes() if not r.startswith(SKIPPED)]
    plain = ["/" + r for r in routes if not PARAM.search(r)]
    assert len(routes) > 150  # the whole project, not a part of it
    municipalities = {code: Organisation.objects.get(scb_code=code) for code in MUNICIPALITIES}
    checked = 0
    for code, home in municipalities.items():
        others = [m for c, m in municipalities.items() if c != code]
        secrets = [s for other in others for s in _secrets_of(other, known_to=home)]
        assert secrets
        # The control: the municipality's own people and applications do show to its users,
        # so the pages render data and the check would see a leak.
        own = set(_secrets_of(home, known_to=others[0]))
        seen_own = set()
        foreign = [(other, _ids_of(other)) for other in others]
        for user in _users_of(home):
            login(user, DEMO_PASSWORD)
            paths = list(plain)
            for _other, ids in foreign:
                paths += [p for p in (_fill(r, ids) for r in routes if PARAM.search(r)) if p]
            for path in paths:
                response = client.get(path)
                content = b"".join(response) if response.streaming else response.content
                leaked = [s for s in secrets if s in content]
                assert leaked == [], (user.email, path, response.status_code, leaked)
                seen_own |= {s for s in own if s in content}
                checked += 1
        assert seen_own, f"no page showed {home.name}'s own data: the check sees nothing"
    assert checked > 2500


def test_statistics_never_show_another_municipality(installation, client, login, make_user):
    huddinge = Organisation.objects.get(scb_code="0126")
    analyst = make_user(Role.ANALYTIKER, huddinge)
    login(analyst)
    for path in ("/avhopp/statistik/", "/avhopp/statistik/?format=csv", "/trygghetsfond/region/"):
        content = client.get(path).content.decode()
        assert "Botkyrka" not in content and "Haninge" not in content, path
    login(User.objects.get(email="chef@haninge.example"), DEMO_PASSWORD)
    content = client.get("/avhopp/statistik/").content.decode()
    assert "Huddinge" not in content and "Botkyrka" not in content


def test_the_api_serves_one_municipality_s_applications(installation, client):
    from trygg.api.services import token_create
    from trygg.fund.models import Application

    coordinator = User.objects.get(email="samordnare@huddinge.example")
    membership = coordinator.memberships.get(role=Role.SAMORDNARE)
    _token, key = token_create(
        user=coordinator, membership=membership, scopes=["fund:read"], days=1
    )
    headers = {"Authorization": f"Bearer {key}"}
    listing = client.get("/api/v1/fund/applications", headers=headers)
    assert listing.status_code == 200
    assert BOTKYRKA_SECRET_APPLICATION.encode() not in listing.content
    botkyrka = Application.objects.get(title=BOTKYRKA_SECRET_APPLICATION)
    response = client.get(f"/api/v1/fund/applications/{botkyrka.pk}", headers=headers)
    assert response.status_code == 404
    assert BOTKYRKA_SECRET_APPLICATION.encode() not in response.content
