from django.db import models
from django.utils.translation import gettext_lazy as _


class Protection(models.TextChoices):
    """Skyddade personuppgifter, as registered by Skatteverket."""

    NONE = "none", _("None")
    SEKRETESSMARKERING = "sekretessmarkering", _("Confidentiality marking")
    SKYDDAD_FOLKBOKFORING = "skyddad_folkbokforing", _("Protected registration")
    FINGERADE_PERSONUPPGIFTER = "fingerade_personuppgifter", _("Fictitious identity")


class CaseStatus(models.TextChoices):
    KONTAKT = "kontakt", _("Contact and intake")
    KARTLAGGNING = "kartlaggning", _("Mapping of needs and threats")
    RISKANALYS = "riskanalys", _("Risk analysis received")
    OVERENSKOMMELSE = "overenskommelse", _("Agreement")
    INSATSER = "insatser", _("Interventions")
    NEDTRAPPNING = "nedtrappning", _("Tapering off")
    AVSLUTAT = "avslutat", _("Closed")


class ReferralSource(models.TextChoices):
    SELF = "self", _("The person themselves")
    RELATIVE = "relative", _("A relative")
    POLICE = "police", _("Police")
    KRIMINALVARDEN = "kriminalvarden", _("Prison and Probation Service")
    SIS = "sis", _("National Board of Institutional Care (SiS)")
    SCHOOL = "school", _("School")
    SOCIAL_SERVICES = "social_services", _("Social services")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other")


class GroupType(models.TextChoices):
    CRIMINAL_NETWORK = "criminal_network", _("Criminal network")
    EXTREMISM_LEFT = "extremism_left", _("Violent extremism, left-wing")
    EXTREMISM_RIGHT = "extremism_right", _("Violent extremism, right-wing")
    EXTREMISM_ISLAMIST = "extremism_islamist", _("Violent extremism, Islamist")
    EXTREMISM_OTHER = "extremism_other", _("Violent extremism, other")


class ThreatIndication(models.TextChoices):
    """The case officer's own first judgement of the threat, chosen by a person.

    Never computed from data about the person: the EU AI Act art. 5(1)(d) forbids
    predicting an individual's risk from profiling. The police make the risk analysis.
    """

    NONE_KNOWN = "none_known", _("No known threat")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


CASES_PER_PAGE = 50
