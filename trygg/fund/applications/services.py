"""Writes of an application's own life: create, save, submit, reopen a late draft, ask for
completion. Each checks the policy, validates, changes and audits in one transaction. The
review is in ``trygg.fund.review``, decisions and money in ``trygg.fund.decisions``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.templatetags.trygg import thousands
from trygg.fund.attachments.services import missing_labels
from trygg.fund.constants import (
    ApplicationStatus,
)
from trygg.fund.models import (
    Answer,
    Application,
    BudgetLine,
    Call,
    CompletionRequest,
    FundYear,
    Indicator,
    Revision,
)
from trygg.fund.policies import fund_policy
from trygg.fund.snapshot import application_snapshot
from trygg.fund.workflow import SubmissionInvalid, locked_in_status, status_change
from trygg.prevention.selectors import problems_to_target

# --- Applications ---------------------------------------------------------------------


def _next_reference(call: Call) -> str:
    """The next TF-<year>-NNNN of the call's municipality. Called inside the caller's
    transaction: the fund year's row lock serialises two applications created at once (on
    SQLite the IMMEDIATE transaction already does), and the unique constraint on
    (municipality, reference) is the last line."""
    fund_year = FundYear.objects.select_for_update().get(pk=call.fund_year_id)
    prefix = f"TF-{fund_year.year}-"
    last = Application.objects.filter(
        municipality_id=fund_year.municipality_id, reference__startswith=prefix
    ).aggregate(last=Max("reference"))["last"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def application_create(*, actor, call: Call, title: str) -> Application:
    fund_policy.require(actor, "apply", call)
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
    version: int | None = None,
) -> Application:
    """Save a draft as it is: nothing is required until submission.

    ``version`` is the ``edit_version`` the user's form was read at; if a colleague saved in
    between, nothing is written and :class:`EditConflict` says so (None skips the check)."""
    fund_policy.require(actor, "edit", application)
    editable = {
        "title",
        "summary",
        "category",
        "measure_types",
        "target_group",
        "addresses",
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
    if application.addresses_id is not None and not (
        problems_for(application).filter(pk=application.addresses_id).exists()
    ):
        raise ApplicationError(_("Choose one of the problems the call targets."), field="addresses")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != application.status:
            raise ApplicationError(_("The application changed while you edited it. Reload it."))
        if version is not None and locked.edit_version != version:
            raise EditConflict(locked.edit_version)
        application.edit_version = locked.edit_version + 1
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


class EditConflict(ApplicationError):
    """A colleague saved the draft after this user's form was read."""

    def __init__(self, current_version: int):
        super().__init__(_("A colleague saved the application while you edited it."))
        self.current_version = current_version


@dataclass
class DraftParts:
    """The parts of a draft kept in other tables, as counted from a form not yet saved."""

    district_count: int
    budget_amounts: list[int]
    indicator_count: int
    answers: dict[int, str]

    @classmethod
    def saved(cls, application: Application) -> DraftParts:
        return cls(
            district_count=application.districts.count(),
            budget_amounts=[line.amount_kr for line in application.budget_lines.all()],
            indicator_count=application.indicators.count(),
            answers={a.question_id: a.text.strip() for a in application.answers.all()},
        )


def problems_for(application: Application):
    """The problems of the adopted lägesbild the application may address: the call's, or all
    of them when the call names none (none at all before a lägesbild is adopted)."""
    return problems_to_target(
        municipality_id=application.municipality_id,
        among=application.call.problems.values_list("pk", flat=True),
    )


def submission_errors(application: Application, parts: DraftParts | None = None) -> dict[str, str]:
    """Everything a submitted application must have, as field -> message.

    ``parts`` lets the edit page check a form that cannot be saved yet, so that every
    problem is named at once; by default the saved draft is checked."""
    parts = parts or DraftParts.saved(application)
    errors: dict[str, str] = {}
    required_text = {
        "summary": _("Write a summary."),
        "target_group": _("Describe the target group."),
        "problem": _("Describe the problem the measure addresses."),
        "expected_effects": _("Describe the expected effects."),
        "risks": _("Describe the risks."),
    }
    # With an adopted lägesbild, the link to its problem is the basis (and the text optional).
    linked = problems_for(application).exists()
    if linked:
        del required_text["problem"]
        if application.addresses_id is None:
            errors["addresses"] = _(
                "Choose the problem in the situational picture that the measure addresses."
            )
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
    if not linked and not application.problem_basis:
        errors["problem_basis"] = _("State what the problem description rests on.")
    if not parts.district_count:
        errors["districts"] = _("Choose at least one district.")
    if not application.start_date:
        errors["start_date"] = _("Give a start date.")
    if not application.end_date:
        errors["end_date"] = _("Give an end date.")
    total = sum(parts.budget_amounts)
    if not parts.budget_amounts:
        errors["budget"] = _("Add at least one budget line.")
    elif application.call.max_amount_kr and total > application.call.max_amount_kr:
        errors["budget"] = _("The budget is %(total)s kr; the call allows at most %(max)s kr.") % {
            "total": thousands(total),
            "max": thousands(application.call.max_amount_kr),
        }
    if not parts.indicator_count:
        errors["indicators"] = _("Add at least one indicator with baseline and target.")
    for question in application.call.questions.all():
        if question.required and not parts.answers.get(question.pk, "").strip():
            errors[f"question_{question.pk}"] = _("Answer the question.")
    if missing := missing_labels(application):
        errors["attachments"] = _("Attach the documents the call asks for: %(labels)s.") % {
            "labels": ", ".join(missing)
        }
    return errors


def application_submit(*, actor, application: Application) -> Revision:
    fund_policy.require(actor, "edit", application)
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
    fund_policy.require(actor, "administer", application)
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError(_("Only a draft can be reopened for late submission."))
    if until <= timezone.now():
        raise ApplicationError(_("Choose a time in the future."), field="until")
    with transaction.atomic():
        application.reopened_until = until
        application.save(update_fields=["reopened_until", "updated_at"])
        record(action="fund.application.reopen", actor=actor, target=application)


def completion_request(*, actor, application: Application, message: str) -> CompletionRequest:
    fund_policy.require(actor, "administer", application)
    if not message.strip():
        raise ApplicationError(_("Say what needs completing."), field="message")
    with transaction.atomic():
        locked_in_status(
            application,
            {ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW},
            _("Completion can only be asked for before the decision."),
        )
        request = CompletionRequest.objects.create(
            application=application, message=message.strip(), requested_by=actor.user
        )
        status_change(application, actor, ApplicationStatus.COMPLETION_REQUESTED)
    return request
