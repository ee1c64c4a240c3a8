from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    KOMMUN = "kommun", _("Municipality")
    NAMND = "namnd", _("Committee")
    BOLAG = "bolag", _("Municipal company")
    ENHET = "enhet", _("Unit")
    PARTNER = "partner", _("Partner agency")


class PartnerType(models.TextChoices):
    """What kind of agency a partner is. The codes are the defector programme's consent
    agencies (defectors.constants.Agency): a referral to a partner needs a consent for it."""

    POLISEN = "polisen", _("Police")
    KRIMINALVARDEN = "kriminalvarden", _("Prison and Probation Service")
    SIS = "sis", _("National Board of Institutional Care")
    AKLAGARMYNDIGHETEN = "aklagarmyndigheten", _("Prosecution Authority")
    SAKERHETSPOLISEN = "sakerhetspolisen", _("Security Service")
    CVE = "cve", _("Centre for Preventing Violent Extremism")
    FORSAKRINGSKASSAN = "forsakringskassan", _("Social Insurance Agency")
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Public Employment Service")
    KRONOFOGDEN = "kronofogden", _("Enforcement Authority")
    SKATTEVERKET = "skatteverket", _("Tax Agency")
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

# The partner agencies every municipality starts with (its system administrator adds more):
# where the defector programme refers people and shares information under consent.
DEFAULT_PARTNERS = [
    ("Polisen", PartnerType.POLISEN),
    ("Kriminalvården", PartnerType.KRIMINALVARDEN),
    ("Statens institutionsstyrelse (SiS)", PartnerType.SIS),
    ("Åklagarmyndigheten", PartnerType.AKLAGARMYNDIGHETEN),
    ("Säkerhetspolisen", PartnerType.SAKERHETSPOLISEN),
    ("Center mot våldsbejakande extremism (CVE)", PartnerType.CVE),
    ("Försäkringskassan", PartnerType.FORSAKRINGSKASSAN),
    ("Arbetsförmedlingen", PartnerType.ARBETSFORMEDLINGEN),
    ("Kronofogden", PartnerType.KRONOFOGDEN),
    ("Fryshuset Passus", PartnerType.NGO),
    ("Exit Fryshuset", PartnerType.NGO),
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
