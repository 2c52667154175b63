"""Servers of a test's own, for the fault tests: a private PostgreSQL cluster (initdb into a
temporary folder, the server on a free loopback port) and a private Redis, each one the test may
stop, restart or freeze without touching the machine's shared PostgreSQL and Redis; the worker
processes of a gunicorn; and ``WebClient``, a cookie-keeping HTTP client for a live server.

Both run as children of the test process (same process group), so a killed test run takes them
down too; the context managers stop them and remove their files.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import redis

START_TIMEOUT = 30.0
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def free_port() -> int:
    """A loopback port nobody listens on (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def worker_pids(master: subprocess.Popen[bytes]) -> list[int]:
    """The pids of a gunicorn master's workers (its child processes)."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def wait_for(check: Callable[[], object], what: str, timeout: float = 20.0, every: float = 0.05) -> None:
    """Poll ``check()`` until it is true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _stop(process: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


# --------------------------------------------------------------------------------------------
# PostgreSQL


def postgres_bindir() -> Path:
    """Where initdb and postgres are (the newest installed major version)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("initdb is not installed: the fault tests need PostgreSQL's server programs "
                       "(apt-get install postgresql).")


class PrivatePostgres:
    """A PostgreSQL server of the test's own, on a free loopback port, with trust auth."""

    def __init__(self) -> None:
        self.bindir = postgres_bindir()
        # The server refuses to run as root: as root, it runs as the postgres user, in a folder
        # that user owns (pytest's own temporary folders are closed to other users).
        self.user = "postgres" if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.data = self.root / "data"
        self.log_path = self.root / "server.log"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        subprocess.run([str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                        "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
                       user=self.user, check=True, capture_output=True, timeout=60)

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of one of its databases."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        """The libpq connection string of one of its databases."""
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database} connect_timeout=5"

    def start(self) -> None:
        """Start the server and wait until it takes connections."""
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
             "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "shared_buffers=16MB",
             "-c", "max_connections=60"],
            user=self.user, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_for(self.accepting, f"the private PostgreSQL on port {self.port}\n{self.log_tail()}",
                 timeout=START_TIMEOUT)

    def accepting(self) -> bool:
        """Whether the server takes connections now."""
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"postgres exited with {self.process.returncode}:\n{self.log_tail()}")
        try:
            psycopg.connect(self.dsn(), autocommit=True).close()
        except psycopg.OperationalError:
            return False
        return True

    def stop(self, mode: str = "fast") -> None:
        """Shut the server down: "fast" ends every session (what a restart does), "immediate"
        as in a crash."""
        _stop(self.process, signal.SIGQUIT if mode == "immediate" else signal.SIGINT)
        self.process = None

    def restart(self) -> None:
        """Stop (fast) and start again on the same port."""
        self.stop()
        self.start()

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE DATABASE)."""
        with psycopg.connect(self.dsn(database), autocommit=True) as connection:
            connection.execute(sql.encode())

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's log."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def remove(self) -> None:
        """Stop the server and delete its files."""
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A started private PostgreSQL, removed afterwards."""
    server = PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()


# --------------------------------------------------------------------------------------------
# Redis


class PrivateRedis:
    """A Redis of the test's own on a free loopback port, keeping nothing on disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="tracker-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Its REDIS_URL."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it and wait until it answers PING."""
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        log = (self.root / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.root)], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_for(self.answering, f"the private Redis on port {self.port}", timeout=START_TIMEOUT)

    def answering(self) -> bool:
        """Whether it answers PING now."""
        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """Stop it: connections are refused from now on."""
        _stop(self.process)
        self.process = None

    def freeze(self) -> None:
        """Stop it answering while it keeps its port (a hung server: connections wait)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        """Let a frozen server answer again."""
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def remove(self) -> None:
        """Stop it and delete its folder."""
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    """A started private Redis, removed afterwards."""
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.remove()


# --------------------------------------------------------------------------------------------
# Talking to a live server


@dataclass
class Answer:
    """A response: status, headers and body text (None status: the connection dropped)."""

    status: int | None
    headers: dict[str, str]
    text: str

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.text)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 302 is an answer to look at, not to follow


class WebClient:
    """A browser's worth of HTTP for a live server: cookies kept, redirects not followed, forms
    sent with their CSRF token."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url, self.timeout = base_url, timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects())

    def send(self, method: str, path: str, *, data: dict[str, str] | None = None,
             body: object = None, headers: dict[str, str] | None = None) -> Answer:
        """One request; an HTTP error status is an answer too, a dropped connection a None status."""
        payload, sent = None, dict(headers or {})
        if data is not None:
            payload = urllib.parse.urlencode(data).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            payload = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base_url + path, data=payload, method=method, headers=sent)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode())
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as error:
            return Answer(None, {}, repr(error))

    def get(self, path: str) -> Answer:
        """GET a path."""
        return self.send("GET", path)

    def submit(self, path: str, fields: dict[str, str], form_path: str | None = None) -> Answer:
        """POST a form: its CSRF token from a GET of ``form_path`` (default: the same path)."""
        page = self.get(form_path or path)
        found = _CSRF.search(page.text)
        assert found, f"no CSRF token on {form_path or path} ({page.status})"
        return self.send("POST", path, data={"csrf_token": found.group(1), **fields})

    def login(self, email: str, password: str) -> Answer:
        """Log in through the form."""
        return self.submit("/login", {"email": email, "password": password})
