"""Status through the stages, closure with an outcome, reopening: services and pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.defectors.conftest import ADAM, KEVIN, LEILA, case_of
from trygg.defectors.constants import CaseStatus, Outcome
from trygg.defectors.models import Case, CaseStatusChange
from trygg.defectors.status import services as status

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
COLLEAGUE = "handlaggare2@huddinge.example"
CHIEF = "chef@huddinge.example"


def actor(email: str):
    return actor_for(User.objects.get(email=email))


def close(case, outcome=Outcome.COMPLETED, **kwargs):
    return status.case_close(actor=actor(TEAM), case=case, outcome=outcome, **kwargs)


def test_status_moves_forward_and_back_and_keeps_the_history(demo):
    case = case_of(ADAM)
    before = case.last_entry_at
    status.status_change(actor=actor(TEAM), case=case, to_status=CaseStatus.RISKANALYS)
    status.status_change(
        actor=actor(TEAM),
        case=case,
        to_status=CaseStatus.KARTLAGGNING,
        note="Ny hotbild, kartläggningen görs om.",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.KARTLAGGNING
    assert case.last_entry_at > before  # retention counts from the last entry
    history = status.status_history(case=case)
    assert [(c.from_status, c.to_status) for c in history] == [
        ("kontakt", "riskanalys"),
        ("riskanalys", "kartlaggning"),
    ]
    assert history[1].note == "Ny hotbild, kartläggningen görs om."
    assert history[1].by.email == TEAM
    events = AuditEvent.objects.filter(action="defectors.case.status", target_id=str(case.pk))
    assert [(e.payload["from"], e.payload["to"]) for e in events.order_by("id")] == [
        ("kontakt", "riskanalys"),
        ("riskanalys", "kartlaggning"),
    ]
    assert all("note" not in e.payload for e in events)


def test_the_note_is_encrypted_in_the_database(demo):
    case = case_of(ADAM)
    status.status_change(
        actor=actor(TEAM), case=case, to_status=CaseStatus.INSATSER, note="Hemlig anteckning"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM defectors_casestatuschange")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all("Hemlig" not in value for value in stored)


def test_going_back_needs_a_note(demo):
    case = case_of(ADAM)
    status.status_change(actor=actor(TEAM), case=case, to_status=CaseStatus.INSATSER)
    with pytest.raises(ApplicationError) as refused:
        status.status_change(actor=actor(TEAM), case=case, to_status=CaseStatus.KONTAKT)
    assert refused.value.field == "note"
    case.refresh_from_db()
    assert case.status == CaseStatus.INSATSER


@pytest.mark.parametrize("target", [CaseStatus.KONTAKT, CaseStatus.AVSLUTAT, "nonsense", ""])
def test_status_change_refuses_the_current_stage_closing_and_unknown_values(demo, target):
    case = case_of(ADAM)
    with pytest.raises(ApplicationError) as refused:
        status.status_change(actor=actor(TEAM), case=case, to_status=target)
    assert refused.value.field == "to_status"
    assert not CaseStatusChange.objects.filter(case=case).exists()


def test_a_colleague_off_the_team_cannot_change_the_status(demo):
    with pytest.raises(PermissionDenied):
        status.status_change(
            actor=actor(COLLEAGUE), case=case_of(ADAM), to_status=CaseStatus.INSATSER
        )


def test_closing_needs_an_outcome(demo):
    case = case_of(ADAM)
    with pytest.raises(ApplicationError) as refused:
        close(case, outcome="")
    assert refused.value.field == "outcome"
    case.refresh_from_db()
    assert case.status == CaseStatus.KONTAKT and case.closed_at is None


def test_closing_sets_status_outcome_and_closing_time(demo):
    case = case_of(ADAM)
    close(case, outcome=Outcome.MOVED, note="Flyttat till annan kommun.")
    case.refresh_from_db()
    assert case.status == CaseStatus.AVSLUTAT
    assert case.outcome == Outcome.MOVED
    assert case.closed_at is not None
    change = case.status_changes.get()
    assert (change.from_status, change.to_status, change.outcome) == (
        "kontakt",
        "avslutat",
        "moved",
    )
    event = AuditEvent.objects.get(action="defectors.case.close")
    assert event.payload["outcome"] == "moved"
    assert event.target_id == str(case.pk)


def test_closing_on_an_earlier_day_but_not_in_the_future(demo):
    case = case_of(ADAM)
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=30))
    case.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        close(case, closed_on=timezone.localdate() + timedelta(days=1))
    assert refused.value.field == "closed_on"
    with pytest.raises(ApplicationError):
        close(case, closed_on=timezone.localdate() - timedelta(days=31))
    close(case, closed_on=timezone.localdate() - timedelta(days=3))
    case.refresh_from_db()
    assert timezone.localdate(case.closed_at) == timezone.localdate() - timedelta(days=3)


def test_a_closed_case_is_read_only_until_reopened(demo):
    case = case_of(ADAM)
    close(case)
    with pytest.raises(PermissionDenied):
        status.status_change(actor=actor(TEAM), case=case, to_status=CaseStatus.INSATSER)
    with pytest.raises(PermissionDenied):
        close(case)

    with pytest.raises(ApplicationError) as refused:
        status.case_reopen(actor=actor(TEAM), case=case, to_status=CaseStatus.INSATSER, note="")
    assert refused.value.field == "note"

    status.case_reopen(
        actor=actor(TEAM), case=case, to_status=CaseStatus.INSATSER, note="Återfall, nytt stöd."
    )
    case.refresh_from_db()
    assert (case.status, case.closed_at, case.outcome) == (CaseStatus.INSATSER, None, "")
    event = AuditEvent.objects.get(action="defectors.case.reopen")
    assert event.payload["to"] == "insatser" and event.payload["outcome"] == "completed"
    status.status_change(actor=actor(TEAM), case=case, to_status=CaseStatus.NEDTRAPPNING)


def test_reopen_by_the_unit_manager_but_not_by_a_colleague(demo):
    case = case_of(ADAM)
    close(case)
    with pytest.raises(PermissionDenied):
        status.case_reopen(actor=actor(COLLEAGUE), case=case, to_status="kontakt", note="Varför")
    status.case_reopen(actor=actor(CHIEF), case=case, to_status="kontakt", note="Ny kontakt.")
    case.refresh_from_db()
    assert case.status == CaseStatus.KONTAKT


def test_an_open_case_cannot_be_reopened(demo):
    with pytest.raises(PermissionDenied):
        status.case_reopen(actor=actor(TEAM), case=case_of(ADAM), to_status="kontakt", note="x")


# Pages


def test_overview_shows_status_form_close_link_and_history(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    url = reverse("defectors:case_detail", args=[case.pk])
    body = client.get(url).content.decode()
    assert reverse("defectors:case_status", args=[case.pk]) in body
    assert reverse("defectors:case_close", args=[case.pk]) in body

    response = client.post(
        reverse("defectors:case_status", args=[case.pk]), {"to_status": "kartlaggning"}
    )
    assert response.status_code == 302 and response["Location"] == url
    body = client.get(url).content.decode()
    assert "Status history" in body or "Statushistorik" in body
    assert "Hanna Handläggare" in body
    case.refresh_from_db()
    assert case.status == CaseStatus.KARTLAGGNING


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"to_status": "avslutat"},
        {"to_status": "x" * 5000, "note": "y" * 50_000},
        {"to_status": "kontakt"},  # the current stage
    ],
)
def test_garbage_status_posts_are_refused_without_a_500(as_demo, data):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    response = client.post(reverse("defectors:case_status", args=[case.pk]), data)
    assert response.status_code == 200
    assert b"ds-error-summary" in response.content
    case.refresh_from_db()
    assert case.status == CaseStatus.KONTAKT


def test_close_page_explains_and_closes(as_demo):
    client = as_demo(TEAM)
    case = case_of(KEVIN)
    url = reverse("defectors:case_close", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"read" in page.content or "läsas".encode() in page.content
    assert str(timezone.localdate().year + 6).encode() in page.content  # deleted at the latest

    refused = client.post(url, {"closed_on": timezone.localdate().isoformat()})
    assert refused.status_code == 200 and b"ds-error-summary" in refused.content
    case.refresh_from_db()
    assert case.status == CaseStatus.KONTAKT

    done = client.post(url, {"outcome": "left", "closed_on": timezone.localdate().isoformat()})
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.AVSLUTAT, "left")

    body = client.get(reverse("defectors:case_detail", args=[case.pk])).content.decode()
    assert reverse("defectors:case_status", args=[case.pk]) not in body
    assert reverse("defectors:case_reopen", args=[case.pk]) in body
    assert (
        client.post(
            reverse("defectors:case_status", args=[case.pk]), {"to_status": "insatser"}
        ).status_code
        == 403
    )
    assert client.get(url).status_code == 302  # already closed: back to the overview


def test_reopen_from_the_overview(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    close(case)
    url = reverse("defectors:case_reopen", args=[case.pk])
    assert client.post(url, {"to_status": "insatser"}).status_code == 200  # no note
    response = client.post(url, {"to_status": "insatser", "note": "Behöver stöd igen."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.INSATSER


def test_chief_reopens_from_the_list_without_seeing_the_person(as_demo):
    case = case_of(LEILA)
    close(case)
    client = as_demo(CHIEF)
    listing = client.get(reverse("defectors:case_list")).content.decode()
    url = reverse("defectors:case_reopen", args=[case.pk])
    assert url in listing
    page = client.get(url)
    assert page.status_code == 200
    assert b"Testdotter" not in page.content and b"Leila" not in page.content
    response = client.post(url, {"to_status": "kontakt", "note": "Hör av sig igen."})
    assert response.status_code == 302 and response["Location"] == reverse("defectors:case_list")
    case.refresh_from_db()
    assert case.status == CaseStatus.KONTAKT


def test_colleague_and_other_municipality_cannot_reach_close_or_reopen(as_demo, client):
    case = case_of(ADAM)
    close(case)
    for email in (COLLEAGUE, "handlaggare@botkyrka.example"):
        as_demo(email)
        assert client.get(reverse("defectors:case_reopen", args=[case.pk])).status_code == 404
        assert (
            client.post(
                reverse("defectors:case_reopen", args=[case.pk]),
                {"to_status": "kontakt", "note": "x"},
            ).status_code
            == 404
        )
        assert client.get(reverse("defectors:case_close", args=[case.pk])).status_code == 404
        client.logout()
    case.refresh_from_db()
    assert case.status == CaseStatus.AVSLUTAT


def test_list_filters_by_status_and_shows_the_outcome(as_demo):
    close(case_of(KEVIN), outcome=Outcome.TRANSFERRED)
    client = as_demo(TEAM)
    closed = client.get(reverse("defectors:case_list"), {"status": "avslutat"})
    assert closed.status_code == 200
    shown = closed.context["cases"]
    assert case_of(KEVIN).pk in [c.pk for c in shown]
    assert {c.status for c in shown} == {CaseStatus.AVSLUTAT}
    assert Outcome.TRANSFERRED.label.encode() in closed.content or b"verf" in closed.content
    event = AuditEvent.objects.filter(action="defectors.case.list").latest("id")
    assert event.payload["status"] == "avslutat"

    everything = client.get(reverse("defectors:case_list"), {"status": "<script>"})
    assert everything.status_code == 200
    unfiltered = client.get(reverse("defectors:case_list"))
    assert len(everything.context["cases"]) == len(unfiltered.context["cases"]) > len(shown)


def test_overview_queries_do_not_grow_with_the_history(as_demo):
    from django.test.utils import CaptureQueriesContext

    from trygg.defectors.emergency import services as emergency

    case = case_of(ADAM)
    client = as_demo(TEAM)
    url = reverse("defectors:case_detail", args=[case.pk])
    client.get(url)
    status.status_change(actor=actor(TEAM), case=case, to_status="kartlaggning")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for stage in ("riskanalys", "overenskommelse", "insatser", "nedtrappning"):
        status.status_change(actor=actor(TEAM), case=case, to_status=stage)
    for _ in range(3):
        emergency.emergency_access_grant(
            actor=actor(COLLEAGUE), reference=case.reference, reason="Akut samtal från polisen."
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
