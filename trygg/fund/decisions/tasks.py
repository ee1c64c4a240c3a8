"""Background work of decisions: the letters of a reported period are made again."""

from django_tasks import task

from trygg.fund.decisions.letters import attach_letter
from trygg.fund.models import Decision


@task()
def letters_after_report(report_id: int) -> None:
    """Make again the letter of every decision in a reported period, so that each says from
    which day the three weeks for laglighetsprövning run. In the background: a year's report
    can hold thousands of decisions, far more than a request should lay out."""
    decisions = Decision.objects.filter(reported_in_id=report_id).select_related(
        "application__municipality",
        "application__applicant",
        "decided_by",
        "reported_in",
    )
    for decision in decisions.iterator(chunk_size=200):
        attach_letter(decision)
