"""Emergency access (nödåtkomst): a reason, the unit only, a time limit, audit and e-mail."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases import selectors
from trygg.defectors.conftest import ADAM, ELIAS, KEVIN, LEILA, case_of
from trygg.defectors.emergency import services as emergency
from trygg.defectors.models import EmergencyAccess
from trygg.defectors.status import services as status

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
COLLEAGUE = "handlaggare2@huddinge.example"
CHIEF = "chef@huddinge.example"
BOTKYRKA = "handlaggare@botkyrka.example"
REASON = "Polisen ringer, akut hot mot personen i kväll."
OUTSIDERS = [
    "admin@huddinge.example",
    "samordnare@huddinge.example",
    "granskare@huddinge.example",
    "sokande@huddinge.example",
    "logggranskare@huddinge.example",
    "analytiker@sodertorn.example",
]
NOT_FOUND = ("Det finns inget ärende med det diarienumret på din enhet",)


def actor(email: str):
    return actor_for(User.objects.get(email=email))


def grant(email: str, reference: str, reason: str = REASON):
    return emergency.emergency_access_grant(actor=actor(email), reference=reference, reason=reason)


def test_colleague_opens_the_case_only_after_stating_a_reason(
    as_demo, django_capture_on_commit_callbacks
):
    case = case_of(ADAM)
    client = as_demo(COLLEAGUE)
    detail = reverse("defectors:case_detail", args=[case.pk])
    assert client.get(detail).status_code == 404

    assert client.get(reverse("defectors:emergency")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("defectors:emergency"), {"reference": case.reference, "reason": REASON}
        )
    assert response.status_code == 302 and response["Location"] == detail

    access = EmergencyAccess.objects.get(case=case)
    assert access.user.email == COLLEAGUE
    assert access.reason == REASON
    assert access.expires_at - access.granted_at == timedelta(minutes=60)
    granted = AuditEvent.objects.get(action="defectors.emergency.grant")
    assert granted.payload == {"access": access.pk, "minutes": 60, "emergency": access.pk}
    assert granted.target_id == str(case.pk)

    page = client.get(detail)
    assert page.status_code == 200
    assert b"Provsson" in page.content  # the case opens
    assert b'data-color="danger"' in page.content  # the red banner
    assert REASON.encode() not in page.content  # the reason list is for the team
    view = AuditEvent.objects.filter(action="defectors.case.view").latest("id")
    assert view.payload["emergency"] == access.pk
    assert view.target_id == str(case.pk)


def test_the_reason_is_never_in_the_audit(demo):
    grant(COLLEAGUE, case_of(ADAM).reference)
    for event in AuditEvent.objects.all():
        assert "Polisen" not in str(event.payload)


@pytest.mark.parametrize(
    "reason",
    ["", "   ", "För kort", "." * 15, "\u200b" * 20 + "Akut", "1234567890 12345 !!", "a\u200b" * 9],
)
def test_a_reason_in_words_is_required(demo, reason):
    with pytest.raises(ApplicationError) as refused:
        grant(COLLEAGUE, case_of(ADAM).reference, reason)
    assert refused.value.field == "reason"
    assert not EmergencyAccess.objects.exists()


def test_emergency_access_to_one_case_is_limited_per_day(demo, settings):
    settings.TRYGG_DEFECTORS_EMERGENCY_PER_DAY = 2
    reference = case_of(ADAM).reference
    grant(COLLEAGUE, reference)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        grant(COLLEAGUE, reference, "Förnyad: klienten ringer igen från jourtelefonen")
        with pytest.raises(ApplicationError) as refused:
            grant(COLLEAGUE, reference)
    assert refused.value.field == "reason"
    assert EmergencyAccess.objects.count() == 2
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        grant(COLLEAGUE, reference)  # a new day
    assert EmergencyAccess.objects.count() == 3


def test_invisible_characters_are_not_stored_in_the_reason(demo):
    access = grant(COLLEAGUE, case_of(ADAM).reference, "\u200bKlienten ringde\u200b, akut hot")
    assert access.reason == "Klienten ringde, akut hot"


def test_reference_is_forgiving_about_case_and_spaces(demo):
    access = grant(COLLEAGUE, " " + case_of(ADAM).reference.lower() + " ")
    assert access.case_id == case_of(ADAM).pk


def test_unknown_reference_and_another_municipality_get_the_same_answer(demo):
    answers = []
    for email, reference in (
        (COLLEAGUE, "AV-1999-9999"),
        (BOTKYRKA, case_of(KEVIN).reference),  # a Huddinge case
        (COLLEAGUE, "x" * 500),
    ):
        with pytest.raises(ApplicationError) as refused:
            grant(email, reference)
        answers.append((refused.value.field, refused.value.message))
    assert len(set(answers)) == 1
    assert answers[0][0] == "reference"
    assert answers[0][1].rstrip(".") in NOT_FOUND
    assert not EmergencyAccess.objects.exists()
    assert AuditEvent.objects.filter(action="defectors.emergency.refuse").count() == 3


def test_references_are_looked_up_in_the_own_unit_only(demo):
    # References are numbered per municipality: Huddinge's AV-YYYY-0001 is Adam's case,
    # Botkyrka's is Elias's. A Huddinge colleague asking for it gets Adam's, never Elias's.
    elias, adam = case_of(ELIAS), case_of(ADAM)
    assert elias.reference == adam.reference
    access = grant(COLLEAGUE, elias.reference)
    assert access.case_id == adam.pk
    with pytest.raises(Http404):
        selectors.case_find(actor=actor(COLLEAGUE), case_id=elias.pk)
    # Botkyrka cannot reach a Huddinge case by its reference.
    kevin = case_of(KEVIN)
    with pytest.raises(ApplicationError):
        grant(BOTKYRKA, kevin.reference)
    assert not EmergencyAccess.objects.filter(case=kevin).exists()


def test_a_team_member_is_told_to_open_the_case_as_usual(demo):
    with pytest.raises(ApplicationError) as refused:
        grant(TEAM, case_of(ADAM).reference)
    assert refused.value.field == "reference"
    assert refused.value.message.rstrip(".") not in NOT_FOUND
    assert not EmergencyAccess.objects.exists()


def test_the_unit_manager_can_be_granted_access(demo):
    case = case_of(LEILA)
    chief = actor(CHIEF)
    with pytest.raises(Http404):
        selectors.case_find(actor=chief, case_id=case.pk)
    grant(CHIEF, case.reference)
    assert selectors.case_find(actor=actor(CHIEF), case_id=case.pk).emergency_access is not None


@pytest.mark.parametrize("email", OUTSIDERS)
def test_outsiders_are_refused(as_demo, email):
    client = as_demo(email)
    assert client.get(reverse("defectors:emergency")).status_code == 403
    response = client.post(
        reverse("defectors:emergency"), {"reference": case_of(ADAM).reference, "reason": REASON}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        grant(email, case_of(ADAM).reference)
    assert not EmergencyAccess.objects.exists()


def test_access_ends_when_the_time_is_up(as_demo, client):
    case = case_of(ADAM)
    access = grant(COLLEAGUE, case.reference)
    assert selectors.case_find(actor=actor(COLLEAGUE), case_id=case.pk)
    with time_machine.travel(access.expires_at + timedelta(minutes=1), tick=False):
        with pytest.raises(Http404):
            selectors.case_find(actor=actor(COLLEAGUE), case_id=case.pk)
        as_demo(COLLEAGUE)
        response = client.get(reverse("defectors:case_detail", args=[case.pk]))
        assert response.status_code == 404
        listing = client.get(reverse("defectors:emergency")).content.decode()
        assert reverse("defectors:case_detail", args=[case.pk]) not in listing


def test_the_team_is_emailed_without_anything_about_the_person(
    demo, django_capture_on_commit_callbacks
):
    case = case_of(LEILA)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        grant(COLLEAGUE, case.reference)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [TEAM]  # the team, not the colleague
    text = message.subject + message.body
    assert case.reference in text
    assert "Hugo Handläggare" in text
    for fragment in ("Leila", "Testdotter", "20010923", REASON, "Polisen"):
        assert fragment not in text


def test_the_team_sees_who_opened_the_case_and_why(as_demo, demo):
    case = case_of(ADAM)
    grant(COLLEAGUE, case.reference)
    client = as_demo(TEAM)
    body = client.get(reverse("defectors:case_detail", args=[case.pk])).content.decode()
    assert "Hugo Handläggare" in body
    assert REASON in body


def test_emergency_access_does_not_allow_closing(demo):
    case = case_of(ADAM)
    grant(COLLEAGUE, case.reference)
    opened = selectors.case_find(actor=actor(COLLEAGUE), case_id=case.pk)
    with pytest.raises(PermissionDenied):
        status.case_close(actor=actor(COLLEAGUE), case=opened, outcome="completed")


def test_emergency_access_only_reads(as_demo, demo):
    """Read-only apart from the note: no status change, no journal entry, no plan."""
    case = case_of(ADAM)
    grant(COLLEAGUE, case.reference)
    opened = selectors.case_find(actor=actor(COLLEAGUE), case_id=case.pk)
    with pytest.raises(PermissionDenied):
        status.status_change(actor=actor(COLLEAGUE), case=opened, to_status="kartlaggning")
    client = as_demo(COLLEAGUE)
    journal = reverse("defectors:journal", args=[case.pk])
    assert client.get(journal).status_code == 200  # reading is what the access is for
    before = AuditEvent.objects.count()
    response = client.post(journal, {"kind": "samtal", "text": "Skriver i journalen."})
    assert response.status_code == 403
    assert "Skriver i journalen" not in client.get(journal).content.decode()
    assert AuditEvent.objects.filter(pk__gt=0).count() > before  # the refusal is recorded
    overview = client.get(reverse("defectors:case_detail", args=[case.pk])).content.decode()
    assert 'name="to_status"' not in overview


def test_the_holder_notes_what_they_did_and_the_team_reads_it(as_demo, demo):
    case = case_of(ADAM)
    access = grant(COLLEAGUE, case.reference)
    client = as_demo(COLLEAGUE)
    url = reverse("defectors:emergency_note", args=[case.pk])
    note = "Läste hotbilden och ringde polisen om ikväll."
    response = client.post(url, {"note": note}, follow=True)
    assert "sparades" in response.content.decode()
    client.post(url, {"note": "Bekräftade skyddat boende med socialjouren."})
    access.refresh_from_db()
    assert note in access.note and "socialjouren" in access.note
    assert access.note.index(note) < access.note.index("socialjouren")  # added, not replaced
    events = AuditEvent.objects.filter(action="defectors.emergency.note", target_id=str(case.pk))
    assert events.count() == 2
    assert all(e.payload == {"emergency": access.pk} for e in events)
    team_page = as_demo(TEAM).get(reverse("defectors:case_detail", args=[case.pk]))
    assert note in team_page.content.decode()


@pytest.mark.parametrize("note", ["", "." * 40, "\u200b" * 30, "kort"])
def test_a_note_must_be_words(as_demo, demo, note):
    case = case_of(ADAM)
    access = grant(COLLEAGUE, case.reference)
    as_demo(COLLEAGUE).post(reverse("defectors:emergency_note", args=[case.pk]), {"note": note})
    access.refresh_from_db()
    assert access.note == ""


def test_no_note_without_an_access_or_after_it_ended(as_demo, demo):
    case = case_of(ADAM)
    url = reverse("defectors:emergency_note", args=[case.pk])
    note = {"note": "Försöker skriva utan nödåtkomst i ärendet."}
    assert as_demo(COLLEAGUE).post(url, note).status_code == 404
    access = grant(COLLEAGUE, case.reference)
    ended = timezone.now() - timedelta(seconds=1)
    EmergencyAccess.objects.filter(pk=access.pk).update(
        granted_at=ended - timedelta(hours=1), expires_at=ended
    )
    assert as_demo(COLLEAGUE).post(url, note).status_code == 404
    # The team writes in the journal, not here.
    assert as_demo(TEAM).post(url, note).status_code == 403
    access.refresh_from_db()
    assert access.note == ""


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"reference": "", "reason": ""},
        {"reference": "AV-2026-0001"},
        {"reference": "x" * 5000, "reason": "y" * 50_000},
        {"reference": "AV-2026-0001\x00", "reason": REASON},
    ],
)
def test_garbage_posts_are_refused_without_a_500(as_demo, data):
    client = as_demo(COLLEAGUE)
    response = client.post(reverse("defectors:emergency"), data)
    assert response.status_code in (200, 400)
    assert not EmergencyAccess.objects.exists()


def test_the_case_list_links_to_emergency_access(as_demo):
    body = as_demo(COLLEAGUE).get(reverse("defectors:case_list")).content.decode()
    assert reverse("defectors:emergency") in body


def test_emergency_page_lists_own_active_accesses(as_demo):
    case = case_of(ADAM)
    grant(COLLEAGUE, case.reference)
    body = as_demo(COLLEAGUE).get(reverse("defectors:emergency")).content.decode()
    assert reverse("defectors:case_detail", args=[case.pk]) in body
    assert timezone.localtime(EmergencyAccess.objects.get().expires_at).strftime("%H:%M") in body


def test_the_log_reviewer_reads_the_reason_and_the_note(as_demo, demo):
    case = case_of(ADAM)
    grant(COLLEAGUE, case.reference)
    as_demo(COLLEAGUE).post(
        reverse("defectors:emergency_note", args=[case.pk]),
        {"note": "Ringde polisen och bekräftade hotbilden."},
    )
    page = as_demo("logggranskare@huddinge.example").get("/logg/?emergency=on").content.decode()
    assert REASON in page
    assert "Ringde polisen och bekräftade hotbilden." in page
    # Another municipality's reviewer sees neither.
    assert REASON not in as_demo(BOTKYRKA).get("/logg/?emergency=on").content.decode()


def test_the_unit_manager_follows_up_new_emergency_accesses_without_their_reasons(as_demo):
    """The start page counts accesses since the manager last looked; the page names case,
    colleague and time, never the reason (that is the team's and the log reviewer's)."""
    row = "Nödåtkomster i din enhet sedan du senast tittade"
    chief = as_demo(CHIEF)
    follow_up = reverse("defectors:emergency_follow_up")
    chief.get(follow_up)  # the demo's earlier access is now seen
    assert row not in chief.get("/").content.decode()
    access = grant(COLLEAGUE, case_of(KEVIN).reference)
    assert f'count">1</strong> {row}' in chief.get("/").content.decode()
    html = chief.get(follow_up).content.decode()
    assert access.case.reference in html and access.user.full_name in html
    assert REASON not in html
    event = AuditEvent.objects.filter(action="defectors.emergency.follow_up").latest("id")
    assert access.pk in event.payload["accesses"]
    assert row not in chief.get("/").content.decode()  # looked at: nothing new
    grant(COLLEAGUE, case_of(LEILA).reference)
    assert row in chief.get("/").content.decode()


def test_only_the_unit_manager_follows_up(as_demo):
    for email in (TEAM, COLLEAGUE, BOTKYRKA):
        assert as_demo(email).get(reverse("defectors:emergency_follow_up")).status_code == 403
