from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from trygg.accounts.models import Membership, RoleGrant, RoleGrantStatus, User
from trygg.accounts.policies import accounts_policy
from trygg.core.sql_once import Columns, fetch, quote
from trygg.organisations.models import Organisation
from trygg.organisations.selectors import parents_of


@cache
def _memberships_sql(vendor: str) -> tuple[str, Columns, Columns, Columns]:
    members, organisations = Membership._meta, Organisation._meta
    membership, organisation = Columns(Membership, "m"), Columns(Organisation, "o")
    municipality = Columns(Organisation, "k")
    key = quote(organisations.pk.column)
    sql = (
        f"SELECT {membership.sql()}, {organisation.sql()}, {municipality.sql()} "  # noqa: S608 - the models' own names
        f"FROM {quote(members.db_table)} m "
        f"INNER JOIN {quote(organisations.db_table)} o "
        f"ON o.{key} = m.{quote(members.get_field('organisation').column)} "
        f"LEFT OUTER JOIN {quote(organisations.db_table)} k "
        f"ON k.{key} = o.{quote(organisations.get_field('municipality').column)} "
        f"WHERE m.{quote(members.get_field('user').column)} = %s "
        f"AND o.{quote(organisations.get_field('is_active').column)} = %s "
        f"ORDER BY o.{quote(organisations.get_field('name').column)} ASC, "
        f"m.{quote(members.get_field('role').column)} ASC"
    )
    return sql, membership, organisation, municipality


def memberships_of(*, user: User) -> list[Membership]:
    """The user's memberships in active organisations, each with its organisation and that
    organisation's municipality, ordered by organisation and role.

    Read on every signed-in request, so the statement is written once per process
    (``trygg.core.sql_once``); it is the ORM's ``Membership.objects.filter(user=user,
    organisation__is_active=True).select_related("organisation",
    "organisation__municipality").order_by("organisation__name", "role")``."""
    sql, membership_columns, organisation_columns, municipality_columns = _memberships_sql(
        connection.vendor
    )
    memberships = []
    for row in fetch(sql, [user.pk, True]):
        membership = membership_columns.build(row)
        organisation = organisation_columns.build(row, membership_columns.width)
        municipality = municipality_columns.build(
            row, membership_columns.width + organisation_columns.width
        )
        organisation._state.fields_cache["municipality"] = municipality
        membership._state.fields_cache["organisation"] = organisation
        memberships.append(membership)
    return memberships


def user_list(*, actor, search: str = "") -> QuerySet[User]:
    users = accounts_policy.visible(actor, User.objects.all())
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    in_scope = Membership.objects.filter(
        organisation__municipality_id=actor.municipality_id
    ).select_related("organisation")
    waiting = RoleGrant.objects.filter(
        organisation__municipality_id=actor.municipality_id, status=RoleGrantStatus.PENDING
    ).select_related("organisation")
    return users.prefetch_related(
        Prefetch("memberships", queryset=in_scope),
        Prefetch("role_grants", queryset=waiting, to_attr="waiting_grants"),
    ).order_by("full_name", "email")


def user_rows(*, actor) -> QuerySet[User]:
    """``user_list`` for the list page: only the shown columns, and each user's roles in the
    municipality as a plain list ``membership_list`` (prefetching into the related manager
    builds a queryset per user, fifty a page)."""
    in_scope = (
        Membership.objects.filter(organisation__municipality_id=actor.municipality_id)
        .select_related("organisation")
        .only("id", "user_id", "role", "organisation__id", "organisation__name")
    )
    return (
        user_list(actor=actor)
        .prefetch_related(None)
        .prefetch_related(Prefetch("memberships", queryset=in_scope, to_attr="membership_list"))
        .only("id", "email", "full_name", "is_active")
    )


def user_get(*, actor, user_id: int) -> User:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(user_list(actor=actor), pk=user_id)


def has_confirmed_device(*, user: User) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


def role_grants_to_approve(*, actor) -> list[RoleGrant]:
    """The pending grants this actor may approve, oldest first."""
    grants = accounts_policy.visible_role_grants(
        actor, RoleGrant.objects.filter(status=RoleGrantStatus.PENDING)
    ).select_related("user", "organisation", "requested_by")
    parents = parents_of(municipality_id=actor.municipality_id)
    chosen = []
    for grant in grants:
        grant.organisation_parents = parents  # the policy walks up without a query per grant
        if accounts_policy.can_approve_role_grant(actor, grant):
            chosen.append(grant)
    return chosen


def role_grant_get(*, actor, grant_id: int) -> RoleGrant:
    """A grant of a role the actor's role may approve (404 otherwise, also for another
    municipality); whether this actor may decide it is the policy's ``approve_role_grant``."""
    from django.shortcuts import get_object_or_404

    grants = accounts_policy.visible_role_grants(actor, RoleGrant.objects.all())
    return get_object_or_404(grants.select_related("user", "organisation"), pk=grant_id)


def organisations_with_role(role: str) -> dict[int, list]:
    """The organisations where someone holds ``role`` now, by municipality id (for the
    privacy page: the fund's coordinators work in the committee that runs it)."""
    found: dict[int, list] = {}
    organisations = {
        m.organisation
        for m in Membership.objects.filter(role=role, user__is_active=True).select_related(
            "organisation"
        )
    }
    for organisation in sorted(organisations, key=lambda o: o.name):
        found.setdefault(organisation.municipality_id, []).append(organisation)
    return found


def work_queue(*, actor) -> list:
    """Roles waiting for this person's approval (``trygg.core.workqueue``)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from trygg.accounts.constants import APPROVER_ROLES
    from trygg.core.workqueue import WorkItem

    if actor.membership is None or actor.membership.role not in APPROVER_ROLES:
        return []
    waiting = len(role_grants_to_approve(actor=actor))
    return [
        WorkItem(_("Roles waiting for your approval"), waiting, reverse("accounts:role_grants"))
    ]


def hosted_municipalities(*, actor) -> list:
    """The installation's municipalities for the hosting administrator, each with its number
    of active users and its active system administrators (names and addresses: the people the
    hosting administrator helps). Nothing else of a municipality: three queries for any number."""
    from trygg.organisations.constants import OrganisationKind
    from trygg.organisations.models import Organisation
    from trygg.organisations.policies import organisations_policy

    if not organisations_policy.can_host(actor):
        return []
    municipalities = list(
        Organisation.objects.filter(kind=OrganisationKind.KOMMUN).order_by("name")
    )
    # Users hold roles in the municipality's committees and units too: count them there.
    from django.db.models import Count

    counts = dict(
        Membership.objects.filter(user__is_active=True, organisation__municipality__isnull=False)
        .values("organisation__municipality_id")
        .annotate(users=Count("user_id", distinct=True))
        .values_list("organisation__municipality_id", "users")
    )
    admins: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        role="systemadministrator", user__is_active=True
    ).select_related("user"):
        admins.setdefault(membership.organisation_id, []).append(membership.user)
    for municipality in municipalities:
        municipality.active_users = counts.get(municipality.pk, 0)
        municipality.administrators = admins.get(municipality.pk, [])
    return municipalities


def hosted_municipality_get(*, actor, municipality_id: int):
    from django.http import Http404

    found = next((m for m in hosted_municipalities(actor=actor) if m.pk == municipality_id), None)
    if found is None:
        raise Http404
    return found
