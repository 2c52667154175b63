"""What an import created: one import run with ranges of ids (services/editing/created.py),
from which a record's Created entry is rebuilt."""

from __future__ import annotations

import csv
from pathlib import Path

from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tracker.models import ImportRun, ImportRunRange, Revision, Speaker, Statement
from tracker.services.data.importers import run_import
from tracker.services.editing import created, edits
from tracker.web.database import get_session


def test_ids_become_runs_of_consecutive_ids() -> None:
    assert created.id_runs([]) == []
    assert created.id_runs([7]) == [(7, 7)]
    assert created.id_runs(range(1, 20_001)) == [(1, 20_000)]
    # as a writer whose sequence values another writer interleaved gets them back, unsorted
    assert created.id_runs([12, 10, 11, 14, 15, 20, 11]) == [(10, 12), (14, 15), (20, 20)]


def _ranges(session: Session, kind: str) -> list[tuple[int, int, int]]:
    return list(session.execute(select(ImportRunRange.first_id, ImportRunRange.last_id,
                                       ImportRunRange.import_run_id)
                                .where(ImportRunRange.entity_type == kind)
                                .order_by(ImportRunRange.first_id)).tuples())


def test_a_run_finds_what_it_created_and_takes_reused_ids_from_older_runs(app: Flask) -> None:
    """Ranges of one kind never overlap: ids SQLite gives again (after a row is removed by
    hand) leave the older run; the ids around them stay its."""
    with app.app_context():
        session = get_session()
        older = created.ImportRecorder(session, "older.csv", "csv", None, "imported from older.csv")
        older.add({"statement": [900_001, 900_002, 900_003, 900_004, 900_005, 900_007],
                   "account": []})
        newer = created.ImportRecorder(session, "newer.csv", "csv", None, "imported from newer.csv")
        newer.add({"statement": [900_003, 900_004]})
        assert older.run_id is not None and newer.run_id is not None
        assert _ranges(session, "statement")[-4:] == [
            (900_001, 900_002, older.run_id), (900_003, 900_004, newer.run_id),
            (900_005, 900_005, older.run_id), (900_007, 900_007, older.run_id)]
        assert not _ranges(session, "account")

        def source(record_id: int) -> str | None:
            run = created.import_run_of(session, "statement", record_id)
            return run.source if run is not None else None

        assert [source(i) for i in range(900_001, 900_009)] == [
            "older.csv", "older.csv", "newer.csv", "newer.csv", "older.csv", None, "older.csv", None]
        assert created.import_run_of(session, "account", 900_001) is None
        assert session.scalar(select(ImportRun.summary).where(ImportRun.id == newer.run_id)) == \
            "imported from newer.csv"
        session.rollback()


def _write_csv(path: Path, statements: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["key", "speaker", "speaker_name", "wording", "source_url"])
        for i in range(statements):
            out.writerow([f"interleaved-{i:02d}", f"interleaved-speaker-{i % 3}",
                          f"Interleaved Person {i % 3}", f"Interleaved statement number {i}.",
                          f"https://interleaved.example.org/{i}"])
    return path


def test_ids_another_writer_takes_between_batches_split_the_ranges(app: Flask, tmp_path: Path) -> None:
    """While an import writes, another writer saves statements: on PostgreSQL from a connection
    of its own, committing (its sequence values fall between the import's batches); SQLite has
    one writer, so there it saves in the import's own transaction. The import's ranges hold its
    ids and none of the other writer's; each record's history starts where it should."""
    path = _write_csv(tmp_path / "interleaved.csv", 16)
    with app.app_context():
        session = get_session()
        speaker_key = session.scalar(select(Speaker.key).where(
            Speaker.key.is_not(None), Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None))
            .order_by(Speaker.id).limit(1))
        postgres = session.get_bind().dialect.name == "postgresql"
        other = Session(app.extensions["engine"]) if postgres else session
        if postgres:
            other.execute(text("SET lock_timeout = '10s'"))  # a wait on the import fails, never hangs
        between: list[int] = []
        writing = False

        def on_write() -> None:
            nonlocal writing
            writing = True

        def progress(_step: int) -> None:
            if writing and len(between) < 3:
                saved = edits.save(other, "statement", {
                    "key": f"between-{len(between)}", "speaker": speaker_key, "kind": "direct_quote",
                    "wording": f"Said while an import ran ({len(between)})."}, summary="saved meanwhile")
                between.append(saved.id)
                if postgres:
                    other.commit()

        try:
            result = run_import(session, path, "csv", progress=progress, on_write=on_write, batch_size=4)
        finally:
            if postgres:
                other.close()
        assert result.created["statement"] == 16 and len(between) == 3
        imported = set(session.scalars(select(Statement.id).where(Statement.key.like("interleaved-%"))))
        ranges = _ranges(session, "statement")
        covered = {i for first, last, _ in ranges for i in range(first, last + 1)}
        assert covered == imported and not covered & set(between)
        assert min(imported) < min(between) and max(between[:2]) < max(imported)  # really interleaved
        assert len(ranges) == 4  # one per batch: split where the other writer's ids fall
        for record_id in imported:
            entry = edits.revisions(session, "statement", record_id)[-1]
            assert (entry.id, entry.action, entry.summary) == (
                created.CREATED_BY_IMPORT, "create", "imported from interleaved.csv")
            assert entry.after is not None and str(entry.after["wording"]).startswith("Interleaved statement")
        for record_id in between:
            entries = edits.revisions(session, "statement", record_id)
            assert [(e.action, e.summary) for e in entries] == [("create", "saved meanwhile")]
            assert entries[0].id != created.CREATED_BY_IMPORT


def test_a_create_revision_stored_before_0015_is_the_created_entry(app: Flask, tmp_path: Path) -> None:
    """Imports before 0015 stored a create revision per record; where one is stored it is the
    record's Created entry, whatever the ranges say (both kinds live side by side)."""
    path = _write_csv(tmp_path / "both.csv", 2)
    with app.app_context():
        session = get_session()
        run_import(session, path, "csv")
        old, new = session.scalars(select(Statement).where(Statement.key.like("interleaved-%"))
                                   .order_by(Statement.id)).all()
        session.add(Revision(entity_type="statement", entity_id=old.id, action="create", before=None,
                             after=edits.document(old), summary="imported from an older tracker"))
        session.flush()
        [stored] = edits.revisions(session, "statement", old.id)
        assert (stored.action, stored.summary) == ("create", "imported from an older tracker")
        assert stored.id != created.CREATED_BY_IMPORT
        assert edits.revision_of(session, "statement", old.id, created.CREATED_BY_IMPORT) is None
        entry = edits.revision_of(session, "statement", new.id, created.CREATED_BY_IMPORT)
        assert entry is not None and entry.summary == "imported from both.csv"
        assert entry.after == edits.document(new)
        assert edits.revision_of(session, "statement", old.id + 10**6, created.CREATED_BY_IMPORT) is None
