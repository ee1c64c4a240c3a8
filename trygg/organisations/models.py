from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.models import TimeStampedModel
from trygg.organisations.constants import OrganisationKind, PartnerType


class Organisation(TimeStampedModel):
    """A municipality, one of its committees, companies or units, or a partner agency.

    ``municipality`` points at the root kommun of the tree (itself for a kommun). Every
    protected row in Trygg is scoped through it, so isolation between municipalities is
    one indexed equality filter, not a walk up the tree.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    scb_code = models.CharField(_("SCB code"), max_length=4, blank=True)
    partner_type = models.CharField(
        _("partner type"), max_length=20, choices=PartnerType.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    municipality = models.ForeignKey(
        "self",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The committee responsible for social services (socialnämnden): the controller
    # (personuppgiftsansvarig) of the defector programme's case data, and the only place,
    # with its units, where case officers and unit managers work.
    social_services = models.BooleanField(
        _("responsible for social services"),
        default=False,
        help_text=_(
            "The social services committee: controller of the defector programme's case data. "
            "Case officers and unit managers work in it or its units."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["scb_code"],
                condition=~Q(scb_code=""),
                name="organisation_scb_code_unique",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.KOMMUN) | ~Q(scb_code=""),
                name="organisation_kommun_has_scb_code",
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.KOMMUN)
                | Q(kind=OrganisationKind.PARTNER)
                | Q(parent__isnull=False),
                name="organisation_has_parent_unless_root",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], name="organisation_name_unique_in_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class District(TimeStampedModel):
    """A geographic area of a municipality (kommundel); editable data, not code."""

    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="districts",
        limit_choices_to={"kind": OrganisationKind.KOMMUN},
    )
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="district_name_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class JointService(TimeStampedModel):
    """A unit that serves another municipality by agreement (a joint unit, gemensam enhet).

    The unit belongs to its host municipality; the cases it takes for the served
    municipality's people stay owned by that municipality (secrecy, statistics, cost). When
    the agreement ends (``ends_on``), the unit no longer reaches those cases: the municipality
    keeps them and takes them over in a unit of its own."""

    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="joint_services",
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("served municipality"),
        on_delete=models.PROTECT,
        related_name="served_by",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["unit__name", "municipality__name", "starts_on"]
        verbose_name = _("joint service")
        verbose_name_plural = _("joint services")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="joint_service_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["unit", "municipality"],
                condition=Q(ends_on__isnull=True),
                name="joint_service_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.municipality}"

    def active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
