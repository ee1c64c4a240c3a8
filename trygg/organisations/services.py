from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.organisations.constants import ALLOWED_PARENTS, DEFAULT_PARTNERS, OrganisationKind
from trygg.organisations.models import District, Organisation
from trygg.organisations.policies import organisations_policy


def _require(actor, obj=None) -> None:
    organisations_policy.require(actor, "manage", obj)


def _full_clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from error


def organisation_create(
    *,
    actor,
    parent: Organisation,
    kind: str,
    name: str,
    social_services: bool = False,
    partner_type: str = "",
) -> Organisation:
    _require(actor, parent)
    if (kind == OrganisationKind.PARTNER) != bool(partner_type):
        raise ApplicationError(
            _("Choose the kind of partner agency for a partner agency, and only for one."),
            field="partner_type",
        )
    if social_services and kind != OrganisationKind.NAMND:
        raise ApplicationError(
            _("Only a committee can be the one responsible for social services."),
            field="social_services",
        )
    if OrganisationKind(parent.kind) not in ALLOWED_PARENTS[OrganisationKind(kind)]:
        raise ApplicationError(
            _("An organisation of kind %(kind)s cannot belong to one of kind %(parent)s.")
            % {
                "kind": OrganisationKind(kind).label.lower(),
                "parent": OrganisationKind(parent.kind).label.lower(),
            },
            field="parent",
        )
    organisation = Organisation(
        kind=kind,
        name=name.strip(),
        parent=parent,
        municipality_id=parent.municipality_id,
        social_services=social_services,
        partner_type=partner_type,
    )
    _full_clean(organisation)
    with transaction.atomic():
        organisation.save()
        record(
            action="organisations.organisation.create",
            actor=actor,
            target=organisation,
            payload={
                "kind": kind,
                "parent": parent.pk,
                "social_services": social_services,
                "partner_type": partner_type,
            },
        )
    return organisation


def municipality_create(*, actor, name: str, scb_code: str) -> Organisation:
    """A new municipality on the installation (the hosting administrator). It starts empty:
    its first local administrator adds committees, units, districts and users."""
    organisations_policy.require(actor, "host")
    scb_code = scb_code.strip()
    if not (len(scb_code) == 4 and scb_code.isdigit()):
        raise ApplicationError(_("The SCB code is four digits, e.g. 0126."), field="scb_code")
    if Organisation.objects.filter(scb_code=scb_code).exists():
        raise ApplicationError(
            _("A municipality with this SCB code is already on the installation."),
            field="scb_code",
        )
    municipality = Organisation(kind=OrganisationKind.KOMMUN, name=name.strip(), scb_code=scb_code)
    _full_clean(municipality)
    with transaction.atomic():
        municipality.save()
        municipality.municipality = municipality
        municipality.save(update_fields=["municipality", "updated_at"])
        Organisation.objects.bulk_create(
            Organisation(
                kind=OrganisationKind.PARTNER,
                name=partner_name,
                partner_type=partner_type,
                parent=municipality,
                municipality=municipality,
            )
            for partner_name, partner_type in DEFAULT_PARTNERS
        )
        record(
            action="organisations.municipality.create",
            actor=actor,
            target=municipality,
            municipality_id=municipality.pk,
            payload={"scb_code": scb_code},
        )
    return municipality


def district_create(*, actor, name: str) -> District:
    _require(actor)
    district = District(municipality_id=actor.municipality_id, name=name.strip())
    _full_clean(district)
    with transaction.atomic():
        district.save()
        record(action="organisations.district.create", actor=actor, target=district)
    return district


def district_update(*, actor, district: District, name: str, is_active: bool) -> District:
    _require(actor, district)
    district.name = name.strip()
    district.is_active = is_active
    _full_clean(district)
    with transaction.atomic():
        district.save(update_fields=["name", "is_active", "updated_at"])
        record(
            action="organisations.district.update",
            actor=actor,
            target=district,
            payload={"is_active": is_active},
        )
    return district


def joint_service_create(*, actor, unit: Organisation, municipality: Organisation, starts_on):
    """The host municipality's administrator records that one of its units serves another
    municipality from ``starts_on`` (the joint agreement, decided by both councils)."""
    from trygg.organisations.models import JointService

    _require(actor, unit)
    if unit.kind != OrganisationKind.ENHET:
        raise ApplicationError(_("Choose a unit of your municipality."), field="unit")
    if municipality.kind != OrganisationKind.KOMMUN or municipality.pk == unit.municipality_id:
        raise ApplicationError(_("Choose another municipality."), field="municipality")
    if JointService.objects.filter(
        unit=unit, municipality=municipality, ends_on__isnull=True
    ).exists():
        raise ApplicationError(
            _("The unit already serves this municipality."), field="municipality"
        )
    service = JointService(unit=unit, municipality=municipality, starts_on=starts_on)
    _full_clean(service)
    with transaction.atomic():
        service.save()
        for municipality_id in (unit.municipality_id, municipality.pk):
            record(
                action="organisations.joint_service.create",
                actor=actor,
                target=service,
                municipality_id=municipality_id,
                payload={"unit": unit.pk, "municipality": municipality.pk},
            )
    return service


def joint_service_end(*, actor, service, ends_on):
    """The served municipality leaves the agreement: from the day after ``ends_on`` the unit
    no longer reaches its cases, which the municipality keeps and takes over itself."""
    _require(actor, service.unit)
    if service.ends_on is not None:
        raise ApplicationError(_("The agreement has already ended."))
    if ends_on < service.starts_on:
        raise ApplicationError(_("It cannot end before it started."), field="ends_on")
    service.ends_on = ends_on
    _full_clean(service)
    with transaction.atomic():
        service.save(update_fields=["ends_on", "updated_at"])
        for municipality_id in (service.unit.municipality_id, service.municipality_id):
            record(
                action="organisations.joint_service.end",
                actor=actor,
                target=service,
                municipality_id=municipality_id,
                payload={"unit": service.unit_id, "municipality": service.municipality_id},
            )
    return service
