"""Demo data for the safety fund, made through the real services (so history and ledger agree)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.fund.agreements.services import agreement_sign
from trygg.fund.applications import services
from trygg.fund.constants import Category, MeasureType
from trygg.fund.decisions import services as decision_services
from trygg.fund.models import (
    Call,
    Criterion,
    DelegationPoint,
    FundYear,
    Payee,
    PaymentExportLayout,
    Question,
)
from trygg.fund.review import services as review_services
from trygg.organisations.models import District
from trygg.prevention.selectors import problems_to_target

DEMO_YEAR = 2026


def _actor(email: str):
    return actor_for(User.objects.get(email=email))


def _call(fund_year: FundYear, orgs) -> Call:
    now = timezone.now()
    call = Call.objects.create(
        fund_year=fund_year,
        title="Trygghetsfonden 2026, andra utlysningen",
        description=(
            "Nämnder och kommunala bolag i Huddinge kan söka medel för brottsförebyggande och "
            "trygghetsskapande åtgärder, sociala och situationella."
        ),
        opens_at=now - timezone.timedelta(days=30),
        closes_at=now + timezone.timedelta(days=45),
        max_amount_kr=1_500_000,
        categories=[Category.SOCIAL, Category.SITUATIONAL],
        measure_types=list(MeasureType.values),
    )
    call.eligible_organisations.set(
        [orgs["kultur"], orgs["social"], orgs["gymnasie"], orgs["bostadsbolag"]]
    )
    Criterion.objects.create(
        call=call,
        name="Behov och problembild",
        weight=3,
        order=1,
        description="Bygger ansökan på lägesbilden och trygghetsmätningen?",
    )
    Criterion.objects.create(call=call, name="Förväntad effekt", weight=2, order=2)
    Criterion.objects.create(call=call, name="Genomförbarhet och samverkan", weight=1, order=3)
    Question.objects.create(call=call, text="Hur har boende eller unga varit delaktiga?", order=1)
    # The call targets the problems of the adopted lägesbild (when the demo has one).
    call.problems.set(problems_to_target(municipality_id=fund_year.municipality_id))
    return call


def _problem(call, priority: int | None):
    """A problem of the adopted demo lägesbild, by its priority (None where there is none)."""
    if priority is None:
        return None
    return (
        problems_to_target(municipality_id=call.fund_year.municipality_id)
        .filter(priority=priority)
        .first()
    )


def _application(
    call, applicant_email, title, *, category, measure, amount, district_names, problem=1
):
    applicant = _actor(applicant_email)
    application = services.application_create(actor=applicant, call=call, title=title)
    districts = District.objects.filter(
        municipality_id=call.fund_year.municipality_id, name__in=district_names
    )
    services.application_save(
        actor=applicant,
        application=application,
        fields={
            "title": title,
            "summary": f"{title}: en åtgärd för ökad trygghet.",
            "category": category,
            "measure_types": [measure],
            "target_group": "Boende och unga i området",
            "addresses": _problem(call, problem),
            "problem": "Trygghetsmätningen visar att många känner sig otrygga kvällstid.",
            "problem_basis": ["trygghetsmatning", "police_dialogue"],
            "expected_effects": "Fler som känner sig trygga; färre anmälda skadegörelser.",
            "risks": "Svårt att rekrytera; väder och säsong.",
            "partners": "Polisen, lokala föreningar",
            "start_date": date(DEMO_YEAR + 1, 1, 15),
            "end_date": date(DEMO_YEAR + 1, 12, 15),
            "co_financing_kr": amount // 10,
        },
        districts=districts,
        budget_lines=[
            {"description": "Personal och arvoden", "amount_kr": amount * 6 // 10},
            {"description": "Material och utrustning", "amount_kr": amount - amount * 6 // 10},
        ],
        indicators=[
            {"name": "Andel som känner sig trygga kvällstid", "baseline": "48 %", "target": "60 %"}
        ],
        answers={
            q.pk: "Genom trygghetsvandringar och dialog med boende." for q in call.questions.all()
        },
    )
    return application


def _delegation_list(huddinge, director) -> DelegationPoint:
    """Kommunstyrelsens delegationsordning for the fund: the coordinators decide grants up to
    500 000 kr; larger ones the municipal director (here held by Sara) up to 3 MSEK."""
    DelegationPoint.objects.create(
        municipality=huddinge,
        point="4.3",
        matter="Beslut om bidrag ur trygghetsfonden över 500 000 kr",
        delegate="Kommundirektören",
        max_amount_kr=3_000_000,
    ).decision_makers.set([director])
    return DelegationPoint.objects.create(
        municipality=huddinge,
        point="4.2",
        matter="Beslut om bidrag ur trygghetsfonden",
        delegate="Trygghetssamordnare",
        max_amount_kr=500_000,
    )


def _payees(orgs) -> None:
    """How the finance department pays the fund's recipients: committees by internal transfer
    to their cost centre, the housing company by its organisation number."""
    for key, number, centre in (
        ("kultur", "", "3100"),
        ("social", "", "4100"),
        ("gymnasie", "", "5100"),
        ("bostadsbolag", "556045-9843", ""),
    ):
        Payee.objects.create(organisation=orgs[key], organisation_number=number, cost_centre=centre)
    PaymentExportLayout.objects.create(
        municipality=orgs["huddinge"],
        name="Ekonomisystemet (Raindance)",
        columns=["konto", "belopp", "diarienummer", "faktura", "text"],
        delimiter=";",
        header=False,
        decimal_comma=True,
        byte_order_mark=False,
        committee_account="4590-{kostnadsstalle}",
        company_account="2440-{organisationsnummer}",
    )


def _sign_agreement(application, email: str) -> None:
    agreement_sign(
        actor=_actor(email),
        agreement=application.agreement,
        signatory="Birgitta Bolagsson, VD",
        authorised=True,
    )


def seed_fund(orgs) -> None:
    huddinge = orgs["huddinge"]
    if FundYear.objects.filter(municipality=huddinge, year=DEMO_YEAR).exists():
        return
    fund_year = FundYear.objects.create(municipality=huddinge, year=DEMO_YEAR, budget_kr=10_000_000)
    call = _call(fund_year, orgs)
    coordinator = _actor("samordnare@huddinge.example")
    point = _delegation_list(huddinge, coordinator.user)
    _payees(orgs)
    second = _actor("ekonomi@huddinge.example")
    reviewer = User.objects.get(email="granskare@huddinge.example")
    kfn, bolag = "sokande@huddinge.example", "bolag@huddinge.example"

    def submitted(email, title, **kwargs):
        application = _application(call, email, title, **kwargs)
        services.application_submit(actor=_actor(email), application=application)
        return application

    def in_review(email, title, **kwargs):
        application = submitted(email, title, **kwargs)
        review_services.formal_check_pass(actor=coordinator, application=application)
        return application

    def decided(email, title, outcome, granted=None, **kwargs):
        application = in_review(email, title, **kwargs)
        decision_services.decision_record(
            actor=coordinator,
            application=application,
            outcome=outcome,
            amount_kr=granted,
            reasons="Ansökan motsvarar fondens kriterier.",
            delegation=point,
        )
        application.refresh_from_db()
        return application

    _application(
        call,
        kfn,
        "Sommarlovsaktiviteter i Skogås",
        category=Category.SOCIAL,
        measure=MeasureType.FRITIDSAKTIVITETER,
        amount=180_000,
        district_names=["Skogås"],
        problem=2,
    )
    submitted(
        bolag,
        "Trygghetsvärdar i Vårby gård",
        category=Category.SOCIAL,
        measure=MeasureType.TRYGGHETSVARDAR,
        amount=420_000,
        district_names=["Vårby (inkl. Masmo)"],
        problem=2,
    )
    review = in_review(
        kfn,
        "Nattvandring med föräldrar i Flemingsberg",
        category=Category.SOCIAL,
        measure=MeasureType.NATTVANDRING,
        amount=90_000,
        district_names=["Flemingsberg"],
    )
    assignment = review_services.reviewer_assign(
        actor=coordinator, application=review, reviewer=reviewer
    )
    review_services.conflict_declare(
        actor=actor_for(reviewer), assignment=assignment, has_conflict=False
    )
    lighting = decided(
        bolag,
        "Ny belysning längs gångvägar i Länna",
        "granted",
        category=Category.SITUATIONAL,
        measure=MeasureType.BELYSNING,
        amount=350_000,
        district_names=["Länna"],
        problem=3,
    )
    # The first half, asked for by Sara Samordnare: it waits for Erik Ekonom's approval.
    _sign_agreement(lighting, bolag)
    decision_services.payment_request(
        actor=coordinator,
        application=lighting,
        amount_kr=175_000,
        invoice_reference="HH-2026-0412",
        invoice_date=date(DEMO_YEAR, 5, 20),
    )
    decided(
        kfn,
        "Fritidsgård med förlängda öppettider",
        "partly_granted",
        granted=200_000,
        category=Category.SOCIAL,
        measure=MeasureType.FRITIDSAKTIVITETER,
        amount=300_000,
        district_names=["Huddinge centrum", "Sjödalen-Fullersta"],
        problem=2,
    )
    decided(
        bolag,
        "Kameror i samtliga trapphus",
        "rejected",
        category=Category.SITUATIONAL,
        measure=MeasureType.TRYGGHETSKAMEROR,
        amount=1_200_000,
        district_names=["Flemingsberg"],
        problem=1,
    )
    paid = decided(
        kfn,
        "Röjning av buskage vid Stuvsta station",
        "granted",
        category=Category.SITUATIONAL,
        measure=MeasureType.ROJNING,
        amount=150_000,
        district_names=["Stuvsta-Snättringe"],
    )
    payment = decision_services.payment_request(
        actor=coordinator, application=paid, amount_kr=150_000
    )
    decision_services.payment_approve(actor=second, payment=payment)
    reported = decided(
        bolag,
        "Trygghetsvandringar med boende i Trångsund",
        "granted",
        category=Category.SOCIAL,
        measure=MeasureType.ANNAT,
        amount=60_000,
        district_names=["Trångsund"],
    )
    _sign_agreement(reported, bolag)
    payment = decision_services.payment_request(
        actor=coordinator,
        application=reported,
        amount_kr=60_000,
        invoice_reference="HH-2026-0388",
        invoice_date=date(DEMO_YEAR, 4, 2),
    )
    decision_services.payment_approve(actor=second, payment=payment)
    _report_approved(reported, applicant=_actor(bolag), coordinator=coordinator)


def _report_approved(application, *, applicant, coordinator) -> None:
    from trygg.fund.constants import ReportKind
    from trygg.fund.reports import services as reporting
    from trygg.fund.reports.publication import report_publish

    report = application.reports.get(kind=ReportKind.FINAL)
    reporting.report_save(
        actor=applicant,
        report=report,
        what_was_done="Sex trygghetsvandringar med boende, polis och bostadsbolaget.",
        lessons="Kvällsvandringar lockade fler deltagare än dagvandringar.",
        costs=[
            {
                "description": line.description,
                "budgeted_kr": line.amount_kr,
                "actual_kr": line.amount_kr * 9 // 10,
            }
            for line in application.budget_lines.all()
        ],
        outcomes=[
            {"indicator": i.name, "baseline": i.baseline, "target": i.target, "outcome": "55 %"}
            for i in application.indicators.all()
        ],
    )
    reporting.report_submit(actor=applicant, report=report)
    reporting.report_approve(actor=coordinator, report=report)
    report_publish(actor=coordinator, report=report, publish=True)
