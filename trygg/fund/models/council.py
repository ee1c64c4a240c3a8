"""The council's side of the fund: the delegation list, reports of delegated decisions and
the municipality's own texts for the fund's documents.

A decision is taken under a point of the municipality's delegation list (delegationsordning)
and is reported afterwards, to the committee's meeting or on the notice board (kommunallagen
6 kap. 40 §, 8 kap. 12 §); the three weeks for laglighetsprövning (13 kap.) run from the day
that is announced on the notice board.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trygg.core.models import TimeStampedModel


class DelegationPoint(TimeStampedModel):
    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    point = models.CharField(_("point"), max_length=20, help_text=_("For example: 4.2"))
    matter = models.CharField(
        _("matter"),
        max_length=200,
        help_text=_("For example: Decisions on grants from the safety fund"),
    )
    delegate = models.CharField(
        _("delegate"),
        max_length=200,
        help_text=_("The position that decides, for example: Safety coordinator"),
    )
    # Who holds the position in Trygg; none chosen: every fund coordinator of the municipality.
    decision_makers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persons who may decide"),
        blank=True,
        related_name="+",
    )
    max_amount_kr = models.BigIntegerField(
        _("highest amount (kr)"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["point"]
        verbose_name = _("delegation point")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "point"], name="delegation_point_unique"
            ),
            models.CheckConstraint(
                condition=Q(max_amount_kr__isnull=True) | Q(max_amount_kr__gt=0),
                name="delegation_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point} {self.matter} ({self.delegate})"


class DelegationReport(TimeStampedModel):
    """The delegated decisions of a period, reported to a meeting or on the notice board."""

    class Way(models.TextChoices):
        MEETING = "meeting", _("Reported to the committee's meeting")
        NOTICE_BOARD = "notice_board", _("Published on the notice board")

    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    way = models.CharField(_("reported by"), max_length=16, choices=Way.choices)
    reported_on = models.DateField(_("reported on"))
    # The notice board date from which the three weeks run (the meeting's protocol's or the
    # publication's own).
    announced_on = models.DateField(_("announced on the notice board"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_to", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")), name="delegation_report_period"
            )
        ]


DEFAULT_APPEAL_TEXT = (
    "Beslutet kan överklagas genom laglighetsprövning enligt 13 kap. kommunallagen (2017:725). "
    "Varje medlem av kommunen får överklaga beslutet. Vid en laglighetsprövning prövar "
    "förvaltningsrätten bara om beslutet har kommit till på ett lagligt sätt, inte om det är "
    "lämpligt.\n\n"
    "Överklagandet ska vara skriftligt och ska ha kommit in till förvaltningsrätten inom tre "
    "veckor från den dag då det tillkännagavs på kommunens anslagstavla att beslutet har "
    "anmälts. {tillkannagivande}\n\n"
    "Ange i överklagandet vilket beslut det gäller (diarienummer {diarienummer}), varför du "
    "anser att beslutet ska upphävas och vilka omständigheter du stöder det på."
)

# The sentence put in place of {tillkannagivande}: before and after the announcement.
ANNOUNCEMENT_PENDING = (
    "Beslutet anmäls i kommunens redovisning av delegationsbeslut; dagen då det tillkännages "
    "står på anslagstavlan."
)
ANNOUNCEMENT_DONE = (
    "Det tillkännagavs på anslagstavlan den {datum}, och de tre veckorna räknas från den dagen."
)


class FundSettings(models.Model):
    """The municipality's own texts for the fund's documents (one row per municipality)."""

    municipality = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    appeal_text = models.TextField(
        _("appeal text of the decision letter"),
        default=DEFAULT_APPEAL_TEXT,
        help_text=_(
            "{tillkannagivande} is replaced by the sentence that says from which day the three "
            "weeks run, {diarienummer} by the application's reference. A blank line starts a "
            "new paragraph."
        ),
    )


class Payee(models.Model):
    """How the finance department pays a recipient of the fund.

    A committee (nämnd) of the municipality gets an internal budget transfer to its cost
    centre; a municipal company (bolag) is a separate legal entity, paid against an invoice
    or payment request, identified by its organisation number.
    """

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="fund_payee"
    )
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, blank=True, help_text=_("For example: 556123-4567")
    )
    cost_centre = models.CharField(
        _("cost centre"), max_length=30, blank=True, help_text=_("For an internal transfer.")
    )
    account = models.CharField(
        _("account"),
        max_length=60,
        blank=True,
        help_text=_("The account string the finance system books the payment on."),
    )

    class Meta:
        verbose_name = _("payee")


class GrantAgreement(TimeStampedModel):
    """The agreement with a municipal company, made when the grant is decided and signed by
    the company before the first payment."""

    application = models.OneToOneField(
        "fund.Application", on_delete=models.PROTECT, related_name="agreement"
    )
    conditions = models.TextField(_("conditions"))
    document = models.FileField(upload_to="fund/agreements/%Y/", blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signatory = models.CharField(_("name and title of the signatory"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | ~Q(signatory=""),
                name="agreement_signed_by_someone",
            )
        ]


class PaymentExportLayout(TimeStampedModel):
    """A file layout of the payments export that the finance system reads without hand work."""

    class Recipients(models.TextChoices):
        ALL = "all", _("Every payment")
        COMMITTEES = "committees", _("Internal transfers to committees only")
        COMPANIES = "companies", _("Payments to companies only")

    class LineEnding(models.TextChoices):
        CRLF = "crlf", _("Windows (CR LF)")
        LF = "lf", _("Unix (LF)")

    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    recipients = models.CharField(
        _("payments in the file"), max_length=16, choices=Recipients.choices, default="all"
    )
    columns = models.JSONField(_("columns"), default=list)
    header = models.BooleanField(_("first line names the columns"), default=True)
    delimiter = models.CharField(_("separator"), max_length=1, default=";")
    decimal_comma = models.BooleanField(_("amounts with öre and a decimal comma"), default=False)
    line_ending = models.CharField(
        _("line ending"), max_length=4, choices=LineEnding.choices, default="crlf"
    )
    byte_order_mark = models.BooleanField(_("byte order mark (for Excel)"), default=True)
    # The account column: the payee's own account string, else these, with {kostnadsstalle},
    # {organisationsnummer} and {diarienummer} filled in.
    committee_account = models.CharField(
        _("account for internal transfers"), max_length=60, blank=True
    )
    company_account = models.CharField(
        _("account for payments to companies"), max_length=60, blank=True
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="export_layout_unique")
        ]

    def __str__(self) -> str:
        return self.name
