"""Trygghetsfond: fund years with a ledger, calls, applications, reviews, decisions, payments.

Money is whole kronor in BigIntegerFields. The fund year keeps running totals that every
money-moving service updates under a row lock in the same transaction, and the database
refuses totals that would over-commit the budget (CheckConstraints), so the invariant
holds even if a future code path forgets the lock.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.core.models import TimeStampedModel
from trygg.fund.constants import (
    SCORE_MAX,
    SCORE_MIN,
    ApplicationStatus,
    Category,
    DecisionOutcome,
    LedgerKind,
    MeasureType,
    PaymentStatus,
    ProblemBasis,
    Recommendation,
    ReminderKind,
    ReportKind,
    ReportStatus,
)


class FundYear(TimeStampedModel):
    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="fund_years",
    )
    year = models.PositiveIntegerField(_("year"))
    budget_kr = models.BigIntegerField(_("budget (kr)"))
    social_budget_kr = models.BigIntegerField(
        _("budget for social prevention (kr)"), null=True, blank=True
    )
    situational_budget_kr = models.BigIntegerField(
        _("budget for situational prevention (kr)"), null=True, blank=True
    )
    # The council's budget decision that appropriated the money (for example "KF § 187").
    budget_decision = models.CharField(_("budget decision"), max_length=100, blank=True)
    budget_decided_on = models.DateField(_("date of the budget decision"), null=True, blank=True)
    # Money moved between years by recorded carry-over decisions (CarryOver), never by itself.
    carried_in_kr = models.BigIntegerField(default=0, editable=False)
    carried_out_kr = models.BigIntegerField(default=0, editable=False)
    committed_social_kr = models.BigIntegerField(default=0, editable=False)
    committed_situational_kr = models.BigIntegerField(default=0, editable=False)
    returned_social_kr = models.BigIntegerField(default=0, editable=False)
    returned_situational_kr = models.BigIntegerField(default=0, editable=False)
    paid_kr = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fund year")
        verbose_name_plural = _("fund years")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="fund_year_unique"),
            models.CheckConstraint(condition=Q(budget_kr__gte=0), name="fund_year_budget_positive"),
            models.CheckConstraint(
                condition=Q(
                    committed_social_kr__gte=0,
                    committed_situational_kr__gte=0,
                    returned_social_kr__gte=0,
                    returned_situational_kr__gte=0,
                    paid_kr__gte=0,
                    carried_in_kr__gte=0,
                    carried_out_kr__gte=0,
                ),
                name="fund_year_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(
                    budget_kr__gte=F("carried_out_kr")
                    - F("carried_in_kr")
                    + F("committed_social_kr")
                    + F("committed_situational_kr")
                    - F("returned_social_kr")
                    - F("returned_situational_kr")
                ),
                name="fund_year_never_over_committed",
            ),
            models.CheckConstraint(
                condition=Q(social_budget_kr__isnull=True)
                | Q(social_budget_kr__gte=F("committed_social_kr") - F("returned_social_kr")),
                name="fund_year_social_never_over_committed",
            ),
            models.CheckConstraint(
                condition=Q(situational_budget_kr__isnull=True)
                | Q(
                    situational_budget_kr__gte=F("committed_situational_kr")
                    - F("returned_situational_kr")
                ),
                name="fund_year_situational_never_over_committed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"

    @property
    def committed_kr(self) -> int:
        return self.committed_social_kr + self.committed_situational_kr

    @property
    def returned_kr(self) -> int:
        return self.returned_social_kr + self.returned_situational_kr

    @property
    def available_kr(self) -> int:
        """The appropriation with what was carried in from earlier years and out to later ones."""
        return self.budget_kr + self.carried_in_kr - self.carried_out_kr

    @property
    def remaining_kr(self) -> int:
        return self.available_kr - self.committed_kr + self.returned_kr

    def remaining_in(self, category: str) -> int | None:
        """What is left under the category's own budget, or None when it has none."""
        if category == Category.SOCIAL and self.social_budget_kr is not None:
            return self.social_budget_kr - self.committed_social_kr + self.returned_social_kr
        if category == Category.SITUATIONAL and self.situational_budget_kr is not None:
            return (
                self.situational_budget_kr
                - self.committed_situational_kr
                + self.returned_situational_kr
            )
        return None


