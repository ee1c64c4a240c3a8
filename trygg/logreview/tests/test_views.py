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
    assert f"?actor={colleague.pk}" in page
    assert "Loggade in" in page
    table = page.split("<table", 1)[1].split("</table>", 1)[0]
    assert "accounts.login" not in table  # words in the table, not codes


def test_log_reviewer_never_sees_another_municipality(make_user, login, client, botkyrka):
    stranger = make_user(Role.HANDLAGGARE, organisation=botkyrka)
    login(stranger)
    client.post("/konto/logga-ut/")
    login(make_user(Role.LOGGGRANSKARE))
    page = client.get("/logg/").content.decode()
    assert f"?actor={stranger.pk}" not in page


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


def test_every_audited_action_is_described_in_words():
    """Each action the code records (read from the source) has a description."""
    import re
    from pathlib import Path

    from trygg.logreview.descriptions import DESCRIPTIONS

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"')
    recorded = {
        match
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for match in pattern.findall(path.read_text())
    }
    assert recorded, "found no audited actions"
    assert sorted(recorded - set(DESCRIPTIONS)) == []


def test_a_user_is_found_by_name_or_e_mail_without_either_in_a_url(make_user, login, client):
    colleague = make_user(Role.HANDLAGGARE, full_name="Hedda Hittbar")
    login(colleague)
    client.post("/konto/logga-ut/")
    login(make_user(Role.LOGGGRANSKARE))
    response = client.post("/logg/anvandare/", {"text": "hittbar"})
    assert response.status_code == 302
    assert response["Location"] == f"/logg/?actor={colleague.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Visar händelserna för Hedda Hittbar" in page
    by_mail = client.post("/logg/anvandare/", {"text": colleague.email.upper()})
    assert by_mail["Location"] == f"/logg/?actor={colleague.pk}"
    nobody = client.post("/logg/anvandare/", {"text": "finns-inte"})
    assert nobody.status_code == 200 and "Ingen användare" in nobody.content.decode()
