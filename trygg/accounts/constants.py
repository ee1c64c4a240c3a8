from django.conf import settings


def roles_requiring_2fa() -> set[str]:
    return set(settings.TRYGG_2FA_ROLES)


PENDING_LOGIN_SESSION_KEY = "trygg_pending_login"
LAST_SEEN_SESSION_KEY = "trygg_last_seen"
MEMBERSHIP_SESSION_KEY = "trygg_membership"
RECOVERY_CODES_SESSION_KEY = "trygg_new_recovery_codes"
RECOVERY_CODE_COUNT = 10