class CarryOver(models.Model):
    """A recorded decision to move unspent (or returned) money from one fund year to a later one."""

    from_year = models.ForeignKey(
        FundYear, on_delete=models.PROTECT, related_name="carry_overs_out"
    )
    to_year = models.ForeignKey(FundYear, on_delete=models.PROTECT, related_name="carry_overs_in")
    amount_kr = models.BigIntegerField(_("amount (kr)"))
    decision = models.CharField(_("decision"), max_length=100)
    decided_on = models.DateField(_("date of the decision"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_kr__gt=0), name="carry_over_positive"),
            models.CheckConstraint(
                condition=~Q(from_year=F("to_year")), name="carry_over_between_two_years"
            ),
        ]


class LedgerEntry(models.Model):
    """Every movement of money, append-only; the fund year's totals are their sum."""

    fund_year = models.ForeignKey(FundYear, on_delete=models.PROTECT, related_name="ledger")
    application = models.ForeignKey(
        "fund.Application", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(max_length=16, choices=LedgerKind.choices)
    category = models.CharField(max_length=16, choices=Category.choices)
    amount_kr = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_kr__gt=0), name="ledger_amount_positive")
        ]


class Instalment(models.Model):
    """The part of a grant that one fund year pays for.

    A measure over several years is decided as instalments, each committing only its own
    year's budget: at once when that fund year exists, otherwise when the council's budget
    decision creates it (until then it is a planned commitment). A one-year grant has one.
    """

    application = models.ForeignKey(
        "fund.Application", on_delete=models.PROTECT, related_name="instalments"
    )
    year = models.PositiveIntegerField(_("year"))
    category = models.CharField(max_length=16, choices=Category.choices)
    amount_kr = models.BigIntegerField(_("amount (kr)"))
    fund_year = models.ForeignKey(
        FundYear, on_delete=models.PROTECT, null=True, blank=True, related_name="instalments"
    )
    paid_kr = models.BigIntegerField(default=0)
    returned_kr = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="instalment_one_per_year"),
            models.CheckConstraint(condition=Q(amount_kr__gt=0), name="instalment_positive"),
            models.CheckConstraint(
                condition=Q(paid_kr__gte=0, paid_kr__lte=F("amount_kr")),
                name="instalment_paid_at_most_amount",
            ),
            models.CheckConstraint(
                condition=Q(returned_kr__gte=0, returned_kr__lte=F("paid_kr")),
                name="instalment_returned_at_most_paid",
            ),
            # Only a committed instalment (one with its fund year) can be paid.
            models.CheckConstraint(
                condition=Q(fund_year__isnull=False) | Q(paid_kr=0),
                name="instalment_paid_only_when_committed",
            ),
        ]

    @property
    def is_planned(self) -> bool:
        return self.fund_year_id is None


