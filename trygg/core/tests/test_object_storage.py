"""Files in S3-compatible object storage (TRYGG_FILE_STORAGE=s3, trygg/core/object_storage.py),
against an S3 server on loopback: what the database storage promises, the bucket keeps."""

import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.storage.handler import StorageHandler

from tests.object_store import raw_client
from trygg.core.object_storage import ObjectStorage
from trygg.core.tests.test_storage import reads_back_whole_lists_like_a_folder_and_never_replaces


def test_a_saved_file_reads_back_whole_lists_like_a_folder_and_is_never_replaced(object_store):
    assert isinstance(storages["default"], ObjectStorage)
    left = reads_back_whole_lists_like_a_folder_and_never_replaces(default_storage)
    assert sorted(default_storage.names()) == left


def test_objects_are_private_encrypted_at_rest_and_no_url_serves_them(object_store):
    name = default_storage.save("fund/attachments/a.pdf", ContentFile(b"%PDF"))
    with pytest.raises(NotImplementedError):
        default_storage.url(name)
    client = raw_client(object_store)
    head = client.head_object(Bucket=object_store["bucket_name"], Key=name)
    assert head["ServerSideEncryption"] == "AES256"
    grants = client.get_object_acl(Bucket=object_store["bucket_name"], Key=name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)


def test_a_file_written_by_one_node_is_read_by_another(object_store):
    """Two app nodes are two storages built from the same settings: nothing is kept locally."""
    written = default_storage.save("defectors/documents/x.bin", ContentFile(b"ciphertext"))
    other_node = StorageHandler(
        {"default": {"BACKEND": storages.backends["default"]["BACKEND"], "OPTIONS": object_store}}
    )["default"]
    assert other_node is not storages["default"]
    with other_node.open(written, "rb") as handle:
        assert handle.read() == b"ciphertext"


def test_a_prefix_keeps_installations_apart_in_one_bucket(object_store, settings):
    default_storage.save("a.txt", ContentFile(b"one"))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {**object_store, "location": "b"}},
    }
    assert list(default_storage.names()) == []
    default_storage.save("a.txt", ContentFile(b"two"))
    assert [default_storage.open(name).read() for name in default_storage.names()] == [b"two"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRYGG_FILE_STORAGE": "s4"}, "must be 'database', 'filesystem' or 's3'"),
        ({"TRYGG_FILE_STORAGE": "s3", "TRYGG_S3_BUCKET": ""}, "needs TRYGG_S3_BUCKET"),
    ],
)
def test_a_wrong_storage_setting_stops_the_start_with_its_name(env, message):
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and message in done.stderr
