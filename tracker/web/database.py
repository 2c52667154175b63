"""The request's database session.

A request commits once at its end (views call ``commit``) and anything unfinished is rolled
back at teardown, so nothing half-written stays in the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker.db import make_engine


def init_app(app: Flask) -> None:
    """Attach the engine and session factory to the app."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["engine"] = engine
    app.extensions["sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_engine() -> Engine:
    """The current app's engine."""
    engine: Engine = current_app.extensions["engine"]
    return engine


def get_session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["sessionmaker"]()
    session: Session = g.db_session
    return session


@contextmanager
def read_session() -> Iterator[Session]:
    """A session of its own, for a download that streams after the view has returned: it is
    rolled back and closed when the download ends or the client goes away."""
    session: Session = current_app.extensions["sessionmaker"]()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def write_session() -> Session:
    """The request's session, for a request that writes: on SQLite its transaction starts
    with BEGIN IMMEDIATE so concurrent writers queue on the busy timeout instead of failing."""
    session = get_session()
    if not session.in_transaction() and get_engine().dialect.name == "sqlite":
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    return session


def _close_session(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
