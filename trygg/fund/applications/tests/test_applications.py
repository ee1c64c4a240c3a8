import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from tests.factories import make_application, make_call, make_fund_year
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.fund.applications import services
from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Question
from trygg.fund.snapshot import revision_diff
from trygg.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_applicant_creates_a_draft_with_a_reference(act, applicant, call):
    application = services.application_create(actor=act(applicant), call=call, title="Nattvandring")
    assert application.status == ApplicationStatus.DRAFT
    assert application.reference == "TF-2026-0001"
    second = services.application_create(actor=act(applicant), call=call, title="Belysning")
    assert second.reference == "TF-2026-0002"


def test_references_are_numbered_per_municipality(act, applicant, call, make_user, botkyrka):
    """Botkyrka's first application is its TF-2026-0001, whatever Huddinge has: a reference
    must not reveal another municipality's volume."""
    services.application_create(actor=act(applicant), call=call, title="Nattvandring")
    services.application_create(actor=act(applicant), call=call, title="Belysning")
    kultur_botkyrka = Organisation.objects.create(
        kind="namnd", name="Kultur", parent=botkyrka, municipality=botkyrka
    )
    their_call = make_call(make_fund_year(botkyrka), eligible=[kultur_botkyrka])
    theirs = services.application_create(
        actor=act(make_user(Role.SOKANDE, kultur_botkyrka, with_device=False)),
        call=their_call,
        title="Trygghetsvandring",
    )
    assert theirs.reference == "TF-2026-0001"


def test_an_ineligible_organisation_cannot_apply(act, make_user, call, huddinge):
    from django.core.exceptions import PermissionDenied

    from trygg.core.roles import Role

    outsider = make_user(Role.SOKANDE)
    with pytest.raises(PermissionDenied):
        services.application_create(actor=act(outsider), call=call, title="X")


def test_incomplete_application_lists_every_missing_field(act, applicant, call):
    application = services.application_create(actor=act(applicant), call=call, title="Tom")
    with pytest.raises(services.SubmissionInvalid) as invalid:
        services.application_submit(actor=act(applicant), application=application)
    assert {"summary", "category", "budget", "districts", "indicators"} <= set(invalid.value.errors)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submission_freezes_a_revision_with_the_questions(act, applicant, call, kultur):
    application = make_application(call, kultur, applicant)
    revision = services.application_submit(actor=act(applicant), application=application)
    assert revision.number == 1
    assert revision.snapshot["questions"][0]["question"] == "Hur involveras de boende?"
    # Editing the call afterwards never changes what was answered.
    Question.objects.filter(call=call).update(text="En helt annan fråga")
    revision.refresh_from_db()
    assert revision.snapshot["questions"][0]["question"] == "Hur involveras de boende?"


def test_submitted_application_is_read_only_for_the_applicant(act, applicant, call, kultur):
    from django.core.exceptions import PermissionDenied

    application = make_application(call, kultur, applicant)
    services.application_submit(actor=act(applicant), application=application)
    with pytest.raises(PermissionDenied):
        services.application_save(
            actor=act(applicant),
            application=application,
            fields={},
            districts=[],
            budget_lines=[],
            indicators=[],
            answers={},
        )


def test_late_submission_is_refused_with_the_closing_time(act, applicant, call, kultur):
    application = make_application(call, kultur, applicant)
    with (
        time_machine.travel(call.closes_at + timezone.timedelta(minutes=1)),
        pytest.raises(ApplicationError, match=r"closed|stängde"),
    ):
        services.application_submit(actor=act(applicant), application=application)


def test_coordinator_can_reopen_one_late_application(act, applicant, coordinator, call, kultur):
    application = make_application(call, kultur, applicant)
    with time_machine.travel(call.closes_at + timezone.timedelta(hours=1)):
        services.application_reopen(
            actor=act(coordinator),
            application=application,
            until=timezone.now() + timezone.timedelta(days=2),
        )
        services.application_submit(actor=act(applicant), application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_budget_above_the_call_maximum_is_refused(act, applicant, call, kultur):
    application = make_application(call, kultur, applicant, requested_kr=2_500_000)
    with pytest.raises(services.SubmissionInvalid) as invalid:
        services.application_submit(actor=act(applicant), application=application)
    assert "budget" in invalid.value.errors


def test_requested_amount_is_the_sum_of_budget_lines(act, applicant, call, kultur):
    application = services.application_create(actor=act(applicant), call=call, title="Belysning")
    services.application_save(
        actor=act(applicant),
        application=application,
        fields={"title": "Belysning"},
        districts=[],
        budget_lines=[
            {"description": "Armaturer", "amount_kr": 80_000},
            {"description": "Installation", "amount_kr": 25_000},
        ],
        indicators=[],
        answers={},
    )
    application.refresh_from_db()
    assert application.requested_kr == 105_000


def test_completion_round_gives_a_new_revision_and_a_readable_diff(
    act, applicant, coordinator, call, kultur
):
    application = make_application(call, kultur, applicant)
    services.application_submit(actor=act(applicant), application=application)
    services.completion_request(
        actor=act(coordinator), application=application, message="Beskriv riskerna närmare."
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETION_REQUESTED
    services.application_save(
        actor=act(applicant),
        application=application,
        fields={"risks": "Få volontärer; vi samarbetar med föreningar"},
        districts=list(application.districts.all()),
        budget_lines=[{"description": "Västar och lampor", "amount_kr": 100_000}],
        indicators=[{"name": "Andel trygga", "baseline": "60 %", "target": "70 %"}],
        answers={q.pk: "Genom dialog" for q in call.questions.all()},
    )
    revision = services.application_submit(actor=act(applicant), application=application)
    assert revision.number == 2
    first, second = application.revisions.all()
    diff = revision_diff(first.snapshot, second.snapshot)
    assert diff == [
        {
            "field": "risks",
            "label": "Risker",
            "before": "Få volontärer",
            "after": "Få volontärer; vi samarbetar med föreningar",
        }
    ]


def test_call_that_has_closed_cannot_get_new_drafts(act, applicant, fund_year, kultur):
    closed = make_call(fund_year, eligible=[kultur], open_now=False, title="Stängd")
    with pytest.raises(ApplicationError):
        services.application_create(actor=act(applicant), call=closed, title="Sen")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_get_different_references(huddinge, act, make_user):
    """Twelve applications created at once: twelve references, one number each, no error."""
    import threading

    from django.db import connections

    from tests.factories import make_fund_year

    kultur = Organisation.objects.create(
        kind="namnd", name="KFN", parent=huddinge, municipality=huddinge
    )
    call = make_call(make_fund_year(huddinge), eligible=[kultur])
    applicant = make_user(Role.SOKANDE, kultur, with_device=False)
    barrier = threading.Barrier(12)
    references: list[str] = []

    def create(number: int):
        try:
            barrier.wait()
            application = services.application_create(
                actor=act(applicant), call=call, title=f"Åtgärd {number}"
            )
            references.append(application.reference)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(references) == [f"TF-2026-{n:04d}" for n in range(1, 13)]
