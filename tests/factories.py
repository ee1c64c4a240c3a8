from datetime import date

import factory

from trygg.accounts.models import Membership, User
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import District, Organisation

TEST_PASSWORD = "correct horse battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.NAMND
    name = factory.Sequence(lambda n: f"Testnämnd {n}")
    parent = factory.LazyFunction(lambda: Organisation.objects.get(scb_code="0126"))
    municipality_id = factory.LazyAttribute(lambda o: o.parent.municipality_id)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.LazyFunction(lambda: Organisation.objects.get(scb_code="0126"))
    name = factory.Sequence(lambda n: f"Område {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "sokande"


def make_fund_year(municipality, *, year=2026, budget_kr=10_000_000, **extra):
    from trygg.fund.models import FundYear

    return FundYear.objects.create(
        municipality=municipality, year=year, budget_kr=budget_kr, **extra
    )


def make_call(fund_year, *, eligible=(), open_now=True, **extra):
    """A call with two weighted criteria and one extra question."""
    from django.utils import timezone

    from trygg.fund.constants import Category, MeasureType
    from trygg.fund.models import Call, Criterion, Question

    now = timezone.now()
    opens, closes = (now - timezone.timedelta(days=10), now + timezone.timedelta(days=20))
    if not open_now:
        opens, closes = now - timezone.timedelta(days=40), now - timezone.timedelta(days=1)
    call = Call.objects.create(
        fund_year=fund_year,
        title=extra.pop("title", "Trygghetsfonden 2026"),
        opens_at=opens,
        closes_at=closes,
        categories=[Category.SOCIAL, Category.SITUATIONAL],
        measure_types=list(MeasureType.values),
        max_amount_kr=extra.pop("max_amount_kr", 2_000_000),
        **extra,
    )
    call.eligible_organisations.set(eligible)
    Criterion.objects.create(call=call, name="Behov", weight=2, order=1)
    Criterion.objects.create(call=call, name="Genomförbarhet", weight=1, order=2)
    Question.objects.create(call=call, text="Hur involveras de boende?", order=1)
    return call


def make_application(
    call, applicant, user, *, status="draft", requested_kr=100_000, category="social", **extra
):
    """An application whose content is complete, so it can be submitted."""
    from trygg.fund.models import Answer, Application, BudgetLine, Indicator
    from trygg.organisations.models import District

    number = Application.objects.count() + 1
    application = Application.objects.create(
        call=call,
        municipality_id=call.fund_year.municipality_id,
        applicant=applicant,
        reference=f"TF-{call.fund_year.year}-{number:04d}",
        title=extra.pop("title", f"Åtgärd {number}"),
        summary="Nattvandring i centrum",
        category=category,
        measure_types=["nattvandring"],
        target_group="Unga 13-17",
        problem="Otrygghet kvällstid",
        problem_basis=["trygghetsmatning"],
        expected_effects="Ökad trygghet",
        risks="Få volontärer",
        partners="Polisen",
        start_date=date(2026, 3, 1),
        end_date=date(2026, 12, 31),
        status=status,
        created_by=user,
        requested_kr=requested_kr,
        **extra,
    )
    application.districts.set(
        District.objects.filter(municipality_id=call.fund_year.municipality_id)[:1]
    )
    BudgetLine.objects.create(
        application=application, description="Västar och lampor", amount_kr=requested_kr
    )
    Indicator.objects.create(
        application=application, name="Andel trygga", baseline="60 %", target="70 %"
    )
    for question in call.questions.all():
        Answer.objects.create(application=application, question=question, text="Genom dialog")
    return application


def delegation_point(municipality, *, point="4.2", max_amount_kr=None, decision_makers=()):
    """The municipality's delegation point for fund decisions (made once, then reused)."""
    from trygg.fund.models import DelegationPoint

    found, _created = DelegationPoint.objects.get_or_create(
        municipality=municipality,
        point=point,
        defaults={
            "matter": "Beslut om bidrag ur trygghetsfonden",
            "delegate": "Trygghetssamordnare",
            "max_amount_kr": max_amount_kr,
        },
    )
    if decision_makers:
        found.decision_makers.set(decision_makers)
    return found


def signed_agreement(application):
    """The company's grant agreement, signed by one of its applicants (a new one)."""
    from trygg.accounts.actor import actor_for
    from trygg.core.roles import Role
    from trygg.fund.agreements.services import agreement_sign

    signer = UserFactory()
    MembershipFactory(user=signer, organisation=application.applicant, role=Role.SOKANDE)
    application.refresh_from_db()
    return agreement_sign(
        actor=actor_for(signer),
        agreement=application.agreement,
        signatory="Anna Andersson, VD",
        authorised=True,
    )


# A company's invoice, for a payment request to a municipal company.
INVOICE = {"invoice_reference": "F-1001", "invoice_date": date(2026, 5, 4)}
