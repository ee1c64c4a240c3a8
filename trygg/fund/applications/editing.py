"""What the applicant's edit page needs beyond the form: every problem named at once, and a
colleague's save shown beside the user's own text instead of silently overwritten."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.forms import BaseFormSet, Form

from trygg.fund import selectors
from trygg.fund.applications import services
from trygg.fund.applications.forms import mark_required_to_submit
from trygg.fund.models import Application
from trygg.fund.snapshot import SNAPSHOT_FIELDS, application_snapshot, problem_words, revision_diff


def mark_first_rows(*formsets: BaseFormSet) -> None:
    """A submitted application needs at least one budget line and one indicator."""
    for formset in formsets:
        if formset.forms:
            mark_required_to_submit(*formset.forms[0].fields.values())


def _rows(formset: BaseFormSet) -> list[dict]:
    """The rows the user filled in, valid or not, with what could be read of them."""
    return [getattr(row, "cleaned_data", {}) for row in formset.forms if row.has_changed()]


def add_submission_errors(form: Form, errors: dict[str, str]) -> None:
    """Put each missing part next to its field, unless the field already has an error."""
    for field, message in errors.items():
        if field not in form.fields:
            form.add_error(None, message)
        elif field not in form.errors:
            form.add_error(field, message)


def preview_submission_errors(
    application: Application, form: Form, lines: BaseFormSet, indicators: BaseFormSet
) -> dict[str, str]:
    """What submission would also refuse, checked on a form that cannot be saved yet.

    Without this the applicant fixes the form's own errors, presses "Submit" again and only
    then learns of the missing parts: errors in layers. Nothing is written."""
    cleaned = form.cleaned_data
    draft = copy.copy(application)
    for name in [*SNAPSHOT_FIELDS, "addresses", "start_date", "end_date"]:
        if name in cleaned:
            setattr(draft, name, cleaned[name])
    parts = services.DraftParts(
        district_count=len(cleaned.get("districts") or []),
        budget_amounts=[row.get("amount_kr") or 0 for row in _rows(lines)],
        indicator_count=len(_rows(indicators)),
        answers=form.answers(),
    )
    return services.submission_errors(draft, parts)


@dataclass
class Conflict:
    """A colleague's save that came between reading the form and saving it."""

    saved_by: str
    saved_at: object
    changes: list[dict]


def conflict_of(
    actor, application: Application, form: Form, lines: BaseFormSet, indicators: BaseFormSet
) -> Conflict:
    """The fields where the saved draft and the user's form differ, for the page to show."""
    saved = selectors.application_get(actor=actor, application_id=application.pk)
    theirs = application_snapshot(saved)
    cleaned = form.cleaned_data
    questions = list(saved.call.questions.all())
    answers = form.answers()
    budget = [
        {"description": row["description"], "amount_kr": row["amount_kr"]}
        for row in _rows(lines)
        if row.get("description")
    ]
    yours = {
        **theirs,
        **{name: cleaned[name] for name in SNAPSHOT_FIELDS if name in cleaned},
        "addresses": problem_words(cleaned["addresses"])
        if "addresses" in cleaned
        else theirs["addresses"],
        "start_date": cleaned["start_date"].isoformat() if cleaned.get("start_date") else None,
        "end_date": cleaned["end_date"].isoformat() if cleaned.get("end_date") else None,
        "districts": sorted(d.name for d in cleaned.get("districts") or []),
        "budget_lines": budget,
        "requested_kr": sum(row["amount_kr"] for row in budget),
        "indicators": [
            {"name": row["name"], "baseline": row["baseline"], "target": row["target"]}
            for row in _rows(indicators)
            if row.get("name")
        ],
        "questions": [{"question": q.text, "answer": answers.get(q.pk, "")} for q in questions],
    }
    who, when = selectors.last_saved_by(application=saved)
    return Conflict(saved_by=who, saved_at=when, changes=revision_diff(theirs, yours))
