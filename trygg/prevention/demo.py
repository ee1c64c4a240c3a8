"""Demo data of the prevention cycle: Huddinge's indicators over three years, per district.

Invented but plausible figures, marked as demo in each indicator's source: more reported
vandalism in Flemingsberg, Vårby and Länna, a summer peak, a slow fall over the years; the
safety survey's share who feel safe the other way round. Written through the services (the
bulk save an import uses), so the audit log holds them as it would real entries.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.organisations.models import District, Organisation
from trygg.prevention.constants import Aggregation, PeriodType
from trygg.prevention.indicators import services
from trygg.prevention.models import Indicator
from trygg.prevention.periods import recent_periods

COORDINATOR = "trygghet@huddinge.example"
DEMO_SOURCE = "Demodata (påhittade siffror)"
MONTHS = 36
# How much more than the quietest district each has (the council's description of Huddinge).
WEIGHT = {"Flemingsberg": 3.0, "Vårby (inkl. Masmo)": 2.6, "Länna": 2.0, "Huddinge centrum": 1.8}

INDICATORS = [
    # name, unit, period, aggregation, higher is worse, base per month (or share)
    ("Anmäld skadegörelse", "antal", PeriodType.MONTH, Aggregation.SUM, True, 9),
    ("Anmälda rån och personrån", "antal", PeriodType.MONTH, Aggregation.SUM, True, 2),
    ("EST-händelser: otrygga platser", "antal", PeriodType.MONTH, Aggregation.SUM, True, 5),
    (
        "Andel som känner sig trygga ute på kvällen",
        "%",
        PeriodType.YEAR,
        Aggregation.MEAN,
        False,
        0,
    ),
]


def _noise(*parts) -> float:
    """A fixed pseudo-random number in [0, 1) per district and period: the same every seed."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return digest[0] / 256


def _value(name: str, base: int, district: str, period: date, years_ago: int) -> Decimal:
    weight = WEIGHT.get(district, 1.0)
    if base == 0:  # the survey: a share in per cent, lower where crime is higher, rising
        share = 80 - 8 * (weight - 1) + 6 * _noise(name, district, period) - 1.5 * years_ago
        return Decimal(str(round(min(share, 95), 1)))
    summer = 1.4 if period.month in (6, 7, 8) else 1.0
    falling = 1 + 0.08 * years_ago  # a slow fall towards today
    value = base * weight * summer * falling * (0.7 + 0.6 * _noise(name, district, period))
    return Decimal(round(value))


PLACES = [
    ("Flemingsbergs centrum", "Flemingsberg"),
    ("Gångtunneln vid Visättra", "Flemingsberg"),
    ("Vårby gårds tunnelbanestation", "Vårby (inkl. Masmo)"),
    ("Länna torg", "Länna"),
]
REPORTS = [
    # days ago, place, kind, description
    (2, "Flemingsbergs centrum", "skadegorelse", "Krossad glasruta vid busshållplatsen."),
    (3, "Gångtunneln vid Visättra", "otrygg_plats", "Belysningen är trasig i hela tunneln."),
    (9, "Vårby gårds tunnelbanestation", "nedskrapning", "Mycket skräp vid entrén."),
    (10, "Gångtunneln vid Visättra", "otrygg_plats", "Fortfarande mörkt, många undviker tunneln."),
    (16, "Länna torg", "brand", "Brand i papperskorg på kvällen, släckt."),
    (24, "Flemingsbergs centrum", "narkotika", "Misstänkt försäljning bakom kiosken."),
]


def seed_places_and_reports(orgs: dict[str, Organisation]) -> None:
    """Places and a reporter's reports of the last weeks (EST), through the services."""
    from datetime import timedelta

    from trygg.prevention.est import services as est
    from trygg.prevention.models import Place

    huddinge = orgs["huddinge"]
    if Place.objects.filter(municipality=huddinge).exists():
        return
    coordinator = actor_for(User.objects.get(email=COORDINATOR))
    places = {
        name: est.place_create(
            actor=coordinator,
            name=name,
            district=District.objects.get(municipality=huddinge, name=district),
        )
        for name, district in PLACES
    }
    reporter = actor_for(User.objects.get(email="rapportor@huddinge.example"))
    now = timezone.now().replace(hour=20, minute=0, second=0, microsecond=0)
    for days, place, kind, text in REPORTS:
        est.report_create(
            actor=reporter,
            occurred_at=now - timedelta(days=days),
            kind=kind,
            district=None,
            place=places[place],
            description=text,
        )


