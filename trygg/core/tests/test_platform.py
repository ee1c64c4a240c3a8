"""Operations and hardening: health checks, headers, deploy checks, demo data."""

import io
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trygg.accounts.models import Membership, User
from trygg.organisations.models import Organisation

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_migrated(client):
    assert client.get("/readyz").json()["status"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_when_migrations_are_pending(client):
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        return_value=[("x", False)],
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"] is False


@pytest.mark.django_db
def test_readyz_is_503_without_database_and_leaks_nothing(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=Exception("password=hunter2"),
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert b"hunter2" not in response.content


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/konto/logga-in/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_every_script_tag_carries_the_nonce(client):
    response = client.get("/konto/logga-in/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"')


def _production_env(**extra) -> dict:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TRYGG_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        TRYGG_ENV_FILE="/nonexistent",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 20 + "-production-like-secret-" + "y" * 30,
        DJANGO_ALLOWED_HOSTS="trygg.huddinge.example",
        TRYGG_FIELD_KEYS="k1:" + "A" * 43 + "=",
        TRYGG_BLIND_INDEX_KEY="B" * 43 + "=",
        DATABASE_URL="sqlite:////tmp/trygg-deploy-check.sqlite3",
        **extra,
    )
    return env


def test_deploy_check_with_production_settings_has_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_keys():
    env = _production_env()
    del env["TRYGG_FIELD_KEYS"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "TRYGG_FIELD_KEYS" in result.stderr


@pytest.mark.django_db
def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Membership.objects.count(), Organisation.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert (
        User.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
    ) == counts
    assert "handlaggare@botkyrka.example" in out.getvalue()
    from trygg.demo.management.commands.seed_demo import DEMO_ACCOUNTS

    assert User.objects.filter(email__endswith=".example").count() == len(DEMO_ACCOUNTS)


@pytest.mark.django_db
def test_seed_demo_is_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert User.objects.filter(email="admin@huddinge.example").exists()


@pytest.mark.django_db
def test_create_admin_prints_a_password_link(client):
    out = io.StringIO()
    call_command(
        "create_admin",
        "ny.admin@huddinge.example",
        "--name",
        "Ny Admin",
        "--scb",
        "0126",
        stdout=out,
    )
    link = out.getvalue().split("http://127.0.0.1:8000")[1].strip()
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert b"id_new_password1" in response.content


@pytest.mark.django_db
def test_kronor_are_shown_swedish_style():
    from trygg.core.templatetags.trygg import kronor

    assert kronor(1250000) == "1\u00a0250\u00a0000\u00a0kr"
    assert kronor(-500) == "\u2212500\u00a0kr"


@pytest.mark.django_db
def test_swedish_is_shown_whatever_the_browser_asks_for(client):
    response = client.get("/konto/logga-in/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Logga in" in response.content.decode()
    assert response["Content-Language"] == "sv"


@pytest.mark.django_db
def test_english_is_shown_once_chosen(client):
    client.post("/sprak/", {"language": "en", "next": "/konto/logga-in/"})
    response = client.get("/konto/logga-in/")
    assert "Log in to Trygg" in response.content.decode()
    assert '<html lang="en"' in response.content.decode()


def test_e_mail_links_follow_the_port_make_run_serves_on(tmp_path):
    """`make run PORT=8123` must not send invitation links to port 8000."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "TRYGG_BASE_URL"}
    env.update(PORT="8123", DJANGO_SETTINGS_MODULE="config.settings")
    printed = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.TRYGG_BASE_URL)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert printed == "http://127.0.0.1:8123"


@pytest.mark.django_db
def test_a_database_that_goes_away_mid_request_answers_a_swedish_503(client):
    from django.db import OperationalError

    client.raise_request_exception = False
    with mock.patch(
        "trygg.core.views.render",
        side_effect=OperationalError("could not connect: password=hunter2"),
    ):
        response = client.get("/tillganglighet/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Trygg är tillfälligt otillgänglig" in page
    assert "Inget av det du skickade har sparats" in page
    assert "hunter2" not in page


@pytest.mark.django_db
def test_any_other_failure_is_still_a_500(client):
    client.raise_request_exception = False
    with mock.patch("trygg.core.views.render", side_effect=RuntimeError("boom")):
        response = client.get("/tillganglighet/")
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


@pytest.mark.django_db
def test_the_system_checks_with_the_database_find_nothing():
    """What `migrate` and `make run` print before they start: no warning on either database
    (an index Django cannot build as written on SQLite, for example)."""
    from django.core import checks

    assert checks.run_checks(databases=["default"]) == []
