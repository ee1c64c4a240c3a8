"""Consents (samtycke) and disclosures (uppgiftslämnande): the person's written consent,
per agency, to lift secrecy, and what was shared under it.

Nothing is shared with an agency without a consent that is valid on the day of sharing:
``disclosure_record`` refuses otherwise, and ``consent_valid_for`` answers other parts of
the system (referrals, transfers) the same question. Audit payloads carry ids and agency
codes only: never the scope, a summary or an organisation's name.
"""

from __future__ import annotations

from datetime import date as Date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.services import record_case_event, require_edit, touch
from trygg.defectors.constants import Agency, GuardianBasis
from trygg.defectors.identity import is_child_on
from trygg.defectors.models import Case, Consent, Disclosure

# An organisation without an agency code of its own must be named on the consent.
NAMED_AGENCIES = frozenset({Agency.NGO, Agency.OTHER_MUNICIPALITY, Agency.OTHER})
SCOPE_MAX_LENGTH = 4000
SUMMARY_MAX_LENGTH = 4000


class ConsentState(models.TextChoices):
    """Where a consent stands on a given day; shown as text beside every consent."""

    VALID = "valid", gettext_lazy("Valid")
    NOT_YET_VALID = "not_yet_valid", gettext_lazy("Not yet valid")
    EXPIRED = "expired", gettext_lazy("Expired")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


def consent_state(consent: Consent, on: Date | None = None) -> ConsentState:
    on = on or timezone.localdate()
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return ConsentState.WITHDRAWN
    if consent.expires_on is not None and on > consent.expires_on:
        return ConsentState.EXPIRED
    if on < consent.given_on:
        return ConsentState.NOT_YET_VALID
    return ConsentState.VALID


def agency_label(consent: Consent) -> str:
    """ "Botkyrka kommun (Another municipality)", or the agency alone when it has no name."""
    name = consent.agency_name.strip()
    agency = consent.get_agency_display()
    return f"{name} ({agency})" if name else str(agency)


def _valid_on(day: Date) -> Q:
    """Consents valid on ``day``, as a filter (the same rule as ``Consent.is_valid_on``)."""
    return (
        Q(given_on__lte=day)
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    )


# ---------------------------------------------------------------------------------------
# Reads


def consents_of(*, case: Case, on: Date | None = None) -> list[Consent]:
    """The case's consents, newest first, each with its disclosures (newest first) and
    ``state``/``label`` for the page. A fixed number of queries, whatever the count."""
    on = on or timezone.localdate()
    consents = list(
        case.consents.select_related("recorded_by").prefetch_related(
            Prefetch(
                "disclosures",
                queryset=Disclosure.objects.select_related("by").order_by("-disclosed_on", "-id"),
            )
        )
    )
    for consent in consents:
        consent.state = consent_state(consent, on)
        consent.label = agency_label(consent)
    return consents


def consents_valid_on(*, case: Case, on: Date | None = None):
    """The case's consents valid on ``on`` (today by default): those a disclosure may use."""
    return case.consents.filter(_valid_on(on or timezone.localdate()))


def consents_withdrawable(*, case: Case, on: Date | None = None):
    """Consents still in force or yet to start on ``on`` (today): those worth withdrawing."""
    on = on or timezone.localdate()
    return case.consents.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on), withdrawn_on__isnull=True
    )


def consent_valid_for(
    *, case: Case, agency: str, on: Date, agency_name: str | None = None
) -> Consent | None:
    """The consent that allows sharing with ``agency`` on ``on``, or None: then nothing may
    be shared. ``agency_name`` narrows an NGO or another municipality to the one named
    (case-insensitive). The latest-expiring valid consent wins."""
    consents = case.consents.filter(_valid_on(on), agency=agency)
    if agency_name is not None:
        consents = consents.filter(agency_name__iexact=agency_name.strip())
    return consents.order_by(
        models.F("expires_on").desc(nulls_first=True), "-given_on", "-id"
    ).first()


# ---------------------------------------------------------------------------------------
# Writes


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from error


