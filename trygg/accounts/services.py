"""Every write to users, memberships and second factors, each with its audit event."""

from __future__ import annotations

import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts.constants import (
    APPROVERS_OF_ROLE,
    RECOVERY_CODE_COUNT,
    ROLE_PLACES,
    SOCIAL_SERVICES_ROLES,
)
from trygg.accounts.models import Membership, RoleGrant, RoleGrantStatus, User
from trygg.accounts.policies import accounts_policy
from trygg.accounts.tasks import send_invitation
from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.organisations.policies import organisations_policy
from trygg.organisations.selectors import serves_social_services

RECOVERY_DEVICE_NAME = "recovery"


def _require(actor, action: str, obj=None) -> None:
    accounts_policy.require(actor, action, obj)


def user_create(*, actor, email: str, full_name: str, organisation, role: str) -> User:
    """Create a user together with their first role; the password is set by the user.

    A sensitive role (``APPROVERS_OF_ROLE``) is only asked for: the account exists, but the
    role waits for a second person's approval (``role_grant_approve``)."""
    _require(actor, "grant_membership", organisation)
    email = User.objects.normalize_email(email).strip().lower()
    _refuse_taken_address(actor=actor, email=email)
    with transaction.atomic():
        user = User(email=email, full_name=full_name.strip(), invited_by=actor.user)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        record(action="accounts.user.create", actor=actor, target=user)
        membership_grant(actor=actor, user=user, organisation=organisation, role=role)
        transaction.on_commit(lambda: send_invitation.enqueue(user.pk))
    return user


def municipality_admin_invite(*, actor, municipality, email: str, full_name: str) -> User:
    """The hosting administrator gives a municipality its first local administrator (or a new
    one when none is left), who then manages the municipality's own users.

    Only while the municipality has no active system administrator: after that its own
    administrators decide who works there. An address already in use gets the role on that
    account, and no new invitation (the person logs in as before)."""
    organisations_policy.require(actor, "host", municipality)
    if municipality.kind != "kommun":
        raise ApplicationError(_("Choose a municipality."))
    has_admin = Membership.objects.filter(
        organisation__municipality_id=municipality.pk,
        role=Role.SYSTEMADMINISTRATOR,
        user__is_active=True,
    ).exists()
    if has_admin:
        raise ApplicationError(
            _("The municipality already has a system administrator, who adds its users. Ask them.")
        )
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        invite = user is None
        if invite:
            user = User(email=email, full_name=full_name.strip(), invited_by=actor.user)
            user.set_unusable_password()
            user.full_clean()
            user.save()
            record(
                action="accounts.user.create",
                actor=actor,
                target=user,
                municipality_id=municipality.pk,
            )
        _membership_create(
            actor=actor,
            user=user,
            organisation=municipality,
            role=Role.SYSTEMADMINISTRATOR,
            via="hosting",
        )
        if invite:
            transaction.on_commit(lambda: send_invitation.enqueue(user.pk))
    return user


def _refuse_taken_address(*, actor, email: str) -> None:
    """An address already in use. Within the administrator's own municipality they may know
    whose it is; elsewhere the message says only that the address cannot be used, never where
    it is in use, and the attempt is audited (asking about addresses one by one leaves a trace).
    """
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        return
    here = {"organisation__municipality_id": actor.municipality_id}
    if existing.memberships.filter(**here).exists() or existing.role_grants.filter(**here).exists():
        raise ApplicationError(
            _("A user with this e-mail address already exists. Open them in the list of users."),
            field="email",
        )
    with transaction.atomic():
        record(action="accounts.user.create_refused", actor=actor)
    raise ApplicationError(
        _(
            "This e-mail address cannot be used for a new account. Check the address with the "
            "person; if they already use Trygg elsewhere, the hosting administrator can help."
        ),
        field="email",
    )


def invitation_resend(*, actor, user: User) -> None:
    """Send the invitation again to a user who has not chosen a password yet (the limits per
    account and address are the view's, in ``accounts.throttle``)."""
    _require(actor, "manage_users", user)
    if user.has_usable_password() or not user.is_active:
        raise ApplicationError(_("The user has already chosen a password."))
    with transaction.atomic():
        record(action="accounts.invitation.resend", actor=actor, target=user)
        transaction.on_commit(lambda: send_invitation.enqueue(user.pk))


