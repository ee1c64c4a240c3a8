from django.conf import settings

from trygg.core.roles import Role

# A role that opens case files, moves money or reads the access log is given only when a
# second person approves it (ADR 0002): these roles, each with the roles that may approve it.
# The approver acts in the grant's organisation or one above it (a unit manager of the unit
# for a case officer), in the same municipality.
APPROVERS_OF_ROLE: dict[str, tuple[str, ...]] = {
    Role.HANDLAGGARE: (Role.ENHETSCHEF,),
    Role.ENHETSCHEF: (Role.ENHETSCHEF,),
    Role.LOGGGRANSKARE: (Role.LOGGGRANSKARE,),
    Role.SAMORDNARE: (Role.SAMORDNARE,),
}
# Where each role is held (accounts.services refuses a role elsewhere). Kinds of organisation
# in a municipality; "regional" is a partner organisation with no municipality (Södertörn's
# cooperation); the defector roles also need the social services committee above them.
MUNICIPAL = frozenset({"kommun", "namnd", "bolag", "enhet"})
ROLE_PLACES: dict[str, frozenset[str]] = {
    Role.SYSTEMADMINISTRATOR: frozenset({"kommun"}),
    Role.SAMORDNARE: frozenset({"kommun", "namnd", "enhet"}),
    Role.GRANSKARE: frozenset({"kommun", "namnd", "enhet"}),
    Role.SOKANDE: frozenset({"namnd", "bolag", "enhet"}),
    Role.HANDLAGGARE: frozenset({"namnd", "enhet"}),
    Role.ENHETSCHEF: frozenset({"namnd", "enhet"}),
    Role.LOGGGRANSKARE: MUNICIPAL | {"regional"},
    Role.ANALYTIKER: MUNICIPAL | {"regional"},
    Role.TRYGGHETSSAMORDNARE: frozenset({"kommun", "namnd"}),
    Role.EST_RAPPORTOR: MUNICIPAL,
    Role.TRYGGHETSKONTAKT: frozenset({"namnd", "bolag", "enhet"}),
    Role.TRYGGHETSLASARE: frozenset({"kommun", "namnd", "bolag"}),
    Role.DRIFTADMINISTRATOR: frozenset({"regional"}),
    Role.PARTNERKONTAKT: frozenset({"partner"}),
}
SOCIAL_SERVICES_ROLES = frozenset({Role.HANDLAGGARE, Role.ENHETSCHEF})
APPROVER_ROLES: frozenset[str] = frozenset(r for rs in APPROVERS_OF_ROLE.values() for r in rs)


# Every role that touches case files, case statistics, fund decisions, accounts or the logs
# logs in with a second factor, whatever the settings say; TRYGG_2FA_ROLES can only add.
ALWAYS_2FA_ROLES = frozenset(
    {
        Role.SYSTEMADMINISTRATOR,
        Role.SAMORDNARE,
        Role.GRANSKARE,
        Role.HANDLAGGARE,
        Role.ENHETSCHEF,
        Role.LOGGGRANSKARE,
        Role.ANALYTIKER,
        Role.TRYGGHETSSAMORDNARE,
        Role.DRIFTADMINISTRATOR,
        Role.PARTNERKONTAKT,
    }
)


def roles_requiring_2fa() -> set[str]:
    return set(ALWAYS_2FA_ROLES) | set(settings.TRYGG_2FA_ROLES)


PENDING_LOGIN_SESSION_KEY = "trygg_pending_login"
LAST_SEEN_SESSION_KEY = "trygg_last_seen"
MEMBERSHIP_SESSION_KEY = "trygg_membership"
RECOVERY_CODES_SESSION_KEY = "trygg_new_recovery_codes"
RECOVERY_CODE_COUNT = 10
