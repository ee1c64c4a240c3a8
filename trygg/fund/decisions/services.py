"""Decisions and money: the only writes that move money are ``decision_record``,
``payment_approve`` and ``money_return`` (and the commitment of planned instalments when a
fund year is created). Each locks the fund years it touches first (``select_for_update``: a
real row lock on PostgreSQL, the IMMEDIATE write lock on SQLite), re-reads the totals under
the lock and refuses what would go over the budget; the database constraints on FundYear
and Instalment are the last line. The booking itself is in ``ledger``."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.templatetags.trygg import thousands
from trygg.fund.agreements.services import (
    agreement_create,
    needs_agreement,
    require_signed_agreement,
)
from trygg.fund.constants import (
    DECIDED,
    ApplicationStatus,
    DecisionOutcome,
    LedgerKind,
    PaymentStatus,
)
from trygg.fund.decisions import ledger
from trygg.fund.decisions.letters import attach_letter
from trygg.fund.delegation.selectors import delegation_check
from trygg.fund.models import (
    Application,
    Decision,
    DelegationPoint,
    FundYear,
    Instalment,
    Payment,
)
from trygg.fund.plan import grant_sync
from trygg.fund.policies import fund_policy
from trygg.fund.workflow import status_change

# Up to how many fund years after the call's a grant's instalments may reach.
MAX_LATER_YEARS = 2


def _split(application: Application, amount: int, later: dict[int, int]) -> dict[int, int]:
    """The grant per fund year: the later years as decided, the rest in the call's year."""
    first_year = application.call.fund_year.year
    for year, part in later.items():
        if not first_year < year <= first_year + MAX_LATER_YEARS or part <= 0:
            raise ApplicationError(
                _(
                    "An instalment is for one of the %(count)s years after %(year)s and is "
                    "more than 0 kr."
                )
                % {"count": MAX_LATER_YEARS, "year": first_year},
                field="later_instalments",
            )
    first = amount - sum(later.values())
    if later and (not amount or first <= 0):
        raise ApplicationError(
            _("The later years' instalments must leave a part for %(year)s.")
            % {"year": first_year},
            field="later_instalments",
        )
    return {first_year: first, **later} if amount else {}


def decision_record(
    *,
    actor,
    application: Application,
    outcome: str,
    amount_kr: int | None,
    reasons: str,
    delegation: DelegationPoint | None,
    later_instalments: dict[int, int] | None = None,
) -> Decision:
    """Decide an application under review. A grant can be split into instalments per fund
    year (``later_instalments``: year -> kr); each commits only its own year's budget, at once
    when that fund year exists, else when it is created (a planned commitment until then)."""
    fund_policy.require(actor, "administer", application)
    if not reasons.strip():
        raise ApplicationError(_("Give the reasons for the decision."), field="reasons")
    if outcome == DecisionOutcome.GRANTED:
        amount = application.requested_kr
    elif outcome == DecisionOutcome.PARTLY_GRANTED:
        amount = amount_kr or 0
        if not 0 < amount < application.requested_kr:
            raise ApplicationError(
                _("A partial grant is more than 0 and less than the %(requested)s kr applied for.")
                % {"requested": thousands(application.requested_kr)},
                field="amount_kr",
            )
    else:
        amount = 0
    delegation_check(actor=actor, application=application, point=delegation, amount_kr=amount)
    parts = _split(application, amount, later_instalments or {})
    existing = {
        year.year: year.pk
        for year in FundYear.objects.filter(
            municipality_id=application.municipality_id, year__in=list(parts)
        )
    }
    with transaction.atomic():
        years = ledger.lock_years([application.call.fund_year_id, *existing.values()])
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status in DECIDED:
            raise ApplicationError(_("The application has already been decided."))
        if current.status != ApplicationStatus.IN_REVIEW:
            raise ApplicationError(_("Only an application under review can be decided."))
        for year, part in sorted(parts.items()):
            fund_year = years.get(existing.get(year))
            if fund_year is not None:
                ledger.commit(
                    actor=actor,
                    fund_year=fund_year,
                    application=application,
                    category=application.category,
                    amount=part,
                )
            Instalment.objects.create(
                application=application,
                year=year,
                category=application.category,
                amount_kr=part,
                fund_year=fund_year,
            )
        decision = Decision.objects.create(
            application=application,
            outcome=outcome,
            amount_kr=amount,
            reasons=reasons.strip(),
            delegation=str(delegation),
            delegation_point=delegation,
            split={str(year): part for year, part in sorted(parts.items())}
            if len(parts) > 1
            else {},
            decided_by=actor.user,
        )
        attach_letter(decision)
        application.granted_kr = amount
        application.save(update_fields=["granted_kr", "updated_at"])
        record(
            action="fund.decision.create",
            actor=actor,
            target=decision,
            payload={
                "application": application.pk,
                "outcome": outcome,
                "amount_kr": amount,
                "years": sorted(parts),
            },
        )
        status_change(application, actor, outcome)
        if amount:
            from trygg.fund.reports.services import reports_schedule

            reports_schedule(application=application)
            if needs_agreement(application):
                agreement_create(application=application)
            grant_sync(application.pk)
    return decision


