"""PostgreSQL restarts mid-request, or is down: the app answers 503 "the database is
unavailable", never a 500; the half-done write is rolled back (the tables' content hash is as
before); and once the server is back, the same workers answer again without being restarted.

The server is a private cluster of this test's own (``tests.servers``), never the machine's
shared one; the app runs under a real gunicorn. It needs only PostgreSQL's programs, so it runs in
the PostgreSQL pass of ``make test`` (marker ``private_postgresql``).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.api.test_api_write import make_token
from tests.browser.harness import LiveServer, start_gunicorn, stop_process
from tests.conftest import make_app
from tests.databases import content_hash
from tests.servers import PrivatePostgres, private_postgres, wait_for
from tracker.services.data import migrations, seeding
from tracker.web.database import get_session

pytestmark = pytest.mark.private_postgresql

UNAVAILABLE_WRITE = "The database is unavailable, so your change was not saved. Try again in a minute."
UNAVAILABLE_READ = "The database is unavailable just now. Try again in a minute."


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivatePostgres]:
    """A private PostgreSQL with a migrated, seeded template database."""
    with private_postgres() as server:
        server.execute("CREATE DATABASE template_seeded")
        url = server.url("template_seeded")
        migrations.upgrade(url)
        app = make_app(url, Path(server.root))
        with app.app_context():
            seeding.load_files(get_session(), seeding.seed_files())
        app.extensions["engine"].dispose()
        yield server


@pytest.fixture
def served(cluster: PrivatePostgres, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[
        tuple[LiveServer, str]]:
    """gunicorn (2 workers) on a fresh copy of the seeded database, and an API token."""
    name = f"faults_{request.node.name.split('[')[0][-40:]}"
    if not cluster.accepting():
        cluster.start()
    cluster.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    cluster.execute(f'CREATE DATABASE "{name}" TEMPLATE template_seeded')
    url = cluster.url(name)
    app = make_app(url, tmp_path)
    token = make_token(app)
    app.extensions["engine"].dispose()
    server = start_gunicorn(url, tmp_path / "gunicorn.log")
    try:
        yield server, token
    finally:
        stop_process(server.process)
        if not cluster.accepting():
            cluster.start()
        cluster.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def call(url: str, method: str = "GET", body: dict[str, Any] | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """One HTTP request: status, headers and body, whatever the status."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def statement_body(key: str) -> dict[str, Any]:
    """A new statement with two accounts: several tables to write, then the search index."""
    return {"key": key, "speaker": "fumio-kishida", "said": "2022-06-29",
            "wording": "Ukraine may be East Asia tomorrow.", "topics": ["nato"]}


def test_a_restart_mid_write_is_a_503_and_rolls_the_write_back(cluster: PrivatePostgres,
                                                                  served: tuple[LiveServer, str]) -> None:
    server, token = served
    url = server.database_url
    before = content_hash(url)
    database = url.rsplit("/", 1)[1]
    answers: list[tuple[int, dict[str, str], str]] = []
    # Hold the search index so the write stops half way: its statement, revision and token rows
    # are written (the transaction has an id), its search documents wait for this lock.
    locker = psycopg.connect(cluster.dsn(database))
    locker.execute("LOCK TABLE search_document IN SHARE MODE")
    writer = threading.Thread(target=lambda: answers.append(call(
        server.url + "/api/v1/statements", "POST", statement_body("restart-mid-write"),
        {"Authorization": f"Bearer {token}"})))
    writer.start()
    try:
        def write_waits_half_done() -> bool:
            with psycopg.connect(cluster.dsn(), autocommit=True) as watcher:
                return watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
                    " AND backend_xid IS NOT NULL", (database,)).fetchone() == (1,)

        wait_for(write_waits_half_done, "the API write to wait on the search index, half written")
        cluster.restart()
    finally:
        writer.join(30)
        locker.close()
    assert not writer.is_alive() and len(answers) == 1
    status, headers, text = answers[0]
    assert status == 503, text
    assert json.loads(text)["error"]["message"] == UNAVAILABLE_WRITE
    assert headers["Retry-After"] == "30"
    assert content_hash(url) == before, "the half-done write left something behind"

    # Back up: the same workers answer, and the write goes through when sent again.
    for _ in range(4):  # both workers, each with a pool of connections the restart cut
        assert call(server.url + "/speakers/1")[0] == 200
    status, _, text = call(server.url + "/api/v1/statements", "POST", statement_body("restart-mid-write"),
                           {"Authorization": f"Bearer {token}"})
    assert status == 201, text
    assert call(server.url + f"/api/v1/statements/{json.loads(text)['id']}")[0] == 200
    assert "Traceback" not in server.log_tail(400)


def test_while_the_database_is_down_every_page_says_so(cluster: PrivatePostgres,
                                                        served: tuple[LiveServer, str]) -> None:
    server, token = served
    before = content_hash(server.database_url)
    cluster.stop()
    try:
        status, headers, page = call(server.url + "/speakers/1")
        assert status == 503 and headers["Content-Type"].startswith("text/html")
        assert UNAVAILABLE_READ in page and "<h1>The database is unavailable</h1>" in page
        status, _, text = call(server.url + "/api/v1/speakers")
        assert status == 503 and json.loads(text)["error"]["message"] == UNAVAILABLE_READ
        status, _, text = call(server.url + "/api/v1/speakers/1", "PATCH", {"description": "x"},
                               {"Authorization": f"Bearer {token}", "If-Match": '"1"'})
        assert status == 503 and json.loads(text)["error"]["message"] == UNAVAILABLE_WRITE
        status, _, page = call(server.url + "/login")  # the form needs no database: it shows
        assert status == 200
    finally:
        cluster.start()
    for path in ("/", "/speakers/1", "/api/v1/speakers", "/search?q=Kishida"):
        for _ in range(2):
            assert call(server.url + path)[0] == 200, path
    assert content_hash(server.database_url) == before


def test_a_restart_between_requests_is_not_noticed(cluster: PrivatePostgres,
                                                   served: tuple[LiveServer, str]) -> None:
    server, _ = served
    for _ in range(4):
        assert call(server.url + "/speakers/1")[0] == 200  # every worker has pooled connections
    cluster.restart()
    # Each pooled connection is checked before use (pool_pre_ping), so none of these sees the cut.
    statuses = [call(server.url + "/speakers/1")[0] for _ in range(8)]
    assert statuses == [200] * 8
