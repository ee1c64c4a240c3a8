from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEMADMINISTRATOR = "systemadministrator", _("System administrator")
    SAMORDNARE = "samordnare", _("Coordinator")
    GRANSKARE = "granskare", _("Reviewer")
    SOKANDE = "sokande", _("Applicant")
    HANDLAGGARE = "handlaggare", _("Case officer")
    ENHETSCHEF = "enhetschef", _("Unit manager")
    LOGGGRANSKARE = "logggranskare", _("Log reviewer")
    ANALYTIKER = "analytiker", _("Analyst")


def roles_requiring_2fa() -> set[str]:
    return set(settings.TRYGG_2FA_ROLES)


PENDING_LOGIN_SESSION_KEY = "trygg_pending_login"
LAST_SEEN_SESSION_KEY = "trygg_last_seen"
MEMBERSHIP_SESSION_KEY = "trygg_membership"
RECOVERY_CODES_SESSION_KEY = "trygg_new_recovery_codes"
RECOVERY_CODE_COUNT = 10
