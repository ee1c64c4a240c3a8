"""The frozen copy of an application kept with every submitted revision."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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


def application_snapshot(application) -> dict:
    """Everything the applicant wrote, with the questions' text as it read when answered."""
    answers = {a.question_id: a.text for a in application.answers.all()}
    return {
        **{name: getattr(application, name) for name in SNAPSHOT_FIELDS},
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


def snapshot_lines(snapshot: dict) -> list[tuple[str, str]]:
    """A flat, readable list of (label, value) pairs: what the revision diff compares."""
    lines: list[tuple[str, str]] = []
    for name in [*SNAPSHOT_FIELDS, "start_date", "end_date", "requested_kr"]:
        value = snapshot.get(name)
        lines.append((name, ", ".join(value) if isinstance(value, list) else str(value or "")))
    lines.append(("districts", ", ".join(snapshot.get("districts", []))))
    for index, line in enumerate(snapshot.get("budget_lines", []), 1):
        lines.append((f"budget_line_{index}", f"{line['description']}: {line['amount_kr']} kr"))
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
                {"field": key, "before": before.get(key, ""), "after": after.get(key, "")}
            )
    return changes


def latest_diff(application) -> list[dict]:
    """What the newest revision changed, for the coordinator and the reviewers."""
    if application.revision < 2:
        return []
    newest = list(application.revisions.order_by("-number")[:2])
    return revision_diff(newest[1].snapshot, newest[0].snapshot)
