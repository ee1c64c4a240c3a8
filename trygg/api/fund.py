"""The safety fund over the API: the same selectors, policy and services as the pages.

Nothing here decides who may see or do what: lists and details come from the fund's
selectors (the policy's ``visible``), and the decision goes through ``decision_record``
with its row locks, budget check and audit event.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Path, Query, Router, Status

from trygg.api.auth import TokenAuth
from trygg.api.constants import Scope
from trygg.api.schemas import (
    ApplicationDetailOut,
    ApplicationPage,
    ApplicationQuery,
    DecisionIn,
    DecisionOut,
    ErrorOut,
    FieldErrorsOut,
    LedgerOut,
)
from trygg.core.access import require
from trygg.core.forms import EARLIEST_DATE, LATEST_DATE, MAX_ID
from trygg.fund import selectors
from trygg.fund.decisions import services as decision_services
from trygg.fund.delegation.selectors import delegation_point_named
from trygg.fund.models import FundYear
from trygg.fund.policies import fund_policy

router = Router(tags=["fund"])

READ = TokenAuth(Scope.FUND_READ)
WRITE = TokenAuth(Scope.FUND_WRITE)
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


@router.get(
    "/applications",
    auth=READ,
    response={200: ApplicationPage, **ERRORS},
    summary="Applications the token may see",
    description="Scope: fund:read. Newest first; `limit` at most 100.",
)
def application_list(request, query: Query[ApplicationQuery]):
    applications = selectors.application_list(
        actor=request.actor,
        filters={"status": query.status, "category": query.category},
    )
    return {
        "count": applications.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": list(applications[query.offset : query.offset + query.limit]),
    }


@router.get(
    "/applications/{application_id}",
    auth=READ,
    response={200: ApplicationDetailOut, **ERRORS},
    summary="One application",
    description="Scope: fund:read. 404 for an application the token may not see.",
)
def application_detail(request, application_id: int = Path(..., ge=1, le=MAX_ID)):
    return selectors.application_get(actor=request.actor, application_id=application_id)


@router.post(
    "/applications/{application_id}/decision",
    auth=WRITE,
    response={201: DecisionOut, **ERRORS},
    summary="Record the decision on an application under review",
    description=(
        "Scope: fund:write; coordinators of the application's municipality. Commits the "
        "amount to the fund year's ledger, or refuses with 422 and changes nothing."
    ),
)
def decision_create(request, payload: DecisionIn, application_id: int = Path(..., ge=1, le=MAX_ID)):
    application = selectors.application_get(actor=request.actor, application_id=application_id)
    require(request, fund_policy, "administer", application)
    decision = decision_services.decision_record(
        actor=request.actor,
        application=application,
        outcome=payload.outcome.value,
        amount_kr=payload.amount_kr,
        reasons=payload.reasons,
        delegation=delegation_point_named(actor=request.actor, point=payload.delegation_point),
    )
    return Status(201, decision)


@router.get(
    "/years/{year}/ledger",
    auth=READ,
    response={200: LedgerOut, **ERRORS},
    summary="The fund year's budget and totals",
    description="Scope: fund:read; coordinators of the municipality.",
)
def ledger_detail(request, year: int = Path(..., ge=EARLIEST_DATE.year, le=LATEST_DATE.year)):
    require(request, fund_policy, "administer")
    return _fund_year_get(actor=request.actor, year=year)


def _fund_year_get(*, actor, year: int) -> FundYear:
    # Belongs in trygg.fund.selectors as fund_year_get(*, actor, year); kept here until
    # the fund app has it, scoped the same way as fund_year_current.
    fund_year = FundYear.objects.filter(municipality_id=actor.municipality_id, year=year).first()
    if fund_year is None:
        raise Http404
    return fund_year
