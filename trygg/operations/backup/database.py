"""Dump the database to a file and load a dump into a fresh, empty database.

PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot while Trygg keeps running) and
``pg_restore`` without owners or grants, so the restored copy belongs to whoever restores it.
SQLite: the online backup API. The connection details reach the PostgreSQL tools through
their environment, never their command line (which other users of the machine can read).

The tools are PostgreSQL's own, found on PATH (the server's major version or newer), run
without a shell with arguments Trygg builds itself.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.db import connection


class DatabaseNotEmpty(Exception):
    pass


def _pg_env(url: str | None = None) -> dict[str, str]:
    if url is None:
        settings = connection.settings_dict
        parts = {
            "PGHOST": settings.get("HOST") or "",
            "PGPORT": str(settings.get("PORT") or ""),
            "PGUSER": settings.get("USER") or "",
            "PGPASSWORD": settings.get("PASSWORD") or "",
            "PGDATABASE": settings["NAME"],
        }
    else:
        parsed = urlparse(url)
        parts = {
            "PGHOST": parsed.hostname or "",
            "PGPORT": str(parsed.port or ""),
            "PGUSER": unquote(parsed.username or ""),
            "PGPASSWORD": unquote(parsed.password or ""),
            "PGDATABASE": parsed.path.lstrip("/"),
        }
    return {**os.environ, **{key: value for key, value in parts.items() if value}}


def _tool(args: list[str], **options) -> subprocess.CompletedProcess:
    return subprocess.run(args, **options)  # noqa: S603 - a PostgreSQL tool, no shell


def dump(target: Path) -> str:
    """Write the current database to ``target``; returns the file name used in the archive."""
    if connection.vendor == "postgresql":
        _tool(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
            ],
            env=_pg_env(),
            check=True,
            capture_output=True,
        )
        return "database.dump"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return "database.sqlite3"
    raise NotImplementedError(f"no backup for {connection.vendor}")


def load(*, dump_file: Path, kind: str, url: str) -> None:
    """Load a dump into the (empty) database at ``url``."""
    if kind == "database.dump":
        tables = _tool(
            [
                "psql",
                "--no-psqlrc",
                "--tuples-only",
                "--command",
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            ],
            env=_pg_env(url),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if tables != "0":
            raise DatabaseNotEmpty("the target database is not empty: restore into a new one")
        _tool(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
                _pg_env(url)["PGDATABASE"],
                str(dump_file),
            ],
            env=_pg_env(url),
            check=True,
            capture_output=True,
        )
        return
    path = Path(url.removeprefix("sqlite:///"))  # sqlite:////srv/trygg.sqlite3
    if path.exists() and path.stat().st_size:
        raise DatabaseNotEmpty("the target database file exists: restore into a new one")
    with sqlite3.connect(dump_file) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    source.close()
    copy.close()
