"""Registry numbers: the municipality's registry (diarium) registers the fund's documents
(an application when it comes in, the decision when it is made) under its own numbers; the
coordinator records them here so the two can be matched, and the registry gets an export."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund.constants import DECIDED, ApplicationStatus
from trygg.fund.models import Application, Decision
from trygg.fund.policies import fund_policy

# Registries write e.g. "KS 2026/123", "KS-2026-0123" or "2026.0123": letters, digits, spaces
# and . / - : only.
REGISTRY_NUMBER = re.compile(r"^[\w .:/-]{1,40}$")


def _checked(value: str, field: str) -> str:
    value = " ".join(value.split())
    if value and not REGISTRY_NUMBER.match(value):
        raise ApplicationError(
            _("A registry number has letters, digits, spaces and . / - : only, at most 40."),
            field=field,
        )
    return value


def registry_numbers_save(
    *, actor, application: Application, application_number: str, decision_number: str
) -> None:
    fund_policy.require(actor, "administer", application)
    if application.status == ApplicationStatus.DRAFT:
        raise ApplicationError(_("A draft is not a public record yet; it has no registry number."))
    application_number = _checked(application_number, "application_number")
    decision_number = _checked(decision_number, "decision_number")
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        current.registry_number = application_number
        current.save(update_fields=["registry_number", "updated_at"])
        if current.status in DECIDED:
            Decision.objects.filter(application=current).update(registry_number=decision_number)
        elif decision_number:
            raise ApplicationError(
                _("The application has no decision yet."), field="decision_number"
            )
        record(action="fund.registry_number.save", actor=actor, target=current)