def _not_in_future(day: Date, field: str, message: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(message, field=field)


def guardian_grounds() -> list[str]:
    return list(settings.TRYGG_GUARDIAN_LEGAL_GROUNDS)


def _guardians(case: Case, given_on, basis: str, ground: str) -> tuple[str, str]:
    """The guardians' part of a consent: required for a child, dropped for an adult."""
    if given_on is None or not is_child_on(case.person, given_on):
        return "", ""
    if basis not in GuardianBasis.values:
        raise ApplicationError(
            _(
                "The person is under 18: record that the guardians have consented too, or the "
                "legal ground for acting without them."
            ),
            field="guardian_basis",
        )
    if basis == GuardianBasis.GIVEN:
        return basis, ""
    if ground not in guardian_grounds():
        raise ApplicationError(
            _("Choose the legal ground for acting without the guardians."),
            field="guardian_ground",
        )
    return basis, ground


def consent_record(
    *,
    actor,
    case: Case,
    agency: str,
    agency_name: str,
    scope: str,
    given_on: Date,
    expires_on: Date | None,
    guardian_basis: str = "",
    guardian_ground: str = "",
) -> Consent:
    """Register a written consent the person has given to share information with one agency.

    For a person under 18 (by the identity number, on the day given) the guardians'
    consent is recorded as well, or the configured legal ground for acting without it."""
    require_edit(actor, case)
    guardian_basis, guardian_ground = _guardians(case, given_on, guardian_basis, guardian_ground)
    agency_name, scope = (agency_name or "").strip(), (scope or "").strip()
    if agency not in Agency.values:
        raise ApplicationError(_("Choose an agency."), field="agency")
    if agency in NAMED_AGENCIES and not agency_name:
        raise ApplicationError(
            _("Write the name of the organisation or municipality."), field="agency_name"
        )
    if not scope:
        raise ApplicationError(_("Describe what may be shared."), field="scope")
    if len(scope) > SCOPE_MAX_LENGTH:
        raise ApplicationError(
            _("Keep it under %(limit)s characters.") % {"limit": SCOPE_MAX_LENGTH}, field="scope"
        )
    _not_in_future(
        given_on, "given_on", _("A consent cannot be registered before it has been given.")
    )
    if expires_on is not None and expires_on < given_on:
        raise ApplicationError(
            _("The consent cannot end before the day it was given."), field="expires_on"
        )
    consent = Consent(
        case=case,
        agency=agency,
        agency_name=agency_name,
        scope=scope,
        given_on=given_on,
        expires_on=expires_on,
        recorded_by=actor.user,
        guardian_basis=guardian_basis,
        guardian_ground=guardian_ground,
    )
    with transaction.atomic():
        _clean(consent)
        consent.save()
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.consent.create",
            consent=consent.pk,
            agency=agency,
        )
    return consent


def consent_withdraw(*, actor, case: Case, consent: Consent, withdrawn_on: Date) -> Consent:
    """The person withdrew the consent from ``withdrawn_on``: nothing may be shared with the
    agency from that day on."""
    require_edit(actor, case)
    if consent.case_id != case.pk:
        raise ApplicationError(_("Choose one of this case's consents."), field="consent")
    _not_in_future(
        withdrawn_on,
        "withdrawn_on",
        _("Register the withdrawal when it has happened, not in advance."),
    )
    with transaction.atomic():
        # Locked, so two people cannot withdraw (or share under) it at the same time.
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_on is not None:
            raise ApplicationError(_("The consent is already withdrawn."), field="consent")
        if withdrawn_on < locked.given_on:
            raise ApplicationError(
                _("A consent cannot be withdrawn before the day it was given."),
                field="withdrawn_on",
            )
        locked.withdrawn_on = withdrawn_on
        locked.save(update_fields=["withdrawn_on", "updated_at"])
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.consent.withdraw",
            consent=locked.pk,
            agency=locked.agency,
        )
    consent.withdrawn_on = withdrawn_on
    return locked


def _refusal(consent: Consent, day: Date) -> str:
    """Why ``consent`` does not allow sharing on ``day``, in words for the case officer."""
    state = consent_state(consent, day)
    if state == ConsentState.WITHDRAWN:
        return _("The consent was withdrawn on %(date)s. Nothing may be shared under it.") % {
            "date": consent.withdrawn_on.isoformat()
        }
    if state == ConsentState.EXPIRED:
        return _("The consent ended on %(date)s. Nothing may be shared under it.") % {
            "date": consent.expires_on.isoformat()
        }
    return _("The consent was given on %(date)s, after that day. Nothing may be shared.") % {
        "date": consent.given_on.isoformat()
    }


def disclosure_record(
    *,
    actor,
    case: Case,
    consent: Consent,
    disclosed_on: Date,
    summary: str,
    agency: str | None = None,
) -> Disclosure:
    """Register information shared with an agency. Refused unless ``consent`` belongs to the
    case and is valid on ``disclosed_on`` (and, when ``agency`` is given, is that agency's):
    nothing may be shared with an agency without a valid consent."""
    require_edit(actor, case)
    summary = (summary or "").strip()
    if consent is None or consent.case_id != case.pk:
        raise ApplicationError(_("Choose one of this case's consents."), field="consent")
    if agency is not None and agency != consent.agency:
        raise ApplicationError(
            _("The consent is for another agency. Nothing may be shared without a valid consent."),
            field="consent",
        )
    _not_in_future(
        disclosed_on,
        "disclosed_on",
        _("Register what was shared when it has been shared, not in advance."),
    )
    if not summary:
        raise ApplicationError(_("Describe what was shared."), field="summary")
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise ApplicationError(
            _("Keep it under %(limit)s characters.") % {"limit": SUMMARY_MAX_LENGTH},
            field="summary",
        )
    with transaction.atomic():
        # Checked on the locked row: a withdrawal at the same moment cannot slip through.
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if not locked.is_valid_on(disclosed_on):
            raise ApplicationError(_refusal(locked, disclosed_on), field="consent")
        disclosure = Disclosure(
            case=case,
            consent=locked,
            disclosed_on=disclosed_on,
            summary=summary,
            by=actor.user,
        )
        _clean(disclosure)
        disclosure.save()
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.disclosure.create",
            disclosure=disclosure.pk,
            consent=locked.pk,
            agency=locked.agency,
        )
    return disclosure
