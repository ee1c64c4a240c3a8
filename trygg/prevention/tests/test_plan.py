"""Åtgärdsplan: measures against the adopted lägesbild's problems, paid by the safety fund's
grants (whose payments and reports flow in), committee budgets and partners; followed up by
the responsible organisation's contact; read by the council's readers; invisible elsewhere."""

import pytest
from django.urls import reverse

from tests.demo_data import load_demo
from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.organisations.models import Organisation
from trygg.prevention.constants import GrantReportState
from trygg.prevention.models import (
    Grant,
    Measure,
    MeasureStatus,
    Plan,
    PlanStatus,
    Situation,
    SituationStatus,
    StoredView,
)

pytestmark = pytest.mark.django_db
COORDINATOR = "trygghet@huddinge.example"
CONTACT = "kontakt@huddinge.example"  # Gymnasie- och arbetsmarknadsnämnden
READER = "lasare@huddinge.example"


@pytest.fixture
def demo(huddinge, botkyrka):
    load_demo()


def _as(login, email):
    return login(User.objects.get(email=email), DEMO_PASSWORD)


def _plan() -> Plan:
    return Plan.objects.get(title__startswith="Åtgärdsplan")


def _measure(title: str) -> Measure:
    return Measure.objects.get(title=title)


def _measure_data(situation: Situation, organisation, **overrides) -> dict:
    data = {
        "title": "Trygghetsvärdar vid tunnelbanan",
        "description": "Två värdar kvällstid, fredag och lördag.",
        "problems": [situation.problems.get(priority=2).pk],
        "organisation": organisation.pk,
        "partners": "Polisen",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "cost_kr": "500000",
        "is_public": "on",
    }
    return {**data, **overrides}