def payment_request(
    *,
    actor,
    application: Application,
    amount_kr: int,
    invoice_reference: str = "",
    invoice_date=None,
) -> Payment:
    """Ask for a payment; a second coordinator approves it. A company is paid against its
    invoice or payment request, under its signed agreement."""
    fund_policy.require(actor, "administer", application)
    if application.status not in (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED):
        raise ApplicationError(_("Only a granted application can be paid."))
    require_signed_agreement(application)
    if needs_agreement(application) and not (invoice_reference.strip() and invoice_date):
        raise ApplicationError(
            _("A company is paid against its invoice: give the invoice's number and date."),
            field="invoice_reference",
        )
    pending = sum(p.amount_kr for p in application.payments.filter(status=PaymentStatus.REQUESTED))
    payable = ledger.payable_kr(application)
    if amount_kr <= 0 or application.paid_kr + pending + amount_kr > payable:
        message = _("At most %(left)s kr of the grant is left to pay.") % {
            "left": thousands(max(payable - application.paid_kr - pending, 0))
        }
        if payable < application.granted_kr:
            message += " " + _(
                "The instalments of later fund years are paid once those years' budgets are "
                "decided."
            )
        raise ApplicationError(message, field="amount_kr")
    with transaction.atomic():
        payment = Payment.objects.create(
            application=application,
            amount_kr=amount_kr,
            requested_by=actor.user,
            invoice_reference=invoice_reference.strip(),
            invoice_date=invoice_date,
        )
        record(
            action="fund.payment.request",
            actor=actor,
            target=payment,
            payload={"application": application.pk, "amount_kr": amount_kr},
        )
    return payment


def payment_reject(*, actor, payment: Payment) -> Payment:
    """Turn down a payment request (wrong amount, wrong recipient); nothing is paid."""
    fund_policy.require(actor, "administer", payment.application)
    with transaction.atomic():
        current = Payment.objects.select_for_update().get(pk=payment.pk)
        if current.status != PaymentStatus.REQUESTED:
            raise ApplicationError(_("The payment has already been handled."))
        current.status = PaymentStatus.REJECTED
        current.save(update_fields=["status", "updated_at"])
        record(
            action="fund.payment.reject",
            actor=actor,
            target=current,
            payload={"application": current.application_id},
        )
    return current


def payment_approve(*, actor, payment: Payment) -> Payment:
    application = payment.application
    fund_policy.require(actor, "administer", application)
    if payment.requested_by_id == actor.user.pk:
        raise ApplicationError(
            _("Someone other than the person who requested the payment must approve it.")
        )
    require_signed_agreement(application)
    with transaction.atomic():
        years = ledger.lock_years(ledger.committed_years(application))
        current = Payment.objects.select_for_update().get(pk=payment.pk)
        if current.status != PaymentStatus.REQUESTED:
            raise ApplicationError(_("The payment has already been handled."))
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.paid_kr + current.amount_kr > application.granted_kr:
            raise ApplicationError(_("The payment would exceed the amount granted."))
        ledger.pay(actor=actor, application=application, years=years, amount=current.amount_kr)
        current.status = PaymentStatus.APPROVED
        current.approved_by = actor.user
        current.approved_at = timezone.now()
        current.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        application.paid_kr += current.amount_kr
        application.save(update_fields=["paid_kr", "updated_at"])
        record(
            action="fund.payment.approve",
            actor=actor,
            target=current,
            payload={"application": application.pk, "amount_kr": current.amount_kr},
        )
        if application.paid_kr == application.granted_kr:
            status_change(application, actor, ApplicationStatus.PAID)
        grant_sync(application.pk)
    return current


def money_return(*, actor, application: Application, amount_kr: int) -> None:
    """Unspent money goes back to the fund and can be granted again."""
    fund_policy.require(actor, "administer", application)
    with transaction.atomic():
        years = ledger.lock_years(ledger.committed_years(application))
        application = Application.objects.select_for_update().get(pk=application.pk)
        returned = sum(
            e.amount_kr for e in application.ledger_entries.filter(kind=LedgerKind.RETURN)
        )
        if amount_kr <= 0 or returned + amount_kr > application.paid_kr:
            raise ApplicationError(
                _("At most %(left)s kr can be returned.")
                % {"left": thousands(application.paid_kr - returned)},
                field="amount_kr",
            )
        ledger.give_back(actor=actor, application=application, years=years, amount=amount_kr)
        record(
            action="fund.ledger.return",
            actor=actor,
            target=application,
            payload={"amount_kr": amount_kr},
        )
        grant_sync(application.pk)
