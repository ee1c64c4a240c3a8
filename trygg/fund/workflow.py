"""What every step of an application's workflow shares: the status move (audited, with an
e-mail to the applicant once the transaction commits) and the refusal that names every
missing field at once."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund.models import Application
from trygg.fund.tasks import notify_applicant


class SubmissionInvalid(ApplicationError):
    """Several fields are missing at once; ``errors`` maps field name to message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(_("The application is not complete."))
        self.errors = errors


def status_change(application: Application, actor, status: str, **payload) -> None:
    old = application.status
    application.status = status
    application.save(update_fields=["status", "updated_at"])
    record(
        action="fund.application.status",
        actor=actor,
        target=application,
        payload={"from": old, "to": status, **payload},
    )
    transaction.on_commit(lambda: notify_applicant.enqueue(application.pk, status))


def locked_in_status(application: Application, allowed: set[str], message: str) -> Application:
    """Re-read the application under a row lock; refuse unless it is in one of the statuses.

    Two coordinators pressing buttons at once must not both move the same application.
    """
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status not in allowed:
        raise ApplicationError(message)
    application.status = current.status
    return application
