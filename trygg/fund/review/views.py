"""Pages of the review: the formal check, assigning reviewers, and the reviewer's own page
(the declaration on conflict of interest first, then the scored review)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.core.roles import Role
from trygg.fund import selectors
from trygg.fund.constants import LOCKED_FOR_APPLICANT
from trygg.fund.coordinator import act, cleaned, coordinator_application
from trygg.fund.policies import fund_policy
from trygg.fund.review import services
from trygg.fund.review.forms import AssignReviewerForm, ConflictForm, ReviewForm
from trygg.fund.snapshot import latest_diff


def undeclared_review_redirect(actor, application_id: int):
    """A reviewer who has not declared on jäv yet is sent to the declaration, not a 404."""
    if not actor.has_role(Role.GRANSKARE):
        return None
    undeclared = (
        selectors.review_assignments_of(actor=actor)
        .filter(application_id=application_id, has_conflict__isnull=True)
        .first()
    )
    return redirect("fund:review", undeclared.pk) if undeclared else None


@guard(fund_policy, "administer")
@require_POST
def formal_check_view(request, application_id: int):
    application = coordinator_application(request, application_id)
    return act(
        request,
        application,
        lambda: services.formal_check_pass(actor=request.actor, application=application),
        _("The formal check is done. Assign reviewers."),
    )


@guard(fund_policy, "administer")
@require_POST
def assign_view(request, application_id: int):
    application = coordinator_application(request, application_id)
    reviewers = selectors.reviewer_candidates(municipality_id=application.municipality_id)
    form = AssignReviewerForm(request.POST, reviewers=reviewers)
    return act(
        request,
        application,
        lambda: services.reviewer_assign(
            actor=request.actor,
            application=application,
            reviewer=cleaned(form, _("Choose a reviewer."))["reviewer"],
        ),
        _("The reviewer was assigned."),
    )


@guard(fund_policy, "use_fund")
def review_view(request, assignment_id: int):
    actor = request.actor
    if not actor.has_role(Role.GRANSKARE):
        raise PermissionDenied
    assignment = selectors.review_assignment_get(actor=actor, assignment_id=assignment_id)
    application = assignment.application
    if assignment.has_conflict is None:
        form = ConflictForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.conflict_declare(actor=actor, assignment=assignment, **form.cleaned_data)
            except ApplicationError as error:
                apply_application_error(form, error)
            else:
                if assignment.has_conflict:
                    messages.info(
                        request,
                        _(
                            "Your conflict of interest is recorded. You will not review this "
                            "application, and its content is no longer shown to you; the "
                            "coordinator assigns someone else."
                        ),
                    )
                    return redirect("fund:index")
                return redirect("fund:review", assignment.pk)
        return render(
            request,
            "fund/conflict.html",
            {"assignment": assignment, "application": application, "form": form},
        )
    if assignment.has_conflict:
        raise PermissionDenied
    criteria = list(application.call.criteria.all())
    form = ReviewForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and assignment.submitted_at is None and form.is_valid():
        try:
            services.review_submit(
                actor=actor,
                assignment=assignment,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("Your review was submitted."))
            return redirect("fund:review", assignment.pk)
    return render(
        request,
        "fund/review.html",
        {
            "assignment": assignment,
            "application": application,
            "lines": list(application.budget_lines.all()),
            "indicators": list(application.indicators.all()),
            "answers": list(application.answers.select_related("question")),
            "form": form,
            "reviews": selectors.reviews_visible_to(actor=actor, application=application),
            "locked_statuses": LOCKED_FOR_APPLICANT,
            "diff": latest_diff(application),
        },
    )
