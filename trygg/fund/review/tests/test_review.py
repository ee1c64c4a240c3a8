import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import delegation_point, make_application
from trygg.core.exceptions import ApplicationError
from trygg.fund.constants import ApplicationStatus
from trygg.fund.decisions import services as decision_services
from trygg.fund.models import Application
from trygg.fund.policies import fund_policy
from trygg.fund.review import services as review_services
from trygg.fund.selectors import reviews_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(call, kultur, applicant):
    return make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW)


def _scores(application, first=4, second=2):
    criteria = list(application.call.criteria.all())
    return {criteria[0].pk: (first, "Stort behov"), criteria[1].pk: (second, "")}


def test_reviewer_sees_nothing_before_declaring(act, coordinator, reviewer, in_review):
    assignment = review_services.reviewer_assign(
        actor=act(coordinator), application=in_review, reviewer=reviewer
    )
    assert assignment.has_conflict is None
    with pytest.raises(PermissionDenied):
        review_services.review_submit(
            actor=act(reviewer),
            assignment=assignment,
            scores=_scores(in_review),
            recommendation="grant",
            comment="",
        )


def test_declared_conflict_removes_access_and_is_recorded(act, coordinator, reviewer, in_review):
    from trygg.audit.models import AuditEvent

    assignment = review_services.reviewer_assign(
        actor=act(coordinator), application=in_review, reviewer=reviewer
    )
    review_services.conflict_declare(
        actor=act(reviewer),
        assignment=assignment,
        has_conflict=True,
        reason="Min make arbetar hos sökanden",
    )
    assert not fund_policy.visible(act(reviewer), Application.objects.all()).exists()
    assert not fund_policy.can(act(reviewer), "review", assignment)
    event = AuditEvent.objects.get(action="fund.review.declare")
    assert event.payload == {"conflict": True}


def test_conflict_needs_a_reason(act, coordinator, reviewer, in_review):
    assignment = review_services.reviewer_assign(
        actor=act(coordinator), application=in_review, reviewer=reviewer
    )
    with pytest.raises(ApplicationError):
        review_services.conflict_declare(
            actor=act(reviewer), assignment=assignment, has_conflict=True
        )


def test_weighted_total_uses_the_criteria_weights(act, coordinator, reviewer, in_review):
    assignment = review_services.reviewer_assign(
        actor=act(coordinator), application=in_review, reviewer=reviewer
    )
    review_services.conflict_declare(actor=act(reviewer), assignment=assignment, has_conflict=False)
    review_services.review_submit(
        actor=act(reviewer),
        assignment=assignment,
        scores=_scores(in_review, 4, 1),
        recommendation="grant",
        comment="",
    )
    assignment.refresh_from_db()
    assert str(assignment.weighted_score) == "3.00"  # (4*2 + 1*1) / 3


def test_blind_review_hides_others_until_own_review_is_submitted(
    act, coordinator, reviewer, reviewer2, in_review
):
    first = review_services.reviewer_assign(
        actor=act(coordinator), application=in_review, reviewer=reviewer
    )
    second = review_services.reviewer_assign(
        actor=act(coordinator), application=in_review, reviewer=reviewer2
    )
    for assignment, who in ((first, reviewer), (second, reviewer2)):
        review_services.conflict_declare(actor=act(who), assignment=assignment, has_conflict=False)
    review_services.review_submit(
        actor=act(reviewer),
        assignment=first,
        scores=_scores(in_review),
        recommendation="grant",
        comment="Bra",
    )
    assert reviews_visible_to(actor=act(reviewer2), application=in_review) == [second]
    review_services.review_submit(
        actor=act(reviewer2),
        assignment=second,
        scores=_scores(in_review, 2, 2),
        recommendation="reject",
        comment="Svagt",
    )
    visible = reviews_visible_to(actor=act(reviewer2), application=in_review)
    assert {r.pk for r in visible} == {first.pk, second.pk}
    assert len(reviews_visible_to(actor=act(coordinator), application=in_review)) == 2


def test_scores_outside_one_to_five_are_refused(act, coordinator, reviewer, in_review):
    assignment = review_services.reviewer_assign(
        actor=act(coordinator), application=in_review, reviewer=reviewer
    )
    review_services.conflict_declare(actor=act(reviewer), assignment=assignment, has_conflict=False)
    with pytest.raises(ApplicationError):
        review_services.review_submit(
            actor=act(reviewer),
            assignment=assignment,
            scores=_scores(in_review, 6, 1),
            recommendation="grant",
            comment="",
        )


