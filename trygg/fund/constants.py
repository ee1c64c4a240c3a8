from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    SOCIAL = "social", _("Social prevention")
    SITUATIONAL = "situational", _("Situational prevention")


class MeasureType(models.TextChoices):
    NATTVANDRING = "nattvandring", _("Night walks")
    TRYGGHETSVARDAR = "trygghetsvardar", _("Safety hosts")
    FRITIDSAKTIVITETER = "fritidsaktiviteter", _("Leisure activities")
    FORALDRASTOD = "foraldrastod", _("Parental support")
    TRYGGHETSKAMEROR = "trygghetskameror", _("Safety cameras")
    BELYSNING = "belysning", _("Lighting")
    ROJNING = "rojning", _("Clearing of bushes and sight lines")
    TRYGG_MILJO = "trygg_miljo", _("Safe public environment")
    ANNAT = "annat", _("Other")


class ProblemBasis(models.TextChoices):
    TRYGGHETSMATNING = "trygghetsmatning", _("Safety survey")
    TRYGGHETSVANDRING = "trygghetsvandring", _("Safety walk")
    POLICE_DIALOGUE = "police_dialogue", _("Dialogue with the police")
    STATISTICS = "statistics", _("Crime statistics")
    RESIDENT_DIALOGUE = "resident_dialogue", _("Dialogue with residents")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
    IN_REVIEW = "in_review", _("Under review")
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")
    REPORTED = "reported", _("Reported")


# Statuses from which the applicant's text is frozen until the coordinator asks for more.
LOCKED_FOR_APPLICANT = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.GRANTED,
    ApplicationStatus.PARTLY_GRANTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.PAID,
    ApplicationStatus.REPORTED,
}
DECIDED = {
    ApplicationStatus.GRANTED,
    ApplicationStatus.PARTLY_GRANTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.PAID,
    ApplicationStatus.REPORTED,
}
# Decided with money: these are the measures the public page lists.
FUNDED = {
    ApplicationStatus.GRANTED,
    ApplicationStatus.PARTLY_GRANTED,
    ApplicationStatus.PAID,
    ApplicationStatus.REPORTED,
}


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REJECTED = "rejected", pgettext_lazy("decision outcome", "Rejected")


class Recommendation(models.TextChoices):
    GRANT = "grant", _("Grant")
    GRANT_PARTLY = "grant_partly", _("Grant in part")
    REJECT = "reject", _("Reject")


class PaymentStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class LedgerKind(models.TextChoices):
    COMMIT = "commit", _("Granted (committed)")
    PAYMENT = "payment", _("Paid")
    RETURN = "return", _("Returned")


SCORE_MIN = 1
SCORE_MAX = 5


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Interim report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DUE = "due", _("Not submitted")
    SUBMITTED = "submitted", _("Submitted")
    MORE_REQUESTED = "more_requested", _("More information requested")
    APPROVED = "approved", _("Approved")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the due date")
    AFTER = "after", _("After the due date")