def user_set_active(*, actor, user: User, active: bool) -> None:
    """Deactivate an account (someone leaves) or reactivate it. A deactivated account's
    sessions end at its next request (the authentication backend refuses inactive users) and
    its API tokens are refused at once; its roles, history and audit events stay."""
    _require(actor, "manage_users", user)
    if user.pk == getattr(actor.user, "pk", None):
        raise ApplicationError(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active
        record(
            action="accounts.user.reactivate" if active else "accounts.user.deactivate",
            actor=actor,
            target=user,
        )


def membership_grant(*, actor, user: User, organisation, role: str) -> Membership | RoleGrant:
    """Give a role, or for a sensitive role ask for it (a pending ``RoleGrant``)."""
    _require(actor, "grant_membership", organisation)
    if user.pk == getattr(actor.user, "pk", None):
        # Nobody gives themselves a role: an administrator must not become a coordinator
        # (fund decisions) or a case officer (case files) on their own say-so.
        raise ApplicationError(_("You cannot change your own roles. Ask another administrator."))
    if role in APPROVERS_OF_ROLE:
        return role_grant_request(actor=actor, user=user, organisation=organisation, role=role)
    return _membership_create(actor=actor, user=user, organisation=organisation, role=role)


ROLE_PLACE_MESSAGES = {
    Role.SYSTEMADMINISTRATOR: gettext_lazy(
        "A system administrator's role is held in the municipality itself."
    ),
    Role.SAMORDNARE: gettext_lazy(
        "A coordinator works in the municipality's own organisation: a committee or a unit."
    ),
    Role.GRANSKARE: gettext_lazy(
        "A reviewer works in the municipality's own organisation: a committee or a unit."
    ),
    Role.SOKANDE: gettext_lazy(
        "An applicant applies for a committee or a municipal company, or one of their units."
    ),
    Role.HANDLAGGARE: gettext_lazy(
        "Case officers work in the social services committee or one of its units. Choose such "
        "a unit."
    ),
    Role.ENHETSCHEF: gettext_lazy(
        "Unit managers of the defector programme work in the social services committee or one "
        "of its units. Choose such a unit."
    ),
    Role.LOGGGRANSKARE: gettext_lazy(
        "A log reviewer works in a municipality or a regional organisation."
    ),
    Role.ANALYTIKER: gettext_lazy("An analyst works in a municipality or a regional organisation."),
    Role.TRYGGHETSSAMORDNARE: gettext_lazy(
        "A prevention coordinator works in the municipality itself or one of its committees."
    ),
    Role.EST_RAPPORTOR: gettext_lazy(
        "A place reporter works in the municipality, one of its committees, companies or units."
    ),
    Role.TRYGGHETSKONTAKT: gettext_lazy(
        "A prevention contact reports for a committee, a company or a unit. Choose one of them."
    ),
    Role.TRYGGHETSLASARE: gettext_lazy(
        "A prevention reader works in the municipality, one of its committees or companies."
    ),
    Role.PARTNERKONTAKT: gettext_lazy(
        "A partner agency contact works at one of the municipality's partner agencies. Choose "
        "the agency."
    ),
    Role.DRIFTADMINISTRATOR: gettext_lazy(
        "A hosting administrator works for the installation, in an organisation outside every "
        "municipality."
    ),
}


def _require_role_fits(organisation, role: str) -> None:
    """Roles fit their organisation (``ROLE_PLACES``): a case officer in the culture committee
    would reach the defector programme."""
    kind = "regional" if organisation.municipality_id is None else organisation.kind
    fits = kind in ROLE_PLACES.get(role, frozenset())
    if fits and role in SOCIAL_SERVICES_ROLES:
        fits = serves_social_services(organisation)
    if not fits:
        raise ApplicationError(str(ROLE_PLACE_MESSAGES[role]), field="organisation")


def _membership_create(*, actor, user: User, organisation, role: str, **audit) -> Membership:
    _require_role_fits(organisation, role)
    membership = Membership(user=user, organisation=organisation, role=role)
    duplicate = _("The user already has this role in this organisation.")
    try:
        membership.full_clean()
    except ValidationError as error:
        raise ApplicationError(
            duplicate if "__all__" in error.message_dict else str(error)
        ) from error
    try:
        with transaction.atomic():
            membership.save()
            record(
                action="accounts.membership.create",
                actor=actor,
                target=membership,
                municipality_id=organisation.municipality_id,
                payload={"user": user.pk, "organisation": organisation.pk, "role": role, **audit},
            )
    except IntegrityError as error:
        raise ApplicationError(duplicate) from error  # a concurrent grant won the race
    return membership


# --- Sensitive roles: asked for by one person, approved by another ------------------------


def role_grant_request(*, actor, user: User, organisation, role: str) -> RoleGrant:
    _require(actor, "grant_membership", organisation)
    _require_role_fits(organisation, role)
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ApplicationError(_("The user already has this role in this organisation."))
    grant = RoleGrant(user=user, organisation=organisation, role=role, requested_by=actor.user)
    try:
        grant.full_clean()
    except ValidationError as error:
        raise ApplicationError(
            _("This role is already waiting for approval.")
            if "__all__" in error.message_dict
            else str(error)
        ) from error
    try:
        with transaction.atomic():
            grant.save()
            record(
                action="accounts.role_grant.request",
                actor=actor,
                target=grant,
                municipality_id=organisation.municipality_id,
                payload={"user": user.pk, "organisation": organisation.pk, "role": role},
            )
    except IntegrityError as error:
        raise ApplicationError(_("This role is already waiting for approval.")) from error
    return grant


def _decided(*, actor, grant: RoleGrant, status: str) -> RoleGrant:
    """Lock the grant, check it still waits, then decide and audit the decision. The caller
    has checked the policy before its transaction, so that a refusal's audit event is not
    rolled back with it; who asked, for whom and where never change, so the check still holds
    under the lock."""
    locked = RoleGrant.objects.select_for_update().select_related("user", "organisation")
    grant = locked.get(pk=grant.pk)
    if grant.status != RoleGrantStatus.PENDING:
        raise ApplicationError(_("This role has already been decided."))
    grant.status = status
    grant.decided_by = actor.user
    grant.decided_at = timezone.now()
    grant.full_clean()
    grant.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    verb = "approve" if status == RoleGrantStatus.APPROVED else "reject"
    record(
        action=f"accounts.role_grant.{verb}",
        actor=actor,
        target=grant,
        municipality_id=grant.organisation.municipality_id,
        payload={"user": grant.user_id, "organisation": grant.organisation_id, "role": grant.role},
    )
    return grant


def role_grant_approve(*, actor, grant: RoleGrant) -> Membership:
    """The second person approves: the membership is created in the same transaction."""
    _require(actor, "approve_role_grant", grant)
    with transaction.atomic():
        grant = _decided(actor=actor, grant=grant, status=RoleGrantStatus.APPROVED)
        return _membership_create(
            actor=actor,
            user=grant.user,
            organisation=grant.organisation,
            role=grant.role,
            grant=grant.pk,
        )


def role_grant_reject(*, actor, grant: RoleGrant) -> RoleGrant:
    _require(actor, "approve_role_grant", grant)
    with transaction.atomic():
        return _decided(actor=actor, grant=grant, status=RoleGrantStatus.REJECTED)


def membership_break_glass(*, user: User, organisation, role: str) -> Membership:
    """Installation set-up only (``manage.py grant_role``): give a role with no second person,
    for the first holder of an approving role in a municipality. Audited as such."""
    with transaction.atomic():
        return _membership_create(
            actor=None, user=user, organisation=organisation, role=role, break_glass=True
        )


def membership_revoke(*, actor, membership: Membership) -> None:
    _require(actor, "grant_membership", membership.organisation)
    if membership.user_id == getattr(actor.user, "pk", None):
        raise ApplicationError(_("You cannot change your own roles. Ask another administrator."))
    with transaction.atomic():
        record(
            action="accounts.membership.delete",
            actor=actor,
            target=membership,
            payload={
                "user": membership.user_id,
                "organisation": membership.organisation_id,
                "role": membership.role,
            },
        )
        membership.delete()


def second_factor_reset(*, actor, user: User) -> None:
    """Remove a user's authenticators (lost phone); they enrol again at next login."""
    _require(actor, "manage_users", user)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(action="accounts.totp.reset", actor=actor, target=user)


def totp_device_begin(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator a user is enrolling; reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from the app; returns new recovery codes, or None."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(action="accounts.totp.enrol", actor=_acting(user), target=user)
        return recovery_codes_regenerate(user=user)


def recovery_codes_regenerate(*, user: User) -> list[str]:
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        record(action="accounts.recovery_codes.create", actor=_acting(user), target=user)
    return codes


def password_change(*, user: User, new_password: str) -> None:
    """Set a new password. Django's session hash then ends every other session of the user."""
    password_validation.validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(action="accounts.password.change", actor=_acting(user), target=user)


def _acting(user: User):
    """The user as an actor, so that account events land in their municipality's log."""
    from trygg.accounts.actor import actor_for

    return actor_for(user)


def login_recorded(*, user: User, factor: str) -> None:
    record(
        action="accounts.login.success",
        actor=_acting(user),
        target=user,
        payload={"factor": factor},
    )


def login_failure_recorded(*, email: str, step: str, locked_out: str | None) -> None:
    """A failed attempt: the event names the account by id when it exists, never the text typed.

    ``locked_out`` names the limit this attempt reached (``accounts.throttle``), if any."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    membership = _acting(user).membership if user else None
    where = {
        "target_type": "accounts.user" if user else "",
        "target_id": user.pk if user else "",
        "organisation_id": membership.organisation_id if membership else None,
        "municipality_id": membership.organisation.municipality_id if membership else None,
    }
    with transaction.atomic():
        record(action="accounts.login.fail", payload={"step": step}, **where)
        if locked_out:
            record(action="accounts.login.lockout", payload={"limit": locked_out}, **where)


def logout_recorded(*, user: User, reason: str) -> None:
    record(
        action="accounts.session.end", actor=_acting(user), target=user, payload={"reason": reason}
    )
