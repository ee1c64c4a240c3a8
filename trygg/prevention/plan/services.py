"""Åtgärdsplan: drafted by the prevention coordinator from an adopted lägesbild, its measures
linked to the problems, adopted by a named body and then published if the coordinator
chooses. After adoption the measures' definitions stand; their funding, the grants linked to
them and their follow-up go on. Every write is audited (ids only).

``grant_record`` is the safety fund's way in: the fund calls it in the transaction of a
decision, a payment, a repayment or a follow-up report, with the facts the plan shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.prevention.adoption import adoption
from trygg.prevention.est.identity import IDENTITY_NUMBER
from trygg.prevention.models import (
    Commitment,
    CommitmentFollowUp,
    Funding,
    FundingSource,
    Grant,
    Measure,
    MeasureIndicator,
    MeasureUpdate,
    Plan,
    PlanStatus,
    Problem,
    Situation,
    SituationStatus,
)
from trygg.prevention.policies import prevention_policy

MAX_KR = 10**12  # a thousand billion kronor: more than any plan, less than a column holds


def _no_identity_numbers(**texts: str) -> None:
    for field, text in texts.items():
        if IDENTITY_NUMBER.search(text or ""):
            raise ApplicationError(
                _(
                    "The text looks like it holds an identity number: the action plan is about "
                    "places, groups and organisations, never about a person."
                ),
                field=field,
            )


def _dates(start: date, end: date | None, *, end_field: str) -> None:
    if end is not None and end < start:
        raise ApplicationError(_("The end cannot come before the start."), field=end_field)


def _amount(amount: int, field: str) -> None:
    if amount < 0 or amount > MAX_KR:
        raise ApplicationError(_("Give an amount in whole kronor, zero or more."), field=field)


def _draft(actor, plan: Plan) -> Plan:
    prevention_policy.require(actor, "manage_indicators", plan)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.DRAFT:
        raise ApplicationError(
            _("The plan is adopted: its measures stand. Follow them up, fund them and link grants.")
        )
    return locked


def _same_municipality(plan: Plan, *, problems=(), districts=(), organisation=None) -> None:
    if any(p.situation_id != plan.situation_id for p in problems):
        raise ApplicationError(
            _("Choose problems of the situational picture the plan answers."), field="problems"
        )
    if any(d.municipality_id != plan.municipality_id for d in districts):
        raise ApplicationError(_("Choose the municipality's own districts."), field="districts")
    if organisation is not None and organisation.municipality_id != plan.municipality_id:
        raise ApplicationError(
            _("Choose an organisation of the municipality."), field="organisation"
        )


# --- The plan -------------------------------------------------------------------------


def plan_create(*, actor, situation: Situation, title: str, period_from, period_to) -> Plan:
    prevention_policy.require(actor, "manage_indicators", situation)
    if situation.status != SituationStatus.ADOPTED:
        raise ApplicationError(
            _("A plan answers an adopted situational picture. Adopt it first."), field="situation"
        )
    _dates(period_from, period_to, end_field="period_to")
    with transaction.atomic():
        plan = Plan.objects.create(
            municipality_id=situation.municipality_id,
            situation=situation,
            title=title,
            period_from=period_from,
            period_to=period_to,
            created_by=actor.user,
        )
        record(action="prevention.plan.create", actor=actor, target=plan)
    return plan


def plan_update(*, actor, plan: Plan, title: str, period_from, period_to) -> Plan:
    _dates(period_from, period_to, end_field="period_to")
    with transaction.atomic():
        locked = _draft(actor, plan)
        locked.title, locked.period_from, locked.period_to = title, period_from, period_to
        locked.save()
        record(action="prevention.plan.update", actor=actor, target=locked)
    return locked


def plan_adopt(*, actor, plan: Plan, decided_by_body: str, adopted_on: date) -> Plan:
    decided_by_body, adopted_at = adoption(decided_by_body, adopted_on)
    with transaction.atomic():
        locked = _draft(actor, plan)
        if not locked.measures.exists():
            raise ApplicationError(_("Add at least one measure before adopting."))
        locked.status = PlanStatus.ADOPTED
        locked.decided_by_body = decided_by_body
        locked.adopted_by = actor.user
        locked.adopted_at = adopted_at
        locked.save()
        record(action="prevention.plan.adopt", actor=actor, target=locked)
    return locked


def plan_publish(*, actor, plan: Plan, publish: bool) -> Plan:
    """The adopted plan on the public page, with the measures the coordinator chose."""
    prevention_policy.require(actor, "manage_indicators", plan)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if publish and locked.status != PlanStatus.ADOPTED:
            raise ApplicationError(_("Only an adopted plan can be published."))
        locked.published_at = timezone.now() if publish else None
        locked.save(update_fields=["published_at", "updated_at"])
        record(
            action="prevention.plan.publish" if publish else "prevention.plan.unpublish",
            actor=actor,
            target=locked,
        )
    return locked


# --- Measures -------------------------------------------------------------------------


def measure_save(
    *, actor, plan: Plan, measure: Measure | None = None, problems, districts, **fields
) -> Measure:
    """A new measure (``measure`` None) or a change to one, while the plan is a draft."""
    if not problems:
        raise ApplicationError(_("Link the measure to at least one problem."), field="problems")
    _dates(fields["starts_on"], fields.get("ends_on"), end_field="ends_on")
    _amount(fields.get("cost_kr", 0), "cost_kr")
    _no_identity_numbers(**{k: fields.get(k, "") for k in ("title", "description", "partners")})
    with transaction.atomic():
        locked = _draft(actor, plan)
        _same_municipality(
            locked, problems=problems, districts=districts, organisation=fields["organisation"]
        )
        if measure is None:
            number = (
                locked.measures.order_by("-number").values_list("number", flat=True).first() or 0
            ) + 1
            measure = Measure.objects.create(
                plan=locked, number=number, created_by=actor.user, **fields
            )
            action = "prevention.measure.create"
        else:
            for name, value in fields.items():
                setattr(measure, name, value)
            measure.save()
            action = "prevention.measure.update"
        measure.problems.set(problems)
        measure.districts.set(districts)
        record(action=action, actor=actor, target=measure, payload={"plan": locked.pk})
    return measure


def measure_remove(*, actor, measure: Measure) -> None:
    with transaction.atomic():
        locked = _draft(actor, measure.plan)
        Grant.objects.filter(measure=measure).update(measure=None)
        record(
            action="prevention.measure.remove",
            actor=actor,
            target=locked,
            payload={"measure": measure.pk},
        )
        measure.delete()


def funding_add(*, actor, measure: Measure, source: str, funder: str, amount_kr: int) -> Funding:
    """Money from a committee's own budget or a partner (the fund's comes as grants)."""
    prevention_policy.require(actor, "manage_indicators", measure.plan)
    if source not in (FundingSource.BUDGET, FundingSource.PARTNER):
        raise ApplicationError(
            _("Money from the safety fund comes with its grant: link the grant instead."),
            field="source",
        )
    _amount(amount_kr, "amount_kr")
    with transaction.atomic():
        funding = Funding.objects.create(
            measure=measure, source=source, funder=funder.strip(), amount_kr=amount_kr
        )
        record(
            action="prevention.funding.add",
            actor=actor,
            target=measure,
            payload={"funding": funding.pk, "amount_kr": amount_kr},
        )
    return funding


def funding_remove(*, actor, funding: Funding) -> None:
    prevention_policy.require(actor, "manage_indicators", funding.measure.plan)
    with transaction.atomic():
        record(
            action="prevention.funding.remove",
            actor=actor,
            target=funding.measure,
            payload={"funding": funding.pk},
        )
        funding.delete()


def grant_link(*, actor, measure: Measure, grant: Grant) -> Grant:
    prevention_policy.require(actor, "manage_indicators", measure.plan)
    with transaction.atomic():
        locked = Grant.objects.select_for_update().get(pk=grant.pk)
        if locked.municipality_id != measure.plan.municipality_id:
            raise ApplicationError(_("Choose one of the municipality's grants."), field="grant")
        locked.measure = measure
        locked.save(update_fields=["measure", "updated_at"])
        record(
            action="prevention.grant.link",
            actor=actor,
            target=measure,
            payload={"grant": locked.pk, "application": locked.application_id},
        )
    return locked


def grant_unlink(*, actor, measure: Measure, grant: Grant) -> None:
    prevention_policy.require(actor, "manage_indicators", measure.plan)
    with transaction.atomic():
        Grant.objects.filter(pk=grant.pk, measure=measure).update(measure=None)
        record(
            action="prevention.grant.unlink",
            actor=actor,
            target=measure,
            payload={"grant": grant.pk},
        )


def target_add(*, actor, measure: Measure, indicator, baseline, target) -> MeasureIndicator:
    prevention_policy.require(actor, "manage_indicators", measure.plan)
    if indicator.municipality_id != measure.plan.municipality_id:
        raise ApplicationError(_("Choose one of the municipality's indicators."), field="indicator")
    if measure.targets.filter(indicator=indicator).exists():
        raise ApplicationError(_("The measure already follows this indicator."), field="indicator")
    with transaction.atomic():
        row = MeasureIndicator.objects.create(
            measure=measure, indicator=indicator, baseline=baseline, target=target
        )
        record(
            action="prevention.target.add",
            actor=actor,
            target=measure,
            payload={"indicator": indicator.pk},
        )
    return row


def target_remove(*, actor, row: MeasureIndicator) -> None:
    prevention_policy.require(actor, "manage_indicators", row.measure.plan)
    with transaction.atomic():
        record(
            action="prevention.target.remove",
            actor=actor,
            target=row.measure,
            payload={"indicator": row.indicator_id},
        )
        row.delete()


def measure_follow_up(*, actor, measure: Measure, status: str, text: str) -> MeasureUpdate:
    """The coordinator or a contact of the responsible organisation says how it goes."""
    prevention_policy.require(actor, "follow_up", measure)
    text = text.strip()
    if not text:
        raise ApplicationError(_("Say what has happened."), field="text")
    _no_identity_numbers(text=text)
    with transaction.atomic():
        update = MeasureUpdate.objects.create(
            measure=measure,
            status=status,
            text=text,
            written_by=actor.user,
            written_at=timezone.now(),
        )
        Measure.objects.filter(pk=measure.pk).update(status=status, updated_at=timezone.now())
        record(
            action="prevention.measure.follow_up",
            actor=actor,
            target=measure,
            payload={"status": status},
        )
    return update


# --- Commitments with the police (medborgarlöfte, samverkansöverenskommelse) ------------


def commitment_add(*, actor, plan: Plan, agreement: str, party: str, text: str, owner: str):
    """A party's promise, at any time: the agreements are renewed each year."""
    prevention_policy.require(actor, "manage_indicators", plan)
    text, owner = text.strip(), owner.strip()
    if not text:
        raise ApplicationError(_("Say what is promised."), field="text")
    _no_identity_numbers(text=text, owner=owner)
    with transaction.atomic():
        commitment = Commitment.objects.create(
            plan=plan,
            agreement=agreement,
            party=party,
            text=text,
            owner=owner,
            created_by=actor.user,
        )
        record(
            action="prevention.commitment.add",
            actor=actor,
            target=plan,
            payload={"commitment": commitment.pk, "party": party},
        )
    return commitment


