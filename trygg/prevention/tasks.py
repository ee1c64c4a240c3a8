"""Background work of the prevention cycle: the annual report is laid out here, not in the
request (``manage.py db_worker``; in-process where TRYGG_TASKS_IMMEDIATE is on)."""

from django_tasks import task


@task()
def make_annual_report(report_id: int) -> None:
    from trygg.prevention.plan.annual import make

    make(report_id)
