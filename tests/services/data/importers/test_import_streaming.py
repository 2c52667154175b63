"""A streaming import: bounded batches, the same result whatever the batch size, all-or-nothing
on a callback error, a bounded list of bad records, and --commit-every with resume."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, text

from tracker.models import (
    Account,
    ImportCheckpoint,
    ImportRunRange,
    Revision,
    SearchDocument,
    Speaker,
    SpeakerAlias,
    Statement,
)
from tracker.services.data.importers.base import MAX_REJECTED_LISTED, ImportResult
from tracker.services.data.importers.batches import ByteMeter, batches
from tracker.services.data.importers.run import ImportRejectedError, run_import
from tracker.services.data.importers.tabular import TabularSource
from tracker.services.search.index import DeferredFts
from tracker.web.database import get_session

STATEMENTS = 24


class CancelledError(Exception):
    """What a cancel button's callback raises."""


def write_csv(path: Path, statements: int = STATEMENTS, bad: int = 0) -> Path:
    """Two rows (two accounts) per statement, speakers shared by several statements, a second
    spelling of a name now and then, Korean text; ``bad`` rows without wording at the end."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["key", "speaker", "speaker_name", "said", "wording", "original_text", "topics",
                      "source_url"])
        for i in range(statements):
            speaker = f"stream-speaker-{i % 5}"
            name = f"Speaker Number {i % 5}" if i % 7 else f"S. Number {i % 5}"
            out.writerow([f"stream-{i:03d}", speaker, name, f"2021-03-{1 + i % 28:02d}",
                          f"Streaming statement {i} about the budget and the harbour.", "정부 예산",
                          "economy" if i % 2 else "", f"https://example.com/a{i // 3}"])
            out.writerow([f"stream-{i:03d}", speaker, "", "", f"Another telling of statement {i}.", "", "",
                          f"https://news.example.org/b{i}"])
        for i in range(bad):
            out.writerow([f"stream-bad-{i}", "stream-speaker-0", "Speaker Number 0", "", "", "", "", ""])
    return path


def stored(app: Flask) -> dict[str, Any]:
    """What an import leaves, independent of ids and timestamps."""
    with app.app_context():
        session = get_session()
        like = Statement.key.like("stream-%")
        return {
            "statements": session.scalars(select(Statement.key).where(like).order_by(Statement.key)).all(),
            "accounts": session.scalar(select(func.count()).select_from(Account).join(Statement).where(like)),
            "wordings": session.scalars(select(Statement.wording).where(like).order_by(Statement.key)).all(),
            "aliases": session.scalars(select(SpeakerAlias.name).join(Speaker).where(
                Speaker.key.like("stream-%")).order_by(SpeakerAlias.name)).all(),
            "documents": session.scalar(select(func.count()).select_from(SearchDocument).join(
                Statement, Statement.id == SearchDocument.statement_id).where(like)),
            # records the import runs say they created (their Created entries)
            "created": session.scalar(select(func.coalesce(func.sum(
                ImportRunRange.last_id - ImportRunRange.first_id + 1), 0))),
        }


def test_batches_stay_bounded_and_never_split_a_statement(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv")
    result = ImportResult(source=path.name)
    source = TabularSource(path)
    meter = ByteMeter(source, path.stat().st_size, None)
    seen = [(batch.records, set(batch.bundle.statements))
            for batch in batches(source, path, result, meter, 5)]
    assert len(seen) > 4 and all(records <= 6 for records, _ in seen)  # 5, or 6 to finish a statement
    keys = [key for _, found in seen for key in found]
    assert len(keys) == len(set(keys)) == STATEMENTS
    assert sum(records for records, _ in seen) == result.read == 2 * STATEMENTS


def test_small_batches_store_what_one_batch_stores(app: Flask, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv")
    with app.app_context():
        one = run_import(get_session(), path, "csv")
    whole = stored(app)
    with app.app_context():
        session = get_session()
        for statement in session.scalars(select(Statement).where(Statement.key.like("stream-%"))):
            session.delete(statement)
        session.commit()
    path2 = write_csv(tmp_path / "again.csv")
    with app.app_context():
        small = run_import(get_session(), path2, "csv", batch_size=5)
    assert one.created["statement"] == small.created["statement"] == STATEMENTS
    assert one.created["account"] == small.created["account"] == 2 * STATEMENTS
    assert small.updated["statement"] == 0 and small.duplicates == one.duplicates == STATEMENTS
    again = stored(app)
    assert again["statements"] == whole["statements"] and again["wordings"] == whole["wordings"]
    assert again["accounts"] == whole["accounts"] and again["documents"] == whole["documents"] > 0


@pytest.mark.parametrize("when", ["reading", "writing"])
def test_an_exception_from_a_callback_stores_nothing(app: Flask, tmp_path: Path, when: str) -> None:
    path = write_csv(tmp_path / "s.csv")
    before = stored(app)
    writing = False

    def on_write() -> None:
        nonlocal writing
        writing = True

    def progress(_step: int) -> None:
        if writing == (when == "writing"):
            raise CancelledError

    with app.app_context(), pytest.raises(CancelledError):
        run_import(get_session(), path, "csv", progress=progress, on_write=on_write, batch_size=6)
    assert stored(app) == before


def test_a_big_load_drops_the_fts_trigger_inside_its_transaction(app: Flask) -> None:
    triggers = text("SELECT count(*) FROM sqlite_master WHERE name = 'search_fts_ai'")
    with app.app_context():
        session = get_session()
        fts = DeferredFts(session)
        if session.get_bind().dialect.name != "sqlite":  # PostgreSQL indexes by trigger, always
            assert not fts.pays(10**6)
            return
        assert fts.pays(10**6) and not fts.pays(10)
        fts.start()
        assert session.scalar(triggers) == 0
        session.rollback()  # a cancelled import
        assert session.scalar(triggers) == 1


def test_bad_records_are_counted_and_listed_up_to_a_bound(app: Flask, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", bad=MAX_REJECTED_LISTED + 5)
    before = stored(app)
    with app.app_context(), pytest.raises(ImportRejectedError) as caught:
        run_import(get_session(), path, "csv", batch_size=10)
    result = caught.value.result
    assert result.rejected_count == MAX_REJECTED_LISTED + 5 and len(result.rejected) == MAX_REJECTED_LISTED
    assert result.rejected[0].field == "wording"
    assert "… and 5 more" in "\n".join(result.lines())
    assert stored(app) == before


def test_commit_every_keeps_what_was_committed_and_a_rerun_resumes(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv")
    writes = 0

    def on_write() -> None:
        nonlocal writes
        writes += 1

    calls = 0

    def progress(_step: int) -> None:
        nonlocal calls
        calls += 1
        if stored_now() >= 10:
            raise CancelledError

    def stored_now() -> int:
        return get_session().scalar(select(func.count()).select_from(Statement).where(
            Statement.key.like("stream-%"))) or 0

    with app.app_context(), pytest.raises(CancelledError):
        run_import(get_session(), path, "csv", commit_every=8, progress=progress, on_write=on_write)
    half = stored(app)
    assert 0 < len(half["statements"]) < STATEMENTS  # the committed batches stayed
    with app.app_context():
        mark = get_session().scalars(select(ImportCheckpoint)).one()
        records = mark.records
        assert records == 2 * len(half["statements"]) and mark.format == "csv"
    output = runner.invoke(args=["import", str(path), "--format", "csv", "--commit-every", "8"]).output
    assert f"resumed after record {records:,}" in output
    done = stored(app)
    assert len(done["statements"]) == STATEMENTS and done["accounts"] == 2 * STATEMENTS
    # The second row of a statement (in a later batch) added its account only.
    assert all(w.startswith("Streaming statement") for w in done["wordings"])
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(ImportCheckpoint)) == 0
        updated = get_session().scalar(select(func.count()).select_from(Revision).where(
            Revision.action == "update", Revision.entity_type == "statement"))
    assert updated == 0


def test_every_bad_record_is_listed_whatever_batch_it_is_in(app: Flask, tmp_path: Path) -> None:
    """Once a bad record stops the writing, later batches are still checked, references
    included, and a speaker a batch not written defines still counts as defined."""
    path = tmp_path / "late.csv"
    path.write_text(
        "key,speaker,speaker_name,said,wording\n"
        "late-1,late-a,Ada Latesample,2021-13-01,A month that does not exist.\n"  # batch 1: a bad date
        "late-2,late-b,Bo Latesample,2021,Bo is defined in a batch that is never written.\n"  # batch 2
        "late-3,late-b,,2021,Bo again: defined above.\n"  # batch 3: fine
        "late-4,nobody-late,,2021,A speaker nobody defined.\n",  # batch 4: a bad reference
        encoding="utf-8")
    with app.app_context(), pytest.raises(ImportRejectedError) as refused:
        run_import(get_session(), path, "csv", batch_size=1)
    result = refused.value.result
    assert [(e.record, e.field) for e in result.rejected] == [("line 2", "said"), ("line 5", "speaker")]
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Statement).where(
            Statement.key.like("late-%"))) == 0
