"""Backups of the whole database, taken while it is in use, and restoring one.

A backup holds everything (users, API tokens, revisions and the import runs that stand for the
create revisions of what imports made, deleted records, the search index),
unlike ``flask export``, which writes the live records in the tracker's JSON shape.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies every page in one step,
  inside one read transaction, so the copy is a single committed state of the database; in WAL
  mode the app's writers carry on meanwhile (the copy simply does not see what they commit
  after it started). The copy is checked (``PRAGMA quick_check``) and stored as one
  self-contained file.
- PostgreSQL: ``pg_dump --format=custom``, which reads one snapshot and blocks no writer;
  ``pg_restore`` puts it back in one transaction. The client programs must be installed.

Either way the file appears under its name only once it is complete (written beside it, then
renamed), and a restore is all or nothing. A restore refuses a database that already holds
records unless ``replace`` is given.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import URL, make_url

from tracker.db import SQLITE_BUSY_TIMEOUT_MS, make_engine
from tracker.models import Base

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Counted after a restore, so the person restoring can see it is the archive they expected.
COUNTED = {"speaker": "speakers", "statement": "statements", "account": "accounts",
           "conflict": "conflicts", "user_account": "users", "revision": "revisions",
           "import_run": "import runs"}


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in plain words."""


@dataclass
class BackupResult:
    """A finished backup."""

    path: Path
    backend: str
    size: int
    seconds: float


@dataclass
class RestoreResult:
    """A finished restore, with what the database now holds."""

    path: Path
    backend: str
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


def backend_of(database_url: str) -> str:
    """'sqlite' or 'postgresql'; any other database is refused."""
    name = make_url(database_url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups work with SQLite and PostgreSQL, not {name}.")
    return name


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(database)


def _partial(target: Path) -> Path:
    """Where a file is written until it is complete (same folder, so the rename is atomic)."""
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def _publish(partial: Path, target: Path) -> None:
    """Give a complete file its name, durably."""
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


# -- backup ----------------------------------------------------------------------------------

def backup(database_url: str, target: Path) -> BackupResult:
    """Copy the whole database to ``target`` while it is in use (replacing an older file)."""
    backend = backend_of(database_url)
    started = time.monotonic()
    partial = _partial(target)
    try:
        if backend == "sqlite":
            _sqlite_backup(_sqlite_path(database_url), target, partial)
        else:
            _pg_dump(database_url, partial)
        _publish(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(target, backend, target.stat().st_size, time.monotonic() - started)


def _sqlite_backup(source: Path, target: Path, partial: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no database at {source}.")
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("The backup cannot overwrite the database it copies.")
    origin = sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    copy = sqlite3.connect(partial)
    try:
        origin.backup(copy)  # pages=-1: every page in one step, one read transaction
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        check = copy.execute("PRAGMA quick_check").fetchone()
        if check != ("ok",):
            raise BackupError(f"The copy failed its integrity check ({check[0] if check else 'no answer'}).")
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy the database: {exc}.") from exc
    finally:
        copy.close()
        origin.close()


def _client_program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed; PostgreSQL backups need PostgreSQL's client "
                          "programs (Debian: apt-get install postgresql-client).")
    return found


def _libpq(database_url: str) -> tuple[str, dict[str, str]]:
    """The libpq URI for pg_dump / pg_restore, and an environment carrying the password (so
    it is not on a command line other users can see)."""
    url: URL = make_url(database_url)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if finished.returncode != 0:
        detail = " ".join(finished.stderr.strip().splitlines()[-3:]) or f"exit status {finished.returncode}"
        raise BackupError(f"{what} failed: {detail}")
    return finished.stdout


def _pg_dump(database_url: str, partial: Path) -> None:
    uri, env = _libpq(database_url)
    # A snapshot, so writes go on; give up rather than wait forever behind a schema change.
    _run([_client_program("pg_dump"), "--format=custom", "--lock-wait-timeout=30s",
          f"--file={partial}", f"--dbname={uri}"], env, "pg_dump")


# -- restore ---------------------------------------------------------------------------------

def file_backend(source: Path) -> str:
    """Which database a backup file is for, from its first bytes."""
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}.")
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{source} is not a backup made by `flask backup` (neither an SQLite "
                      "database nor a pg_dump archive).")


def record_counts(database_url: str) -> dict[str, int]:
    """Rows in the main tables (soft-deleted records included); empty when there are none."""
    if backend_of(database_url) == "sqlite" and not _sqlite_path(database_url).is_file():
        return {}
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            counts: dict[str, int] = {}
            for name in Base.metadata.tables:
                if name in present:
                    counts[name] = int(connection.scalar(select(func.count()).select_from(table(name))) or 0)
    finally:
        engine.dispose()
    return counts


def holds_records(database_url: str) -> bool:
    """Whether any of the tracker's tables has a row (a migrated, empty database does not)."""
    return any(record_counts(database_url).values())


def restore(database_url: str, source: Path, *, replace: bool = False) -> RestoreResult:
    """Put a backup back into the database; one holding records only when ``replace``."""
    backend = backend_of(database_url)
    found = file_backend(source)
    if found != backend:
        raise BackupError(f"{source} is a {_NAMES[found]} backup and this database is {_NAMES[backend]}: "
                          f"restore it into a {_NAMES[found]} database. Nothing was changed.")
    if not replace:
        counts = record_counts(database_url)
        if any(counts.values()):
            held = ", ".join(f"{counts[name]:,} {label}" for name, label in COUNTED.items()
                             if counts.get(name))
            raise BackupError(f"The database already holds records ({held or 'some rows'}). Nothing was "
                              "changed; to overwrite it with the backup, restore with --replace.")
    started = time.monotonic()
    if backend == "sqlite":
        _sqlite_restore(source, _sqlite_path(database_url))
    else:
        _pg_restore(database_url, source)
    counts = record_counts(database_url)
    return RestoreResult(source, backend, time.monotonic() - started,
                         {label: counts.get(name, 0) for name, label in COUNTED.items()})


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _sqlite_restore(source: Path, target: Path) -> None:
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("The backup and the database are the same file.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    backup_file = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            names = {row[0] for row in backup_file.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            check = backup_file.execute("PRAGMA quick_check").fetchone()
        except sqlite3.Error as exc:
            raise BackupError(f"{source} cannot be read ({exc}); nothing was changed.") from exc
        if "alembic_version" not in names:
            raise BackupError(f"{source} is an SQLite database but not a tracker backup.")
        if check != ("ok",):
            raise BackupError(f"{source} is damaged ({check[0] if check else 'no answer'}); "
                              "nothing was changed.")
        database = sqlite3.connect(target, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            backup_file.backup(database)  # one write transaction on the database: all or nothing
            database.execute("PRAGMA journal_mode=WAL")  # as the app runs it
        except sqlite3.Error as exc:
            raise BackupError(f"SQLite could not restore the backup: {exc}. Nothing was changed.") from exc
        finally:
            database.close()
    finally:
        backup_file.close()


def _pg_restore(database_url: str, source: Path) -> None:
    uri, env = _libpq(database_url)
    program = _client_program("pg_restore")
    listing = _run([program, "--list", str(source)], env, "Reading the backup")
    if " TABLE DATA public alembic_version " not in listing:
        raise BackupError(f"{source} is a pg_dump archive but not a tracker backup.")
    # --clean --if-exists: drop what the backup holds before creating it, so a migrated empty
    # database (or, with replace, a full one) takes it; one transaction, so a failure changes nothing.
    _run([program, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={uri}", str(source)], env, "pg_restore")
