"""The roles a membership can give. They live in the ground because every layer asks for them:
the audit and organisation policies below the accounts app, the modules above it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEMADMINISTRATOR = "systemadministrator", _("System administrator")
    SAMORDNARE = "samordnare", _("Coordinator")
    GRANSKARE = "granskare", _("Reviewer")
    SOKANDE = "sokande", _("Applicant")
    HANDLAGGARE = "handlaggare", _("Case officer")
    ENHETSCHEF = "enhetschef", _("Unit manager")
    LOGGGRANSKARE = "logggranskare", _("Log reviewer")
    ANALYTIKER = "analytiker", _("Analyst")
    TRYGGHETSSAMORDNARE = "trygghetssamordnare", _("Prevention coordinator")
    EST_RAPPORTOR = "estrapportor", _("Place reporter (EST)")
    TRYGGHETSKONTAKT = "trygghetskontakt", _("Prevention contact")
    TRYGGHETSLASARE = "trygghetslasare", _("Prevention reader")
    # Runs the installation for all its municipalities: adds a municipality and its first
    # local administrator, and nothing inside any municipality (no users, cases or fund).
    DRIFTADMINISTRATOR = "driftadministrator", _("Hosting administrator")
    # Works at a partner agency of the municipality (Polisen, Kriminalvården, an NGO...):
    # sees and answers the referrals sent to that agency, and refers people to the unit.
    PARTNERKONTAKT = "partnerkontakt", _("Partner agency contact")
