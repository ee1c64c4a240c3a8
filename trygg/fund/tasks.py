"""E-mail to applicants when their application changes state (after the change commits)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from trygg.accounts.models import User
from trygg.core.roles import Role
from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Application


@task()
def notify_applicant(application_id: int, status: str) -> None:
    application = Application.objects.select_related("applicant").filter(pk=application_id).first()
    if application is None:
        return
    recipients = list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=application.applicant,
            memberships__role=Role.SOKANDE,
        )
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    link = settings.TRYGG_BASE_URL.rstrip("/") + reverse(
        "fund:application_detail", args=[application.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "fund/email/status.txt",
            {"application": application, "status": ApplicationStatus(status).label, "link": link},
        )
        subject = translation.gettext("Your application %(reference)s: %(status)s") % {
            "reference": application.reference,
            "status": ApplicationStatus(status).label,
        }
    send_mail(subject, body, None, recipients)


def _applicant_emails(organisation_id: int) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role=Role.SOKANDE,
        )
        .values_list("email", flat=True)
        .distinct()
    )


@task()
def send_report_reminders() -> int:
    """Remind applicants of follow-up reports before and after the due date; each once."""
    from django.utils import timezone

    from trygg.fund.constants import ReminderKind
    from trygg.fund.models import ReportReminder
    from trygg.fund.reports.services import reports_needing_reminder

    today = timezone.localdate()
    sent = 0
    for kind in ReminderKind.values:
        reports = reports_needing_reminder(today=today, kind=kind).select_related(
            "application", "application__applicant"
        )
        for report in reports:
            reminder, claimed = ReportReminder.objects.get_or_create(report=report, kind=kind)
            if not claimed:
                continue  # another worker got there first
            recipients = _applicant_emails(report.application.applicant_id)
            link = settings.TRYGG_BASE_URL.rstrip("/") + reverse("fund:report", args=[report.pk])
            with translation.override(settings.LANGUAGE_CODE):
                body = render_to_string(
                    "fund/email/report_reminder.txt",
                    {"report": report, "link": link, "overdue": kind == ReminderKind.AFTER},
                )
                subject = translation.gettext("Follow-up report for %(reference)s") % {
                    "reference": report.application.reference
                }
            try:
                if recipients:
                    send_mail(subject, body, None, recipients)
            except Exception:
                reminder.delete()  # not sent: try again on the next run
                raise
            sent += 1
    return sent
