"""Tasks of the case team, "My tasks" and the e-mail reminders."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases import services
from trygg.defectors.cases.tests.test_services import demo_actor
from trygg.defectors.conftest import ADAM, ELIAS, KEVIN, LEILA, case_of, personal_fragments
from trygg.defectors.constants import CaseStatus
from trygg.defectors.models import Case, CaseTask
from trygg.defectors.tasks import services as case_tasks
from trygg.defectors.tasks.reminders import send_task_reminders

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
COLLEAGUE = "handlaggare2@huddinge.example"
CHIEF = "chef@huddinge.example"
TITLE = "Ring Solrosens boende om kontraktet"


def user(email):
    return User.objects.get(email=email)


def today():
    return timezone.localdate()


def add(case, *, title=TITLE, days=1, assigned_to=None, actor=None):
    return case_tasks.task_add(
        actor=actor or demo_actor(TEAM),
        case=case,
        title=title,
        due_on=today() + timedelta(days=days),
        assigned_to=assigned_to,
    )


def make_overdue(task, days=2):
    CaseTask.objects.filter(pk=task.pk).update(due_on=today() - timedelta(days=days))


def join_team(case, email):
    services.team_member_add(actor=demo_actor(CHIEF), case=case, user=user(email))


def close(case):
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AVSLUTAT, closed_at=timezone.now(), outcome="completed"
    )
    case.refresh_from_db()


# --- services ----------------------------------------------------------------------------


def test_team_adds_a_task_and_the_audit_holds_ids_only(demo):
    case = case_of(ADAM)
    before = case.last_entry_at
    task = add(case, assigned_to=user(TEAM))
    assert task.title == TITLE and task.created_by == user(TEAM)
    event = AuditEvent.objects.filter(action="defectors.task.create").latest("id")
    assert event.payload == {"task": task.pk, "assigned_to": user(TEAM).pk}
    assert event.target_id == str(case.pk)
    case.refresh_from_db()
    assert case.last_entry_at > before
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM defectors_casetask WHERE id = %s", [task.pk])
        assert "Solrosen" not in cursor.fetchone()[0]


def test_task_for_the_whole_team(demo):
    task = add(case_of(ADAM), days=0)
    assert task.assigned_to is None
    assert AuditEvent.objects.filter(action="defectors.task.create").latest("id").payload == {
        "task": task.pk,
        "assigned_to": None,
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"days": -1}, "due_on"),
    ],
)
def test_invalid_task_is_refused_next_to_its_field(demo, kwargs, field):
    case = case_of(ADAM)
    with pytest.raises(ApplicationError) as refused:
        add(case, **kwargs)
    assert refused.value.field == field
    assert not CaseTask.objects.filter(case=case).exists()


@pytest.mark.parametrize("email", [COLLEAGUE, CHIEF, "handlaggare@botkyrka.example"])
def test_task_can_only_be_given_to_the_case_team(demo, email):
    case = case_of(ADAM)
    with pytest.raises(ApplicationError) as refused:
        add(case, assigned_to=user(email))
    assert refused.value.field == "assigned_to"


def test_done_and_reopen_are_audited(demo):
    case = case_of(ADAM)
    task = add(case)
    task = case_tasks.task_done(actor=demo_actor(TEAM), case=case, task=task)
    assert task.done_at is not None and task.done_by == user(TEAM)
    with pytest.raises(ApplicationError):
        case_tasks.task_done(actor=demo_actor(TEAM), case=case, task=task)
    task = case_tasks.task_reopen(actor=demo_actor(TEAM), case=case, task=task)
    assert task.done_at is None and task.done_by is None
    with pytest.raises(ApplicationError):
        case_tasks.task_reopen(actor=demo_actor(TEAM), case=case, task=task)
    actions = list(
        AuditEvent.objects.filter(action__startswith="defectors.task.")
        .order_by("id")
        .values_list("action", "payload")
    )
    assert actions == [
        ("defectors.task.create", {"task": task.pk, "assigned_to": None}),
        ("defectors.task.done", {"task": task.pk}),
        ("defectors.task.reopen", {"task": task.pk}),
    ]


@pytest.mark.parametrize(
    "email",
    [
        COLLEAGUE,
        CHIEF,
        "handlaggare@botkyrka.example",
        "admin@huddinge.example",
        "analytiker@sodertorn.example",
    ],
)
def test_writes_are_refused_to_everyone_off_the_team(demo, email):
    case = case_of(ADAM)
    task = add(case)
    outsider = demo_actor(email)
    with pytest.raises(PermissionDenied):
        add(case, actor=outsider)
    with pytest.raises(PermissionDenied):
        case_tasks.task_done(actor=outsider, case=case, task=task)
    assert CaseTask.objects.filter(case=case).count() == 1
    task.refresh_from_db()
    assert task.done_at is None


def test_closed_case_tasks_are_read_only(demo):
    case = case_of(ADAM)
    task = add(case)
    close(case)
    with pytest.raises(PermissionDenied):
        add(case)
    with pytest.raises(PermissionDenied):
        case_tasks.task_done(actor=demo_actor(TEAM), case=case, task=task)


# --- the case's task page ----------------------------------------------------------------


def test_task_page_lists_tasks_marks_overdue_in_words_and_is_audited(as_demo):
    case = case_of(ADAM)
    late = add(case, title="Sen uppgift")
    make_overdue(late)
    add(case, title="Kommande uppgift", days=5, assigned_to=user(TEAM))
    client = as_demo(TEAM)
    response = client.get(reverse("defectors:tasks", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sen uppgift" in body and "Kommande uppgift" in body
    assert body.count("Försenad") + body.count("Overdue") == 1
    assert "Hanna Handläggare" in body  # the assignee, a colleague: shown to the team
    assert body.count("<h1") == 1
    event = AuditEvent.objects.filter(action="defectors.task.list").latest("id")
    assert event.target_id == str(case.pk) and event.payload == {}


def test_add_done_and_reopen_through_the_page(as_demo):
    case = case_of(ADAM)
    client = as_demo(TEAM)
    response = client.post(
        reverse("defectors:task_add", args=[case.pk]),
        {"title": TITLE, "due_on": str(today()), "assigned_to": user(TEAM).pk},
    )
    assert response.status_code == 302
    task = CaseTask.objects.get(case=case)
    assert task.assigned_to == user(TEAM)
    assert client.post(reverse("defectors:task_done", args=[case.pk, task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    page = client.get(reverse("defectors:tasks", args=[case.pk])).content
    assert reverse("defectors:task_reopen", args=[case.pk, task.pk]).encode() in page
    reopen = client.post(reverse("defectors:task_reopen", args=[case.pk, task.pk]))
    assert reopen.status_code == 302
    task.refresh_from_db()
    assert task.done_at is None
    # Marking a task done twice does not fail: the page says so.
    client.post(reverse("defectors:task_done", args=[case.pk, task.pk]))
    again = client.post(reverse("defectors:task_done", args=[case.pk, task.pk]), follow=True)
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "due_on": "2099-01-01"}, "title"),
        ({"title": "x", "due_on": "2020-01-01"}, "due_on"),
        ({"title": "x", "due_on": "inte ett datum"}, "due_on"),
        ({"title": "x", "due_on": "2099-01-01", "assigned_to": "999999"}, "assigned_to"),
    ],
)
def test_refused_task_form_shows_the_error_next_to_the_field(as_demo, data, field):
    case = case_of(ADAM)
    client = as_demo(TEAM)
    response = client.post(reverse("defectors:task_add", args=[case.pk]), data)
    assert response.status_code == 200
    assert f'id="id_{field}_error"'.encode() in response.content
    assert not CaseTask.objects.filter(case=case).exists()


def test_team_member_of_another_case_cannot_be_chosen(as_demo):
    case = case_of(ADAM)
    client = as_demo(TEAM)
    response = client.post(
        reverse("defectors:task_add", args=[case.pk]),
        {"title": "x", "due_on": "2099-01-01", "assigned_to": user(COLLEAGUE).pk},
    )
    assert response.status_code == 200
    assert b'id="id_assigned_to_error"' in response.content
    assert not CaseTask.objects.filter(case=case).exists()


def test_task_of_another_case_is_not_found(as_demo):
    task = add(case_of(KEVIN))
    client = as_demo(TEAM)
    url = reverse("defectors:task_done", args=[case_of(ADAM).pk, task.pk])
    assert client.post(url).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_closed_case_shows_tasks_without_buttons_and_refuses_posts(as_demo):
    case = case_of(ADAM)
    task = add(case)
    close(case)
    client = as_demo(TEAM)
    page = client.get(reverse("defectors:tasks", args=[case.pk]))
    assert page.status_code == 200 and TITLE in page.content.decode()
    assert b'name="title"' not in page.content
    assert reverse("defectors:task_done", args=[case.pk, task.pk]).encode() not in page.content
    assert client.post(reverse("defectors:task_done", args=[case.pk, task.pk])).status_code == 403
    add_url = reverse("defectors:task_add", args=[case.pk])
    assert client.post(add_url, {"title": "x", "due_on": "2099-01-01"}).status_code == 403


@pytest.mark.parametrize(
    ("email", "status"),
    [
        (COLLEAGUE, 404),
        (CHIEF, 404),
        ("handlaggare@botkyrka.example", 404),
        ("admin@huddinge.example", 403),
        ("analytiker@sodertorn.example", 403),
        ("logggranskare@huddinge.example", 403),
    ],
)
def test_task_pages_are_refused_off_the_team_without_personal_data(as_demo, email, status):
    case = case_of(ADAM)
    task = add(case)
    client = as_demo(email)
    requests = [
        ("get", reverse("defectors:tasks", args=[case.pk]), {}),
        (
            "post",
            reverse("defectors:task_add", args=[case.pk]),
            {"title": "x", "due_on": "2099-01-01"},
        ),
        ("post", reverse("defectors:task_done", args=[case.pk, task.pk]), {}),
        ("post", reverse("defectors:task_reopen", args=[case.pk, task.pk]), {}),
    ]
    fragments = [
        *personal_fragments(huddinge_only=email == "handlaggare@botkyrka.example"),
        TITLE.encode(),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code == status, (email, url)
        assert [f for f in fragments if f in response.content] == [], (email, url)
    assert CaseTask.objects.filter(case=case).count() == 1
    task.refresh_from_db()
    assert task.done_at is None
    assert not AuditEvent.objects.filter(
        action__startswith="defectors.task.", actor_id=user(email).pk
    ).exists()


def test_task_page_queries_do_not_grow_with_the_tasks(as_demo):
    case = case_of(ADAM)
    join_team(case, COLLEAGUE)
    add(case)
    client = as_demo(TEAM)
    url = reverse("defectors:tasks", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(12):
        task = add(case, days=index, assigned_to=user(COLLEAGUE if index % 2 else TEAM))
        if index % 3 == 0:
            case_tasks.task_done(actor=demo_actor(TEAM), case=case, task=task)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["tasks"]) == 13
    assert len(many) == len(few)
    assert len(many) <= 25


# --- My tasks ----------------------------------------------------------------------------


def test_my_tasks_shows_open_tasks_of_own_teams_for_me_or_the_whole_team(as_demo):
    adam, leila, kevin = case_of(ADAM), case_of(LEILA), case_of(KEVIN)
    join_team(adam, COLLEAGUE)
    mine = add(adam, title="Min uppgift", days=3, assigned_to=user(TEAM))
    team_wide = add(leila, title="Hela teamets uppgift", days=1)
    overdue = add(kevin, title="Sak som är sen", days=0, assigned_to=user(TEAM))
    make_overdue(overdue)
    add(adam, title="Kollegans uppgift", assigned_to=user(COLLEAGUE))
    done = add(adam, title="Klar uppgift")
    case_tasks.task_done(actor=demo_actor(TEAM), case=adam, task=done)
    add(case_of(ELIAS), title="Botkyrkas uppgift", actor=demo_actor("handlaggare@botkyrka.example"))

    client = as_demo(TEAM)
    response = client.get(reverse("defectors:my_tasks"))
    assert response.status_code == 200
    assert [t.pk for t in response.context["tasks"]] == [overdue.pk, team_wide.pk, mine.pk]
    body = response.content.decode()
    for shown in ("Min uppgift", "Hela teamets uppgift", "Sak som är sen", adam.reference):
        assert shown in body
    for hidden in ("Kollegans uppgift", "Klar uppgift", "Botkyrkas uppgift"):
        assert hidden not in body
    assert "Försenad" in body or "Overdue" in body
    assert reverse("defectors:tasks", args=[adam.pk]) in body
    # No names: neither the people in the cases nor the case officers.
    assert not [f for f in personal_fragments() if f in response.content]
    assert "Hanna Handläggare" not in body.split("<main", 1)[-1].split("</main>")[0]
    event = AuditEvent.objects.filter(action="defectors.task.my_list").latest("id")
    assert event.payload == {"cases": sorted([adam.pk, leila.pk, kevin.pk])}

    client.logout()
    colleague = as_demo(COLLEAGUE)
    theirs = colleague.get(reverse("defectors:my_tasks"))
    assert theirs.status_code == 200
    assert [t.title for t in theirs.context["tasks"]] == ["Kollegans uppgift"]


def test_my_tasks_leaves_out_closed_cases(as_demo):
    case = case_of(ADAM)
    add(case)
    close(case)
    response = as_demo(TEAM).get(reverse("defectors:my_tasks"))
    assert response.context["tasks"] == []


@pytest.mark.parametrize(
    ("email", "status"),
    [
        (COLLEAGUE, 200),
        (CHIEF, 200),
        ("handlaggare@botkyrka.example", 200),
        ("admin@huddinge.example", 403),
        ("analytiker@sodertorn.example", 403),
        ("logggranskare@huddinge.example", 403),
    ],
)
def test_my_tasks_of_others_show_nothing_of_the_team(as_demo, email, status):
    add(case_of(ADAM))
    add(case_of(LEILA), assigned_to=user(TEAM))
    response = as_demo(email).get(reverse("defectors:my_tasks"))
    assert response.status_code == status
    assert TITLE.encode() not in response.content
    assert case_of(ADAM).reference.encode() not in response.content


def test_my_tasks_queries_do_not_grow_with_the_tasks(as_demo):
    add(case_of(ADAM))
    client = as_demo(TEAM)
    url = reverse("defectors:my_tasks")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(15):
        add(case_of((ADAM, LEILA, KEVIN)[index % 3]), days=index)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["tasks"]) == 16
    assert len(many) == len(few)


def test_my_tasks_is_capped(as_demo, monkeypatch):
    monkeypatch.setattr(case_tasks, "MY_TASKS_LIMIT", 3)
    for index in range(5):
        add(case_of(ADAM), days=index)
    response = as_demo(TEAM).get(reverse("defectors:my_tasks"))
    assert len(response.context["tasks"]) == 3 and response.context["more"]


# --- reminders ---------------------------------------------------------------------------


@pytest.fixture
def window(settings):
    settings.TRYGG_DEFECTORS_TASK_REMINDER_DAYS = 3
    settings.TRYGG_BASE_URL = "https://trygg.huddinge.example"
    mail.outbox.clear()


def test_reminder_goes_once_to_the_assignee(demo, window):
    case = case_of(ADAM)
    join_team(case, COLLEAGUE)
    task = add(case, days=2, assigned_to=user(COLLEAGUE))
    assert send_task_reminders.call() == 1
    assert [m.to for m in mail.outbox] == [[COLLEAGUE]]
    task.refresh_from_db()
    assert task.reminded_on == today()
    event = AuditEvent.objects.get(action="defectors.task.remind")
    assert event.payload == {"task": task.pk, "recipients": 1}
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))
    assert event.organisation_id == case.unit_id and event.actor_id is None

    assert send_task_reminders.call() == 0  # the next day's run: not again
    assert len(mail.outbox) == 1


def test_reminder_for_the_whole_team_goes_to_every_active_member(demo, window):
    case = case_of(ADAM)
    join_team(case, COLLEAGUE)
    add(case, days=0)
    send_task_reminders.call()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([TEAM, COLLEAGUE])
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the others' addresses
    event = AuditEvent.objects.get(action="defectors.task.remind")
    assert event.payload["recipients"] == 2


def test_inactive_members_get_no_reminder(demo, window):
    case = case_of(ADAM)
    join_team(case, COLLEAGUE)
    User.objects.filter(email=COLLEAGUE).update(is_active=False)
    add(case, days=1, assigned_to=user(COLLEAGUE))  # the assignee left: the team is told
    send_task_reminders.call()
    assert [m.to for m in mail.outbox] == [[TEAM]]


def test_no_reminder_for_done_distant_or_closed_tasks(demo, window):
    adam, kevin = case_of(ADAM), case_of(KEVIN)
    done = add(adam, days=1)
    case_tasks.task_done(actor=demo_actor(TEAM), case=adam, task=done)
    add(adam, days=4)  # outside the window yet
    add(kevin, days=1)
    close(kevin)
    assert send_task_reminders.call() == 0
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="defectors.task.remind").exists()


def test_overdue_task_is_reminded_and_said_to_be_late(demo, window):
    case = case_of(ADAM)
    task = add(case, days=0)
    make_overdue(task, days=4)
    send_task_reminders.call()
    (message,) = mail.outbox
    due = (today() - timedelta(days=4)).isoformat()
    assert due in message.body


def test_reminder_mail_says_nothing_about_the_task_or_the_person(demo, window):
    case = case_of(LEILA)
    task = add(case, days=3, assigned_to=user(TEAM))
    send_task_reminders.call()
    (message,) = mail.outbox
    text = f"{message.subject}\n{message.body}"
    assert case.reference in message.subject and case.reference in message.body
    assert task.due_on.isoformat() in message.body
    assert f"https://trygg.huddinge.example/avhopp/arende/{case.pk}/uppgifter/" in message.body
    assert "Solrosen" not in text and TITLE not in text
    for fragment in (*personal_fragments(), b"Hanna", "Handläggare".encode()):
        assert fragment.decode() not in text


def test_reopened_task_is_reminded_again(demo, window):
    case = case_of(ADAM)
    task = add(case, days=1)
    send_task_reminders.call()
    task = case_tasks.task_done(actor=demo_actor(TEAM), case=case, task=task)
    case_tasks.task_reopen(actor=demo_actor(TEAM), case=case, task=task)
    send_task_reminders.call()
    assert len(mail.outbox) == 2


def test_failed_sending_is_tried_again_on_the_next_run(demo, window, monkeypatch):
    case = case_of(ADAM)
    task = add(case, days=1)

    def refuse(self, messages):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    assert send_task_reminders.call() == 0
    task.refresh_from_db()
    assert task.reminded_on is None
    assert not AuditEvent.objects.filter(action="defectors.task.remind").exists()
    monkeypatch.undo()
    assert send_task_reminders.call() == 1


def test_management_command_queues_the_reminders(demo, window):
    add(case_of(ADAM), days=1)
    out = StringIO()
    call_command("defectors_reminders", stdout=out)
    assert "queued" in out.getvalue()
    assert len(mail.outbox) == 1  # the test settings run tasks at once
