"""The fund knows the plan: a call names the lägesbild's problems, an application says which
one it addresses (required once a lägesbild is adopted), the dashboard shows money per
problem, and a grant's decision, payments and reports flow into the action plan."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.demo_data import load_demo
from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.core.exceptions import ApplicationError
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.fund.applications import services
from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Application, Call
from trygg.prevention.models import Grant, Problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(huddinge, botkyrka):
    load_demo()


def _draft() -> Application:
    return Application.objects.get(title="Sommarlovsaktiviteter i Skogås")


def test_submission_needs_the_problem_of_the_lagesbild(demo):
    application = _draft()
    assert application.status == ApplicationStatus.DRAFT
    Application.objects.filter(pk=application.pk).update(addresses=None, problem="")
    application.refresh_from_db()
    errors = services.submission_errors(application)
    assert "addresses" in errors
    # The link is the basis: the free text and the "rests on" boxes are optional now.
    assert "problem" not in errors and "problem_basis" not in errors


def test_a_problem_outside_the_call_is_refused(demo, botkyrka):
    from trygg.prevention.models import Situation

    application = _draft()
    call = application.call
    first, second, third = Problem.objects.filter(situation__status="adopted").order_by("priority")
    call.problems.set([first, second])
    applicant = actor_for(User.objects.get(email="sokande@huddinge.example"))
    with pytest.raises(ApplicationError) as refused:
        services.application_save(
            actor=applicant,
            application=application,
            fields={"addresses": third},
            districts=application.districts.all(),
            budget_lines=[{"description": "Ledare", "amount_kr": 1000}],
            indicators=[],
            answers={},
        )
    assert refused.value.field == "addresses"
    assert Situation.objects.filter(municipality=botkyrka).count() == 0


def test_the_application_form_offers_the_calls_problems(demo, login, client):
    application = _draft()
    call = application.call
    first = Problem.objects.get(situation__status="adopted", priority=1)
    call.problems.set([first])
    login(User.objects.get(email="sokande@huddinge.example"), DEMO_PASSWORD)
    page = client.get(reverse("fund:application_edit", args=[application.pk])).content.decode()
    assert f"1. {first.title}" in page
    assert "2. Unga som rekryteras" not in page


def test_a_call_names_only_the_adopted_problems_of_its_municipality(demo, login, client):
    call = Call.objects.get()
    login(User.objects.get(email="samordnare@huddinge.example"), DEMO_PASSWORD)
    page = client.get(reverse("fund:call_edit", args=[call.pk])).content.decode()
    assert "Problem i lägesbilden som utlysningen riktar sig mot" in page
    assert "1. Skadegörelse och otrygghet kring Flemingsbergs centrum" in page


def test_the_dashboard_shows_money_per_problem(demo, login, client):
    login(User.objects.get(email="samordnare@huddinge.example"), DEMO_PASSWORD)
    response = client.get(reverse("fund:dashboard"))
    (problem,) = [b for b in response.context["breakdowns"] if b.slug == "problem"]
    rows = {row.label: row for row in problem.rows}
    young = rows["Unga som rekryteras till kriminella nätverk"]
    # The youth centre (200 000 granted) and the Vårby hosts (submitted); drafts do not count.
    assert young.granted_kr == 200_000 and young.count == 2


def test_a_decision_creates_the_plans_copy_of_the_grant(demo):
    grant = Grant.objects.get(title="Ny belysning längs gångvägar i Länna")
    application = Application.objects.get(pk=grant.application_id)
    assert (grant.granted_kr, grant.reference, grant.organisation_name) == (
        application.granted_kr,
        application.reference,
        application.applicant.name,
    )
    # Rejected applications never reach the plan.
    assert not Grant.objects.filter(title="Kameror i samtliga trapphus").exists()


def test_grants_decided_before_the_plan_are_copied_by_the_command(demo):
    lighting = Grant.objects.get(title="Ny belysning längs gångvägar i Länna")
    measure = lighting.measure
    Grant.objects.exclude(pk=lighting.pk).delete()
    Grant.objects.filter(pk=lighting.pk).update(paid_kr=1)  # out of step
    out = StringIO()
    call_command("fund_grants_to_plan", stdout=out)
    assert "4 grants written" in out.getvalue()
    lighting.refresh_from_db()
    # Put right, and the link to the measure kept.
    assert (lighting.paid_kr, lighting.measure) == (0, measure)
    assert Grant.objects.count() == 4
