"""Redis (the login limits' shared counters) is down or hung: logging in says so with a 503 and
keeps the email typed; reading, and editors already logged in, carry on; nothing is written by
the refused logins; and when Redis is back, logging in works again without restarting anything.

A private Redis of this test's own (``tests.servers``), never the machine's shared one; the app
under a real gunicorn (2 workers) with REDIS_URL pointing at it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.browser.harness import LiveServer, start_gunicorn, stop_process
from tests.databases import content_hash
from tests.edit_helpers import PASSWORD, form_values, make_user
from tests.servers import PrivateRedis, WebClient, private_redis

UNAVAILABLE = "Logging in is unavailable for a moment. Try again shortly."


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    """A private Redis."""
    with private_redis() as server:
        yield server


@pytest.fixture
def served(app: Flask, database_url: str, redis_server: PrivateRedis, tmp_path: Path) -> Iterator[LiveServer]:
    """gunicorn on the test's database with its login counters in the private Redis."""
    make_user(app, "editor@example.org")
    make_user(app, "other@example.org")
    app.extensions["engine"].dispose()
    server = start_gunicorn(database_url, tmp_path / "gunicorn.log",
                            extra_env={"REDIS_URL": redis_server.url})
    try:
        yield server
    finally:
        stop_process(server.process)


def refused_login(server: LiveServer, email: str) -> None:
    """A login that the missing counters refuse: 503, the reason, the email kept."""
    answer = WebClient(server.url).login(email, PASSWORD)
    assert answer.status == 503, answer.text[:500]
    assert UNAVAILABLE in answer.text
    assert form_values(answer.text)["email"] == email


def test_with_redis_down_login_says_so_and_everything_else_works(
        served: LiveServer, redis_server: PrivateRedis, database_url: str) -> None:
    editor = WebClient(served.url)
    assert editor.login("editor@example.org", PASSWORD).status == 302
    redis_server.stop()
    before = content_hash(database_url)

    for _ in range(3):  # whichever worker answers
        refused_login(served, "other@example.org")
    reader = WebClient(served.url)
    for path in ("/", "/speakers/1", "/search?q=Kishida", "/api/v1/speakers", "/conflicts"):
        assert reader.get(path).status == 200, path
    assert content_hash(database_url) == before, "a refused login wrote something"

    # An editor logged in before keeps working: sessions do not need Redis.
    saved = editor.submit("/speakers/new", {"name": "Redis Down Testperson", "kind": "person"})
    assert saved.status == 302, saved.text[:1000]
    assert reader.get(saved.headers["Location"].removeprefix(served.url)).status == 200

    redis_server.start()  # back on the same port: the workers reconnect by themselves
    assert WebClient(served.url).login("other@example.org", PASSWORD).status == 302


def test_with_redis_hung_login_answers_within_seconds(served: LiveServer, redis_server: PrivateRedis) -> None:
    redis_server.freeze()  # it keeps its port but answers nothing
    try:
        started = time.monotonic()
        refused_login(served, "other@example.org")
        waited = time.monotonic() - started
        assert waited < 10, f"login waited {waited:.1f} s for a hung Redis"
        assert WebClient(served.url).get("/speakers/1").status == 200
    finally:
        redis_server.thaw()
    assert WebClient(served.url).login("other@example.org", PASSWORD).status == 302