PROBLEMS = [
    (
        "Skadegörelse och otrygghet kring Flemingsbergs centrum",
        ["Flemingsberg"],
        "Boende, pendlare och handlare",
        "Anmäld skadegörelse är dubbelt så hög som kommunens snitt, och EST-rapporterna pekar på "
        "mörka gångstråk där många undviker att gå på kvällen.",
        "Polisen, EST-rapporter, trygghetsmätningen",
    ),
    (
        "Unga som rekryteras till kriminella nätverk",
        ["Vårby (inkl. Masmo)", "Flemingsberg"],
        "Unga 13 till 17 år",
        "Skola och socialtjänst ser fler unga i riskmiljöer vid tunnelbanan; tidiga insatser "
        "kostar mindre än åtgärder i efterhand.",
        "Socialtjänsten, skolorna, polisen",
    ),
    (
        "Bränder och nedskräpning vid Länna torg",
        ["Länna"],
        "Boende och verksamma vid torget",
        "Återkommande bränder i papperskorgar och skräp gör att torget upplevs som otryggt.",
        "EST-rapporter, Huddingehem",
    ),
]


def _demo_workbook():
    """A small spreadsheet as the police might send it: invented figures, marked as demo."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Demo"
    sheet.append(["Kommundel", "Anmälda brott (demo)"])
    for name, count in (("Flemingsberg", 812), ("Vårby (inkl. Masmo)", 640), ("Länna", 301)):
        sheet.append([name, count])
    content = BytesIO()
    workbook.save(content)
    return SimpleUploadedFile("polisens-siffror-demo.xlsx", content.getvalue())


def seed_situation(orgs: dict[str, Organisation]) -> None:
    """Huddinge's lägesbild 2026 with its three problems, adopted by the municipal board."""
    from datetime import date

    from trygg.prevention.models import Situation
    from trygg.prevention.situation import services as situation

    huddinge = orgs["huddinge"]
    if Situation.objects.filter(municipality=huddinge).exists():
        return
    actor = actor_for(User.objects.get(email=COORDINATOR))
    today = timezone.localdate()
    picture = situation.situation_create(
        actor=actor,
        title=f"Lägesbild {today.year} (demo)",
        period_from=date(today.year - 2, 1, 1),
        period_to=date(today.year - 1, 12, 31),
        other_sources="Polisen: nätverk etablerade i Flemingsberg, Länna och Vårby. "
        "Medborgardialoger i varje kommundel.",
        analysis="Problemen är störst i Flemingsberg, Vårby och Länna. Trygghetsmätningen visar "
        "att andelen som känner sig trygga ute på kvällen är lägst där.",
        indicators=Indicator.objects.filter(municipality=huddinge, from_reports=""),
    )
    for title, districts, affected, why, sources in PROBLEMS:
        situation.problem_add(
            actor=actor,
            situation=picture,
            districts=list(District.objects.filter(municipality=huddinge, name__in=districts)),
            title=title,
            affected=affected,
            why=why,
            sources=sources,
        )
    situation.attachment_add(
        actor=actor,
        situation=picture,
        title="Polisens anmälningsstatistik per kommundel (demo)",
        upload=_demo_workbook(),
    )
    situation.situation_adopt(
        actor=actor,
        situation=picture,
        decided_by_body="Kommunstyrelsen, § 45 (demo)",
        adopted_on=date(today.year, 3, 1) if today >= date(today.year, 3, 1) else today,
    )


def seed_prevention(orgs: dict[str, Organisation]) -> None:
    seed_indicators(orgs)
    seed_places_and_reports(orgs)
    seed_situation(orgs)


def seed_indicators(orgs: dict[str, Organisation]) -> None:
    huddinge = orgs["huddinge"]
    if Indicator.objects.filter(municipality=huddinge).exists():
        return
    actor = actor_for(User.objects.get(email=COORDINATOR))
    districts = list(District.objects.filter(municipality=huddinge, is_active=True))
    today = timezone.localdate()
    values = {}
    for name, unit, period_type, aggregation, worse, base in INDICATORS:
        indicator = services.indicator_create(
            actor=actor,
            name=name,
            unit=unit,
            source=DEMO_SOURCE,
            period_type=period_type,
            aggregation=aggregation,
            higher_is_worse=worse,
            publishable=False,
        )
        count = MONTHS if period_type == PeriodType.MONTH else 3
        # The current period is still running: values up to the one before it.
        periods = list(reversed(recent_periods(today, period_type, count + 1)[1:]))
        values.update(
            {
                (indicator.pk, d.pk, period): _value(
                    name, base, d.name, period, today.year - period.year
                )
                for period in periods
                for d in districts
            }
        )
    services.values_bulk_save(actor=actor, values=values, how="demo")


