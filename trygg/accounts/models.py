from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.models import TimeStampedModel
from trygg.core.roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email: str, password: str | None = None, **fields):
        # Only for framework hooks; Trygg code creates users through accounts.services.
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person who logs in. What they may do comes from their memberships, not the user."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("created"), default=timezone.now)
    # Who created the account and sent its invitation: that person may not approve its roles.
    invited_by = models.ForeignKey(
        "self",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The user list pages by keyset on this order (trygg.core.keyset).
        indexes = [models.Index(fields=["full_name", "email"], name="accounts_user_list_idx")]

    def __str__(self) -> str:
        return self.full_name or self.email


class Membership(TimeStampedModel):
    """A user's role in one organisation. A user may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"


class RoleGrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Turned down")


class RoleGrant(TimeStampedModel):
    """A sensitive role asked for by one person and approved or turned down by another.

    The membership exists only once a second person has approved; until then the user has
    no such role anywhere. The database refuses a decision by the person who asked, or by the
    user the role is for.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="role_grants",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RoleGrantStatus.choices,
        default=RoleGrantStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("asked for by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(status="pending"),
                name="rolegrant_one_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="rolegrant_role_valid"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="pending", decided_by__isnull=True, decided_at__isnull=True)
                    | (
                        ~models.Q(status="pending")
                        & models.Q(decided_by__isnull=False, decided_at__isnull=False)
                    )
                ),
                name="rolegrant_decided_when_not_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | (
                    ~models.Q(decided_by=models.F("requested_by"))
                    & ~models.Q(decided_by=models.F("user"))
                ),
                name="rolegrant_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"


class ThrottleKind(models.TextChoices):
    LOGIN = "login", _("Failed login")
    PASSWORD_RESET = "password_reset", _("Password reset asked for")
    INVITATION = "invitation", _("Invitation sent again")


class ThrottleEntry(models.Model):
    """One counted attempt, for the limits in ``accounts.throttle``.

    Neither the e-mail address typed nor the client's IP address is stored: both are keyed
    hashes (the blind-index key), so the table says how often, never who or from where.
    Rows older than the longest window are deleted as new ones arrive.
    """

    kind = models.CharField(max_length=16, choices=ThrottleKind.choices)
    account = models.CharField(max_length=64)
    address = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "account", "at"], name="throttle_account"),
            models.Index(fields=["kind", "address", "at"], name="throttle_address"),
            models.Index(fields=["at"], name="throttle_at"),
        ]
