"""Shared fixtures: an organisation tree and users in every role, built with factories."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from trygg.core.roles import Role
from trygg.organisations.models import Organisation


def ensure_reference_data() -> None:
    """Put back the municipalities and districts that a data migration created.

    A transactional test (live server, threads) ends with a flush of every table, which
    takes the migration's reference data with it; the forwards function is idempotent.
    """
    import importlib

    from django.apps import apps

    importlib.import_module("trygg.organisations.migrations.0002_sodertorn").forwards(apps, None)
    importlib.import_module("trygg.organisations.migrations.0005_default_partners").forwards(
        apps, None
    )


@pytest.fixture(scope="session", autouse=True)
def _sqlite_flush_through_the_gate():
    """A transactional test ends with a flush; on SQLite that is DELETE, which the audit
    log's and the signed journal's triggers refuse unless the flush opens the delete gate
    (on PostgreSQL it is TRUNCATE, which row triggers do not see). See trygg.core.sqlite."""
    from trygg.core.sqlite import gate_flush

    gate_flush()


@pytest.fixture
def huddinge(db):
    ensure_reference_data()
    return Organisation.objects.get(scb_code="0126")


@pytest.fixture
def botkyrka(db):
    ensure_reference_data()
    return Organisation.objects.get(scb_code="0127")


@pytest.fixture
def make_user(db, huddinge):
    """make_user(role, organisation=None, with_device=True) -> a user with one membership."""

    def build(role: str = Role.SOKANDE, organisation=None, *, with_device: bool = True, **fields):
        organisation = organisation or OrganisationFactory(parent=huddinge)
        user = UserFactory(**fields)
        MembershipFactory(user=user, organisation=organisation, role=role)
        if with_device:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        return user

    return build


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def login(client):
    """Log a user in through the real two-step flow; returns the client."""

    def do(user, password: str = "correct horse battery"):
        if client.session.get("_auth_user_id") == str(user.pk):
            return client  # a second code in the same 30 seconds would be refused as reused
        client.logout()  # switching users: the login page would just send a signed-in user on
        response = client.post("/konto/logga-in/", {"username": user.email, "password": password})
        assert response.status_code == 302, response.content[:500]
        if response["Location"].endswith("/konto/logga-in/kod/"):
            response = client.post("/konto/logga-in/kod/", {"code": current_code(user)})
            assert response.status_code == 302
        return client

    return do


def pytest_configure(config):
    """Compile the translations when the .po is newer than the .mo (a fresh clone has none)."""
    if hasattr(config, "workerinput"):
        return  # the xdist controller has done it already
    from pathlib import Path

    po = Path(__file__).parent / "locale/sv/LC_MESSAGES/django.po"
    mo = po.with_suffix(".mo")
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        import subprocess

        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)


@pytest.fixture(scope="session")
def _s3_server():
    """An S3-compatible server on loopback (moto's, over real HTTP): its address."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def object_store(_s3_server, settings):
    """TRYGG_FILE_STORAGE=s3 on a new, empty bucket; returns the storage's options."""
    import uuid

    from tests.object_store import raw_client

    options = {
        "bucket_name": f"trygg-{uuid.uuid4().hex[:16]}",
        "endpoint_url": _s3_server,
        "region_name": "eu-north-1",
        "access_key": "trygg-test",
        "secret_key": "trygg-test-secret",
        "location": "",
        "addressing_style": "path",
        "object_parameters": {"ServerSideEncryption": "AES256"},
    }
    raw_client(options).create_bucket(
        Bucket=options["bucket_name"],
        CreateBucketConfiguration={"LocationConstraint": "eu-north-1"},
    )
    settings.TRYGG_FILE_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "trygg.core.object_storage.ObjectStorage", "OPTIONS": options},
    }
    return options