# title, problem priorities, districts, responsible (org key), cost, the fund's grant (its
# title), other funding (source, funder, kr), defector programme
MEASURES = [
    (
        "Belysning och röjning längs gångstråk i Länna",
        [3],
        ["Länna"],
        "bostadsbolag",
        400_000,
        "Ny belysning längs gångvägar i Länna",
        [("budget", "Huddingehem AB", 50_000)],
        False,
    ),
    (
        "Unga för orten: sommarjobb för unga",
        [2],
        ["Vårby (inkl. Masmo)", "Flemingsberg"],
        "gymnasie",
        2_400_000,
        None,
        [("budget", "Gymnasie- och arbetsmarknadsnämnden", 2_400_000)],
        False,
    ),
    (
        "Fritidsgård med förlängda öppettider",
        [2],
        ["Huddinge centrum"],
        "kultur",
        300_000,
        "Fritidsgård med förlängda öppettider",
        [("budget", "Kultur- och fritidsnämnden", 100_000)],
        False,
    ),
    (
        "Trygghetsvandringar med boende, polis och bostadsbolag",
        [1],
        ["Flemingsberg"],
        "bostadsbolag",
        60_000,
        "Trygghetsvandringar med boende i Trångsund",
        [],
        False,
    ),
    (
        "Kameraövervakning vid Flemingsbergs centrum",
        [1],
        ["Flemingsberg"],
        "kommunstyrelsen",
        900_000,
        None,
        [("budget", "Kommunstyrelsen", 600_000), ("partner", "Polisen", 200_000)],
        False,
    ),
    (
        "Avhopparverksamheten",
        [2],
        [],
        "social",
        1_800_000,
        None,
        [("budget", "Socialnämnden", 1_800_000)],
        True,
    ),
]


COMMITMENTS = [
    (
        "promise",
        "police",
        "Polisen är synlig vid Flemingsbergs centrum fredag och lördag kväll.",
        "Kommunpolisen i Huddinge",
        "Tertial 1",
        "kept",
    ),
    (
        "promise",
        "municipality",
        "Kommunen röjer buskage och förbättrar belysningen kring Länna torg.",
        "Kommunstyrelsens förvaltning, trygghetsenheten",
        "Tertial 1",
        "partly",
    ),
    (
        "agreement",
        "police",
        "Polis och kommun tar fram en gemensam lägesbild varje månad.",
        "Lokalpolisområdets chef",
        "Tertial 1",
        "kept",
    ),
]


def seed_reported_indicator(orgs: dict[str, Organisation], actor) -> Indicator:
    """Young people in summer jobs per district and year: the figures the labour-market
    committee holds itself, entered by its prevention contact (demo figures)."""
    huddinge = orgs["huddinge"]
    indicator = services.indicator_create(
        actor=actor,
        name="Unga med sommarjobb",
        unit="antal",
        source=DEMO_SOURCE,
        period_type=PeriodType.YEAR,
        aggregation=Aggregation.SUM,
        higher_is_worse=False,
        publishable=True,
        reported_by=orgs["gymnasie"],
    )
    today = timezone.localdate()
    values = {}
    for district in District.objects.filter(municipality=huddinge, is_active=True):
        for years_ago in (1, 2, 3):
            base = 40 if district.name in ("Flemingsberg", "Vårby (inkl. Masmo)") else 12
            values[(indicator.pk, district.pk, date(today.year - years_ago, 1, 1))] = Decimal(
                base + 10 * (3 - years_ago)
            )
    services.values_bulk_save(actor=actor, values=values, how="demo")
    return indicator


