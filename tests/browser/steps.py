"""A live server of one's own: browser journeys that alter data (merging speakers, marking
conflicts) run against their own gunicorn on their own fresh copy of the seeded database, so the
shared ``live_server`` other browser tests read from is never disturbed.

The root conftest loads the fixtures (``pytest_plugins``); the helpers (logging in, adding a
statement) are imported (hence PYTEST_DONT_REWRITE).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.harness import (
    LiveServer,
    PageErrors,
    login_in_browser,
    new_context,
    start_gunicorn,
    stop_process,
)
from tests.databases import Databases


@pytest.fixture
def fresh_server(databases: Databases, seeded_template: str,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """gunicorn (2 workers) on a fresh copy of the seeded database, for one test only."""
    url = databases.create(template=seeded_template)
    try:
        server = start_gunicorn(url, tmp_path_factory.mktemp("fresh") / "gunicorn.log")
    except BaseException:
        databases.drop(url)
        raise
    try:
        yield server
    finally:
        stop_process(server.process)
        databases.drop(url)


@pytest.fixture
def fresh_page(browser: Browser, fresh_server: LiveServer, page_errors: PageErrors) -> Iterator[Page]:
    """A tab on the test's own server; fails the test on an uncaught script error."""
    context = new_context(browser, fresh_server.url)
    tab = context.new_page()
    tab.on("pageerror", lambda exc: page_errors.uncaught.append(str(exc)))
    try:
        yield tab
    finally:
        context.close()
    assert not page_errors.uncaught, f"uncaught errors in the page: {page_errors.uncaught}"


def log_in(page: Page, server: LiveServer) -> None:
    """Log in as the harness's admin through the real form."""
    app = server.app()
    try:
        assert login_in_browser(page, app), f"could not log in; now at {page.url}"
    finally:
        app.extensions["engine"].dispose()
    expect(page.get_by_role("button", name=re.compile("Log out", re.I))).to_be_visible()


def add_statement(page: Page, speaker: str, wording: str, said: str = "2022-06-28") -> int:
    """Add a statement through the form (confirming a new speaker when asked); its id."""
    page.goto("/statements/new")
    main = page.get_by_role("main")
    main.get_by_label("Speaker", exact=True).fill(speaker)
    main.get_by_label("Wording").fill(wording)
    main.get_by_label("Said on").fill(said)
    main.get_by_role("button", name="Save").click()
    create_new = main.get_by_label(re.compile("create a new speaker"))
    if create_new.count():
        create_new.check()
        main.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/statements/\d+$"))
    expect(page.get_by_role("status")).to_contain_text("Saved the statement.")
    found = re.search(r"/statements/(\d+)$", page.url)
    assert found, page.url
    return int(found.group(1))


def speaker_id_on_statement_page(page: Page, name: str) -> int:
    """The speaker's id, from the statement page's breadcrumb."""
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    href = crumbs.get_by_role("link", name=name).get_attribute("href")
    found = re.search(r"/speakers/(\d+)", href or "")
    assert found, href
    return int(found.group(1))
