"""The decision letter (beslutsbrev): a PDF made when a decision is recorded, kept privately.

The letter is an official document and is always in Swedish, whatever language the
coordinator uses the site in. It is stored in the default storage (var/media), which is
never served directly: the only way out is the download view, after the permission check.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from trygg.core.files import replace_stored
from trygg.core.pdf import short_html_to_pdf
from trygg.fund.delegation.selectors import appeal_paragraphs
from trygg.fund.models import Decision

LETTER_TEMPLATE = "fund/letter.html"
# PDF/A-2a: archivable (fonts embedded, no external references) and tagged, so screen
# readers can read the letter.
PDF_VARIANT = "pdf/a-2a"


def letter_filename(decision: Decision) -> str:
    return f"beslut-{decision.application.reference}.pdf"


def render_decision_letter_html(decision: Decision) -> str:
    application = decision.application
    with translation.override("sv"):
        return render_to_string(
            LETTER_TEMPLATE,
            {
                "decision": decision,
                "application": application,
                "municipality": application.municipality,
                "applicant": application.applicant,
                "decided_by": decision.decided_by,
                "decided_on": timezone.localdate(decision.created_at),
                "appeal_paragraphs": appeal_paragraphs(decision=decision),
                "instalments": list(application.instalments.order_by("year")),
            },
        )


def render_decision_letter(decision: Decision) -> bytes:
    return short_html_to_pdf(render_decision_letter_html(decision), variant=PDF_VARIANT)


def attach_letter(decision: Decision) -> None:
    """Render the letter and store it on the decision; called inside decision_record's
    transaction, so a decision is never recorded without its letter."""
    pdf = render_decision_letter(decision)
    replace_stored(decision.letter, letter_filename(decision), pdf)
    decision.save(update_fields=["letter", "updated_at"])
