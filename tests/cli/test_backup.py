"""`flask backup` while writes go on, and `flask restore`, on SQLite and PostgreSQL: the restored
database has the tables' content (and PostgreSQL's sequence positions) of one committed moment,
and `flask export` of it is byte-identical to an export of that moment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import make_app
from tests.databases import Databases, content_hash
from tracker.db import make_engine
from tracker.models import Statement
from tracker.services.data import migrations
from tracker.services.editing.loader import Loader
from tracker.web.database import get_session

IMMEDIATE = {"sqlite_begin": "IMMEDIATE"}  # a writer, as the app's write_session() starts one


@pytest.fixture
def empty_url(databases: Databases) -> Iterator[str]:
    """A new, empty database (no schema) to restore into."""
    url = databases.create()
    yield url
    databases.drop(url)


def export(runner: FlaskCliRunner, path: Path) -> bytes:
    """`flask export` to a file; its bytes."""
    result = runner.invoke(args=["export", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_bytes()


def restore_into(url: str, backup: Path, tmp_path: Path, *extra: str) -> tuple[int, str, Flask]:
    """`flask restore` on an app for ``url``: exit code, output, and the app (for exporting)."""
    app = make_app(url, tmp_path)
    result = app.test_cli_runner().invoke(args=["restore", str(backup), *extra])
    return result.exit_code, result.output, app


def speaker(number: int) -> dict[str, list[dict[str, str]]]:
    """One new speaker, in the import shape."""
    return {"speakers": [{"key": f"written-during-backup-{number}",
                          "name": f"Written During Backup {number}"}]}


def test_a_backup_taken_during_a_write_restores_the_moment_before_it(
        app: Flask, runner: FlaskCliRunner, database_url: str, empty_url: str, tmp_path: Path) -> None:
    engine = make_engine(database_url)
    writer = Session(engine)
    try:
        writer.connection(execution_options=IMMEDIATE)
        Loader(writer).load("test", speaker(0))
        writer.flush()  # written, not committed: the backup must neither wait for it nor see it
        # What a reader sees now: the committed tables (and, on PostgreSQL, the sequences the
        # open write has already advanced: a restore must not give its ids out again).
        expected = content_hash(database_url, sequences=True)
        exported = export(runner, tmp_path / "before.json")
        result = runner.invoke(args=["backup", str(tmp_path / "archive.backup")])
        assert result.exit_code == 0, result.output
        assert "Backed up the" in result.output and "archive.backup" in result.output
        writer.commit()
    finally:
        writer.close()
        engine.dispose()
    assert content_hash(database_url, sequences=True) != expected  # the write did land, afterwards

    status, output, restored = restore_into(empty_url, tmp_path / "archive.backup", tmp_path)
    try:
        assert status == 0, output
        assert "Restored" in output and "statements" in output
        assert content_hash(empty_url, sequences=True) == expected
        assert export(restored.test_cli_runner(), tmp_path / "restored.json") == exported
        assert restored.test_client().get("/speakers/1").status_code == 200
    finally:
        restored.extensions["engine"].dispose()


def test_a_backup_while_a_writer_commits_again_and_again_is_one_committed_state(
        runner: FlaskCliRunner, database_url: str, empty_url: str, tmp_path: Path) -> None:
    states = [content_hash(database_url)]  # the tables after each commit, in order
    stop, errors = threading.Event(), []
    backed_up = threading.Event()

    def write_until_told() -> None:
        engine = make_engine(database_url)
        try:
            number, after = 1, 0
            while after < 3 and number < 500:  # three commits after the backup, then stop
                with Session(engine) as session:
                    session.connection(execution_options=IMMEDIATE)
                    Loader(session).load("test", speaker(number))
                    session.commit()
                states.append(content_hash(database_url))
                number += 1
                after += backed_up.is_set()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            stop.set()
            engine.dispose()

    thread = threading.Thread(target=write_until_told)
    thread.start()
    try:
        while len(states) < 3 and not stop.is_set():
            stop.wait(0.01)  # two commits before the backup starts
        result = runner.invoke(args=["backup", str(tmp_path / "busy.backup")])
        backed_up.set()
    finally:
        thread.join(120)
    assert not thread.is_alive() and errors == []
    assert result.exit_code == 0, result.output

    status, output, restored = restore_into(empty_url, tmp_path / "busy.backup", tmp_path)
    restored.extensions["engine"].dispose()
    assert status == 0, output
    position = states.index(content_hash(empty_url)) if content_hash(empty_url) in states else None
    assert position is not None, "the backup is not any state the database was in"
    assert 2 <= position < len(states) - 1, (position, len(states))  # taken while writes went on


def test_restore_refuses_a_database_with_records_unless_told(
        database_url: str, tmp_path: Path, runner: FlaskCliRunner, empty_url: str) -> None:
    assert runner.invoke(args=["backup", str(tmp_path / "seeded.backup")]).exit_code == 0
    migrations.upgrade(empty_url)  # a migrated, empty database takes a restore without asking
    status, output, app = restore_into(empty_url, tmp_path / "seeded.backup", tmp_path)
    app.extensions["engine"].dispose()
    assert status == 0, output
    restored = content_hash(empty_url, sequences=True)

    target = make_app(empty_url, tmp_path)
    with target.app_context():  # change the database, then try to restore over it
        Loader(get_session()).load("test", speaker(1))
        get_session().commit()
    target.extensions["engine"].dispose()
    changed = content_hash(empty_url, sequences=True)
    status, output, app = restore_into(empty_url, tmp_path / "seeded.backup", tmp_path)
    app.extensions["engine"].dispose()
    assert status == 1
    assert "The database already holds records (" in output and "statements" in output
    assert "Nothing was changed; to overwrite it with the backup, restore with --replace." in output
    assert content_hash(empty_url, sequences=True) == changed

    status, output, app = restore_into(empty_url, tmp_path / "seeded.backup", tmp_path, "--replace")
    app.extensions["engine"].dispose()
    assert status == 0, output
    assert content_hash(empty_url, sequences=True) == restored


def test_a_restored_backup_keeps_what_imports_created(
        app: Flask, runner: FlaskCliRunner, empty_url: str, tmp_path: Path) -> None:
    """Imports store one import run for the records they create (no revision each): a backup
    carries the runs, so a restored record's history still starts with its import."""
    sheet = tmp_path / "backed-up.csv"
    sheet.write_text("key,speaker,speaker_name,wording\n"
                     "backed-up-1,backed-up-speaker,Backed Up Person,Words that were backed up.\n",
                     encoding="utf-8")
    assert runner.invoke(args=["import", str(sheet), "--format", "csv"]).exit_code == 0
    assert runner.invoke(args=["backup", str(tmp_path / "imported.backup")]).exit_code == 0
    status, output, restored = restore_into(empty_url, tmp_path / "imported.backup", tmp_path)
    try:
        assert status == 0, output
        assert "1 import runs" in output
        with restored.app_context():
            statement_id = get_session().scalars(select(Statement.id).where(
                Statement.key == "backed-up-1")).one()
        page = restored.test_client().get(f"/statements/{statement_id}/history").get_data(as_text=True)
        assert 'id="revision-0"' in page and "imported from backed-up.csv" in page
        assert "Words that were backed up." in page
    finally:
        restored.extensions["engine"].dispose()
