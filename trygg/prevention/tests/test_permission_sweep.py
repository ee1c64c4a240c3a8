"""Every URL of the prevention cycle, for every kind of user, read from the URL configuration
so that a new page is covered the day it is added.

The coordinator reaches everything of the municipality. Place reporters reach the place
reports only. A prevention reader reads the plan (its measures, estimate, figures and annual
report) and changes nothing; a prevention contact reads and follows up only their own
organisation's measures. The fund's and the defector programme's staff and the administrator
reach nothing, another municipality's coordinator finds nothing (404), and the anonymous are
sent to the login page.
"""

import pytest
from django.urls import reverse

from tests.demo_data import load_demo
from trygg.accounts.models import User
from trygg.core.roles import Role
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.organisations.models import Organisation
from trygg.prevention.models import (
    AnnualReport,
    EstimateLine,
    Grant,
    Indicator,
    Measure,
    Plan,
    Situation,
    SituationStatus,
    ValueImport,
)
from trygg.prevention.urls import urlpatterns

pytestmark = pytest.mark.django_db

COORDINATOR = "trygghet@huddinge.example"
CONTACT = "kontakt@huddinge.example"  # Gymnasie- och arbetsmarknadsnämnden
READER = "lasare@huddinge.example"
REPORTER = "rapportor@huddinge.example"
OTHERS = [
    "admin@huddinge.example",
    "samordnare@huddinge.example",
    "sokande@huddinge.example",
    "handlaggare@huddinge.example",
    "analytiker@sodertorn.example",
]
REFUSED = {403, 404, 405}
OWN_MEASURE = "Unga för orten: sommarjobb för unga"  # the contact's organisation's

# Who besides the coordinator may reach each page (GET for pages, POST for actions).
READ_PLAN = {READER, CONTACT}
ALLOWED = {
    "plans": READ_PLAN,
    "situations": READ_PLAN,
    "situation": READ_PLAN,
    "situation_attachment": READ_PLAN,
    "plan": READ_PLAN,
    "measure": READ_PLAN,
    "follow_up": {CONTACT},
    "programme_figures": {READER},
    "estimate": {READER},
    "annual_report": {READER},
    "annual_report_download": {READER},
    "reports": {REPORTER},
}
POSTS = {
    "indicator_create",
    "problem_add",
    "problem_remove",
    "situation_attach",
    "situation_detach",
    "situation_adopt",
    "situation_version",
    "plan_adopt",
    "plan_publish",
    "annual_report",
    "assumption_add",
    "estimate_add",
    "estimate_remove",
    "commitment_add",
    "commitment_follow_up",
    "measure_remove",
    "funding_add",
    "funding_remove",
    "grant_link",
    "grant_unlink",
    "target_add",
    "target_remove",
    "follow_up",
}


@pytest.fixture
def demo(huddinge, botkyrka):
    load_demo()
    coordinator = User.objects.get(email=COORDINATOR)
    from django.core.files.base import ContentFile

    report = AnnualReport(
        plan=Plan.objects.get(),
        year=2026,
        state="ready",
        requested_by=coordinator,
        requested_at="2026-11-01T10:00:00Z",
    )
    report.file.save("arsrapport.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.save()
    ValueImport.objects.create(
        municipality=huddinge,
        file_name="polisen.csv",
        content="Område;Månad;Antal\nFlemingsberg;2026-01;3\n".encode(),
        uploaded_by=coordinator,
        uploaded_at="2026-11-01T10:00:00Z",
    )


def _kwargs(name: str, arguments) -> dict:
    """Demo objects for a URL's arguments: the contact's own measure, except where the page
    is about a grant (the Länna measure has one) or the programme."""
    plan = Plan.objects.get()
    own = Measure.objects.get(title=OWN_MEASURE)
    measure = {
        "grant_unlink": lambda: Measure.objects.get(number=1),
        "programme_figures": lambda: Measure.objects.get(is_defector_programme=True),
    }.get(name, lambda: own)()
    situation = Situation.objects.get(status=SituationStatus.ADOPTED)
    values = {
        "indicator_id": lambda: Indicator.objects.first().pk,
        "situation_id": lambda: situation.pk,
        "problem_id": lambda: situation.problems.first().pk,
        "plan_id": lambda: plan.pk,
        "measure_id": lambda: measure.pk,
        "funding_id": lambda: own.fundings.first().pk,
        "grant_id": lambda: Grant.objects.get(title="Ny belysning längs gångvägar i Länna").pk,
        "target_id": lambda: own.targets.first().pk,
        "line_id": lambda: EstimateLine.objects.first().pk,
        "attachment_id": lambda: situation.attachments.first().pk,
        "report_id": lambda: AnnualReport.objects.get().pk,
        "import_id": lambda: ValueImport.objects.get().pk,
        "district_id": lambda: own.districts.first().pk,
    }
    return {argument: values[argument]() for argument in arguments}


def _call(client, name: str, pattern) -> int:
    kwargs = _kwargs(name, pattern.pattern.converters)
    url = reverse(f"prevention:{name}", kwargs=kwargs)
    response = client.post(url, {}) if name in POSTS else client.get(url)
    return response.status_code


def test_every_url_is_in_the_sweep():
    names = {pattern.name for pattern in urlpatterns}
    assert set(ALLOWED) <= names and names >= POSTS


@pytest.mark.parametrize("email", [COORDINATOR, CONTACT, READER, REPORTER, *OTHERS])
def test_each_role_reaches_exactly_its_pages(demo, login, client, email):
    login(User.objects.get(email=email), DEMO_PASSWORD)
    wrong = []
    for pattern in urlpatterns:
        status = _call(client, pattern.name, pattern)
        allowed = email == COORDINATOR or email in ALLOWED.get(pattern.name, set())
        if allowed == (status in REFUSED) or status >= 500:
            wrong.append((pattern.name, status))
    assert wrong == [], f"{email}: {wrong}"


def test_a_contact_never_reaches_another_organisations_measure(demo, login, client):
    login(User.objects.get(email=CONTACT), DEMO_PASSWORD)
    lighting = Measure.objects.get(number=1)
    for name in ("measure", "follow_up"):
        url = reverse(f"prevention:{name}", args=[lighting.pk])
        response = (
            client.post(url, {"status": "done", "text": "x"})
            if name in POSTS
            else (client.get(url))
        )
        assert response.status_code == 404, name
    assert not lighting.updates.filter(text="x").exists()


def test_another_municipality_finds_nothing(demo, login, client, make_user, botkyrka):
    foreign = make_user(
        Role.TRYGGHETSSAMORDNARE,
        Organisation.objects.create(
            kind="namnd", name="KS Botkyrka", parent=botkyrka, municipality=botkyrka
        ),
    )
    login(foreign)
    lists = {
        "index",
        "indicator_create",
        "situations",
        "situation_create",
        "plans",
        "plan_create",
        "reports",
        "places",
        "import_list",
    }
    wrong = []
    for pattern in urlpatterns:
        status = _call(client, pattern.name, pattern)
        if pattern.name in lists:
            continue  # its own (empty) lists and forms
        if status not in (404, 405):
            wrong.append((pattern.name, status))
    assert wrong == []


def test_the_anonymous_are_sent_to_login(demo, client):
    for pattern in urlpatterns:
        kwargs = _kwargs(pattern.name, pattern.pattern.converters)
        response = client.get(reverse(f"prevention:{pattern.name}", kwargs=kwargs))
        assert response.status_code == 302, pattern.name
        assert response["Location"].startswith("/konto/logga-in/"), pattern.name
