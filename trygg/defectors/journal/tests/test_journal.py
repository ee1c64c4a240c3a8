"""The journal: drafts, signing, the lock (service, page and database), corrections, who may
do what, the audit of every list and view, and the page's query count."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.cases import services
from trygg.defectors.conftest import ADAM, case_of
from trygg.defectors.constants import CaseStatus, Outcome, Protection
from trygg.defectors.documents import storage as files
from trygg.defectors.journal import services as journal
from trygg.defectors.models import Case, CaseAttachment, CaseTeamMember, JournalEntry
from trygg.organisations.constants import OrganisationKind

pytestmark = pytest.mark.django_db

SECRET = "Hotbild mot Provsson i Flemingsberg"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + SECRET.encode() + b"\n%%EOF\n"


def pdf(name: str = "Samtal med Provsson.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- A small case file, built through the services (no demo data) ------------------------


@pytest.fixture
def unit(huddinge):
    return OrganisationFactory(parent=huddinge, kind=OrganisationKind.ENHET)


@pytest.fixture
def author(make_user, unit):
    return actor_for(make_user(Role.HANDLAGGARE, unit))


@pytest.fixture
def colleague(make_user, unit):
    """A second member of the case team."""
    return actor_for(make_user(Role.HANDLAGGARE, unit))


@pytest.fixture
def case(author, colleague):
    case = services.intake_create(
        actor=author,
        given_name="Test",
        family_name="Testsson",
        identity_number="",
        reserve=True,
        protection=Protection.NONE,
        contact="",
        date=date(2026, 4, 1),
        source="self",
        group_type="criminal_network",
        threat_indication="low",
        motivation_notes="",
    )
    CaseTeamMember.objects.create(case=case, user=colleague.user)
    return case


def write(actor, case, text="Samtal om boende.", **extra):
    extra.setdefault("occurred_on", timezone.localdate())
    return journal.journal_entry_create(actor=actor, case=case, text=text, **extra)


def signed(actor, case, text="Samtal om boende."):
    return journal.journal_entry_sign(actor=actor, case=case, entry=write(actor, case, text))


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def stored_files() -> list[str]:
    try:
        return sorted(default_storage.listdir(files.STORAGE_DIR)[1])
    except FileNotFoundError:
        return []


def counts():
    """What a refused write must leave as it was: rows, audit events and stored files."""
    return (
        JournalEntry.objects.count(),
        CaseAttachment.objects.count(),
        AuditEvent.objects.count(),
        stored_files(),
    )


# --- Services -----------------------------------------------------------------------------


def test_a_new_entry_is_a_draft_of_its_author_and_touches_the_case(author, case):
    Case.objects.filter(pk=case.pk).update(last_entry_at=timezone.now() - timedelta(days=30))
    entry = write(author, case, "  Första samtalet.  ", occurred_on=date(2026, 4, 2))
    entry.refresh_from_db()
    assert (entry.author, entry.text, entry.occurred_on) == (
        author.user,
        "Första samtalet.",
        date(2026, 4, 2),
    )
    assert entry.signed_at is None
    case.refresh_from_db()
    assert timezone.now() - case.last_entry_at < timedelta(minutes=1)
    [event] = events("defectors.journal.create")
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))
    assert event.payload == {"entry": entry.pk, "attachment": None}


def test_the_author_changes_and_signs_the_draft(author, case):
    entry = write(author, case)
    journal.journal_entry_update(
        actor=author, case=case, entry=entry, occurred_on=date(2026, 4, 3), text="Ändrad."
    )
    journal.journal_entry_sign(actor=author, case=case, entry=entry)
    entry.refresh_from_db()
    assert (entry.text, entry.occurred_on) == ("Ändrad.", date(2026, 4, 3))
    assert entry.signed_at is not None
    assert events("defectors.journal.update")[0].payload == {"entry": entry.pk, "attachment": None}
    assert events("defectors.journal.sign")[0].payload == {"entry": entry.pk}


def test_a_signed_entry_is_locked_for_everyone(author, case):
    entry = signed(author, case, "Låst text.")
    for change in (
        lambda: journal.journal_entry_update(
            actor=author, case=case, entry=entry, occurred_on=date(2026, 4, 1), text="Ny."
        ),
        lambda: journal.journal_entry_delete(actor=author, case=case, entry=entry),
        lambda: journal.journal_entry_sign(actor=author, case=case, entry=entry),
    ):
        with pytest.raises(ApplicationError):
            change()
    entry.refresh_from_db()
    assert entry.text == "Låst text."
    assert not events("defectors.journal.update") and not events("defectors.journal.delete")


def test_a_stale_draft_object_cannot_change_an_entry_signed_meanwhile(author, case):
    entry = write(author, case, "Först.")
    stale = JournalEntry.objects.get(pk=entry.pk)
    journal.journal_entry_sign(actor=author, case=case, entry=entry)
    with pytest.raises(ApplicationError):
        journal.journal_entry_update(
            actor=author, case=case, entry=stale, occurred_on=date(2026, 4, 1), text="Sen."
        )
    assert JournalEntry.objects.get(pk=entry.pk).text == "Först."


def test_a_team_member_cannot_change_sign_or_delete_someone_elses_draft(author, colleague, case):
    entry = write(author, case, "Hannas utkast.")
    for change in (
        lambda: journal.journal_entry_update(
            actor=colleague, case=case, entry=entry, occurred_on=date(2026, 4, 1), text="Nej."
        ),
        lambda: journal.journal_entry_sign(actor=colleague, case=case, entry=entry),
        lambda: journal.journal_entry_delete(actor=colleague, case=case, entry=entry),
    ):
        with pytest.raises(PermissionDenied):
            change()
    entry.refresh_from_db()
    assert (entry.text, entry.signed_at) == ("Hannas utkast.", None)
    assert len(events("core.permission.deny")) == 3


def test_the_author_deletes_a_draft_and_its_stored_files(
    author, case, django_capture_on_commit_callbacks
):
    entry = write(author, case, upload=pdf())
    attachment = entry.attachments.get()
    assert default_storage.exists(attachment.storage_name)
    with django_capture_on_commit_callbacks(execute=True):  # the stored file goes on commit
        journal.journal_entry_delete(actor=author, case=case, entry=entry)
    assert not default_storage.exists(attachment.storage_name)
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()
    assert not CaseAttachment.objects.filter(pk=attachment.pk).exists()
    assert events("defectors.journal.delete")[0].payload == {
        "entry": entry.pk,
        "attachments": [attachment.pk],
    }


def test_a_correction_is_a_new_entry_and_the_old_one_stays(author, colleague, case):
    old = signed(author, case, "Fel datum för mötet.")
    correction = journal.journal_entry_correct(
        actor=colleague, case=case, entry=old, occurred_on=date(2026, 4, 5), text="Rätt datum."
    )
    old.refresh_from_db()
    assert old.text == "Fel datum för mötet." and old.signed_at is not None
    assert (correction.corrects, correction.author, correction.signed_at) == (
        old,
        colleague.user,
        None,
    )
    assert list(old.corrections.all()) == [correction]
    assert events("defectors.journal.correct")[0].payload == {
        "entry": correction.pk,
        "corrects": old.pk,
    }


def test_a_draft_is_changed_not_corrected(author, case):
    draft = write(author, case)
    with pytest.raises(ApplicationError):
        journal.journal_entry_correct(
            actor=author, case=case, entry=draft, occurred_on=date(2026, 4, 5), text="Rättelse."
        )
    assert JournalEntry.objects.count() == 1


def test_an_entry_of_another_case_is_not_found(author, case):
    other = services.intake_create(
        actor=author,
        given_name="",
        family_name="",
        identity_number="",
        reserve=False,
        protection=Protection.NONE,
        contact="",
        date=date(2026, 4, 1),
        source="self",
        group_type="criminal_network",
        threat_indication="low",
        motivation_notes="",
    )
    entry = signed(author, other)
    from django.http import Http404

    with pytest.raises(Http404):
        journal.journal_entry_find(case=case, entry_id=entry.pk)
    with pytest.raises(Http404):
        journal.journal_entry_correct(
            actor=author, case=case, entry=entry, occurred_on=date(2026, 4, 5), text="X."
        )


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"occurred_on": date.today() + timedelta(days=2)}, "occurred_on"),
        ({"occurred_on": None}, "occurred_on"),
        ({"text": "   "}, "text"),
        ({"upload": SimpleUploadedFile("program.pdf", b"MZ\x90\x00 not a pdf")}, "file"),
        ({"upload": SimpleUploadedFile("tom.pdf", b"")}, "file"),
        ({"upload": SimpleUploadedFile("skript.sh", b"#!/bin/sh\nrm -rf /\n")}, "file"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(
    author, case, arguments, field
):
    before = counts()
    with pytest.raises(ApplicationError) as refused:
        write(author, case, **{"text": "Text.", **arguments})
    assert refused.value.field == field
    assert counts() == before


def test_a_closed_case_refuses_new_entries(author, case):
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AVSLUTAT, closed_at=timezone.now(), outcome=Outcome.COMPLETED
    )
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        write(author, case)
    assert not JournalEntry.objects.exists()


def test_an_attachment_is_encrypted_at_rest_and_its_name_too(author, case):
    entry = write(author, case, upload=pdf())
    attachment = entry.attachments.get()
    with default_storage.open(attachment.storage_name, "rb") as handle:
        stored = handle.read()
    assert SECRET.encode() not in stored and b"%PDF" not in stored
    assert "Provsson" not in attachment.storage_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM defectors_caseattachment WHERE id = %s", [attachment.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
        cursor.execute("SELECT text FROM defectors_journalentry WHERE id = %s", [entry.pk])
        raw_text = cursor.fetchone()[0]
    assert "Provsson" not in row and "Samtal med" not in row
    assert "Samtal om boende" not in raw_text
    assert files.read(attachment) == PDF  # and it opens again with the key
    assert attachment.original_name == "Samtal med Provsson.pdf"
    assert events("defectors.journal.create")[0].payload["attachment"] == attachment.pk


# --- The lock in the database -------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"text": "Ändrat i databasen."},
        {"occurred_on": date(2020, 1, 1)},
        {"signed_at": None},
        {"author_id": "colleague"},
        {"corrects_id": "other"},
    ],
)
def test_the_database_refuses_to_change_a_signed_entry(author, colleague, case, change):
    entry = signed(author, case, "Signerad.")
    other = signed(author, case, "En annan.")
    values = {
        key: colleague.user.pk if value == "colleague" else other.pk if value == "other" else value
        for key, value in change.items()
    }
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(**values)
    entry.refresh_from_db()
    assert entry.text == "Signerad." and entry.signed_at is not None


def test_the_database_lets_a_draft_change(author, case):
    draft = write(author, case)
    JournalEntry.objects.filter(pk=draft.pk).update(text="Ändrat utkast.")
    draft.refresh_from_db()
    assert draft.text == "Ändrat utkast."


def test_the_database_refuses_to_delete_a_signed_entry_except_for_retention(author, case):
    """On both databases: plain SQL cannot delete a signed entry; retention can."""
    entry = signed(author, case)
    draft = write(author, case)
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).delete()
    JournalEntry.objects.filter(pk=draft.pk).delete()  # a draft may go
    with journal.retention_delete_allowed():
        JournalEntry.objects.filter(pk=entry.pk).delete()
    assert not JournalEntry.objects.exists()
    later = signed(author, case)
    with pytest.raises(DatabaseError), transaction.atomic():  # only inside the block
        JournalEntry.objects.filter(pk=later.pk).delete()


def test_retention_deletes_a_whole_case_with_signed_entries(author, case):
    signed(author, case)
    write(author, case, upload=pdf())
    with journal.retention_delete_allowed():
        Case.objects.filter(pk=case.pk).delete()
    assert not JournalEntry.objects.exists() and not CaseAttachment.objects.exists()


# --- Pages ----------------------------------------------------------------------------------

TEAM = "handlaggare@huddinge.example"


def demo_actor(email):
    return actor_for(User.objects.get(email=email))


def test_the_journal_page_shows_entries_newest_first_and_audits_the_ids(as_demo):
    client = as_demo(TEAM)
    case, hanna = case_of(ADAM), demo_actor(TEAM)
    older = write(hanna, case, "Äldre anteckning.", occurred_on=date(2026, 1, 15))
    journal.journal_entry_sign(actor=hanna, case=case, entry=older)
    newer = write(hanna, case, "Nyare utkast.", upload=pdf())
    response = client.get(reverse("defectors:journal", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Nyare utkast.") < body.index("Äldre anteckning.")
    assert "Samtal med Provsson.pdf" in body and "Hanna Handläggare" in body
    event = AuditEvent.objects.filter(action="defectors.journal.list").latest("id")
    shown = list(
        JournalEntry.objects.filter(case=case)
        .order_by("-occurred_on", "-id")
        .values_list("pk", flat=True)[: journal.ENTRIES_PER_PAGE]
    )
    assert event.payload == {"page": 1, "entries": shown}
    assert shown.index(newer.pk) < shown.index(older.pk)
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))


def test_the_journal_page_runs_the_same_number_of_queries_for_5_and_60_entries(
    as_demo, django_assert_max_num_queries
):
    client = as_demo(TEAM)
    case, hanna = case_of(ADAM), demo_actor(TEAM)
    url = reverse("defectors:journal", args=[case.pk])

    def add_entries(count):
        entries = JournalEntry.objects.bulk_create(
            JournalEntry(case=case, author=hanna.user, occurred_on=date(2026, 1, 1), text=f"Nr {i}")
            for i in range(count)
        )
        for entry in entries:
            CaseAttachment.objects.create(
                case=case,
                journal_entry=entry,
                original_name="a.pdf",
                content_type="application/pdf",
                size=10,
                storage_name=f"defectors/test-{entry.pk}.bin",
                uploaded_by=hanna.user,
            )
            JournalEntry.objects.create(
                case=case, author=hanna.user, occurred_on=date(2026, 1, 2), text="R", corrects=entry
            )

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(url)  # the session's first-request writes are not the page's
    add_entries(5)
    few = count_queries()
    add_entries(55)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
    # Never more: fewer when no entry of the page has an attachment or a correction.
    assert count_queries() <= few
    assert few <= 15  # the benchmark's budget for a case page


def test_writing_an_entry_through_the_page(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    response = client.post(
        reverse("defectors:journal", args=[case.pk]),
        {"occurred_on": timezone.localdate().isoformat(), "text": "Träffade Adam.", "file": pdf()},
    )
    entry = JournalEntry.objects.filter(case=case).latest("id")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/journal/#entry-{entry.pk}")
    assert entry.text == "Träffade Adam." and entry.attachments.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"occurred_on": "2150-01-01", "text": "X."}, "occurred_on", "framtiden"),
        ({"occurred_on": "inte ett datum", "text": "X."}, "occurred_on", "2026-04-01"),
        ({"occurred_on": "2026-04-01", "text": "  "}, "text", "Skriv anteckningen"),
    ],
)
def test_bad_input_on_the_page_is_shown_next_to_the_field(as_demo, data, field, message):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    before = counts()
    response = client.post(reverse("defectors:journal", args=[case.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body
    error = body.split(f'id="id_{field}_error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert counts()[:2] == before[:2] and counts()[3] == before[3]  # the list view is audited


def test_a_signed_entry_cannot_be_changed_or_deleted_through_the_page(as_demo):
    client = as_demo(TEAM)
    case, hanna = case_of(ADAM), demo_actor(TEAM)
    entry = signed(hanna, case, "Signerad text.")
    page = client.get(reverse("defectors:journal_entry", args=[case.pk, entry.pk])).content
    assert b'name="text"' not in page.split(b"correction-heading")[0]  # no edit form
    assert b"correction-text" in page  # the correction form instead
    response = client.post(
        reverse("defectors:journal_entry", args=[case.pk, entry.pk]),
        {"occurred_on": "2026-04-01", "text": "Försök."},
    )
    assert response.status_code == 302
    deleted = client.post(reverse("defectors:journal_delete", args=[case.pk, entry.pk]))
    assert deleted.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Signerad text."
    followed = client.get(response["Location"]).content.decode()
    assert "Signerad text." in followed


def test_a_team_member_sees_but_cannot_change_someone_elses_draft_through_the_page(as_demo, client):
    case = case_of(ADAM)
    colleague = User.objects.get(email="handlaggare2@huddinge.example")
    services.team_member_add(actor=demo_actor("chef@huddinge.example"), case=case, user=colleague)
    entry = write(demo_actor(TEAM), case, "Hannas utkast.")
    other = as_demo("handlaggare2@huddinge.example")
    assert b"Hannas utkast." in other.get(reverse("defectors:journal", args=[case.pk])).content
    page = other.get(reverse("defectors:journal_entry", args=[case.pk, entry.pk])).content
    assert b"Hannas utkast." in page and b'name="text"' not in page
    for name, data in (
        ("defectors:journal_entry", {"occurred_on": "2026-04-01", "text": "Ändrat."}),
        ("defectors:journal_sign", {}),
        ("defectors:journal_delete", {}),
    ):
        assert other.post(reverse(name, args=[case.pk, entry.pk]), data).status_code == 403
    entry.refresh_from_db()
    assert (entry.text, entry.signed_at) == ("Hannas utkast.", None)


def test_correcting_through_the_page_marks_both_entries(as_demo):
    client = as_demo(TEAM)
    case, hanna = case_of(ADAM), demo_actor(TEAM)
    old = signed(hanna, case, "Fel uppgift.")
    response = client.post(
        reverse("defectors:journal_correct", args=[case.pk, old.pk]),
        {"correction-occurred_on": timezone.localdate().isoformat(), "correction-text": "Rätt."},
    )
    assert response.status_code == 302
    correction = JournalEntry.objects.get(corrects=old)
    body = client.get(reverse("defectors:journal", args=[case.pk])).content.decode()
    old_part = body.split(f'id="entry-{old.pk}"', 1)[1]
    new_part = body.split(f'id="entry-{correction.pk}"', 1)[1].split(f'id="entry-{old.pk}"')[0]
    assert reverse("defectors:journal_entry", args=[case.pk, correction.pk]) in old_part
    assert reverse("defectors:journal_entry", args=[case.pk, old.pk]) in new_part


def test_opening_an_entry_is_audited(as_demo):
    client = as_demo(TEAM)
    case, hanna = case_of(ADAM), demo_actor(TEAM)
    entry = signed(hanna, case, "Hemlig anteckning om Provsson.")
    response = client.get(reverse("defectors:journal_entry", args=[case.pk, entry.pk]))
    assert response.status_code == 200 and b"Hemlig anteckning" in response.content
    event = AuditEvent.objects.filter(action="defectors.journal.view").latest("id")
    assert event.payload == {"entry": entry.pk}
    assert event.actor_id == hanna.user.pk


OUTSIDERS = [
    "handlaggare2@huddinge.example",
    "chef@huddinge.example",
    "handlaggare@botkyrka.example",
    "admin@huddinge.example",
    "analytiker@sodertorn.example",
]


def test_outsiders_and_anonymous_get_nothing_of_the_journal(as_demo, client):
    case, hanna = case_of(ADAM), demo_actor(TEAM)
    entry = signed(hanna, case, "Hemlig anteckning om Adam.")
    draft = write(hanna, case, "Hemligt utkast.")
    entries = JournalEntry.objects.count()
    requests = [
        ("get", reverse("defectors:journal", args=[case.pk]), {}),
        (
            "post",
            reverse("defectors:journal", args=[case.pk]),
            {"text": "X", "occurred_on": "2026-04-01"},
        ),
        ("get", reverse("defectors:journal_entry", args=[case.pk, entry.pk]), {}),
        (
            "post",
            reverse("defectors:journal_entry", args=[case.pk, draft.pk]),
            {"text": "X", "occurred_on": "2026-04-01"},
        ),
        ("post", reverse("defectors:journal_sign", args=[case.pk, draft.pk]), {}),
        ("post", reverse("defectors:journal_delete", args=[case.pk, draft.pk]), {}),
        (
            "post",
            reverse("defectors:journal_correct", args=[case.pk, entry.pk]),
            {"correction-text": "X", "correction-occurred_on": "2026-04-01"},
        ),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    for email in OUTSIDERS:
        as_demo(email)
        for method, url, data in requests:
            response = getattr(client, method)(url, data)
            assert response.status_code in (403, 404), (email, url, response.status_code)
            assert b"Hemlig" not in response.content and b"Provsson" not in response.content
        client.logout()
    assert JournalEntry.objects.count() == entries
    draft.refresh_from_db()
    assert draft.text == "Hemligt utkast." and draft.signed_at is None
    assert not AuditEvent.objects.filter(
        action__in=["defectors.journal.list", "defectors.journal.view"]
    ).exists()


def test_audit_payloads_of_the_journal_hold_ids_only(as_demo):
    client = as_demo(TEAM)
    case, hanna = case_of(ADAM), demo_actor(TEAM)
    entry = signed(hanna, case, "Adam Provsson 19970412-2382 berättade.")
    client.get(reverse("defectors:journal", args=[case.pk]))
    client.get(reverse("defectors:journal_entry", args=[case.pk, entry.pk]))
    for event in AuditEvent.objects.filter(action__startswith="defectors.journal."):
        text = str(event.payload)
        assert "Provsson" not in text and "19970412" not in text and "berättade" not in text


def test_signing_asks_once_more_and_cancelling_changes_nothing(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    entry = write(demo_actor(TEAM), case, "Samtal om boende.")
    url = reverse("defectors:journal_sign", args=[case.pk, entry.pk])
    asked = client.post(url)
    assert asked.status_code == 200
    assert "Signera journalanteckningen?" in asked.content.decode()
    entry.refresh_from_db()
    assert entry.signed_at is None
    client.post(url, {"confirmed": "yes"})
    entry.refresh_from_db()
    assert entry.signed_at is not None


def test_a_refusal_says_why_in_swedish(as_demo):
    case = case_of(ADAM)
    colleague = User.objects.get(email="handlaggare2@huddinge.example")
    services.team_member_add(actor=demo_actor("chef@huddinge.example"), case=case, user=colleague)
    entry = write(demo_actor(TEAM), case, "Hannas utkast.")
    response = as_demo("handlaggare2@huddinge.example").post(
        reverse("defectors:journal_sign", args=[case.pk, entry.pk])
    )
    assert response.status_code == 403
    assert "Bara den som har skrivit ett utkast kan ändra det." in response.content.decode()
