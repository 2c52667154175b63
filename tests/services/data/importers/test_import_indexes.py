"""A big load on SQLite builds the secondary indexes of the tables it fills once, at its end,
inside its transaction: a cancel leaves them as they were, and they come back identical."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tracker.models import Statement
from tracker.services.data.importers.run import run_import
from tracker.services.data.importers.store import DEFER_INDEXES_AT, DeferredIndexes
from tracker.web.database import get_session

STATEMENTS = 2 * DEFER_INDEXES_AT  # the first batch's estimate of the file must reach it


class CancelledError(Exception):
    """What a cancel button's callback raises."""


def write_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["key", "speaker", "speaker_name", "said", "wording", "source_url"])
        for i in range(STATEMENTS):
            out.writerow([f"idx-{i:05d}", f"idx-speaker-{i % 40}", f"Index Speaker {i % 40}",
                          f"2020-{1 + i % 12:02d}-01", f"Index statement number {i} on the budget.",
                          f"https://idx.example.com/{i}"])
    return path


def indexes(session: Session) -> set[tuple[str, str]]:
    """Every index the database holds, as its name and its definition."""
    if session.get_bind().dialect.name == "sqlite":
        query = "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index'"
    else:
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    return set(session.execute(text(query)).tuples())


def test_a_big_load_builds_the_indexes_again_at_its_end(app: Flask, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv")
    with app.app_context():
        session = get_session()
        sqlite = session.get_bind().dialect.name == "sqlite"
        before = indexes(session)
        during: list[set[tuple[str, str]]] = []
        result = run_import(session, path, "csv", batch_size=600,
                            progress=lambda _step: during.append(indexes(session)))
        assert result.created["statement"] == STATEMENTS
        assert indexes(session) == before
        missing = {name for name, _ in set.union(*(before - now for now in during))}
        if not sqlite:  # DROP INDEX would lock PostgreSQL's readers out until the commit
            assert not missing and not DeferredIndexes(session).pays(10**6)
            return
        assert {"ix_statement_said_on_id", "ix_statement_kind", "ix_account_article_id"} <= missing
        # What the import reads through, and what keeps keys unique, is never dropped.
        assert not missing & {"ix_statement_speaker_id_said_on_id", "ix_account_statement_id",
                              "ix_search_document_statement_id"}
        assert not {name for name, sql in before if "UNIQUE" in sql.upper() or not sql} & missing
        plan = " ".join(str(row) for row in session.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM statement WHERE said_on = '2020-01-01'")))
        assert "ix_statement_said_on_id" in plan  # and SQLite uses them again


def test_a_cancelled_big_load_leaves_the_indexes_and_stores_nothing(app: Flask, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv")
    with app.app_context():
        session = get_session()
        before = indexes(session)
        statements = session.scalar(select(func.count()).select_from(Statement))
        dropped = False

        def progress(_step: int) -> None:
            nonlocal dropped
            if indexes(session) != before:
                dropped = True
            if session.scalar(select(func.count()).select_from(Statement)) != statements:
                raise CancelledError  # the first batch is written: cancel

        with pytest.raises(CancelledError):
            run_import(session, path, "csv", batch_size=600, progress=progress)
        assert dropped == (session.get_bind().dialect.name == "sqlite")
        assert indexes(session) == before
        assert session.scalar(select(func.count()).select_from(Statement)) == statements