class Call(TimeStampedModel):
    """An utlysning: a window in which the eligible organisations may apply."""

    fund_year = models.ForeignKey(
        FundYear, verbose_name=_("fund year"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    max_amount_kr = models.BigIntegerField(
        _("maximum amount per application (kr)"), null=True, blank=True
    )
    categories = models.JSONField(_("categories"), default=list)
    measure_types = models.JSONField(_("measure types"), default=list)
    required_attachments = models.JSONField(_("required attachments"), default=list, blank=True)
    eligible_organisations = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("eligible applicants"), related_name="+"
    )
    # The problems of the adopted lägesbild the call targets (their districts are its priority
    # districts); none: any of them.
    problems = models.ManyToManyField(
        "prevention.Problem", verbose_name=_("problems targeted"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """An extra question configured per call. Answers freeze the text with the revision."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class Application(TimeStampedModel):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="fund_applications",
    )
    # Numbered per municipality and fund year (TF-2026-0001 in each municipality), so one
    # municipality's references do not reveal another's volume.
    reference = models.CharField(_("reference"), max_length=20)
    # The number the municipality's registry (diarium) gave the application, when it has one.
    registry_number = models.CharField(_("registry number"), max_length=40, blank=True)
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    # Counts saves of the applicant's text: a save carries the number it was read at, and a
    # colleague's save in between is shown to the user instead of silently overwritten.
    edit_version = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, blank=True)
    measure_types = models.JSONField(_("measure types"), default=list, blank=True)
    districts = models.ManyToManyField(
        "organisations.District", verbose_name=_("districts"), blank=True, related_name="+"
    )
    target_group = models.TextField(_("target group"), blank=True)
    # The problem of the adopted lägesbild the measure addresses (prevention.Problem).
    addresses = models.ForeignKey(
        "prevention.Problem",
        verbose_name=_("problem in the situational picture"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    problem = models.TextField(_("problem addressed"), blank=True)
    problem_basis = models.JSONField(_("basis for the problem"), default=list, blank=True)
    expected_effects = models.TextField(_("expected effects"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    co_financing_kr = models.BigIntegerField(_("co-financing (kr)"), default=0)
    requested_kr = models.BigIntegerField(_("amount applied for (kr)"), default=0)
    granted_kr = models.BigIntegerField(_("amount granted (kr)"), default=0)
    paid_kr = models.BigIntegerField(_("amount paid (kr)"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reopened_until = models.DateTimeField(
        _("may be submitted late until"),
        null=True,
        blank=True,
        help_text=_("Set by the coordinator to accept one late submission."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["municipality", "status", "-created_at"]),
            models.Index(fields=["applicant", "-created_at"]),
            # The coordinator's list (every status but draft), paged by keyset on this order.
            models.Index(
                fields=["municipality", "-created_at", "-id"], name="fund_application_list_idx"
            ),
            # The public list's count and total of granted money, from the index alone.
            models.Index(fields=["status", "granted_kr"], name="fund_application_public_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="application_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(granted_kr__gte=0) & Q(paid_kr__gte=0) & Q(co_financing_kr__gte=0),
                name="application_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(paid_kr__lte=F("granted_kr")), name="application_paid_at_most_granted"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="application_ends_after_start",
            ),
        ]

    @property
    def measure_type_labels(self) -> list[str]:
        """The chosen measure types in words, in the order of the choices."""
        return [str(label) for value, label in MeasureType.choices if value in self.measure_types]

    @property
    def problem_basis_labels(self) -> list[str]:
        return [str(label) for value, label in ProblemBasis.choices if value in self.problem_basis]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    description = models.CharField(_("cost item"), max_length=200)
    amount_kr = models.BigIntegerField(_("amount (kr)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_kr__gt=0), name="budget_line_positive")
        ]


class Indicator(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=200)
    baseline = models.CharField(_("baseline"), max_length=100)
    target = models.CharField(_("target"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="answer_unique")
        ]


class Revision(models.Model):
    """A frozen copy of what was submitted, questions included; never edited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="revision_unique")
        ]


class CompletionRequest(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="completion_requests"
    )
    message = models.TextField(_("what needs completing"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at"]


class ReviewAssignment(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fund_reviews"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # None: not yet declared; False: no conflict (may review); True: conflict (access removed).
    has_conflict = models.BooleanField(_("conflict of interest"), null=True)
    conflict_reason = models.TextField(_("reason for the conflict of interest"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    weighted_score = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_one_per_reviewer"
            )
        ]


class Score(models.Model):
    review = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_unique"),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="score_in_range"
            ),
        ]


class Decision(TimeStampedModel):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    # The application's municipality, kept on the decision (an application never moves):
    # the report of delegated decisions reads a municipality's period from its own index.
    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    outcome = models.CharField(_("decision"), max_length=16, choices=DecisionOutcome.choices)
    amount_kr = models.BigIntegerField(_("amount granted (kr)"), default=0)
    reasons = models.TextField(_("reasons"))
    # The point's words as they read on the day of the decision (the list may change later).
    delegation = models.CharField(_("decided under delegation"), max_length=200)
    delegation_point = models.ForeignKey(
        "fund.DelegationPoint", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The grant per fund year when it is spread over several ({"2026": kr, "2027": kr}); empty
    # for a one-year grant. The instalments themselves (committed or planned) are Instalment.
    split = models.JSONField(default=dict, blank=True)
    registry_number = models.CharField(_("registry number"), max_length=40, blank=True)
    reported_in = models.ForeignKey(
        "fund.DelegationReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    letter = models.FileField(upload_to="fund/letters/", blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome=DecisionOutcome.REJECTED) & Q(amount_kr=0))
                | (~Q(outcome=DecisionOutcome.REJECTED) & Q(amount_kr__gt=0)),
                name="decision_amount_matches_outcome",
            )
        ]
        # The report of delegated decisions: a municipality's decisions of a period in
        # order, and how many of them are not reported yet, read from the index.
        indexes = [
            models.Index(
                fields=["municipality", "created_at", "reported_in"],
                name="fund_decision_period_idx",
            )
        ]

    def save(self, *args, **kwargs):
        if self.municipality_id is None and self.application_id is not None:
            self.municipality_id = self.application.municipality_id
        super().save(*args, **kwargs)


class Payment(TimeStampedModel):
    """A payment requested by one person and approved by another (four eyes)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    amount_kr = models.BigIntegerField(_("amount (kr)"))
    status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    # A company is paid against its invoice or payment request (a committee needs none).
    invoice_reference = models.CharField(
        _("invoice or payment request number"), max_length=60, blank=True
    )
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_kr__gt=0), name="payment_positive"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("requested_by")),
                name="payment_four_eyes",
            ),
        ]


class FollowUpReport(TimeStampedModel):
    """Återrapportering: what was done, what it cost and what it achieved."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    what_was_done = models.TextField(_("what was done"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    coordinator_comment = models.TextField(_("the coordinator's comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The coordinator publishes an approved report's results on the public page of grants.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="report_one_per_kind"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status=ReportStatus.APPROVED),
                name="report_published_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.get_kind_display()}"


class ReportCost(models.Model):
    """Actual cost against one of the application's budget lines."""

    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="costs")
    description = models.CharField(_("cost item"), max_length=200)
    budgeted_kr = models.BigIntegerField(_("budgeted (kr)"), default=0)
    actual_kr = models.BigIntegerField(_("actual cost (kr)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(actual_kr__gte=0), name="report_cost_not_negative")
        ]


class ReportOutcome(models.Model):
    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="outcomes")
    indicator = models.CharField(_("indicator"), max_length=200)
    baseline = models.CharField(_("baseline"), max_length=100)
    target = models.CharField(pgettext_lazy("indicator", "Target"), max_length=100)
    outcome = models.CharField(_("outcome"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]


class ReportReminder(models.Model):
    """A reminder that was sent, so the daily run never sends the same one twice."""

    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="reminder_once_per_kind")
        ]


class Attachment(models.Model):
    """A file attached to an application: a document the call asks for, or another one.

    The file lives on the default storage (private, never served by URL) under a random
    name; only the attachment views hand it out, after the same visibility check as the
    application. An empty label means "other" (not one of the call's required documents).
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    label = models.CharField(_("document"), max_length=200, blank=True)
    file = models.FileField(upload_to="fund/attachments/%Y/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def label_display(self) -> str:
        return self.label or str(_("Other"))
