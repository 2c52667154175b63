"""Two editors changing one statement at the same moment: both saves land and the statement's
search documents end up as one fresh set (document ids are fixed by statement and date, so a
second rewrite must wait for the first). Plus the database settings the search relies on."""

from __future__ import annotations

import threading
import time
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tracker.db import make_engine
from tracker.models import Account, SearchDocument, Statement
from tracker.services.editing.loader import Loader
from tracker.services.search import index as search_index
from tracker.services.search.order import document_id
from tracker.web.database import get_session


def test_concurrent_edits_of_one_statement_both_land(app: Flask, database_url: str) -> None:
    with app.app_context():
        session = get_session()
        accounts = [{"key": "race-a1", "wording": "first account"},
                    {"key": "race-a2", "wording": "second account"}]
        Loader(session).load("test", {
            "speakers": [{"key": "race-sp", "name": "Race Speaker"}],
            "statements": [{"key": "race", "speaker": "race-sp", "said": "2022-06-28",
                            "wording": "hello world", "accounts": accounts}]})
        session.commit()
    engine = make_engine(database_url)
    first, second = Session(engine), Session(engine)
    immediate = {"sqlite_begin": "IMMEDIATE"}  # as write_session() does: SQLite writers queue up
    first.connection(execution_options=immediate)
    errors: list[Exception] = []
    try:
        statement_id = first.scalars(select(Statement.id).where(Statement.key == "race")).one()
        account = first.scalars(select(Account).where(Account.key == "race-a1")).one()
        account.wording = "first account edited"
        first.flush()
        search_index.reindex_statements(first, [statement_id])  # the first rewrite, not yet committed

        def edit_the_other_account() -> None:
            try:
                second.connection(execution_options=immediate)  # waits for the first on SQLite
                other = second.scalars(select(Account).where(Account.key == "race-a2")).one()
                other.wording = "second account edited"
                second.commit()  # rewrites the same statement's documents
            except Exception as error:  # reported by the assertion below
                errors.append(error)
                second.rollback()

        thread = threading.Thread(target=edit_the_other_account)
        thread.start()
        time.sleep(1.0)  # the second save is now waiting for the first
        first.commit()
        thread.join(30)
        assert not thread.is_alive()
        assert errors == []
        with engine.connect() as connection:
            documents = connection.execute(select(SearchDocument.id, SearchDocument.text).where(
                SearchDocument.statement_id == statement_id).order_by(SearchDocument.id)).all()
        assert [d.id for d in documents] == [document_id(date(2022, 6, 28), statement_id, seq)
                                             for seq in (0, 1, 2)]
        assert [d.text for d in documents][1:] == ["first account edited", "second account edited"]
    finally:
        first.close()
        second.close()
        engine.dispose()


def test_connections_carry_the_settings_search_relies_on(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        if session.get_bind().dialect.name == "postgresql":
            # A generic plan would walk the whole table in id order for a rare word.
            assert session.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
        else:
            assert session.scalar(text("PRAGMA foreign_keys")) == 1
            assert session.scalar(text("PRAGMA journal_mode")) == "wal"


def test_speaker_page_works_on_a_database_without_the_live_index(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        session = get_session()
        session.execute(text("DROP INDEX ix_statement_live_speaker"))
        session.commit()
    app.extensions["engine"].dispose()  # fresh connections: nothing remembers the index
    assert client.get("/speakers/1").status_code == 200
    assert client.get("/speakers/1.json").status_code == 200
