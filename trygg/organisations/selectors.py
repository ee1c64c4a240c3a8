from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import District, Organisation
from trygg.organisations.policies import organisations_policy


def organisations_of_municipality(*, municipality_id: int | None) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality_id=municipality_id, is_active=True).order_by(
        "kind", "name"
    )


def organisation_tree(*, actor) -> QuerySet[Organisation]:
    return (
        organisations_policy.visible(actor, Organisation.objects.all())
        .select_related("parent")
        .order_by("kind", "name")
    )


def district_list(*, actor) -> QuerySet[District]:
    return organisations_policy.visible(actor, District.objects.all()).order_by("name")


def district_get(*, actor, district_id: int) -> District:
    return get_object_or_404(district_list(actor=actor), pk=district_id)


def lineage_ids(
    organisation: Organisation, parents: dict[int, int | None] | None = None
) -> list[int]:
    """The ids of the organisation and every organisation above it, nearest first.

    ``parents`` (``parents_of``): each organisation's parent, read once for many look-ups;
    without it each step up is one query."""
    ids = [organisation.pk]
    parent_id = organisation.parent_id
    while parent_id is not None and parent_id not in ids:
        ids.append(parent_id)
        if parents is not None and parent_id in parents:
            parent_id = parents[parent_id]
        else:
            parent_id = Organisation.objects.filter(pk=parent_id).values_list(
                "parent_id", flat=True
            )[0]
    return ids


def parents_of(*, municipality_id: int | None) -> dict[int, int | None]:
    """Every organisation of the municipality with its parent, in one query."""
    return dict(
        Organisation.objects.filter(municipality_id=municipality_id).values_list("pk", "parent_id")
    )


def serves_social_services(organisation: Organisation) -> bool:
    """Whether the organisation is the social services committee or one of its units."""
    return Organisation.objects.filter(
        pk__in=lineage_ids(organisation), social_services=True
    ).exists()


def municipalities() -> QuerySet[Organisation]:
    """The municipalities on this installation, by name."""
    return Organisation.objects.filter(kind=OrganisationKind.KOMMUN, is_active=True).order_by(
        "name"
    )


def social_services_committees() -> dict[int, list[Organisation]]:
    """Each municipality's organisations marked as responsible for social services (the
    controllers of the defector programme's case data), by municipality id."""
    found: dict[int, list[Organisation]] = {}
    for committee in Organisation.objects.filter(social_services=True, is_active=True).order_by(
        "name"
    ):
        found.setdefault(committee.municipality_id, []).append(committee)
    return found


def social_services_committee_of(organisation: Organisation) -> Organisation | None:
    """The social services committee the organisation is or belongs to, nearest first."""
    ids = lineage_ids(organisation)
    committees = {o.pk: o for o in Organisation.objects.filter(pk__in=ids, social_services=True)}
    return next((committees[pk] for pk in ids if pk in committees), None)


def covered_municipalities(organisation) -> QuerySet[Organisation]:
    """The municipalities an analyst in ``organisation`` covers.

    In a municipality's own organisation: that municipality. In a regional body (a partner
    organisation outside every municipality's tree, such as Södertörns brottsförebyggande
    samverkan): the Södertörn municipalities, the region Trygg is set up for
    (``SODERTORN_MUNICIPALITIES``); the data model has no link from a regional body to its
    members yet."""
    from trygg.organisations.constants import SODERTORN_MUNICIPALITIES

    if organisation is None:
        return Organisation.objects.none()
    if organisation.municipality_id is not None:
        return Organisation.objects.filter(pk=organisation.municipality_id)
    if organisation.kind != OrganisationKind.PARTNER:
        return Organisation.objects.none()
    codes = [code for code, _name in SODERTORN_MUNICIPALITIES]
    return Organisation.objects.filter(kind=OrganisationKind.KOMMUN, scb_code__in=codes)


def served_municipalities(*, unit_id: int, on):
    """The ids of the municipalities a unit serves by a joint agreement on ``on`` (its own not
    included), as a query: for a subquery, or to read."""
    from django.db.models import Q

    from trygg.organisations.models import JointService

    return (
        JointService.objects.filter(unit_id=unit_id, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by()
        .values_list("municipality_id", flat=True)
    )


def served_municipality_ids(*, unit_id: int | None, on) -> set[int]:
    """The municipalities a unit serves by a joint agreement on ``on`` (its own not included)."""
    if unit_id is None:
        return set()
    return set(served_municipalities(unit_id=unit_id, on=on))


def joint_services_of(*, municipality_id: int):
    """The agreements of a municipality's units, and those serving the municipality."""
    from django.db.models import Q

    from trygg.organisations.models import JointService

    return JointService.objects.filter(
        Q(unit__municipality_id=municipality_id) | Q(municipality_id=municipality_id)
    ).select_related("unit", "unit__municipality", "municipality")
