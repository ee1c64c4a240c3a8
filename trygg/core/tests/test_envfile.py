"""`make` writes var/.env; an existing file keeps its keys and gains only new secrets."""

from trygg.core import envfile


def test_a_new_file_has_every_secret(tmp_path):
    path = tmp_path / ".env"
    envfile.main(["envfile", str(path)])
    text = path.read_text()
    for name in ("DJANGO_SECRET_KEY=", "TRYGG_FIELD_KEYS=k1:", "TRYGG_AUDIT_SIGNING_KEY=a"):
        assert name in text
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_existing_file_keeps_its_keys_and_gains_only_what_it_lacks(tmp_path):
    path = tmp_path / ".env"
    path.write_text("TRYGG_FIELD_KEYS=k1:old\nDATABASE_URL=postgres://x/y")
    envfile.main(["envfile", str(path)])
    lines = path.read_text().splitlines()
    assert lines[:2] == ["TRYGG_FIELD_KEYS=k1:old", "DATABASE_URL=postgres://x/y"]
    assert [line.partition("=")[0] for line in lines[2:]] == ["TRYGG_AUDIT_SIGNING_KEY"]
    before = path.read_text()
    envfile.main(["envfile", str(path)])
    assert path.read_text() == before
