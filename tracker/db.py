"""Engines: SQLite gets WAL, foreign keys, a busy timeout and immediate writes; PostgreSQL
plans every query with its own values. Pure SQLAlchemy, so every layer may use it (the
request's session lives in ``tracker.web.database``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc

SQLITE_BUSY_TIMEOUT_MS = 15_000


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, a busy timeout and immediate writes."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    engine = create_engine(url, pool_pre_ping=True, **kwargs)
    if engine.dialect.name == "postgresql":
        _configure_postgresql(engine)
    return engine


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # psycopg prepares a query on the server after five runs, and PostgreSQL may then
        # switch to a generic plan that ignores the parameters: for the search's
        # "matches in id order" that is a backward walk of the whole table, even for a word in
        # three documents. Plan every execution with its own values.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_custom_plan")
        dbapi_connection.commit()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, issue BEGIN, so we can make it BEGIN IMMEDIATE:
        # a deferred transaction that later writes can fail with "database is locked"
        # regardless of busy_timeout when several workers write at once.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


# -- faults -------------------------------------------------------------------------------
# What a database error means for the person waiting: the database is out of reach
# ("unavailable"), out of disk ("full"), or busy with other work ("busy"). Anything else
# (a bad query, a value it cannot store) is a fault in the app, not in the database, and None.
UNAVAILABLE, FULL, BUSY = "unavailable", "full", "busy"

# SQLite's primary result codes (the low byte of an extended code such as SQLITE_IOERR_WRITE).
_SQLITE_FAULTS = {5: BUSY, 6: BUSY, 7: UNAVAILABLE, 8: UNAVAILABLE, 10: UNAVAILABLE, 13: FULL,
                  14: UNAVAILABLE, 15: BUSY}
# PostgreSQL SQLSTATEs: 08 connection exceptions, 57P01-03 shutdown / restart / starting up,
# 53100 disk full, other 53 insufficient resources, 40001/40P01 serialization failure or
# deadlock, 55P03 lock timeout, 57014 statement timeout.
_POSTGRESQL_FAULTS = {"57P01": UNAVAILABLE, "57P02": UNAVAILABLE, "57P03": UNAVAILABLE,
                      "53100": FULL, "40001": BUSY, "40P01": BUSY, "55P03": BUSY, "57014": BUSY}


def database_fault(exc: BaseException) -> str | None:
    """UNAVAILABLE, FULL or BUSY when ``exc`` says the database cannot do the work now, else None."""
    if isinstance(exc, sa_exc.TimeoutError):  # every pooled connection is in use
        return BUSY
    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    if exc.connection_invalidated:
        return UNAVAILABLE
    original = exc.orig
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_FAULTS.get(code & 0xFF)
    if type(original).__module__.startswith("psycopg") and isinstance(exc, sa_exc.OperationalError):
        state = getattr(original, "sqlstate", None)
        if state is None or state.startswith("08"):  # no answer at all: refused, reset, timed out
            return UNAVAILABLE
        return _POSTGRESQL_FAULTS.get(state, BUSY if state.startswith("53") else None)
    return None