def test_a_plan_is_drafted_from_an_adopted_picture_adopted_and_published(demo, login, client):
    _as(login, COORDINATOR)
    situation = Situation.objects.get(status=SituationStatus.ADOPTED)
    created = client.post(
        reverse("prevention:plan_create"),
        {
            "title": "Åtgärdsplan 2027",
            "situation": situation.pk,
            "period_from": "2027-01-01",
            "period_to": "2027-12-31",
        },
    )
    assert created.status_code == 302
    plan = Plan.objects.get(title="Åtgärdsplan 2027")
    url = reverse("prevention:measure_create", args=[plan.pk])
    social = Organisation.objects.get(name="Socialnämnden", municipality=situation.municipality)

    # Wrong input: nothing written, the reason next to the field.
    for overrides, field in (
        ({"problems": []}, "problems"),
        ({"ends_on": "2026-01-01"}, "ends_on"),
        ({"cost_kr": "-5"}, "cost_kr"),
        ({"description": "Gäller 19900101-1234 och hans vänner."}, "description"),
    ):
        refused = client.post(url, _measure_data(situation, social, **overrides))
        assert refused.status_code == 400, overrides
        assert f'id="id_{field}_error"' in refused.content.decode(), overrides
    assert not plan.measures.exists()

    assert client.post(url, _measure_data(situation, social)).status_code == 302
    measure = plan.measures.get()
    assert (measure.number, list(measure.problems.values_list("priority", flat=True))) == (1, [2])
    event = AuditEvent.objects.filter(action="prevention.measure.create").latest("id")
    assert "Trygghetsvärdar" not in str(event.payload)

    adopt = reverse("prevention:plan_adopt", args=[plan.pk])
    assert (
        client.post(adopt, {"decided_by_body": "KS § 9", "adopted_on": "2999-01-01"}).status_code
        == 400
    )
    assert (
        client.post(adopt, {"decided_by_body": "KS § 9", "adopted_on": "2026-11-02"}).status_code
        == 302
    )
    plan.refresh_from_db()
    assert (plan.status, plan.decided_by_body) == (PlanStatus.ADOPTED, "KS § 9")
    # Adopted: the measures stand.
    frozen = client.post(url, _measure_data(situation, social, title="En till"))
    assert frozen.status_code == 400 and "antagen" in frozen.content.decode()
    assert plan.measures.count() == 1
    # …but are followed up.
    followed = client.post(
        reverse("prevention:follow_up", args=[measure.pk]),
        {"status": MeasureStatus.ONGOING, "text": "Värdarna är anställda."},
    )
    assert followed.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ONGOING
    assert (
        client.post(
            reverse("prevention:plan_publish", args=[plan.pk]), {"publish": "yes"}
        ).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.published_at is not None


def test_a_draft_picture_cannot_carry_a_plan(demo, login, client):
    _as(login, COORDINATOR)
    adopted = Situation.objects.get(status=SituationStatus.ADOPTED)
    client.post(reverse("prevention:situation_version", args=[adopted.pk]))
    draft = Situation.objects.get(status=SituationStatus.DRAFT)
    response = client.post(
        reverse("prevention:plan_create"),
        {
            "title": "Åtgärdsplan från ett utkast",
            "situation": draft.pk,
            "period_from": "2027-01-01",
            "period_to": "2027-12-31",
        },
    )
    assert response.status_code == 200 and 'id="id_situation_error"' in response.content.decode()
    assert not Plan.objects.filter(title="Åtgärdsplan från ett utkast").exists()


def test_the_funds_payments_and_reports_flow_into_the_measure(demo, login, client):
    from trygg.fund.constants import PaymentStatus
    from trygg.fund.decisions import services as decisions
    from trygg.fund.models import Payment

    lighting = _measure("Belysning och röjning längs gångstråk i Länna")
    grant = Grant.objects.get(measure=lighting)
    assert (grant.granted_kr, grant.paid_kr, grant.problem.priority) == (350_000, 0, 3)
    payment = Payment.objects.get(
        application_id=grant.application_id, status=PaymentStatus.REQUESTED
    )
    decisions.payment_approve(
        actor=actor_for(User.objects.get(email="ekonomi@huddinge.example")), payment=payment
    )
    grant.refresh_from_db()
    assert grant.paid_kr == 175_000
    _as(login, COORDINATOR)
    page = client.get(reverse("prevention:measure", args=[lighting.pk])).content.decode()
    assert "175\u00a0000\u00a0kr" in page and "TF-2026-0004" in page

    walks = _measure("Trygghetsvandringar med boende, polis och bostadsbolag")
    reported = Grant.objects.get(measure=walks)
    assert reported.report_state == GrantReportState.FINAL
    page = client.get(reverse("prevention:measure", args=[walks.pk])).content.decode()
    assert "Slutrapport godkänd" in page and "Sex trygghetsvandringar" in page


def test_the_plan_shows_money_per_problem_and_district(demo, login, client):
    _as(login, COORDINATOR)
    response = client.get(reverse("prevention:plan", args=[_plan().pk]))
    per_problem = {group.label: group for group in response.context["per_problem"]}
    young = per_problem["2. Unga som rekryteras till kriminella nätverk"]
    # Unga för orten (2.4 M own budget), the youth centre (grant 200 000 + 100 000) and the
    # defector programme (1.8 M).
    assert (young.count, young.money.grant_kr, young.money.budget_kr) == (3, 200_000, 4_300_000)
    total = response.context["total"]
    assert total.cost_kr == sum(m.cost_kr for m in Measure.objects.all())
    districts = {group.label: group.money.cost_kr for group in response.context["per_district"]}
    assert districts["Länna"] == 400_000


def test_a_long_plan_shows_its_measures_a_page_at_a_time_and_all_in_the_totals(demo, login, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trygg.prevention.plan.overview import MEASURES_PER_PAGE

    plan = _plan()
    _as(login, COORDINATOR)
    url = reverse("prevention:plan", args=[plan.pk])
    client.get(url)
    StoredView.objects.update(version=-1)  # computed again, not read back (test_stored.py)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    first = plan.measures.first()
    Measure.objects.bulk_create(
        Measure(
            plan=plan,
            number=1000 + n,
            title=f"Extra åtgärd {n:03d}",
            organisation=first.organisation,
            starts_on=first.starts_on,
            cost_kr=1_000,
            created_by=first.created_by,
        )
        for n in range(MEASURES_PER_PAGE)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["rows"]) == MEASURES_PER_PAGE
    assert response.context["total"].cost_kr == sum(m.cost_kr for m in plan.measures.all())
    last = f"Extra åtgärd {MEASURES_PER_PAGE - 1:03d}"
    assert last in client.get(url, {"sida": 2}).content.decode()
    public = reverse("prevention_public:plan", args=[plan.pk])
    assert last in client.get(public, {"sida": 2}).content.decode()


def test_linking_a_grant_and_other_funding(demo, login, client):
    _as(login, COORDINATOR)
    cameras = _measure("Kameraövervakning vid Flemingsbergs centrum")
    free = Grant.objects.get(title="Röjning av buskage vid Stuvsta station")
    assert free.measure is None
    linked = client.post(reverse("prevention:grant_link", args=[cameras.pk]), {"grant": free.pk})
    assert linked.status_code == 302
    free.refresh_from_db()
    assert free.measure == cameras
    # A grant is linked once: it is no longer offered.
    again = client.post(reverse("prevention:grant_link", args=[cameras.pk]), {"grant": free.pk})
    assert again.status_code == 400
    refused = client.post(
        reverse("prevention:funding_add", args=[cameras.pk]),
        {"source": "grant", "funder": "Fonden", "amount_kr": "10"},
    )
    assert refused.status_code == 400 and 'id="id_source_error"' in refused.content.decode()
    added = client.post(
        reverse("prevention:funding_add", args=[cameras.pk]),
        {"source": "partner", "funder": "Huddingehem AB", "amount_kr": "75000"},
    )
    assert added.status_code == 302
    assert cameras.fundings.filter(funder="Huddingehem AB", amount_kr=75_000).exists()


def test_the_defector_programme_measure_shows_protected_aggregates_only(demo, login, client):
    from trygg.defectors.models import Case

    _as(login, COORDINATOR)
    programme = _measure("Avhopparverksamheten")
    page = client.get(reverse("prevention:measure", args=[programme.pk])).content.decode()
    assert "Avhopparverksamheten i siffror" in page
    for case in Case.objects.all():
        assert case.reference not in page


def test_contacts_follow_up_their_organisations_measures_and_readers_read(demo, login, client):
    plan = _plan()
    summer = _measure("Unga för orten: sommarjobb för unga")
    lighting = _measure("Belysning och röjning längs gångstråk i Länna")
    _as(login, CONTACT)
    page = client.get(reverse("prevention:plan", args=[plan.pk])).content.decode()
    assert "Unga för orten" in page and "Belysning och röjning" not in page
    assert client.get(reverse("prevention:measure", args=[lighting.pk])).status_code == 404
    follow = reverse("prevention:follow_up", args=[summer.pk])
    assert client.post(follow, {"status": "ongoing", "text": ""}).status_code == 400
    assert (
        client.post(follow, {"status": "ongoing", "text": "120 unga har fått jobb."}).status_code
        == 302
    )
    summer.refresh_from_db()
    assert summer.status == MeasureStatus.ONGOING
    for name, args in (
        ("funding_add", [summer.pk]),
        ("grant_link", [summer.pk]),
        ("target_add", [summer.pk]),
        ("measure_edit", [summer.pk]),
        ("plan_publish", [plan.pk]),
        ("plan_adopt", [plan.pk]),
    ):
        assert client.post(reverse(f"prevention:{name}", args=args), {}).status_code == 403, name
    assert client.get(reverse("prevention:plan_create")).status_code == 403

    _as(login, READER)
    page = client.get(reverse("prevention:plan", args=[plan.pk])).content.decode()
    assert "Unga för orten" in page and "Belysning och röjning" in page
    assert client.get(reverse("prevention:measure", args=[lighting.pk])).status_code == 200
    assert client.post(follow, {"status": "done", "text": "Klart."}).status_code == 403
    assert client.post(reverse("prevention:funding_add", args=[summer.pk]), {}).status_code == 403


def test_other_roles_and_municipalities_see_nothing(demo, login, client, make_user, botkyrka):
    plan = _plan()
    measure = _measure("Unga för orten: sommarjobb för unga")
    urls = [
        reverse("prevention:plans"),
        reverse("prevention:plan", args=[plan.pk]),
        reverse("prevention:measure", args=[measure.pk]),
    ]
    for email in ("rapportor@huddinge.example", "samordnare@huddinge.example"):
        _as(login, email)
        assert {client.get(url).status_code for url in urls} == {403}, email
    foreign = login(
        make_user(
            Role.TRYGGHETSSAMORDNARE,
            Organisation.objects.create(
                kind="namnd", name="KS Botkyrka", parent=botkyrka, municipality=botkyrka
            ),
        )
    )
    assert [foreign.get(url).status_code for url in urls[1:]] == [404, 404]
    assert "(demo)" not in foreign.get(urls[0]).content.decode().split("<main")[1]
    follow = reverse("prevention:follow_up", args=[measure.pk])
    assert foreign.post(follow, {"status": "done", "text": "x"}).status_code == 404


def test_commitments_with_the_police_are_added_and_followed_up(demo, login, client):
    plan = _plan()
    _as(login, COORDINATOR)
    add = reverse("prevention:commitment_add", args=[plan.pk])
    empty = client.post(add, {"agreement": "promise", "party": "police", "text": "", "owner": ""})
    assert empty.status_code == 400 and 'id="id_text_error"' in empty.content.decode()
    added = client.post(
        add,
        {
            "agreement": "promise",
            "party": "police",
            "text": "Polisen håller öppet hus i Vårby varje månad.",
            "owner": "Kommunpolisen",
        },
    )
    assert added.status_code == 302
    commitment = plan.commitments.get(text__startswith="Polisen håller öppet hus")
    follow = reverse("prevention:commitment_follow_up", args=[plan.pk])
    no_period = client.post(follow, {"commitment": commitment.pk, "period": "", "state": "kept"})
    assert no_period.status_code == 400 and 'id="id_period_error"' in no_period.content.decode()
    done = client.post(
        follow, {"commitment": commitment.pk, "period": "Tertial 2", "state": "partly"}
    )
    assert done.status_code == 302
    _as(login, READER)
    page = client.get(reverse("prevention:plan", args=[plan.pk])).content.decode()
    assert "Polisen håller öppet hus i Vårby" in page and "Tertial 2: Delvis uppfyllt" in page
    assert "Lägg till åtagandet" not in page
    assert client.post(add, {"text": "x"}).status_code == 403


def test_the_published_plan_is_public_with_csv_and_json(demo, client):
    import json

    plan = _plan()
    listing = client.get(reverse("prevention_public:list")).content.decode()
    assert plan.title in listing
    page = client.get(reverse("prevention_public:plan", args=[plan.pk])).content.decode()
    assert "Unga för orten" in page and "Polisen är synlig vid Flemingsbergs centrum" in page
    # The defector programme's measure is not marked for the public page.
    assert "Avhopparverksamheten" not in page
    # Publishable indicators only: the summer jobs, not the reported crimes.
    assert "Unga med sommarjobb (antal)" in page and "Anmäld skadegörelse" not in page
    csv_text = client.get(reverse("prevention_public:csv", args=[plan.pk])).content.decode()
    header, *rows = [line for line in csv_text.lstrip("\ufeff").splitlines() if line]
    assert header.startswith("nummer;åtgärd;problem") and len(rows) == 5
    data = json.loads(client.get(reverse("prevention_public:json", args=[plan.pk])).content)
    assert {m["measure"] for m in data["measures"]} >= {"Unga för orten: sommarjobb för unga"}
    assert data["plan"]["adopted_by"] == "Kommunstyrelsen, § 78 (demo)"
    Plan.objects.filter(pk=plan.pk).update(published_at=None)
    assert client.get(reverse("prevention_public:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("prevention_public:json", args=[plan.pk])).status_code == 404


def _pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def _pdf_metadata(content: bytes) -> bytes:
    from io import BytesIO

    from pypdf import PdfReader

    return PdfReader(BytesIO(content)).trailer["/Root"]["/Metadata"].get_object().get_data()


def test_the_annual_report_is_made_in_the_background_as_a_swedish_pdf_a(
    demo, login, client, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from trygg.prevention.models import AnnualReport, ReportState

    plan = _plan()
    url = reverse("prevention:annual_report", args=[plan.pk])
    year = timezone.localdate().year
    _as(login, READER)
    client.get("/sprak/", {"language": "en"})  # the report is Swedish whatever the reader uses
    with django_capture_on_commit_callbacks(execute=True):
        ordered = client.post(url, {"ar": year})
    assert ordered.status_code == 302
    report = AnnualReport.objects.get(plan=plan)
    assert (report.state, report.year) == (ReportState.READY, year)
    page = client.get(reverse("prevention:plan", args=[plan.pk])).content.decode()
    download = reverse("prevention:annual_report_download", args=[plan.pk, report.pk])
    assert download in page
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert b"pdfaid:part" in _pdf_metadata(content)  # PDF/A, for the archive
    text = " ".join(_pdf_text(content).split())
    assert f"Årsrapport {year}: det brottsförebyggande arbetet" in text
    assert "Unga för orten: sommarjobb för unga" in text
    assert "Medborgarlöfte" in text and "Trygghetsfonden" in text
    assert "Avhopparverksamheten" in text
    from trygg.defectors.models import Case

    assert not any(case.reference in text for case in Case.objects.all())
    wrong = client.post(url, {"ar": "1999"})
    assert wrong.status_code == 400 and 'id="id_ar_error"' in wrong.content.decode()
    assert AnnualReport.objects.count() == 1
    _as(login, CONTACT)
    assert client.post(url, {"ar": year}).status_code == 403
    assert client.get(download).status_code == 403


def test_a_report_that_cannot_be_made_is_marked_so(demo, login, client, monkeypatch):
    from django.utils import timezone

    from trygg.prevention.models import ReportState
    from trygg.prevention.plan import annual

    def broken(html, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(annual, "html_to_pdf", broken)
    reader = actor_for(User.objects.get(email=READER))
    report = annual.order(actor=reader, plan=_plan(), year=timezone.localdate().year)
    assert annual.make(report.pk) is None
    report.refresh_from_db()
    assert report.state == ReportState.FAILED and not report.file
    _as(login, READER)
    page = client.get(reverse("prevention:plan", args=[_plan().pk])).content.decode()
    assert "kunde inte göras" in page


def test_the_socio_economic_estimate_shows_its_assumptions_and_range(demo, login, client):
    plan = _plan()
    url = reverse("prevention:estimate", args=[plan.pk])
    _as(login, COORDINATOR)
    add = reverse("prevention:assumption_add", args=[plan.pk])
    base = {
        "name": "Ett rån",
        "value_kr": "100000",
        "low_kr": "50000",
        "high_kr": "150000",
        "source": "Brå (test)",
        "year": "2024",
    }
    for overrides, field in (
        ({"low_kr": "200000"}, "low_kr"),
        ({"high_kr": "90000"}, "high_kr"),
        ({"year": "2099"}, "year"),
        ({"source": ""}, "source"),
    ):
        refused = client.post(add, {**base, **overrides})
        assert refused.status_code == 400, overrides
        assert f'id="id_{field}_error"' in refused.content.decode(), overrides
    assert client.post(add, base).status_code == 302
    robbery = plan.assumptions.get(name="Ett rån")
    cameras = _measure("Kameraövervakning vid Flemingsbergs centrum")
    apply = reverse("prevention:estimate_add", args=[plan.pk])
    none = client.post(apply, {"target": cameras.pk, "assumption": robbery.pk, "quantity": ""})
    assert none.status_code == 400 and 'id="id_quantity_error"' in none.content.decode()
    done = client.post(apply, {"target": cameras.pk, "assumption": robbery.pk, "quantity": "2,5"})
    assert done.status_code == 302
    response = client.get(url)
    estimate = response.context["estimate"]
    line = next(line for line in estimate.lines if line.line.assumption_id == robbery.pk)
    assert (line.low_kr, line.central_kr, line.high_kr) == (125_000, 250_000, 375_000)
    page = response.content.decode()
    assert "En uppskattning, inte ett utfall" in page and "Brå (test)" in page
    # The defections are counted from the programme, protected as on its statistics page.
    defections = next(line for line in estimate.lines if line.line.for_defections)
    assert defections.quantity is None or defections.quantity == 0 or defections.quantity >= 5
    _as(login, READER)
    assert client.get(url).status_code == 200
    assert client.post(add, base).status_code == 403
    _as(login, CONTACT)
    assert client.get(url).status_code == 403


def test_readers_read_the_adopted_lagesbild_but_not_drafts(demo, login, client):
    adopted = Situation.objects.get(status=SituationStatus.ADOPTED)
    _as(login, COORDINATOR)
    client.post(reverse("prevention:situation_version", args=[adopted.pk]))
    draft = Situation.objects.get(status=SituationStatus.DRAFT)
    for email in (READER, CONTACT):
        _as(login, email)
        listing = client.get(reverse("prevention:situations")).content.decode()
        assert adopted.title in listing and "Ny lägesbild" not in listing
        page = client.get(reverse("prevention:situation", args=[adopted.pk])).content.decode()
        assert "Prioriterade problem" in page and "Starta en ny version" not in page
        assert "Antagen: det här är den version som organet beslutade om." in page
        assert client.get(reverse("prevention:situation", args=[draft.pk])).status_code == 404
        assert client.get(reverse("prevention:situation_edit", args=[draft.pk])).status_code == 403


def test_measures_not_followed_up_wait_on_the_start_page(demo, login, client):
    _as(login, CONTACT)
    start = client.get("/").content.decode()
    assert 'count">1</strong> Åtgärder som inte följts upp på fyra månader' in start
    summer = _measure("Unga för orten: sommarjobb för unga")
    client.post(
        reverse("prevention:follow_up", args=[summer.pk]),
        {"status": "ongoing", "text": "Rekryteringen pågår."},
    )
    assert "Åtgärder som inte följts upp" not in client.get("/").content.decode()
    _as(login, COORDINATOR)
    # Of the six, the Länna measure and the summer jobs have been followed up.
    assert 'count">4</strong> Åtgärder som inte följts upp' in client.get("/").content.decode()


def test_a_contact_enters_the_values_their_organisation_reports(demo, login, client, huddinge):
    from trygg.organisations.models import District
    from trygg.prevention.models import Indicator, IndicatorValue

    own = Indicator.objects.get(name="Unga med sommarjobb")
    other = Indicator.objects.get(name="Anmäld skadegörelse")
    _as(login, CONTACT)
    plans = client.get(reverse("prevention:plans")).content.decode()
    assert "Ange värdena: Unga med sommarjobb" in plans
    url = reverse("prevention:values", args=[own.pk])
    assert client.get(url).status_code == 200
    flemingsberg = District.objects.get(municipality=huddinge, name="Flemingsberg")
    period = client.get(url).context["period_form"].fields["period"].choices[0][0]
    saved = client.post(f"{url}?period={period}", {f"district_{flemingsberg.pk}": "61"})
    assert saved.status_code == 302
    assert (
        IndicatorValue.objects.get(indicator=own, district=flemingsberg, period_start=period).value
        == 61
    )
    assert client.get(reverse("prevention:values", args=[other.pk])).status_code == 404
    assert client.get(reverse("prevention:indicator_edit", args=[own.pk])).status_code == 403
