"""Request and response shapes of the API. Amounts are whole kronor, as in the models."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from trygg.api.constants import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX
from trygg.fund.constants import ApplicationStatus, Category, DecisionOutcome


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str


class FieldErrorsOut(Schema):
    detail: list[FieldError]


# --- Safety fund ----------------------------------------------------------------------


class ApplicationQuery(Schema):
    status: ApplicationStatus | None = None
    category: Category | None = None
    limit: int = Field(PAGE_SIZE_DEFAULT, ge=1, le=PAGE_SIZE_MAX)
    offset: int = Field(0, ge=0, le=10_000_000)


class ApplicantOut(Schema):
    id: int
    name: str


class ApplicationOut(Schema):
    id: int
    reference: str
    title: str
    applicant: ApplicantOut
    status: ApplicationStatus
    category: str = Field(description="social, situational, or empty while a draft")
    requested_kr: int
    granted_kr: int
    paid_kr: int
    submitted_at: datetime | None
    districts: list[str]

    @staticmethod
    def resolve_districts(application) -> list[str]:
        # .all() reads the selector's prefetch; no query per row.
        return [district.name for district in application.districts.all()]


class ApplicationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ApplicationOut]


class DecisionIn(Schema):
    outcome: DecisionOutcome
    amount_kr: int | None = Field(
        None, ge=0, description="Only for partly_granted; a full grant is the amount applied for."
    )
    reasons: str
    delegation_point: str = Field(
        max_length=20,
        description="The point of the municipality's delegation list decided under, e.g. 4.2.",
    )


class DecisionOut(Schema):
    id: int
    outcome: DecisionOutcome
    amount_kr: int
    decided_at: datetime

    @staticmethod
    def resolve_decided_at(decision) -> datetime:
        return decision.created_at


class CallOut(Schema):
    id: int
    title: str


class ApplicationDetailOut(ApplicationOut):
    summary: str
    call: CallOut
    decision: DecisionOut | None

    @staticmethod
    def resolve_decision(application):
        return getattr(application, "decision", None)


class LedgerOut(Schema):
    year: int
    budget_kr: int = Field(description="The council's appropriation for the year.")
    carried_in_kr: int = Field(description="Carried over from earlier years by decision.")
    carried_out_kr: int = Field(description="Carried over to later years by decision.")
    available_kr: int = Field(description="Appropriation plus carried in minus carried out.")
    committed_kr: int
    paid_kr: int
    returned_kr: int
    remaining_kr: int