def seed_plan(orgs: dict[str, Organisation]) -> None:
    """Huddinge's action plan answering the demo lägesbild, after the fund's demo grants (so
    that three measures are paid by them), adopted and published."""
    from datetime import date

    from trygg.prevention.models import Grant, Plan, Situation, SituationStatus
    from trygg.prevention.plan import services as plan_services

    huddinge = orgs["huddinge"]
    situation = Situation.objects.filter(
        municipality=huddinge, status=SituationStatus.ADOPTED
    ).first()
    if situation is None or Plan.objects.filter(municipality=huddinge).exists():
        return
    actor = actor_for(User.objects.get(email=COORDINATOR))
    today = timezone.localdate()
    plan = plan_services.plan_create(
        actor=actor,
        situation=situation,
        title=f"Åtgärdsplan {today.year} (demo)",
        period_from=date(today.year, 1, 1),
        period_to=date(today.year + 1, 12, 31),
    )
    problems = {p.priority: p for p in situation.problems.all()}
    indicators = {i.name: i for i in Indicator.objects.filter(municipality=huddinge)}
    for title, priorities, districts, org, cost, grant, fundings, programme in MEASURES:
        measure = plan_services.measure_save(
            actor=actor,
            plan=plan,
            problems=[problems[p] for p in priorities],
            districts=list(District.objects.filter(municipality=huddinge, name__in=districts)),
            title=title,
            description="",
            organisation=orgs[org],
            partners="Polisen" if not programme else "",
            starts_on=date(today.year, 1, 15),
            ends_on=date(today.year + 1, 12, 15),
            cost_kr=cost,
            is_defector_programme=programme,
            is_public=not programme,
        )
        for source, funder, amount in fundings:
            plan_services.funding_add(
                actor=actor, measure=measure, source=source, funder=funder, amount_kr=amount
            )
        linked = Grant.objects.filter(municipality=huddinge, title=grant).first()
        if linked is not None:
            plan_services.grant_link(actor=actor, measure=measure, grant=linked)
        if "Flemingsberg" in districts and "Anmäld skadegörelse" in indicators:
            plan_services.target_add(
                actor=actor,
                measure=measure,
                indicator=indicators["Anmäld skadegörelse"],
                baseline=Decimal(30),
                target=Decimal(20),
            )
    summer_jobs = seed_reported_indicator(orgs, actor)
    plan_services.target_add(
        actor=actor,
        measure=plan.measures.get(title__startswith="Unga för orten"),
        indicator=summer_jobs,
        baseline=Decimal(200),
        target=Decimal(300),
    )
    plan_services.plan_adopt(
        actor=actor,
        plan=plan,
        decided_by_body="Kommunstyrelsen, § 78 (demo)",
        adopted_on=min(date(today.year, 3, 15), today),
    )
    plan_services.plan_publish(actor=actor, plan=plan, publish=True)
    for agreement, party, text, owner, period, state in COMMITMENTS:
        commitment = plan_services.commitment_add(
            actor=actor, plan=plan, agreement=agreement, party=party, text=text, owner=owner
        )
        plan_services.commitment_follow_up(
            actor=actor, commitment=commitment, period=period, state=state, note=""
        )
    seed_estimate(actor, plan)
    first = plan.measures.get(number=1)
    plan_services.measure_follow_up(
        actor=actor,
        measure=first,
        status="ongoing",
        text="Belysningen längs gångstråket mot Länna torg är upphandlad; röjningen är klar.",
    )


def seed_estimate(actor, plan) -> None:
    """Two demo assumptions (marked as such: not figures to quote) applied to the Länna measure
    and to the defector programme's completed defections."""
    from trygg.prevention.plan import estimate

    today = timezone.localdate()
    career = estimate.assumption_add(
        actor=actor,
        plan=plan,
        name="En kriminell karriär, per år",
        value_kr=3_000_000,
        low_kr=1_500_000,
        high_kr=5_000_000,
        source="Demoantagande: ersätt med en källa som kommunen står för",
        year=today.year - 1,
    )
    fire = estimate.assumption_add(
        actor=actor,
        plan=plan,
        name="En anlagd brand utomhus",
        value_kr=40_000,
        low_kr=20_000,
        high_kr=70_000,
        source="Demoantagande: ersätt med en källa som kommunen står för",
        year=today.year - 1,
    )
    first = plan.measures.get(number=1)
    estimate.line_add(
        actor=actor,
        plan=plan,
        target=str(first.pk),
        assumption=fire,
        quantity=Decimal(6),
        note="Sex färre bränder per år vid Länna torg",
    )
    estimate.line_add(
        actor=actor,
        plan=plan,
        target=estimate.DEFECTIONS,
        assumption=career,
        quantity=None,
        note="Ett år utan brott per fullföljt avhopp",
    )
