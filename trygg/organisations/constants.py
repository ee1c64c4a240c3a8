from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    KOMMUN = "kommun", _("Municipality")
    NAMND = "namnd", _("Committee")
    BOLAG = "bolag", _("Municipal company")
    ENHET = "enhet", _("Unit")
    PARTNER = "partner", _("Partner agency")


class PartnerType(models.TextChoices):
    POLISEN = "polisen", _("Police")
    KRIMINALVARDEN = "kriminalvarden", _("Prison and Probation Service")
    SIS = "sis", _("National Board of Institutional Care")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other agency")


# Which kind may sit under which: a tree rooted in a municipality.
ALLOWED_PARENTS = {
    OrganisationKind.KOMMUN: set(),
    OrganisationKind.NAMND: {OrganisationKind.KOMMUN},
    OrganisationKind.BOLAG: {OrganisationKind.KOMMUN},
    OrganisationKind.ENHET: {
        OrganisationKind.NAMND,
        OrganisationKind.ENHET,
        OrganisationKind.BOLAG,
    },
    OrganisationKind.PARTNER: {OrganisationKind.KOMMUN, None},
}

# Södertörn municipalities with SCB codes (DOMAIN.md).
SODERTORN_MUNICIPALITIES = [
    ("0127", "Botkyrka kommun"),
    ("0136", "Haninge kommun"),
    ("0126", "Huddinge kommun"),
    ("0140", "Nykvarn kommun"),
    ("0192", "Nynäshamns kommun"),
    ("0128", "Salems kommun"),
    ("0181", "Södertälje kommun"),
    ("0138", "Tyresö kommun"),
]

HUDDINGE_SCB = "0126"
HUDDINGE_DEFAULT_DISTRICTS = [
    "Flemingsberg",
    "Huddinge centrum",
    "Länna",
    "Segeltorp",
    "Sjödalen-Fullersta",
    "Skogås",
    "Stuvsta-Snättringe",
    "Trångsund",
    "Vidja-Ågesta",
    "Vårby (inkl. Masmo)",
]
