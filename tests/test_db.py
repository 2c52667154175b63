"""tracker.db.database_fault tells a database that cannot do the work now (unavailable, full,
busy) from a fault in the app, on real errors from real connections."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from tracker.db import BUSY, FULL, UNAVAILABLE, database_fault, make_engine


def raised(url: str, *statements: str, **engine_options: object) -> BaseException:
    """The error the statements raise on a fresh engine."""
    engine = make_engine(url, **engine_options)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    except Exception as error:
        return error
    finally:
        engine.dispose()
    raise AssertionError("nothing was raised")


def test_sqlite_full_is_full_and_a_bad_query_is_no_fault(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'small.sqlite'}"
    full = raised(url, "CREATE TABLE t (x TEXT)", "PRAGMA max_page_count = 2",
                  "INSERT INTO t VALUES (printf('%.50000c', 'x'))")
    assert database_fault(full) == FULL
    assert database_fault(raised(url, "SELECT * FROM no_such_table")) is None
    assert database_fault(ValueError("not a database error")) is None


def test_sqlite_locked_past_the_timeout_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("CREATE TABLE t (x INTEGER)")
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock throughout
        holder.execute("INSERT INTO t VALUES (1)")
        error = raised(f"sqlite:///{path}", "PRAGMA busy_timeout = 50", "INSERT INTO t VALUES (2)")
    finally:
        holder.close()
    assert database_fault(error) == BUSY


def test_postgresql_that_refuses_connections_is_unavailable() -> None:
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    error = raised("postgresql+psycopg://postgres@127.0.0.1:9/none", "SELECT 1")
    assert isinstance(error, sa_exc.OperationalError)
    assert database_fault(error) == UNAVAILABLE


def test_every_pooled_connection_in_use_is_busy(database_url: str) -> None:
    engine = make_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=0.1)
    try:
        with engine.connect(), pytest.raises(sa_exc.TimeoutError) as caught:
            engine.connect()  # the only connection is taken
        assert database_fault(caught.value) == BUSY
    finally:
        engine.dispose()


def test_a_constraint_violation_is_the_apps_fault(database_url: str) -> None:
    error = raised(database_url, "INSERT INTO speaker (id) VALUES (NULL)")
    assert isinstance(error, sa_exc.IntegrityError)
    assert database_fault(error) is None
