"""The report of delegated decisions' table rows, written in one pass.

A period can hold thousands of decisions and the page shows a hundred at a time; through
the template engine each row's eleven values cost more than the page's queries. The markup
is the template's own (the same cells, classes, link and sentences, escaped by
``format_html``), so the page reads the same.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext

from trygg.core.templatetags.trygg import kronor
from trygg.fund.templatetags.fund_labels import local_day, outcome_label

register = template.Library()

ROW = (
    "<tr><td>{}</td>"
    '<td><a class="ds-link" href="{}{}/">{}</a></td>'
    "<td>{}</td><td>{}</td>"
    '<td>{}</td><td class="num">{}</td><td>{}</td>'
    "<td>{}</td></tr>"
)


def _reported(decision) -> str:
    if decision.reported_in_id is None:
        return gettext("Not yet")
    return gettext("Announced %(date)s") % {"date": decision.reported_in.announced_on.isoformat()}


@register.simple_tag
def decision_rows(decisions, application_url: str):
    """``<tr>`` per decision: date, reference (linked), title, applicant, decision, amount,
    delegation point and whether it has been reported."""
    return format_html_join(
        "\n",
        ROW,
        (
            (
                local_day(decision.created_at),
                application_url,
                decision.application_id,
                decision.application.reference,
                decision.application.title,
                decision.application.applicant.name,
                outcome_label(decision.outcome),
                kronor(decision.amount_kr),
                decision.delegation,
                _reported(decision),
            )
            for decision in decisions
        ),
    )
