"""Users and tokens in a real Chromium, on their own live server: an admin adds a user and
deactivates them; creates an API token (shown once) and revokes it. The populated pages (with
rows, forms, a flashed message and a new token) are valid HTML and axe-clean."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.harness import LiveServer, new_context
from tests.browser.steps import log_in
from tests.page_checks import format_axe, run_axe, run_vnu

pytestmark = pytest.mark.browser


def _quality(page: Page, tmp_path: Path, name: str) -> list[str]:
    """axe violations of the page as it is now; its HTML is saved for one Nu checker run later."""
    (tmp_path / f"{name}.html").write_text(page.content(), encoding="utf-8")
    violations = run_axe(page)
    return [format_axe(name, violations)] if violations else []


def test_admin_manages_users_and_tokens(browser: Browser, fresh_server: LiveServer, tmp_path: Path) -> None:
    # axe is injected as a script, so this context bypasses the CSP (as test_accessibility does).
    context = new_context(browser, fresh_server.url, bypass_csp=True)
    try:
        _journey(context.new_page(), fresh_server, tmp_path)
    finally:
        context.close()


def _journey(page: Page, fresh_server: LiveServer, tmp_path: Path) -> None:
    log_in(page, fresh_server)
    email = f"reporter-{uuid.uuid4().hex[:6]}@example.org"
    page.get_by_role("link", name="Users").click()
    form = page.get_by_role("form", name="Add a user")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Role").select_option("editor")
    form.get_by_label("Initial password").fill("initial password 1")
    form.get_by_role("button", name="Add the user").click()
    expect(page.get_by_role("status")).to_contain_text(f"Created editor {email}")
    row = page.get_by_role("row").filter(has_text=email)
    expect(row).to_contain_text("active")
    problems = _quality(page, tmp_path, "admin-users")
    page.get_by_role("button", name=f"Deactivate {email}").click()
    expect(page.get_by_role("status")).to_contain_text("is deactivated")
    expect(page.get_by_role("row").filter(has_text=email)).to_contain_text("deactivated")
    expect(page.get_by_role("main")).to_contain_text(f"deactivated {email}")

    page.get_by_role("link", name="Your account", exact=True).click()
    page.get_by_label("Token name").fill("browser test script")
    page.get_by_role("button", name="Create a token").click()
    token = page.get_by_label("Token", exact=True)
    expect(token).to_have_value(re.compile(r"^cqt_"))
    problems += _quality(page, tmp_path, "account-new-token")
    page.get_by_role("button", name="Revoke the token browser test script").click()
    expect(page.get_by_role("status")).to_contain_text("Revoked the token")
    expect(page.get_by_role("row").filter(has_text="browser test script")).to_contain_text("revoked")
    expect(page.get_by_label("Token", exact=True)).to_have_count(0)  # never shown again
    problems += [f"{m.get('url', '').rsplit('/', 1)[-1]} line {m.get('lastLine')}: {m.get('message')}"
                 for m in run_vnu(sorted(tmp_path.glob("*.html")))]
    assert not problems, "\n".join(problems)
