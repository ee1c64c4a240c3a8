"""The frozen copy of an application kept with every submitted revision."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.templatetags.trygg import kronor
from trygg.fund.constants import Category, MeasureType, ProblemBasis

SNAPSHOT_FIELDS = [
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
    "co_financing_kr",
]


def problem_words(problem) -> str:
    """The problem of the lägesbild an application addresses, as its title (it may change
    with a new version of the lägesbild; the revision keeps what the applicant chose)."""
    return problem.title if problem is not None else ""


def application_snapshot(application) -> dict:
    """Everything the applicant wrote, with the questions' text as it read when answered."""
    answers = {a.question_id: a.text for a in application.answers.all()}
    return {
        **{name: getattr(application, name) for name in SNAPSHOT_FIELDS},
        "addresses": problem_words(application.addresses),
        "start_date": application.start_date.isoformat() if application.start_date else None,
        "end_date": application.end_date.isoformat() if application.end_date else None,
        "districts": sorted(d.name for d in application.districts.all()),
        "budget_lines": [
            {"description": line.description, "amount_kr": line.amount_kr}
            for line in application.budget_lines.all()
        ],
        "requested_kr": sum(line.amount_kr for line in application.budget_lines.all()),
        "indicators": [
            {"name": i.name, "baseline": i.baseline, "target": i.target}
            for i in application.indicators.all()
        ],
        "questions": [
            {"question": q.text, "answer": answers.get(q.pk, "")}
            for q in application.call.questions.all()
        ],
        "attachments": [
            {
                "label": a.label,
                "original_name": a.original_name,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in application.attachments.all()
        ],
    }


# The application form's own labels, so that the diff speaks as the form did.
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "category": gettext_lazy("Category"),
    "measure_types": gettext_lazy("Measure types"),
    "target_group": gettext_lazy("Target group"),
    "addresses": gettext_lazy("The problem in the situational picture"),
    "problem": gettext_lazy("The problem the measure addresses"),
    "problem_basis": gettext_lazy("What the problem description rests on"),
    "expected_effects": gettext_lazy("Expected effects"),
    "risks": gettext_lazy("Risks"),
    "partners": gettext_lazy("Partners"),
    "co_financing_kr": gettext_lazy("Co-financing (kr)"),
    "start_date": gettext_lazy("Start date"),
    "end_date": gettext_lazy("End date"),
    "requested_kr": gettext_lazy("Amount applied for"),
    "districts": gettext_lazy("Districts"),
}
CHOICES = {"category": Category, "measure_types": MeasureType, "problem_basis": ProblemBasis}
AMOUNTS = {"co_financing_kr", "requested_kr"}


def _words(name: str, value) -> str:
    """A stored value as the reader saw it: labels for choices, amounts in kronor."""
    if name in CHOICES:
        labels = dict(CHOICES[name].choices)
        values = value if isinstance(value, list) else [value] if value else []
        return ", ".join(str(labels.get(v, v)) for v in values)
    if name in AMOUNTS:
        return kronor(value) if value else ""
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def line_label(key: str) -> str:
    """The words for a diff line's key ("budget_line_2" -> "Cost item 2")."""
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    kind, _sep, number = key.rpartition("_")
    named = {
        "budget_line": _("Cost item %(number)s"),
        "indicator": _("Indicator %(number)s"),
        "question": _("Question %(number)s"),
    }
    if kind in named:
        return named[kind] % {"number": number}
    return _("Attachment") if key.startswith("attachment_") else key


def snapshot_lines(snapshot: dict) -> list[tuple[str, str]]:
    """A flat, readable list of (key, value) pairs: what the revision diff compares."""
    lines: list[tuple[str, str]] = []
    for name in [*SNAPSHOT_FIELDS, "start_date", "end_date", "requested_kr"]:
        lines.append((name, _words(name, snapshot.get(name))))
    lines.append(("districts", ", ".join(snapshot.get("districts", []))))
    lines.append(("addresses", snapshot.get("addresses", "")))
    for index, line in enumerate(snapshot.get("budget_lines", []), 1):
        lines.append(
            (f"budget_line_{index}", f"{line['description']}: {kronor(line['amount_kr'])}")
        )
    for index, row in enumerate(snapshot.get("indicators", []), 1):
        lines.append((f"indicator_{index}", f"{row['name']}: {row['baseline']} → {row['target']}"))
    for index, row in enumerate(snapshot.get("questions", []), 1):
        lines.append((f"question_{index}", f"{row['question']} {row['answer']}"))
    # Keyed by content, so the diff shows a file as added or removed rather than renumbered.
    seen: set[str] = set()
    for row in snapshot.get("attachments", []):
        key = f"attachment_{row['sha256'][:12]}"
        while key in seen:
            key += "+"
        seen.add(key)
        label = row["label"] or _("Other")
        lines.append((key, f"{label}: {row['original_name']} ({filesizeformat(row['size'])})"))
    return lines


def revision_diff(old: dict, new: dict) -> list[dict]:
    """What changed between two revisions, field by field (added, removed or changed)."""
    before = dict(snapshot_lines(old))
    after = dict(snapshot_lines(new))
    changes = []
    for key in list(dict.fromkeys([*before, *after])):
        if before.get(key, "") != after.get(key, ""):
            changes.append(
                {
                    "field": key,
                    "label": line_label(key),
                    "before": before.get(key, ""),
                    "after": after.get(key, ""),
                }
            )
    return changes


def latest_diff(application) -> list[dict]:
    """What the newest revision changed, for the coordinator and the reviewers."""
    if application.revision < 2:
        return []
    newest = list(application.revisions.order_by("-number")[:2])
    return revision_diff(newest[1].snapshot, newest[0].snapshot)
