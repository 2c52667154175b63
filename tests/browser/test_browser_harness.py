"""The harness itself: the live server is gunicorn with its security headers, and axe-core
really reports violations (so a green accessibility test means something)."""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import Browser

from tests.browser.harness import LiveServer, new_context
from tests.page_checks import run_axe

pytestmark = pytest.mark.browser


def test_live_server_is_gunicorn_with_the_app_headers(live_server: LiveServer) -> None:
    with urllib.request.urlopen(live_server.url + "/", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Server"].startswith("gunicorn")
        assert "object-src 'none'" in response.headers["Content-Security-Policy"]


def test_axe_reports_violations_on_a_bad_page(browser: Browser, live_server: LiveServer) -> None:
    context = new_context(browser, live_server.url, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/")
        page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
        rules = {v["id"] for v in run_axe(page)}
        assert {"image-alt", "label", "html-has-lang"} <= rules, rules
    finally:
        context.close()
