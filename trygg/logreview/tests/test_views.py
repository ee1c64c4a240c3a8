import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trygg.audit.services import record
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.LOGGGRANSKARE])
def test_only_the_log_reviewer_reads_the_log(make_user, login, client, role):
    login(make_user(role))
    assert client.get("/logg/").status_code == 403


def test_log_reviewer_sees_logins_of_their_municipality(make_user, login, client, huddinge):
    colleague = make_user(Role.HANDLAGGARE)
    login(colleague)
    client.post("/konto/logga-ut/")
    login(make_user(Role.LOGGGRANSKARE, organisation=huddinge))
    page = client.get("/logg/?action=accounts.login").content.decode()
    assert f"({colleague.pk})" in page
    assert "accounts.login.success" in page


def test_log_reviewer_never_sees_another_municipality(make_user, login, client, botkyrka):
    stranger = make_user(Role.HANDLAGGARE, organisation=botkyrka)
    login(stranger)
    client.post("/konto/logga-ut/")
    login(make_user(Role.LOGGGRANSKARE))
    page = client.get("/logg/").content.decode()
    assert f"({stranger.pk})" not in page


def test_refused_access_is_logged(make_user, login, client):
    user = make_user(Role.SOKANDE)
    login(user)
    client.get("/logg/")
    from trygg.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="core.permission.deny", actor_id=user.pk).get()
    assert event.payload == {"policy": "audit", "action": "review", "view": "logreview:event_list"}


def test_invalid_filter_shows_a_message_and_no_500(make_user, login, client):
    login(make_user(Role.LOGGGRANSKARE))
    response = client.get("/logg/?date_from=not-a-date&actor=abc&before=x")
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()


def test_log_page_query_count_does_not_grow_with_events(make_user, login, client, huddinge):
    reviewer = make_user(Role.LOGGGRANSKARE, organisation=huddinge)
    login(reviewer)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/logg/").status_code == 200
        return len(captured.captured_queries)

    count()
    few = count()
    for i in range(120):
        record(action="core.test.happen", municipality_id=huddinge.pk, actor=reviewer, target_id=i)
    assert count() == few
