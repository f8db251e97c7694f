"""Backups of the whole database and their restore, with the database's own means:
SQLite's online backup (consistent while the server runs, WAL included) and PostgreSQL's
`pg_dump`/`pg_restore` in their custom format. A file is checked to be a backup of the
same kind of database before anything is replaced."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def _pg_command(tool: str, settings: dict) -> tuple[list[str], dict]:
    exe = shutil.which(tool)
    if exe is None:
        raise BackupError(_("%(tool)s is not installed: install PostgreSQL's client tools "
                            "(Debian: apt-get install postgresql-client).") % {"tool": tool})
    args = [exe, "--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(done.stderr.strip() or done.stdout.strip())


def backup(path: Path, using: str = "default") -> int:
    """Write a backup of the database to `path`; returns its size in bytes."""
    connection = connections[using]
    path = Path(path)
    if path.exists():
        raise BackupError(_("%(path)s already exists: choose a new file name.") % {"path": path})
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_command("pg_dump", connection.settings_dict)
        _run([*args, "--format=custom", "--no-owner", "--file", str(path), connection.settings_dict["NAME"]], env)
    else:
        raise BackupError(_("Backups of %(vendor)s databases are not supported.") % {"vendor": connection.vendor})
    return path.stat().st_size


def restore(path: Path, using: str = "default") -> None:
    """Replace every table of the database by those of the backup at `path` (stop the
    server first: the pages would read a database being replaced)."""
    connection = connections[using]
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("%(path)s is not a file.") % {"path": path})
    with path.open("rb") as handle:
        head = handle.read(16)
    if connection.vendor == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(_("%(path)s is not a backup of an SQLite database.") % {"path": path})
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(_("%(path)s is not a backup of a PostgreSQL database (pg_dump's custom format).")
                              % {"path": path})
        connection.close()
        args, env = _pg_command("pg_restore", connection.settings_dict)
        _run([*args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", connection.settings_dict["NAME"], str(path)], env)
    else:
        raise BackupError(_("Backups of %(vendor)s databases are not supported.") % {"vendor": connection.vendor})
