"""Pages of decisions and money: the decision, payment requests and their approval by a
second coordinator (four eyes), and returns of unspent money."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.confirm import confirmation
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.core.templatetags.trygg import kronor
from trygg.fund import selectors
from trygg.fund.agreements.services import needs_agreement
from trygg.fund.constants import DecisionOutcome, PaymentStatus
from trygg.fund.coordinator import act, cleaned, coordinator_application, done
from trygg.fund.decisions import services
from trygg.fund.decisions.forms import DecisionForm, PaymentForm, ReturnForm
from trygg.fund.delegation.selectors import points_for_decision
from trygg.fund.models import Payment
from trygg.fund.policies import fund_policy


@guard(fund_policy, "administer")
def decision_view(request, application_id: int):
    application = coordinator_application(request, application_id)
    form = DecisionForm(
        request.POST or None,
        points=points_for_decision(actor=request.actor),
        first_year=application.call.fund_year.year,
    )
    if request.method == "POST" and form.is_valid():
        asked = _confirm_decision(request, application, form.cleaned_data)
        if asked:
            return asked
        try:
            services.decision_record(
                actor=request.actor, application=application, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            return done(request, application, _("The decision was recorded."))
    return render(
        request,
        "fund/decision.html",
        {
            "application": application,
            "form": form,
            "reviews": selectors.reviews_visible_to(actor=request.actor, application=application),
        },
    )


def _confirm_decision(request, application, data):
    outcome = dict(DecisionOutcome.choices)[data["outcome"]]
    amount = data.get("amount_kr")
    if data["outcome"] == DecisionOutcome.GRANTED:
        amount = application.requested_kr
    summary = f"{outcome}, {kronor(amount)}" if amount else str(outcome)
    later = data.get("later_instalments") or {}
    if amount and later:
        years = ", ".join(f"{year}: {kronor(part)}" for year, part in sorted(later.items()))
        summary += " " + _("(of which %(years)s)") % {"years": years}
    return confirmation(
        request,
        title=_("Register the decision?"),
        text=_(
            "%(reference)s %(title)s: %(decision)s. A registered decision commits the money, is "
            "sent to the applicant and cannot be changed."
        )
        % {"reference": application.reference, "title": application.title, "decision": summary},
        button=_("Yes, register the decision"),
        cancel_url=reverse("fund:application_detail", args=[application.pk]),
    )


@guard(fund_policy, "administer")
@require_POST
def payment_request_view(request, application_id: int):
    application = coordinator_application(request, application_id)
    form = PaymentForm(request.POST, company=needs_agreement(application))
    return act(
        request,
        application,
        lambda: services.payment_request(
            actor=request.actor,
            application=application,
            **cleaned(
                form,
                _("Give the amount to pay in whole kronor, and for a company its invoice."),
            ),
        ),
        _("The payment is waiting for a colleague's approval."),
    )


def _requested_payment(request, payment_id: int) -> Payment:
    """A payment of the actor's municipality that still waits for a second person."""
    return get_object_or_404(
        Payment.objects.filter(
            application__municipality_id=request.actor.municipality_id,
            status=PaymentStatus.REQUESTED,
        ).select_related("application"),
        pk=payment_id,
    )


@guard(fund_policy, "administer")
@require_POST
def payment_approve_view(request, payment_id: int):
    payment = _requested_payment(request, payment_id)
    application = payment.application
    asked = confirmation(
        request,
        title=_("Approve the payment?"),
        text=_(
            "%(amount)s to %(applicant)s for %(reference)s %(title)s. An approved payment goes "
            "to the finance department's export and cannot be undone here."
        )
        % {
            "amount": kronor(payment.amount_kr),
            "applicant": application.applicant,
            "reference": application.reference,
            "title": application.title,
        },
        button=_("Yes, approve the payment"),
        cancel_url=reverse("fund:payments"),
    )
    if asked:
        return asked
    return _back_to_list(
        request,
        act(
            request,
            payment.application,
            lambda: services.payment_approve(actor=request.actor, payment=payment),
            _("The payment was approved."),
        ),
    )


@guard(fund_policy, "administer")
@require_POST
def payment_reject_view(request, payment_id: int):
    payment = _requested_payment(request, payment_id)
    return _back_to_list(
        request,
        act(
            request,
            payment.application,
            lambda: services.payment_reject(actor=request.actor, payment=payment),
            _("The payment request was turned down. Nothing was paid."),
        ),
    )


def _back_to_list(request, response):
    """Approved or turned down from the list of waiting payments: back to that list."""
    return redirect("fund:payments") if request.POST.get("back") == "payments" else response


@guard(fund_policy, "administer")
@require_POST
def return_view(request, application_id: int):
    application = coordinator_application(request, application_id)
    form = ReturnForm(request.POST)
    return act(
        request,
        application,
        lambda: services.money_return(
            actor=request.actor,
            application=application,
            amount_kr=cleaned(form, _("Give the amount in whole kronor."))["amount_kr"],
        ),
        _("The returned money is back in the fund."),
    )


@guard(fund_policy, "administer")
def payments_waiting_view(request):
    """Every payment request that waits for a second coordinator, with its approve button
    where the actor may press it (not on their own request)."""
    return render(
        request,
        "fund/payments_waiting.html",
        {"payments": selectors.payments_waiting(actor=request.actor)},
    )
