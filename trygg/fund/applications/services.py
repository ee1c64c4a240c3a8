"""Every write in the safety fund: policy check, validation, change and audit in one transaction.

Money moves only in ``decision_record``, ``payment_approve`` and ``money_return``. Each
locks the fund year row first (``select_for_update``: a real row lock on PostgreSQL, the
IMMEDIATE write lock on SQLite), re-reads the totals under the lock and refuses what
would go over the budget; the database constraints on FundYear are the last line.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund.applications.snapshot import application_snapshot
from trygg.fund.attachments.services import missing_labels
from trygg.fund.constants import (
    DECIDED,
    SCORE_MAX,
    SCORE_MIN,
    ApplicationStatus,
    Category,
    DecisionOutcome,
    LedgerKind,
    PaymentStatus,
)
from trygg.fund.decisions.letters import attach_letter
from trygg.fund.models import (
    Answer,
    Application,
    BudgetLine,
    Call,
    CompletionRequest,
    Decision,
    FundYear,
    Indicator,
    LedgerEntry,
    Payment,
    ReviewAssignment,
    Revision,
    Score,
)
from trygg.fund.policies import fund_policy
from trygg.fund.workflow import SubmissionInvalid, status_change


def _require(actor, action: str, obj=None) -> None:
    fund_policy.require(actor, action, obj)


# --- Applications ---------------------------------------------------------------------


def _next_reference(call: Call) -> str:
    year = call.fund_year.year
    prefix = f"TF-{year}-"
    last = Application.objects.filter(reference__startswith=prefix).aggregate(
        last=Max("reference")
    )["last"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def application_create(*, actor, call: Call, title: str) -> Application:
    _require(actor, "apply", call)
    now = timezone.now()
    if not (call.opens_at <= now < call.closes_at):
        raise ApplicationError(_("The call is not open for applications."))
    with transaction.atomic():
        application = Application(
            call=call,
            municipality_id=call.fund_year.municipality_id,
            applicant=actor.organisation,
            reference=_next_reference(call),
            title=title.strip(),
            created_by=actor.user,
        )
        application.full_clean(exclude=["districts"])
        application.save()
        record(action="fund.application.create", actor=actor, target=application)
    return application


def application_save(
    *,
    actor,
    application: Application,
    fields: dict,
    districts,
    budget_lines: list[dict],
    indicators: list[dict],
    answers: dict[int, str],
) -> Application:
    """Save a draft as it is: nothing is required until submission."""
    _require(actor, "edit", application)
    editable = {
        "title",
        "summary",
        "category",
        "measure_types",
        "target_group",
        "problem",
        "problem_basis",
        "expected_effects",
        "risks",
        "partners",
        "start_date",
        "end_date",
        "co_financing_kr",
    }
    for name, value in fields.items():
        if name in editable:
            setattr(application, name, value)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != application.status:
            raise ApplicationError(_("The application changed while you edited it. Reload it."))
        application.requested_kr = sum(line["amount_kr"] for line in budget_lines)
        try:
            application.full_clean(exclude=["districts"])
        except ValidationError as error:
            field, problems = next(iter(error.message_dict.items()))
            raise ApplicationError(
                problems[0], field=None if field == "__all__" else field
            ) from error
        application.save()
        application.districts.set(districts)
        application.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, order=i, **line)
            for i, line in enumerate(budget_lines)
        )
        application.indicators.all().delete()
        Indicator.objects.bulk_create(
            Indicator(application=application, order=i, **row) for i, row in enumerate(indicators)
        )
        for question_id, text in answers.items():
            Answer.objects.update_or_create(
                application=application, question_id=question_id, defaults={"text": text}
            )
        record(action="fund.application.update", actor=actor, target=application)
    return application


def submission_errors(application: Application) -> dict[str, str]:
    """Everything a submitted application must have, as field -> message."""
    errors: dict[str, str] = {}
    required_text = {
        "summary": _("Write a summary."),
        "target_group": _("Describe the target group."),
        "problem": _("Describe the problem the measure addresses."),
        "expected_effects": _("Describe the expected effects."),
        "risks": _("Describe the risks."),
    }
    for name, message in required_text.items():
        if not getattr(application, name).strip():
            errors[name] = message
    if not application.category:
        errors["category"] = _("Choose a category.")
    elif application.category not in application.call.categories:
        errors["category"] = _("The call does not fund this category.")
    if not application.measure_types:
        errors["measure_types"] = _("Choose at least one measure type.")
    elif set(application.measure_types) - set(application.call.measure_types):
        errors["measure_types"] = _("The call does not fund every measure type you chose.")
    if not application.problem_basis:
        errors["problem_basis"] = _("State what the problem description rests on.")
    if not application.districts.exists():
        errors["districts"] = _("Choose at least one district.")
    if not application.start_date:
        errors["start_date"] = _("Give a start date.")
    if not application.end_date:
        errors["end_date"] = _("Give an end date.")
    lines = list(application.budget_lines.all())
    total = sum(line.amount_kr for line in lines)
    if not lines:
        errors["budget"] = _("Add at least one budget line.")
    elif application.call.max_amount_kr and total > application.call.max_amount_kr:
        errors["budget"] = _("The budget is %(total)s kr; the call allows at most %(max)s kr.") % {
            "total": total,
            "max": application.call.max_amount_kr,
        }
    if not application.indicators.exists():
        errors["indicators"] = _("Add at least one indicator with baseline and target.")
    answered = {a.question_id: a.text.strip() for a in application.answers.all()}
    for question in application.call.questions.all():
        if question.required and not answered.get(question.pk):
            errors[f"question_{question.pk}"] = _("Answer the question.")
    if missing := missing_labels(application):
        errors["attachments"] = _("Attach the documents the call asks for: %(labels)s.") % {
            "labels": ", ".join(missing)
        }
    return errors


def application_submit(*, actor, application: Application) -> Revision:
    _require(actor, "edit", application)
    now = timezone.now()
    deadline = application.call.closes_at
    if application.reopened_until:
        deadline = max(deadline, application.reopened_until)
    if application.status == ApplicationStatus.DRAFT and now >= deadline:
        raise ApplicationError(
            _(
                "The call closed on %(date)s. Late applications cannot be submitted; contact the "
                "coordinator if you think an exception is justified."
            )
            % {"date": timezone.localtime(application.call.closes_at).strftime("%Y-%m-%d %H:%M")}
        )
    errors = submission_errors(application)
    if errors:
        raise SubmissionInvalid(errors)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status not in (ApplicationStatus.DRAFT, ApplicationStatus.COMPLETION_REQUESTED):
            raise ApplicationError(_("The application has already been submitted."))
        application.revision = locked.revision + 1
        application.submitted_at = now
        application.requested_kr = sum(line.amount_kr for line in application.budget_lines.all())
        application.reopened_until = None
        application.save(
            update_fields=[
                "revision",
                "submitted_at",
                "requested_kr",
                "reopened_until",
                "updated_at",
            ]
        )
        revision = Revision.objects.create(
            application=application,
            number=application.revision,
            submitted_at=now,
            submitted_by=actor.user,
            snapshot=application_snapshot(application),
        )
        status_change(application, actor, ApplicationStatus.SUBMITTED, revision=revision.number)
    return revision


def application_reopen(*, actor, application: Application, until) -> None:
    """Let one application be submitted after the call has closed."""
    _require(actor, "administer", application)
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError(_("Only a draft can be reopened for late submission."))
    if until <= timezone.now():
        raise ApplicationError(_("Choose a time in the future."), field="until")
    with transaction.atomic():
        application.reopened_until = until
        application.save(update_fields=["reopened_until", "updated_at"])
        record(action="fund.application.reopen", actor=actor, target=application)


def completion_request(*, actor, application: Application, message: str) -> CompletionRequest:
    _require(actor, "administer", application)
    if not message.strip():
        raise ApplicationError(_("Say what needs completing."), field="message")
    with transaction.atomic():
        _locked_in_status(
            application,
            {ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW},
            _("Completion can only be asked for before the decision."),
        )
        request = CompletionRequest.objects.create(
            application=application, message=message.strip(), requested_by=actor.user
        )
        status_change(application, actor, ApplicationStatus.COMPLETION_REQUESTED)
    return request


# --- Review -----------------------------------------------------------------------------


def _locked_in_status(application: Application, allowed: set[str], message: str) -> Application:
    """Re-read the application under a row lock; refuse unless it is in one of the statuses.

    Two coordinators pressing buttons at once must not both move the same application.
    """
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status not in allowed:
        raise ApplicationError(message)
    application.status = current.status
    return application


def formal_check_pass(*, actor, application: Application) -> None:
    _require(actor, "administer", application)
    with transaction.atomic():
        _locked_in_status(
            application,
            {ApplicationStatus.SUBMITTED},
            _("Only a submitted application can pass the formal check."),
        )
        status_change(application, actor, ApplicationStatus.IN_REVIEW, formal_check="passed")


def reviewer_assign(*, actor, application: Application, reviewer) -> ReviewAssignment:
    from trygg.core.roles import Role

    _require(actor, "administer", application)
    if application.status != ApplicationStatus.IN_REVIEW:
        raise ApplicationError(_("Pass the formal check before assigning reviewers."))
    if (
        not reviewer.is_active
        or not reviewer.memberships.filter(
            role=Role.GRANSKARE,
            organisation__municipality_id=application.municipality_id,
            organisation__is_active=True,
        ).exists()
    ):
        raise ApplicationError(_("Choose a reviewer from the municipality."), field="reviewer")
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                application=application, reviewer=reviewer, assigned_by=actor.user
            )
            record(
                action="fund.review.assign",
                actor=actor,
                target=assignment,
                payload={"application": application.pk, "reviewer": reviewer.pk},
            )
    except IntegrityError as error:
        raise ApplicationError(_("The reviewer is already assigned."), field="reviewer") from error
    return assignment


def conflict_declare(*, actor, assignment: ReviewAssignment, has_conflict: bool, reason: str = ""):
    if assignment.reviewer_id != actor.user.pk:
        raise PermissionDenied
    if assignment.has_conflict is not None:
        raise ApplicationError(_("You have already declared."))
    if has_conflict and not reason.strip():
        raise ApplicationError(_("Describe the conflict of interest briefly."), field="reason")
    with transaction.atomic():
        assignment.has_conflict = has_conflict
        assignment.conflict_reason = reason.strip() if has_conflict else ""
        assignment.declared_at = timezone.now()
        assignment.save(
            update_fields=["has_conflict", "conflict_reason", "declared_at", "updated_at"]
        )
        record(
            action="fund.review.declare",
            actor=actor,
            target=assignment,
            payload={"conflict": has_conflict},
        )


def weighted_total(scores: list[tuple[int, int]]) -> Decimal:
    """Weighted mean of (score, weight) pairs, two decimals."""
    total_weight = sum(weight for _score, weight in scores)
    value = Decimal(sum(score * weight for score, weight in scores)) / Decimal(total_weight)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def review_submit(
    *,
    actor,
    assignment: ReviewAssignment,
    scores: dict[int, tuple[int, str]],
    recommendation: str,
    comment: str,
) -> ReviewAssignment:
    _require(actor, "review", assignment)
    if assignment.submitted_at:
        raise ApplicationError(_("You have already submitted your review."))
    criteria = list(assignment.application.call.criteria.all())
    missing = [c for c in criteria if c.pk not in scores]
    if missing:
        raise ApplicationError(_("Score every criterion."), field=f"score_{missing[0].pk}")
    for criterion in criteria:
        if not SCORE_MIN <= scores[criterion.pk][0] <= SCORE_MAX:
            raise ApplicationError(_("Scores go from 1 to 5."), field=f"score_{criterion.pk}")
    if not recommendation:
        raise ApplicationError(_("Give a recommendation."), field="recommendation")
    with transaction.atomic():
        Score.objects.bulk_create(
            Score(review=assignment, criterion=c, score=scores[c.pk][0], comment=scores[c.pk][1])
            for c in criteria
        )
        assignment.recommendation = recommendation
        assignment.comment = comment
        assignment.submitted_at = timezone.now()
        assignment.weighted_score = weighted_total([(scores[c.pk][0], c.weight) for c in criteria])
        assignment.save()
        record(
            action="fund.review.submit",
            actor=actor,
            target=assignment,
            payload={"application": assignment.application_id},
        )
    return assignment


# --- Money ------------------------------------------------------------------------------


def _locked_fund_year(application: Application) -> FundYear:
    return FundYear.objects.select_for_update().get(pk=application.call.fund_year_id)


def _category_field(category: str, kind: str) -> str:
    return f"{kind}_{'social' if category == Category.SOCIAL else 'situational'}_kr"


def decision_record(
    *,
    actor,
    application: Application,
    outcome: str,
    amount_kr: int | None,
    reasons: str,
    delegation: str,
) -> Decision:
    _require(actor, "administer", application)
    if not reasons.strip():
        raise ApplicationError(_("Give the reasons for the decision."), field="reasons")
    if not delegation.strip():
        raise ApplicationError(_("State the delegation you decide under."), field="delegation")
    if outcome == DecisionOutcome.GRANTED:
        amount = application.requested_kr
    elif outcome == DecisionOutcome.PARTLY_GRANTED:
        amount = amount_kr or 0
        if not 0 < amount < application.requested_kr:
            raise ApplicationError(
                _("A partial grant is more than 0 and less than the %(requested)s kr applied for.")
                % {"requested": application.requested_kr},
                field="amount_kr",
            )
    else:
        amount = 0
    with transaction.atomic():
        fund_year = _locked_fund_year(application)
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status in DECIDED:
            raise ApplicationError(_("The application has already been decided."))
        if current.status != ApplicationStatus.IN_REVIEW:
            raise ApplicationError(_("Only an application under review can be decided."))
        if amount:
            category_left = fund_year.remaining_in(application.category)
            left = (
                fund_year.remaining_kr
                if category_left is None
                else min(category_left, fund_year.remaining_kr)
            )
            if amount > left:
                raise ApplicationError(
                    _(
                        "The fund has %(left)s kr left to grant; %(amount)s kr does not fit. "
                        "Nothing was decided."
                    )
                    % {"left": left, "amount": amount},
                    field="amount_kr",
                )
            field = _category_field(application.category, "committed")
            setattr(fund_year, field, getattr(fund_year, field) + amount)
            fund_year.save(update_fields=[field, "updated_at"])
            LedgerEntry.objects.create(
                fund_year=fund_year,
                application=application,
                kind=LedgerKind.COMMIT,
                category=application.category,
                amount_kr=amount,
                actor=actor.user,
            )
        decision = Decision.objects.create(
            application=application,
            outcome=outcome,
            amount_kr=amount,
            reasons=reasons.strip(),
            delegation=delegation.strip(),
            decided_by=actor.user,
        )
        attach_letter(decision)
        application.granted_kr = amount
        application.save(update_fields=["granted_kr", "updated_at"])
        record(
            action="fund.decision.create",
            actor=actor,
            target=decision,
            payload={"application": application.pk, "outcome": outcome, "amount_kr": amount},
        )
        status_change(application, actor, outcome)
        if amount:
            from trygg.fund.reports.services import reports_schedule

            reports_schedule(application=application)
    return decision


def payment_request(*, actor, application: Application, amount_kr: int) -> Payment:
    _require(actor, "administer", application)
    if application.status not in (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED):
        raise ApplicationError(_("Only a granted application can be paid."))
    pending = sum(p.amount_kr for p in application.payments.filter(status=PaymentStatus.REQUESTED))
    if amount_kr <= 0 or application.paid_kr + pending + amount_kr > application.granted_kr:
        raise ApplicationError(
            _("At most %(left)s kr of the grant is left to pay.")
            % {"left": application.granted_kr - application.paid_kr - pending},
            field="amount_kr",
        )
    with transaction.atomic():
        payment = Payment.objects.create(
            application=application, amount_kr=amount_kr, requested_by=actor.user
        )
        record(
            action="fund.payment.request",
            actor=actor,
            target=payment,
            payload={"application": application.pk, "amount_kr": amount_kr},
        )
    return payment


def payment_reject(*, actor, payment: Payment) -> Payment:
    """Turn down a payment request (wrong amount, wrong recipient); nothing is paid."""
    _require(actor, "administer", payment.application)
    with transaction.atomic():
        current = Payment.objects.select_for_update().get(pk=payment.pk)
        if current.status != PaymentStatus.REQUESTED:
            raise ApplicationError(_("The payment has already been handled."))
        current.status = PaymentStatus.REJECTED
        current.save(update_fields=["status", "updated_at"])
        record(
            action="fund.payment.reject",
            actor=actor,
            target=current,
            payload={"application": current.application_id},
        )
    return current


def payment_approve(*, actor, payment: Payment) -> Payment:
    application = payment.application
    _require(actor, "administer", application)
    if payment.requested_by_id == actor.user.pk:
        raise ApplicationError(
            _("Someone other than the person who requested the payment must approve it.")
        )
    with transaction.atomic():
        fund_year = _locked_fund_year(application)
        current = Payment.objects.select_for_update().get(pk=payment.pk)
        if current.status != PaymentStatus.REQUESTED:
            raise ApplicationError(_("The payment has already been handled."))
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.paid_kr + current.amount_kr > application.granted_kr:
            raise ApplicationError(_("The payment would exceed the amount granted."))
        current.status = PaymentStatus.APPROVED
        current.approved_by = actor.user
        current.approved_at = timezone.now()
        current.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        application.paid_kr += current.amount_kr
        application.save(update_fields=["paid_kr", "updated_at"])
        fund_year.paid_kr += current.amount_kr
        fund_year.save(update_fields=["paid_kr", "updated_at"])
        LedgerEntry.objects.create(
            fund_year=fund_year,
            application=application,
            kind=LedgerKind.PAYMENT,
            category=application.category,
            amount_kr=current.amount_kr,
            actor=actor.user,
        )
        record(
            action="fund.payment.approve",
            actor=actor,
            target=current,
            payload={"application": application.pk, "amount_kr": current.amount_kr},
        )
        if application.paid_kr == application.granted_kr:
            status_change(application, actor, ApplicationStatus.PAID)
    return current


def money_return(*, actor, application: Application, amount_kr: int) -> None:
    """Unspent money goes back to the fund and can be granted again."""
    _require(actor, "administer", application)
    with transaction.atomic():
        fund_year = _locked_fund_year(application)
        application = Application.objects.select_for_update().get(pk=application.pk)
        returned = sum(
            e.amount_kr for e in application.ledger_entries.filter(kind=LedgerKind.RETURN)
        )
        if amount_kr <= 0 or returned + amount_kr > application.paid_kr:
            raise ApplicationError(
                _("At most %(left)s kr can be returned.")
                % {"left": application.paid_kr - returned},
                field="amount_kr",
            )
        field = _category_field(application.category, "returned")
        committed = getattr(fund_year, _category_field(application.category, "committed"))
        if getattr(fund_year, field) + amount_kr > committed:
            raise ApplicationError(
                _("The fund year cannot get back more than it granted."), field="amount_kr"
            )
        setattr(fund_year, field, getattr(fund_year, field) + amount_kr)
        fund_year.save(update_fields=[field, "updated_at"])
        LedgerEntry.objects.create(
            fund_year=fund_year,
            application=application,
            kind=LedgerKind.RETURN,
            category=application.category,
            amount_kr=amount_kr,
            actor=actor.user,
        )
        record(
            action="fund.ledger.return",
            actor=actor,
            target=application,
            payload={"amount_kr": amount_kr},
        )
