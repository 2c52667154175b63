"""A gunicorn worker killed (SIGKILL) in the middle of a large write: the write is all or
nothing. Killed before its commit, nothing of it stays (the tables' content hash is as before);
gunicorn starts a new worker, which answers at once, and the same write sent again is stored
whole. The client of the killed worker gets no answer at all (the connection drops; behind a
proxy that is a 502): there is no process left to answer.

"Mid-write" is observed, not guessed: on PostgreSQL the worker's transaction is inserting the
statement's rows and has not committed; on SQLite its uncommitted pages have spilled into the WAL
file while it still holds the write lock.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from sqlalchemy.engine import make_url

from tests.api.test_api_write import make_token
from tests.browser.harness import LiveServer, start_gunicorn, stop_process
from tests.databases import content_hash
from tests.servers import Answer, WebClient, wait_for, worker_pids

ACCOUNTS = 300  # about 2.7 MB of JSON: a write that takes the worker a few seconds


def big_statement() -> dict[str, Any]:
    """A statement carried by hundreds of accounts, each with a long wording and a chain."""
    return {"key": "killed-mid-write", "speaker": "fumio-kishida", "wording": "One big write.",
            "accounts": [{"key": f"killed-mid-write-{i}", "narrator": "kr-presidential-office",
                          "wording": f"Account {i}: " + "윤석열 대통령은 말했다. " * 140,
                          "chain": [{"speaker": "fumio-kishida", "role": "speaker"},
                                    {"outlet": "yonhap", "role": "intermediary"}]}
                         for i in range(ACCOUNTS)]}


@pytest.fixture
def served(app: Flask, database_url: str, tmp_path: Path) -> Iterator[tuple[LiveServer, str]]:
    """gunicorn with one worker (the one to kill) on the test's database, and an API token."""
    token = make_token(app)
    app.extensions["engine"].dispose()
    server = start_gunicorn(database_url, tmp_path / "gunicorn.log", workers=1,
                            options=["--timeout", "60"])
    try:
        yield server, token
    finally:
        stop_process(server.process)


def writing_but_not_committed(database_url: str) -> Any:
    """A check that is true while a transaction on the database has written and not committed."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        dsn = f"host={url.host} port={url.port or 5432} user={url.username} dbname={url.database}"

        def postgresql() -> bool:
            with psycopg.connect(dsn, autocommit=True) as watcher:
                # Past the token's UPDATE: inserting the statement's own rows, uncommitted.
                row = watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                                      "backend_xid IS NOT NULL AND query LIKE 'INSERT INTO %%'",
                                      (url.database,)).fetchone()
                return row is not None and row[0] >= 1

        return postgresql
    path = Path(url.database or "")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty WAL: what grows is new

    def sqlite() -> bool:
        wal = Path(f"{path}-wal")
        if not wal.exists() or wal.stat().st_size == 0:
            return False
        probe = sqlite3.connect(path, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")  # fails while the worker holds the write lock
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()

    return sqlite


def test_a_worker_killed_mid_write_leaves_nothing_and_the_retry_stores_everything(
        served: tuple[LiveServer, str], database_url: str) -> None:
    server, token = served
    headers = {"Authorization": f"Bearer {token}"}
    client = WebClient(server.url, timeout=60)
    assert client.get("/speakers/1").status == 200
    before = content_hash(database_url)
    [worker] = worker_pids(server.process)
    answers: list[Answer] = []
    writer = threading.Thread(target=lambda: answers.append(
        client.send("POST", "/api/v1/statements", body=big_statement(), headers=headers)))
    in_the_middle = writing_but_not_committed(database_url)
    writer.start()
    try:
        wait_for(in_the_middle, "the worker to be half way through its write", timeout=60, every=0.01)
        os.kill(worker, signal.SIGKILL)
    finally:
        writer.join(60)
    assert not writer.is_alive() and len(answers) == 1
    assert answers[0].status is None, f"the killed worker answered: {answers[0].status}"
    assert content_hash(database_url) == before, "the killed write left part of itself behind"

    # gunicorn replaces the worker; the new one answers, and the same write is stored whole.
    wait_for(lambda: worker_pids(server.process) not in ([], [worker]), "a new worker")
    assert client.get("/speakers/1").status == 200
    again = client.send("POST", "/api/v1/statements", body=big_statement(), headers=headers)
    assert again.status == 201, again.text[:500]
    stored = client.get(f"/api/v1/statements/{again.json()['id']}").json()
    assert len(stored["accounts"]) == ACCOUNTS
    if make_url(database_url).get_backend_name() == "sqlite":
        with sqlite3.connect(make_url(database_url).database or "") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
