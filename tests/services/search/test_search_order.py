"""Search documents numbered in date order (services.search_order): a page of matches is read
straight from the index in document-id order (FTS5 rowids on SQLite, the primary key beside the
stored tsvector on PostgreSQL), and holds what the exact path finds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tests.conftest import make_app
from tests.databases import Databases
from tracker.db import make_engine
from tracker.models import SearchDocument, Statement
from tracker.services.data import migrations, seeding
from tracker.services.editing.loader import Loader
from tracker.services.search import index as search_index
from tracker.services.search import query as search_service
from tracker.services.search.order import (
    DATED_FLOOR,
    MAX_SEQ,
    MAX_STATEMENT_ID,
    document_id,
    statement_id_of,
    year_bounds,
)
from tracker.services.search.query import Filters, search
from tracker.web.database import get_session

DAYS = ["2021-03-04", "2021-03-04", "2021-03-04", "2020-01-01", "2021-12-31", None, None,
        "2022-01-01", "2021-01-01", "1066-10-14"]
DOCUMENT = {
    "speakers": [{"key": "o-speaker", "name": "Order Speaker"}],
    "statements": [
        {"key": f"o-{i}", "speaker": "o-speaker", "wording": f"Zebrafish number {i}",
         **({"said": day} if day else {}),
         "accounts": [{"key": f"o-{i}-a", "wording": "a zebrafish account"}] if i % 2 else []}
        for i, day in enumerate(DAYS)
    ],
}


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.app_context():
        s = get_session()
        Loader(s).load("test", DOCUMENT)
        s.commit()
        yield s


def test_ids_sort_by_date_then_statement_then_document() -> None:
    ids = [document_id(None, 5, 0), document_id(None, 6, 0), document_id(date(1066, 10, 14), 9, 0),
           document_id(date(2021, 3, 4), 2, 0), document_id(date(2021, 3, 4), 2, 7),
           document_id(date(2021, 3, 4), 3, 0), document_id(date(9999, 12, 31), MAX_STATEMENT_ID, 1023)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert ids[-1] < 2**63 and ids[1] < DATED_FLOOR <= ids[2]
    assert [statement_id_of(i) for i in ids] == [5, 6, 9, 2, 2, 3, MAX_STATEMENT_ID]
    low, high = year_bounds(2021)
    assert low <= document_id(date(2021, 1, 1), 1, 0) and document_id(date(2021, 12, 31), 10**9, 9) <= high
    assert document_id(date(2020, 12, 31), MAX_STATEMENT_ID, 1023) < low
    assert document_id(date(2022, 1, 1), 1, 0) > high
    for bad in ((None, 0, 0), (None, MAX_STATEMENT_ID + 1, 0), (None, 1, 1024), (None, 1, -1)):
        with pytest.raises(ValueError, match="does not fit"):
            document_id(*bad)  # type: ignore[arg-type]


def _pages(session: Session, sort: str, filters: Filters) -> list[list[int]]:
    return [[s.id for s in search(session, "zebrafish", filters, sort, n, 3).page.items]
            for n in (1, 2, 3, 4)]


@pytest.mark.parametrize(("sort", "filters"), [("newest", Filters()), ("oldest", Filters()),
                                               ("newest", Filters(year=2021)),
                                               ("oldest", Filters(year=2021))])
def test_index_order_gives_the_exact_pages(session: Session, monkeypatch: pytest.MonkeyPatch,
                                           sort: str, filters: Filters) -> None:
    indexed = _pages(session, sort, filters)
    first = search(session, "zebrafish", filters, sort, 1, 3)
    assert first.plan == "index"
    monkeypatch.setattr(search_service, "_in_index_order", lambda *args: None)
    assert indexed == _pages(session, sort, filters)
    assert search(session, "zebrafish", filters, sort, 1, 3).plan == "exact"
    statements = {s.id: s for s in session.scalars(select(Statement).where(Statement.key.like("o-%")))}
    flat = [i for page in indexed for i in page]
    expected = len(statements) if filters.year is None else sum(
        1 for s in statements.values() if s.said_on and s.said_on.year == filters.year)
    assert len(flat) == len(set(flat)) == expected
    dated = [d for d in (statements[i].said_on for i in flat) if d is not None]
    assert dated == sorted(dated, reverse=sort == "newest")
    if filters.year is None:  # undated statements come last either way
        assert all(statements[i].said_on is None for i in flat[-2:])


def test_a_changed_date_renumbers_the_documents(session: Session) -> None:
    statement = session.scalars(select(Statement).where(Statement.key == "o-9")).one()
    assert search(session, "zebrafish", Filters(), "newest", 1, 1).page.items[0].said_on != date(2030, 1, 1)
    statement.said_on = date(2030, 1, 1)
    session.commit()
    newest = search(session, "zebrafish", Filters(), "newest", 1, 1).page.items
    assert [s.id for s in newest] == [statement.id]
    ids = session.scalars(select(SearchDocument.id).where(SearchDocument.statement_id == statement.id)
                          .order_by(SearchDocument.id)).all()
    assert ids == [document_id(date(2030, 1, 1), statement.id, seq) for seq in (0, 1)]


def test_a_statement_with_too_many_accounts_folds_the_rest_into_its_last_document(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "MAX_SEQ", 2)
    Loader(session).load("test", {"statements": [{
        "key": "o-many", "speaker": "o-speaker", "said": "2023-02-02", "wording": "Many accounts",
        "accounts": [{"key": f"o-many-{n}", "wording": f"account word{n}"} for n in range(5)]}]})
    session.commit()
    statement = session.scalars(select(Statement).where(Statement.key == "o-many")).one()
    texts = session.execute(select(SearchDocument.id, SearchDocument.text).where(
        SearchDocument.statement_id == statement.id).order_by(SearchDocument.id)).all()
    assert [i for i, _ in texts] == [document_id(date(2023, 2, 2), statement.id, seq) for seq in (0, 1, 2)]
    assert texts[2][1] == "account word1 account word2 account word3 account word4"
    assert [s.id for s in search(session, "word4", Filters(), "newest", 1, 5).page.items] == [statement.id]


def _documents(url: str) -> list[tuple[int, int, int | None, str]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(  # type: ignore[misc]
                "SELECT id, statement_id, account_id, text FROM search_document ORDER BY id"))]
    finally:
        engine.dispose()


def test_migration_0005_numbers_documents_as_the_index_writer_does(databases: Databases,
                                                                     tmp_path: Path) -> None:
    url = databases.create()
    try:
        migrations.upgrade(url)
        app = make_app(url, tmp_path)
        with app.app_context():
            seeding.load_files(get_session(), seeding.seed_files())
        app.extensions["engine"].dispose()
        written = _documents(url)
        assert len(written) > 100
        migrations.downgrade(url, "0004")
        assert [row[0] for row in _documents(url)] == list(range(1, len(written) + 1))
        migrations.upgrade(url)
        assert _documents(url) == written
        app = make_app(url, tmp_path)
        with app.app_context():  # the FTS index was rebuilt over the renumbered documents
            session = get_session()
            if session.get_bind().dialect.name == "sqlite":
                session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
            hits = search(session, "Kishida", Filters(), "newest", 1, 5)
            assert hits.page.items and hits.page.total >= 1
        app.extensions["engine"].dispose()
    finally:
        databases.drop(url)


def test_year_bounds_hold_exactly_the_documents_of_that_year() -> None:
    first, last = year_bounds(2022)
    assert first <= document_id(date(2022, 1, 1), 1, 0) <= last
    assert document_id(date(2022, 12, 31), MAX_STATEMENT_ID, MAX_SEQ) == last
    assert document_id(date(2021, 12, 31), MAX_STATEMENT_ID, MAX_SEQ) == first - 1
    assert document_id(date(2023, 1, 1), 1, 0) > last