def commitment_follow_up(
    *, actor, commitment: Commitment, period: str, state: str, note: str
) -> CommitmentFollowUp:
    prevention_policy.require(actor, "manage_indicators", commitment.plan)
    period = period.strip()
    if not period:
        raise ApplicationError(_("Name the period, for example “Tertial 1 2026”."), field="period")
    _no_identity_numbers(note=note)
    with transaction.atomic():
        follow_up = CommitmentFollowUp.objects.create(
            commitment=commitment,
            period=period,
            state=state,
            note=note.strip(),
            written_by=actor.user,
            written_at=timezone.now(),
        )
        record(
            action="prevention.commitment.follow_up",
            actor=actor,
            target=commitment.plan,
            payload={"commitment": commitment.pk, "state": state},
        )
    return follow_up


# --- The safety fund's grants ---------------------------------------------------------


@dataclass(frozen=True)
class GrantFacts:
    """What the fund tells the plan about one granted application."""

    municipality_id: int
    application_id: int
    reference: str
    title: str
    organisation_name: str
    problem_id: int | None
    district_names: str
    decided_on: date
    granted_kr: int
    paid_kr: int
    returned_kr: int
    report_state: str  # GrantReportState (prevention.constants)
    report_text: str


def grant_record(facts: GrantFacts) -> None:
    """Called by the fund inside its own (audited) transaction; keeps the link to a measure.
    A grant whose problem belongs to another municipality is kept without the problem."""
    problem_id = facts.problem_id
    if (
        problem_id is not None
        and not Problem.objects.filter(
            pk=problem_id, situation__municipality_id=facts.municipality_id
        ).exists()
    ):
        problem_id = None
    Grant.objects.update_or_create(
        application_id=facts.application_id,
        defaults={
            "municipality_id": facts.municipality_id,
            "reference": facts.reference,
            "title": facts.title[:200],
            "organisation_name": facts.organisation_name[:200],
            "problem_id": problem_id,
            "district_names": facts.district_names[:500],
            "decided_on": facts.decided_on,
            "granted_kr": facts.granted_kr,
            "paid_kr": facts.paid_kr,
            "returned_kr": facts.returned_kr,
            "report_state": facts.report_state,
            "report_text": facts.report_text,
        },
    )
