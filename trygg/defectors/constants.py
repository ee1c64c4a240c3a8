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


class Outcome(models.TextChoices):
    """Why a case was closed."""

    COMPLETED = "completed", _("Completed the programme")
    LEFT = "left", _("Left the programme")
    MOVED = "moved", _("Moved away")
    DECEASED = "deceased", _("Deceased")
    TRANSFERRED = "transferred", _("Transferred")
    OTHER = "other", _("Other")


class DuplicateDecision(models.TextChoices):
    """The unit manager's decision on an intake whose person is already registered."""

    SEPARATE = "separate", _("Keep the new case: it is a matter of its own")
    CLOSE = "close", _("Close the new case: the person continues in the earlier case")


class Relation(models.TextChoices):
    PARENT = "parent", _("Parent or guardian")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    CONTACT = "contact", _("Other contact")


class NeedArea(models.TextChoices):
    HOUSING = "housing", _("Housing")
    SAFETY = "safety", _("Safety and protection")
    INCOME = "income", _("Income")
    DEBT = "debt", _("Debt")
    HEALTH = "health", _("Health")
    ADDICTION = "addiction", _("Addiction")
    EDUCATION_WORK = "education_work", _("Education and work")
    FAMILY = "family", _("Family and relatives")
    LEISURE = "leisure", _("Leisure and social network")


class NeedLevel(models.TextChoices):
    """The case officer's judgement of one needs area; never computed."""

    NOT_ASSESSED = "not_assessed", _("Not assessed yet")
    NONE = "none", _("No need of support")
    SOME = "some", _("Some need of support")
    MAJOR = "major", _("Major need of support")
    ACUTE = "acute", _("Acute need")


class PoliceRiskLevel(models.TextChoices):
    """The level as stated in the police's risk analysis; copied, never produced here."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")
    NOT_STATED = "not_stated", _("Not stated")


class Agency(models.TextChoices):
    POLISEN = "polisen", _("Police (Polisen)")
    KRIMINALVARDEN = "kriminalvarden", _("Prison and Probation Service (Kriminalvården)")
    SIS = "sis", _("National Board of Institutional Care (SiS)")
    SKATTEVERKET = "skatteverket", _("Tax Agency (Skatteverket)")
    KRONOFOGDEN = "kronofogden", _("Enforcement Authority (Kronofogden)")
    FORSAKRINGSKASSAN = "forsakringskassan", _("Social Insurance Agency (Försäkringskassan)")
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Public Employment Service (Arbetsförmedlingen)")
    AKLAGARMYNDIGHETEN = "aklagarmyndigheten", _("Prosecution Authority (Åklagarmyndigheten)")
    SAKERHETSPOLISEN = "sakerhetspolisen", _("Security Service (Säkerhetspolisen)")
    CVE = "cve", _("Centre for Preventing Violent Extremism (CVE)")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER_MUNICIPALITY = "other_municipality", _("Another municipality")
    OTHER = "other", _("Another agency or organisation")


class ConditionKind(models.TextChoices):
    NO_CRIME = "no_crime", _("No crime")
    NO_DRUGS = "no_drugs", _("No drugs")
    DRUG_TESTS = "drug_tests", _("Drug tests")
    MEETINGS = "meetings", _("Attend meetings")
    OTHER = "other", _("Other condition")


class InterventionType(models.TextChoices):
    PROTECTED_HOUSING = "protected_housing", _("Protected housing")
    RELOCATION = "relocation", _("Relocation")
    INCOME_SUPPORT = "income_support", _("Income support")
    DEBT_COUNSELLING = "debt_counselling", _("Debt counselling")
    ADDICTION_TREATMENT = "addiction_treatment", _("Addiction treatment")
    STUDIES = "studies", _("Studies")
    WORK = "work", _("Work")
    MENTOR = "mentor", _("Mentor")
    TATTOO_REMOVAL = "tattoo_removal", _("Tattoo removal")
    RELATIVES_SUPPORT = "relatives_support", _("Support to relatives")
    OTHER = "other", _("Other intervention")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class TransferStatus(models.TextChoices):
    """A case moving to another municipality (e.g. the person moves for protection)."""

    PROPOSED = "proposed", _("Waiting for the receiving municipality")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, waiting for an answer")
    ACCEPTED = "accepted", _("Accepted by the agency")
    DECLINED = "declined", _("Declined by the agency")
    NEEDS_MORE = "needs_more", _("The agency needs more information")


class SharedField(models.TextChoices):
    """What a referral package may hold: exactly the parts the case team chooses."""

    NAME = "name", _("Name")
    IDENTITY_NUMBER = "identity_number", _("Personal identity number")
    CONTACT = "contact", _("Contact details")
    INTAKE = "intake", _("Intake: date, referred by and kind of group")
    THREAT = "threat", _("Threat level from the mapping")
    NEEDS = "needs", _("Needs from the mapping")
    AGREEMENT = "agreement", _("The agreement's conditions")
    INTERVENTIONS = "interventions", _("Interventions and their status")
    CASE_OFFICER = "case_officer", _("The case officers to contact")


class InboundKind(models.TextChoices):
    HANDOVER = "handover", _("Handover from the national programme")
    REFERRAL = "referral", _("Referral from a partner agency")


class InboundStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the unit")
    ACCEPTED = "accepted", _("Accepted: a case is opened")
    DECLINED = "declined", _("Declined")


class GuardianBasis(models.TextChoices):
    """For a person under 18: how the guardians stand to a consent (samtycke)."""

    GIVEN = "given", _("The guardians have consented too")
    LEGAL_GROUND = "legal_ground", _("Without the guardians' consent, on a legal ground")
