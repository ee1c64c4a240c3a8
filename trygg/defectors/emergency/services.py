"""Emergency access (nödåtkomst): a colleague in the case's unit opens a case outside their
assignment by stating a reason, for a limited time.

The grant is audited (``defectors.emergency.grant``) and every later event of that user on
the case carries ``"emergency": <access id>`` (``services.record_case_event``), so the log
review can follow what was done. The reason is encrypted in the row; the audit holds ids
and numbers only. The case team is told by e-mail, without anything about the person.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.services import record_case_event
from trygg.defectors.models import Case, EmergencyAccess
from trygg.defectors.policies import defectors_policy

REASON_MIN_LENGTH = 15
REASON_MIN_LETTERS = 10
REFERENCE_MAX_LENGTH = 20


def readable_reason(reason: str) -> str:
    """The reason without invisible characters (format and control characters such as
    zero-width spaces; line breaks stay) and without white space at either end."""
    return "".join(c for c in reason if c == "\n" or unicodedata.category(c)[0] != "C").strip()


def _require_real_reason(reason: str, field: str = "reason") -> None:
    """A reason the team and the log reviewer can read: words, not dots or invisible text."""
    letters = sum(1 for c in reason if c.isalpha())
    if len(" ".join(reason.split())) < REASON_MIN_LENGTH or letters < REASON_MIN_LETTERS:
        raise ApplicationError(
            _("Describe the reason in words, in at least %(count)d characters.")
            % {"count": REASON_MIN_LENGTH},
            field=field,
        )


def _require_within_daily_limit(*, actor, case: Case, now) -> None:
    taken = EmergencyAccess.objects.filter(
        case=case, user_id=actor.user.pk, granted_at__gt=now - timedelta(hours=24)
    ).count()
    if taken >= settings.TRYGG_DEFECTORS_EMERGENCY_PER_DAY:
        raise ApplicationError(
            _(
                "You have used emergency access to this case %(count)d times in the last 24 "
                "hours. Ask the unit manager to add you to the case team."
            )
            % {"count": taken},
            field="reason",
        )


def _not_found() -> ApplicationError:
    # The same words whether the reference does not exist or belongs to another unit or
    # municipality: the form must not tell which references exist elsewhere.
    return ApplicationError(_("No case with that reference in your unit."), field="reference")


def normalise_reference(value: str) -> str:
    return "".join(value.split()).upper()


def emergency_access_grant(*, actor, reference: str, reason: str) -> EmergencyAccess:
    """Give the actor time-limited access to the case with ``reference`` in their own unit.

    Refused with one neutral message for an unknown reference or a case outside the
    actor's unit; a team member is told to open the case as usual."""
    defectors_policy.require(actor, "use")
    reference = normalise_reference(reference)
    reason = readable_reason(reason)
    _require_real_reason(reason)
    case = None
    if reference and len(reference) <= REFERENCE_MAX_LENGTH:
        case = (
            Case.objects.select_related("unit")
            .filter(
                reference=reference,
                municipality_id=actor.municipality_id,
                unit_id=actor.organisation.pk,
            )
            .first()
        )
    if case is None:
        # Recorded for the log review (someone trying references), without the reference.
        record(action="defectors.emergency.refuse", actor=actor, payload={"found": False})
        raise _not_found()
    if case.team.filter(user_id=actor.user.pk).exists():
        raise ApplicationError(
            _("You are on this case's team: open it from your list of cases."),
            field="reference",
        )
    if not defectors_policy.can(actor, "request_emergency_access", case):
        record(action="defectors.emergency.refuse", actor=actor, payload={"found": False})
        raise _not_found()
    minutes = settings.TRYGG_DEFECTORS_EMERGENCY_MINUTES
    now = timezone.now()
    _require_within_daily_limit(actor=actor, case=case, now=now)
    with transaction.atomic():
        access = EmergencyAccess(
            case=case,
            user=actor.user,
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
        access.full_clean()
        access.save()
        case.emergency_access = access
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.emergency.grant",
            access=access.pk,
            minutes=minutes,
        )
        transaction.on_commit(lambda: notify_team_of_emergency_access.enqueue(access.pk))
    return access


NOTE_MAX_LENGTH = 2000


