"""Files in the database (trygg/core/storage.py), the default storage of every app node."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from trygg.core.models import StoredFile
from trygg.core.storage import DatabaseStorage

pytestmark = pytest.mark.django_db


def test_the_default_storage_is_the_database():
    assert isinstance(default_storage._wrapped, DatabaseStorage)


def test_a_saved_file_reads_back_whole_and_lists_like_a_folder():
    reads_back_whole_lists_like_a_folder_and_never_replaces(default_storage)


def reads_back_whole_lists_like_a_folder_and_never_replaces(storage) -> list[str]:
    """What every file storage of Trygg promises (also run on the object storage); returns
    the names left in it."""
    name = storage.save("fund/letters/2026/brev.pdf", ContentFile(b"%PDF-1.7 abc"))
    kept = storage.save("fund/letters/2027/brev.pdf", ContentFile(b"%PDF-1.7 def"))
    assert name == "fund/letters/2026/brev.pdf"
    with storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.7 abc"
    assert storage.size(name) == 12 and storage.exists(name)
    assert storage.listdir("fund/letters") == (["2026", "2027"], [])
    assert storage.listdir("fund/letters/2026/") == ([], ["brev.pdf"])
    assert storage.listdir("ingenting") == ([], [])
    # A second file of the same name gets a name of its own; the first is untouched.
    other = storage.save(name, ContentFile(b"other"))
    assert other != name and storage.open(name).read() == b"%PDF-1.7 abc"
    storage.delete(name)
    assert not storage.exists(name)
    with pytest.raises(FileNotFoundError):
        storage.open(name)
    return sorted([kept, other])


def test_a_file_saved_in_a_transaction_that_fails_is_not_kept():
    with pytest.raises(RuntimeError), transaction.atomic():
        default_storage.save("defectors/documents/x.bin", ContentFile(b"half a decision"))
        raise RuntimeError("the service failed after the file was written")
    assert not StoredFile.objects.exists()


def test_no_url_serves_the_files():
    name = default_storage.save("fund/attachments/a.pdf", ContentFile(b"%PDF"))
    with pytest.raises(NotImplementedError):
        default_storage.url(name)
    with pytest.raises(NotImplementedError):
        default_storage.path(name)


def test_files_of_an_installation_on_disk_are_copied_once_and_checked(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    (tmp_path / "fund/letters").mkdir(parents=True)
    (tmp_path / "fund/letters/beslut.pdf").write_bytes(b"%PDF letter")
    (tmp_path / "defectors").mkdir()
    (tmp_path / "defectors/a1b2.bin").write_bytes(b"k1\x00sealed")
    out = StringIO()
    call_command("files_to_database", "--from", str(tmp_path), stdout=out)
    assert "2 files copied, 0 already" in out.getvalue()
    assert default_storage.open("fund/letters/beslut.pdf").read() == b"%PDF letter"
    assert default_storage.open("defectors/a1b2.bin").read() == b"k1\x00sealed"
    call_command("files_to_database", "--from", str(tmp_path), stdout=out)
    assert "0 files copied, 2 already" in out.getvalue()
