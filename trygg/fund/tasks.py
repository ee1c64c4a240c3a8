"""E-mail to applicants when their application changes state (after the change commits)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from trygg.accounts.constants import Role
from trygg.accounts.models import User
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
