"""The real-browser harness: a live gunicorn server on a seeded database copy, Debian's Chromium
driven by Playwright, and logging in (through the browser or over HTTP). Page discovery and the
page-quality checkers (vnu, axe-core) are in ``tests.page_checks``.

The root conftest loads the fixtures (``pytest_plugins``); test modules import the helpers,
hence PYTEST_DONT_REWRITE: its assertions carry their own messages.

Why gunicorn and not a werkzeug thread: the browser then talks to the server a newsroom deploys
(``make serve``), with two worker processes sharing one database, so pages, static files, headers
and the CSP are exercised as in production, the server never shares the GIL or the
Playwright event loop with the test process, and a crash in a page cannot take the test
process down. It starts in about a second.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from tests.databases import Databases
from tracker import create_app
from tracker.web.database import get_session

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync",
]
SERVER_START_TIMEOUT = 30.0
VIEWPORT = {"width": 1280, "height": 900}
# Pages are server-rendered: what is not there within 5 s is not coming.
expect.set_options(timeout=5_000)


# --------------------------------------------------------------------------------------------
# The live server


@dataclass
class LiveServer:
    """A gunicorn server running the app on its own copy of the seeded database."""

    url: str
    database_url: str
    log_path: Path
    process: subprocess.Popen[bytes]

    def log_tail(self, lines: int = 60) -> str:
        """The end of the server's log (errors and access lines), for failure messages."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def app(self) -> Flask:
        """An in-process app on the same database, for the url_map and direct queries."""
        return create_app({"TESTING": True, "DATABASE_URL": self.database_url, "SECRET_KEY": "live"})


def start_gunicorn(database_url: str, log_path: Path, workers: int = 2,
                   extra_env: Mapping[str, str] | None = None, options: Sequence[str] = ()) -> LiveServer:
    """Start gunicorn on 127.0.0.1 with a port the OS picks; wait until it answers.

    ``extra_env`` adds settings (a REDIS_URL), ``options`` gunicorn command-line options."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "live-server-test-key",
           "PYTHONUNBUFFERED": "1", "UPLOAD_FOLDER": str(log_path.parent / "uploads")}
    env.pop("REDIS_URL", None)
    env.update(extra_env or {})
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", "127.0.0.1:0",
         "--access-logfile", "-", "--graceful-timeout", "3", "--timeout", "20", *options,
         "tracker:create_app()"],
        # Same process group as the tests: killing a test run (Ctrl-C, a CI timeout) stops it too.
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    log.close()
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}")
        if url is None:
            found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log_path.read_text())
            url = found.group(1) if found else None
        if url is not None:
            try:
                with urllib.request.urlopen(url + "/", timeout=5):
                    return LiveServer(url, database_url, log_path, process)
            except urllib.error.HTTPError:
                return LiveServer(url, database_url, log_path, process)
            except OSError:
                pass
        time.sleep(0.1)
    stop_process(process)
    raise RuntimeError(f"gunicorn did not answer in {SERVER_START_TIMEOUT}s:\n{log_path.read_text()}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn (and its workers) gracefully, then for sure."""
    if process.poll() is not None:
        return
    process.terminate()  # gunicorn's master stops its workers on SIGTERM
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()  # the workers notice their parent is gone and exit
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(databases: Databases, seeded_template: str,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app under gunicorn (2 workers) on a fresh copy of the seeded database, for the session.

    Tests that write must leave the seeded records they read intact (add, don't alter)."""
    url = databases.create(template=seeded_template)
    server = start_gunicorn(url, tmp_path_factory.mktemp("live") / "gunicorn.log")
    try:
        yield server
    finally:
        stop_process(server.process)
        databases.drop(url)


# --------------------------------------------------------------------------------------------
# The browser


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium (Playwright's own download is blocked here)."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make browser-deps` (as root) to install it.")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the session."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageErrors:
    """Uncaught script errors and console errors (CSP violations show up there) of one page."""

    uncaught: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


def new_context(browser: Browser, base_url: str, **options: Any) -> BrowserContext:
    """A fresh context (cookies, storage) with the harness's defaults."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="en-GB", **options)  # type: ignore[arg-type]
    context.set_default_timeout(5_000)
    return context


@pytest.fixture
def page_errors() -> PageErrors:
    """What went wrong in the page's scripts during a test."""
    return PageErrors()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, page_errors: PageErrors) -> Iterator[Page]:
    """A tab on the live server with the app's real CSP; fails the test on an uncaught JS error."""
    context = new_context(browser, live_server.url)
    tab = context.new_page()
    tab.on("pageerror", lambda exc: page_errors.uncaught.append(str(exc)))
    tab.on("console", lambda msg: page_errors.console.append(msg.text) if msg.type == "error" else None)
    try:
        yield tab
    finally:
        context.close()
    assert not page_errors.uncaught, f"uncaught errors in the page: {page_errors.uncaught}"


# --------------------------------------------------------------------------------------------
# Logging in (for the edit forms, once issue 4's login exists)

EDITOR_EMAIL = "browser-admin@example.org"
EDITOR_PASSWORD = "correct horse battery staple"


def route_endpoint(app: Flask, path: str) -> str | None:
    """The endpoint a GET of ``path`` (query string ignored) reaches, or None when unrouted."""
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path.split("?")[0], method="GET")
    except HTTPException:
        return None
    return str(endpoint)


def ensure_admin(app: Flask) -> None:
    """An admin user in the app's database (idempotent)."""
    from tracker.models import User, UserRole
    from tracker.services.access import users

    with app.app_context():
        session = get_session()
        if session.scalar(select(User.id).where(User.email == EDITOR_EMAIL)) is None:
            users.create_user(session, EDITOR_EMAIL, EDITOR_PASSWORD, UserRole.ADMIN)
            session.commit()


def login_in_browser(page: Page, app: Flask) -> bool:
    """Log in through the real form when the app has one; whether it worked."""
    if route_endpoint(app, "/login") is None:
        return False
    ensure_admin(app)
    page.goto("/login")
    form = page.locator("main form").filter(has=page.locator("input[type=password]")).first
    form.locator("input[type=email], input[name=email], input[name=username]").first.fill(EDITOR_EMAIL)
    form.locator("input[type=password]").first.fill(EDITOR_PASSWORD)
    form.locator("button[type=submit], input[type=submit], button:not([type])").first.click()
    page.wait_for_load_state()
    return "/login" not in page.url


def login_form_data(form: str) -> dict[str, str]:
    """The login form's fields filled in: hidden values (the CSRF token) kept, email and password."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'\bname="([^"]*)"', tag)
        if not name:
            continue
        kind = re.search(r'\btype="([^"]*)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        kind_name = kind.group(1) if kind else "text"
        if kind_name == "password":
            data[name.group(1)] = EDITOR_PASSWORD
        elif kind_name in ("email", "text") and re.search(r"email|user|login", name.group(1)):
            data[name.group(1)] = EDITOR_EMAIL
        elif value and kind_name not in ("submit", "checkbox"):
            data[name.group(1)] = html.unescape(value.group(1))
    return data