def emergency_note_add(*, actor, case: Case, text: str) -> EmergencyAccess:
    """The holder of an emergency access records what they did and why: the only thing they
    may write in the case. Added to the access with the time, never replacing what is there;
    audited (``defectors.emergency.note``, marked with the access) without the text."""
    defectors_policy.require(actor, "note_emergency", case)
    text = readable_reason(text)
    _require_real_reason(text, field="note")
    if len(text) > NOTE_MAX_LENGTH:
        raise ApplicationError(
            _("Write at most %(count)d characters.") % {"count": NOTE_MAX_LENGTH}, field="note"
        )
    with transaction.atomic():
        access = (
            EmergencyAccess.objects.select_for_update()
            .filter(case=case, user_id=actor.user.pk, expires_at__gt=timezone.now())
            .order_by("-granted_at", "-id")
            .first()
        )
        if access is None:  # ended between the check and the lock
            raise ApplicationError(_("Your emergency access has ended."), field="note")
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        access.note = f"{access.note}\n\n{stamp}: {text}".strip()
        access.save(update_fields=["note"])
        case.emergency_access = access
        record_case_event(actor=actor, case=case, action="defectors.emergency.note")
    return access


def emergency_accesses_of(*, case: Case) -> list[EmergencyAccess]:
    """Every emergency access to the case, newest first, with who held it (one query)."""
    return list(case.emergency_accesses.select_related("user").order_by("-granted_at", "-id"))


def active_accesses_of(*, actor) -> list[EmergencyAccess]:
    """The actor's unexpired emergency accesses in their unit, soonest ending first."""
    if not actor.is_authenticated or actor.organisation is None:
        return []
    return list(
        EmergencyAccess.objects.select_related("case")
        .filter(
            user_id=actor.user.pk,
            expires_at__gt=timezone.now(),
            case__unit_id=actor.organisation.pk,
            case__municipality_id=actor.municipality_id,
        )
        .order_by("expires_at", "id")
    )


UNIT_FOLLOW_UP_DAYS = 90


def _unit_accesses(actor):
    return EmergencyAccess.objects.filter(
        case__unit_id=actor.organisation.pk, case__municipality_id=actor.municipality_id
    )


def last_follow_up(*, actor):
    """When the unit manager last looked at the unit's emergency accesses (from the audit)."""
    return (
        AuditEvent.objects.filter(action="defectors.emergency.follow_up", actor_id=actor.user.pk)
        .order_by("-id")
        .values_list("at", flat=True)
        .first()
    )


def unseen_unit_accesses(*, actor) -> int:
    """Emergency accesses in the manager's unit granted since they last looked (or within the
    follow-up period, if they never have)."""
    since = last_follow_up(actor=actor) or timezone.now() - timedelta(days=UNIT_FOLLOW_UP_DAYS)
    return _unit_accesses(actor).filter(granted_at__gt=since).count()


def unit_accesses(*, actor) -> tuple[list[EmergencyAccess], object]:
    """The unit's emergency accesses of the last 90 days for the unit manager, newest first,
    and when the manager last looked. Looking is audited with the accesses shown."""
    defectors_policy.require(actor, "follow_emergency_accesses")
    seen = last_follow_up(actor=actor)
    since = timezone.now() - timedelta(days=UNIT_FOLLOW_UP_DAYS)
    accesses = list(
        _unit_accesses(actor)
        .filter(granted_at__gt=since)
        .select_related("case", "user")
        .order_by("-granted_at", "-id")
    )
    record(
        action="defectors.emergency.follow_up",
        actor=actor,
        payload={"accesses": [a.pk for a in accesses]},
    )
    return accesses, seen


@task()
def notify_team_of_emergency_access(access_id: int) -> None:
    """Tell the case team that a colleague opened their case by emergency access.

    Only the case reference, the colleague's name (staff) and the time: nothing about the
    person, and not the reason (it is on the case page, for the team)."""
    access = EmergencyAccess.objects.select_related("case", "user").filter(pk=access_id).first()
    if access is None:
        return
    recipients = list(
        User.objects.filter(is_active=True, defector_teams__case_id=access.case_id)
        .exclude(pk=access.user_id)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    link = settings.TRYGG_BASE_URL.rstrip("/") + reverse(
        "defectors:case_detail", args=[access.case_id]
    )
    values = {
        "reference": access.case.reference,
        "colleague": access.user.full_name or access.user.email,
        "at": timezone.localtime(access.granted_at).strftime("%Y-%m-%d %H:%M"),
        "until": timezone.localtime(access.expires_at).strftime("%H:%M"),
        "link": link,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Emergency access to case %(reference)s") % values
        body = (
            translation.gettext(
                "Case %(reference)s was opened by emergency access by %(colleague)s at %(at)s. "
                "The access lasts until %(until)s.\n\n"
                "The reason given is shown on the case page, for the case team:\n%(link)s\n\n"
                "If the access was not expected, tell your unit manager."
            )
            % values
        )
    send_mail(subject, body, None, recipients)