def test_only_reviewers_of_the_municipality_can_be_assigned(
    act, coordinator, make_user, botkyrka, in_review
):
    from trygg.core.roles import Role

    stranger = make_user(Role.GRANSKARE, botkyrka)
    with pytest.raises(ApplicationError):
        review_services.reviewer_assign(
            actor=act(coordinator), application=in_review, reviewer=stranger
        )


def test_payment_needs_a_second_person(act, coordinator, coordinator2, call, kultur, applicant):
    application = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=90_000
    )
    decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome="granted",
        amount_kr=None,
        reasons="Bra",
        delegation=delegation_point(application.municipality),
    )
    payment = decision_services.payment_request(
        actor=act(coordinator), application=application, amount_kr=90_000
    )
    with pytest.raises(ApplicationError):
        decision_services.payment_approve(actor=act(coordinator), payment=payment)
    decision_services.payment_approve(actor=act(coordinator2), payment=payment)
    application.refresh_from_db()
    assert (application.paid_kr, application.status) == (90_000, ApplicationStatus.PAID)


def test_payments_never_exceed_the_grant(act, coordinator, call, kultur, applicant):
    application = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=90_000
    )
    decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome="granted",
        amount_kr=None,
        reasons="Bra",
        delegation=delegation_point(application.municipality),
    )
    decision_services.payment_request(
        actor=act(coordinator), application=application, amount_kr=60_000
    )
    with pytest.raises(ApplicationError) as refused:
        decision_services.payment_request(
            actor=act(coordinator), application=application, amount_kr=40_000
        )
    assert "30" in refused.value.message


def test_undeclared_reviewer_sees_the_application_nowhere(
    act, coordinator, reviewer, in_review, login, client
):
    """Not in lists, pages, exports or the API until no conflict of interest is declared."""
    from trygg.api.services import token_create

    assignment = review_services.reviewer_assign(
        actor=act(coordinator), application=in_review, reviewer=reviewer
    )
    assert not fund_policy.visible(act(reviewer), Application.objects.all()).exists()
    login(reviewer)
    response = client.get(f"/trygghetsfond/ansokan/{in_review.pk}/")
    assert response.status_code == 302 and f"/granskning/{assignment.pk}/" in response["Location"]
    assert client.get(f"/trygghetsfond/ansokan/{in_review.pk}/utskrift/").status_code == 302
    membership = reviewer.memberships.get()
    key = token_create(user=reviewer, membership=membership, scopes=["fund:read"], days=1)[1]
    api = client.get(
        f"/api/v1/fund/applications/{in_review.pk}", headers={"Authorization": f"Bearer {key}"}
    )
    assert api.status_code == 404
    assert in_review.summary not in api.content.decode()
    review_services.conflict_declare(actor=act(reviewer), assignment=assignment, has_conflict=False)
    api = client.get(
        f"/api/v1/fund/applications/{in_review.pk}", headers={"Authorization": f"Bearer {key}"}
    )
    assert api.status_code == 200


def test_a_payment_request_can_be_turned_down(
    act, login, client, coordinator, coordinator2, call, kultur, applicant
):
    from trygg.fund.constants import PaymentStatus

    application = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=90_000
    )
    decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome="granted",
        amount_kr=None,
        reasons="Bra",
        delegation=delegation_point(application.municipality),
    )
    payment = decision_services.payment_request(
        actor=act(coordinator), application=application, amount_kr=90_000
    )
    login(coordinator2)
    response = client.post(f"/trygghetsfond/utbetalning/{payment.pk}/avsla/")
    assert response.status_code == 302
    payment.refresh_from_db()
    application.refresh_from_db()
    assert (payment.status, application.paid_kr) == (PaymentStatus.REJECTED, 0)
    # The grant can be paid again, correctly this time.
    decision_services.payment_request(
        actor=act(coordinator), application=application, amount_kr=90_000
    )


def test_formal_check_twice_is_refused(act, coordinator, call, kultur, applicant):
    application = make_application(call, kultur, applicant, status=ApplicationStatus.SUBMITTED)
    review_services.formal_check_pass(actor=act(coordinator), application=application)
    stale = Application.objects.get(pk=application.pk)
    stale.status = ApplicationStatus.SUBMITTED  # what a second, stale page still believes
    with pytest.raises(ApplicationError):
        review_services.formal_check_pass(actor=act(coordinator), application=stale)
