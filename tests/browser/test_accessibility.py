"""axe-core reports no violations on any page type, in a real Chromium against the live server.

The same discovery as the HTML check (url_map + JSON API); axe.min.js is injected with
Playwright, in a context that bypasses the app's CSP (script-src 'self' forbids the injected
script, not the page's own). Pages are checked as a reader sees them, then the edit forms as a
logged-in admin once issue 4's login exists."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from tests.browser.harness import LiveServer, login_in_browser, new_context
from tests.page_checks import (
    REQUEST_TIMEOUT,
    TIMED_OUT,
    Fetch,
    discover_pages,
    format_axe,
    http_fetch,
    run_axe,
)


def _check(page: Page, paths: list[str]) -> tuple[list[str], list[str]]:
    clean, failures = [], []
    for path in paths:
        try:
            page.goto(path, timeout=REQUEST_TIMEOUT * 1000)
            violations = run_axe(page)
        except PlaywrightError as error:
            failures.append(f"{path}:\n  could not be checked: {str(error).splitlines()[0]}")
            continue
        if violations:
            failures.append(format_axe(path, violations))
        else:
            clean.append(path)
    return clean, failures


@pytest.mark.browser
def test_no_axe_violations_on_any_page(browser: Browser, live_server: LiveServer) -> None:
    app = live_server.app()
    found = discover_pages(app, http_fetch(live_server.url))
    print(found.report())
    reader_paths = [p.case.path for p in found.pages]
    context = new_context(browser, live_server.url, bypass_csp=True)
    try:
        page = context.new_page()
        clean, failures = _check(page, reader_paths)
        if login_in_browser(page, app):
            # The pages that sent a reader to the login form: the edit forms.
            fetch = _browser_fetch(page)
            extra = []
            for path in found.redirects:
                status, content_type, _ = fetch(path)
                if status >= 500:
                    found.server_errors.append(f"{path} (logged in): {status}")
                elif status == 200 and content_type.startswith("text/html"):
                    extra.append(path)
            more_clean, more_failures = _check(page, extra)
            clean += more_clean
            failures += more_failures
        else:
            print("no login form yet: edit forms not checked")
    finally:
        context.close()
        app.extensions["engine"].dispose()
    print("no violations:", ", ".join(clean))
    problems = []
    if found.server_errors:
        problems.append("pages answered with a server error:\n  " + "\n  ".join(found.server_errors)
                        + "\n--- server log ---\n" + live_server.log_tail())
    if failures:
        problems.append(f"axe-core found violations on {len(failures)} page(s):\n" + "\n".join(failures))
    assert not problems, "\n\n".join(problems)


def _browser_fetch(page: Page) -> Fetch:
    """Fetch with the browser's cookies (logged in), time-limited like HttpClient."""

    def fetch(path: str) -> tuple[int, str, str]:
        try:
            response = page.request.get(path, headers={"Accept": "text/html"}, max_redirects=0,
                                        timeout=REQUEST_TIMEOUT * 1000)
        except PlaywrightError:
            return TIMED_OUT, "", "no answer in time"
        return response.status, response.headers.get("content-type", ""), response.text()

    return fetch
