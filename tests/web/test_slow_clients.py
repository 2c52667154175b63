"""Two slow clients do not stop the site: gunicorn's threaded workers keep answering while two
connections sit on half-sent requests (issue 17, item 3). With sync workers both were held until
gunicorn's timeout and a normal GET waited 32 s."""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask

from tests.browser.harness import LiveServer, start_gunicorn, stop_process

# Far below the 20 s timeout the harness gives gunicorn, and the 30 s of gunicorn.conf.py: a
# request that had to wait for a slow client's worker would take that long.
ANSWERED_WITHIN = 5.0


@pytest.fixture
def server(app: Flask, database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """gunicorn with two workers, as the probe ran it, on the test's database."""
    app.extensions["engine"].dispose()
    live = start_gunicorn(database_url, tmp_path / "gunicorn.log", workers=2)
    try:
        yield live
    finally:
        stop_process(live.process)


def _half_sent(url: str) -> socket.socket:
    """A connection that sends the start of a request and never finishes it."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=5)
    sock.sendall(b"GET /speakers HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow")
    return sock


def _still_connected(sock: socket.socket) -> bool:
    """Open and unanswered: nothing to read yet, and the server has not closed it."""
    sock.setblocking(False)
    try:
        sock.recv(1, socket.MSG_PEEK)  # an answer, or b"" for a closed connection
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)
    return False


def test_a_normal_request_is_answered_while_two_clients_dawdle(server: LiveServer) -> None:
    slow = [_half_sent(server.url) for _ in range(2)]
    try:
        time.sleep(1.0)  # both are accepted by now: with sync workers, each holds one worker
        started = time.monotonic()
        with urllib.request.urlopen(server.url + "/speakers", timeout=ANSWERED_WITHIN) as response:
            body = response.read()
            status = response.status
        took = time.monotonic() - started
        assert status == 200 and b"<html" in body
        assert took < ANSWERED_WITHIN, f"answered after {took:.1f}s"
        assert all(_still_connected(sock) for sock in slow), "the slow clients were dropped first"
    finally:
        for sock in slow:
            sock.close()
