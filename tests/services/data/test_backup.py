"""services.data.backup refuses what it cannot do, in words, and changes nothing when it does:
files that are not backups, a backup for the other database, a folder that is not there, a
PostgreSQL machine without the client programs. (The round trip under writes is in
tests/cli/test_backup.py.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.databases import Databases, content_hash
from tracker.services.data import backup
from tracker.services.data.backup import BackupError


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(database_url: str,
                                                                    tmp_path: Path) -> None:
    before = content_hash(database_url, sequences=True)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup")
    with pytest.raises(BackupError, match="is not a backup made by `flask backup`"):
        backup.restore(database_url, notes, replace=True)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    message = "is an SQLite database but not a tracker backup" if make_url(
        database_url).get_backend_name() == "sqlite" else "is a SQLite backup and this database is PostgreSQL"
    with pytest.raises(BackupError, match=message):
        backup.restore(database_url, other, replace=True)
    with pytest.raises(BackupError, match="There is no backup at"):
        backup.restore(database_url, tmp_path / "missing.backup", replace=True)
    assert content_hash(database_url, sequences=True) == before


def test_a_backup_for_the_other_database_is_refused(database_url: str, tmp_path: Path) -> None:
    sqlite_backend = make_url(database_url).get_backend_name() == "sqlite"
    foreign = tmp_path / "foreign.backup"
    if sqlite_backend:
        foreign.write_bytes(backup.PG_DUMP_MAGIC + b"\x01\x0e\x00")  # how every pg_dump archive starts
        expected = "is a PostgreSQL backup and this database is SQLite: restore it into a PostgreSQL database"
    else:
        with sqlite3.connect(foreign) as connection:
            connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
        expected = "is a SQLite backup and this database is PostgreSQL"
    with pytest.raises(BackupError, match=expected):
        backup.restore(database_url, foreign, replace=True)


def test_a_backup_into_a_missing_folder_says_so_and_leaves_no_file(database_url: str, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="does not exist"):
        backup.backup(database_url, tmp_path / "nowhere" / "archive.backup")
    assert not (tmp_path / "nowhere").exists()


def test_an_old_backup_is_replaced_only_by_a_complete_one(database_url: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "archive.backup"
    target.write_bytes(b"yesterday's backup")
    sqlite_backend = make_url(database_url).get_backend_name() == "sqlite"
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump to be found
    if sqlite_backend:  # SQLite needs no outside program: the backup is made
        result = backup.backup(database_url, target)
        assert result.size == target.stat().st_size and backup.file_backend(target) == "sqlite"
    else:
        with pytest.raises(BackupError, match="pg_dump is not installed"):
            backup.backup(database_url, target)
        assert target.read_bytes() == b"yesterday's backup"
    assert [p.name for p in tmp_path.iterdir()] == ["archive.backup"]  # no partial file left


def test_an_empty_database_holds_no_records(databases: Databases, database_url: str) -> None:
    empty = databases.create()
    try:
        assert not backup.holds_records(empty)
        assert backup.holds_records(database_url)
        if databases.backend == "sqlite":
            assert not Path(make_url(empty).database or "").exists()  # looking created no file
    finally:
        databases.drop(empty)
