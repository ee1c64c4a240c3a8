"""Services for fund years and calls (utlysningar): the coordinator's set-up of the fund."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.templatetags.trygg import thousands
from trygg.fund.models import Call, Criterion, FundYear, Question
from trygg.fund.policies import fund_policy


def _require(actor) -> None:
    fund_policy.require(actor, "administer")


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from error


def fund_year_save(
    *,
    actor,
    fund_year: FundYear | None,
    year: int,
    budget_kr: int,
    social_budget_kr: int | None,
    situational_budget_kr: int | None,
    budget_decision: str = "",
    budget_decided_on=None,
) -> FundYear:
    _require(actor)
    fund_year = fund_year or FundYear(municipality_id=actor.municipality_id)
    if fund_year.pk and fund_year.municipality_id != actor.municipality_id:
        raise PermissionDenied
    # What the appropriation must still cover: granted money, and money carried to later years.
    committed = (
        fund_year.committed_kr
        - fund_year.returned_kr
        + fund_year.carried_out_kr
        - fund_year.carried_in_kr
        if fund_year.pk
        else 0
    )
    if budget_kr < committed:
        raise ApplicationError(
            _("%(committed)s kr is already granted; the budget cannot be lower.")
            % {"committed": thousands(committed)},
            field="budget_kr",
        )
    for value in (social_budget_kr, situational_budget_kr):
        if value is not None and value > budget_kr:
            raise ApplicationError(
                _("A category's budget cannot exceed the whole budget."), field="social_budget_kr"
            )
    if (social_budget_kr or 0) + (situational_budget_kr or 0) > budget_kr:
        raise ApplicationError(
            _(
                "The social and situational budgets together (%(sum)s kr) are more than the "
                "year's budget (%(budget)s kr)."
            )
            % {
                "sum": thousands((social_budget_kr or 0) + (situational_budget_kr or 0)),
                "budget": thousands(budget_kr),
            },
            field="situational_budget_kr",
        )
    fund_year.year, fund_year.budget_kr = year, budget_kr
    fund_year.budget_decision = budget_decision.strip()
    fund_year.budget_decided_on = budget_decided_on
    fund_year.social_budget_kr, fund_year.situational_budget_kr = (
        social_budget_kr,
        situational_budget_kr,
    )
    try:
        with transaction.atomic():
            if fund_year.pk:
                FundYear.objects.select_for_update().get(pk=fund_year.pk)
            is_new = fund_year.pk is None
            _clean(fund_year)
            fund_year.save()
            planned = 0
            if is_new:
                from trygg.fund.decisions.ledger import commit_planned

                planned = commit_planned(actor=actor, fund_year=fund_year)
            record(
                action="fund.fund_year.save",
                actor=actor,
                target=fund_year,
                payload={"year": year, "budget_kr": budget_kr, "planned_kr": planned},
            )
    except IntegrityError as error:
        # The database refuses a budget below what is committed in a category.
        raise ApplicationError(
            _("The budget is lower than what is already granted."), field="budget_kr"
        ) from error
    return fund_year


def call_save(
    *,
    actor,
    call: Call | None,
    fields: dict,
    eligible,
    criteria: list[dict],
    questions: list[dict],
    problems=(),
) -> Call:
    """Create or change a call. Submitted applications keep the questions they answered."""
    _require(actor)
    if not criteria:
        raise ApplicationError(_("Add at least one assessment criterion."))
    fund_year = fields["fund_year"]
    if fund_year.municipality_id != actor.municipality_id:
        raise PermissionDenied
    if call is not None and fields["fund_year"].pk != call.fund_year_id:
        from trygg.fund.constants import ApplicationStatus

        if call.applications.exclude(status=ApplicationStatus.DRAFT).exists():
            # Grants, payments and returns are booked on the call's fund year.
            raise ApplicationError(
                _("The call has submitted applications; it cannot move to another fund year."),
                field="fund_year",
            )
    call = call or Call()
    for name, value in fields.items():
        setattr(call, name, value)
    if call.closes_at and call.opens_at and call.closes_at <= call.opens_at:
        raise ApplicationError(_("The call must close after it opens."), field="closes_at")
    problems = list(problems)
    if problems:
        from trygg.prevention.selectors import problems_to_target

        allowed = set(
            problems_to_target(municipality_id=fund_year.municipality_id).values_list(
                "pk", flat=True
            )
        )
        if any(problem.pk not in allowed for problem in problems):
            raise ApplicationError(
                _("Choose problems of the adopted situational picture."), field="problems"
            )
    with transaction.atomic():
        _clean(call)
        call.save()
        call.eligible_organisations.set(eligible)
        call.problems.set(problems)
        _replace_rows(call, Criterion, criteria, "criteria")
        _replace_rows(call, Question, questions, "questions")
        record(action="fund.call.save", actor=actor, target=call)
    return call


def _replace_rows(call: Call, model, rows: list[dict], related: str) -> None:
    """Keep rows by id (scores and answers point at them), add new ones, drop removed ones."""
    existing = {obj.pk: obj for obj in getattr(call, related).all()}
    keep = set()
    for order, row in enumerate(rows):
        row = dict(row)
        pk = row.pop("id", None)
        obj = existing.get(pk) or model(call=call)
        for name, value in row.items():
            setattr(obj, name, value)
        obj.order = order
        obj.save()
        keep.add(obj.pk)
    removable = [pk for pk in existing if pk not in keep]
    try:
        with transaction.atomic():
            model.objects.filter(pk__in=removable).delete()
    except IntegrityError as error:
        raise ApplicationError(
            _("A criterion or question that has been used in reviews or answers cannot be removed.")
        ) from error


def decisions_record_batch(*, actor, call: Call, rows: list[dict], delegation) -> int:
    """Decide several applications of a call at once: all of them, or none.

    Each row is ``{"application": Application, "outcome": str, "amount_kr": int | None,
    "reasons": str}``; each goes through ``decision_record`` (same checks, same locks), and
    the first refusal undoes the whole batch and names the application it stopped at.
    """
    from trygg.fund.decisions.services import decision_record

    _require(actor)
    if not rows:
        raise ApplicationError(_("Choose a decision for at least one application."))
    with transaction.atomic():
        for row in rows:
            application = row["application"]
            if application.call_id != call.pk:
                raise PermissionDenied
            try:
                decision_record(
                    actor=actor,
                    application=application,
                    outcome=row["outcome"],
                    amount_kr=row.get("amount_kr"),
                    reasons=row["reasons"],
                    delegation=delegation,
                )
            except ApplicationError as error:
                raise ApplicationError(
                    _("%(reference)s: %(message)s Nothing in the batch was decided.")
                    % {"reference": application.reference, "message": error.message}
                ) from error
    return len(rows)
