"""An editor at work in a real Chromium (issue 4's browser journeys, the part that can run on the
shared live server without altering seeded records): log in, add a statement for a new speaker,
bad input shown as clear errors with what was typed kept, markup harmlessly escaped, edit and
restore from the history, and a stale form refused with both versions shown.

Every record these tests touch is one they created (names carry a unique suffix)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.harness import LiveServer, login_in_browser, new_context
from tests.browser.steps import add_statement

pytestmark = pytest.mark.browser


def _login(page: Page, live_server: LiveServer) -> None:
    app = live_server.app()
    try:
        assert login_in_browser(page, app), f"could not log in; now at {page.url}"
    finally:
        app.extensions["engine"].dispose()
    expect(page.get_by_role("button", name=re.compile("Log out", re.I))
           .or_(page.get_by_role("link", name=re.compile("Log out", re.I))).first).to_be_visible()


def _new_statement(page: Page, speaker: str, wording: str, said: str = "2022-06-28") -> str:
    """Add a statement through the form (a new speaker when asked); its edit URL."""
    return f"/statements/{add_statement(page, speaker, wording, said)}/edit"


def test_editor_adds_a_statement_for_a_new_speaker(page: Page, live_server: LiveServer) -> None:
    _login(page, live_server)
    name = f"Browser Testperson {uuid.uuid4().hex[:6]}"
    _new_statement(page, name, "We will meet again in Madrid.")
    expect(page.get_by_role("main")).to_contain_text("We will meet again in Madrid.")
    page.goto(f"/speakers?q={name.replace(' ', '+')}")
    page.get_by_role("main").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_role("main")).to_contain_text("We will meet again in Madrid.")


def test_bad_input_is_explained_next_to_the_field_and_kept(page: Page, live_server: LiveServer) -> None:
    _login(page, live_server)
    form = page.get_by_role("main")
    # Empty wording (the date is fine).
    page.goto("/statements/new")
    form.get_by_label("Speaker", exact=True).fill("Yoon Suk-yeol")
    form.get_by_label("Said on").fill("2022-06-28")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_label("Wording")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("Speaker", exact=True)).to_have_value("Yoon Suk-yeol")
    # An impossible date (the wording is fine): an error in words, what was typed kept.
    page.goto("/statements/new")
    form.get_by_label("Speaker", exact=True).fill("Yoon Suk-yeol")
    form.get_by_label("Wording").fill("A wording that must not be lost.")
    form.get_by_label("Said on").fill("2022-13-45")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_label("Said on")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("Said on")).to_have_value("2022-13-45")
    expect(form.get_by_label("Wording")).to_have_value("A wording that must not be lost.")
    expect(form.locator(".error").first).to_contain_text("13")
    # A 100 kB wording: refused with a message, never a server error.
    page.goto("/statements/new")
    form.get_by_label("Speaker", exact=True).fill("Yoon Suk-yeol")
    form.get_by_label("Wording").fill("x" * 100_000)
    form.get_by_label("Said on").fill("2022-06-28")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_label("Wording")).to_have_attribute("aria-invalid", "true")


def test_markup_in_every_field_is_shown_as_text(page: Page, live_server: LiveServer) -> None:
    _login(page, live_server)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    evil = f"<script>alert('x')</script><b>bold</b> {uuid.uuid4().hex[:6]}"
    _new_statement(page, f"<img src=x onerror=alert(1)> {uuid.uuid4().hex[:6]}", evil)
    expect(page.get_by_role("main").get_by_text(evil).first).to_be_visible()
    assert page.locator("main b", has_text="bold").count() == 0
    assert not dialogs, dialogs


def _edit_wording(page: Page, text: str) -> None:
    page.get_by_role("main").get_by_label("Wording").fill(text)
    page.get_by_role("main").get_by_role("button", name="Save").click()


def test_edit_then_restore_the_earlier_version_from_the_history(page: Page, live_server: LiveServer) -> None:
    _login(page, live_server)
    original = f"First wording {uuid.uuid4().hex[:6]}"
    edit_url = _new_statement(page, f"Browser Historian {uuid.uuid4().hex[:6]}", original)
    page.goto(edit_url)
    _edit_wording(page, original.replace("First", "Second"))
    expect(page.get_by_role("main")).to_contain_text(original.replace("First", "Second"))

    page.goto(edit_url)  # the edit form links to the record's history
    page.get_by_role("main").get_by_role("link", name=re.compile("History", re.I)).first.click()
    expect(page.get_by_role("main")).to_contain_text(original)
    page.get_by_role("button", name=re.compile("Restore the version before this change")).first.click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("Restored", re.I))
    expect(page.get_by_role("main")).to_contain_text(original)


def test_a_stale_form_is_refused_showing_both_versions(
        browser: Browser, page: Page, live_server: LiveServer) -> None:
    _login(page, live_server)
    edit_url = _new_statement(page, f"Browser Twin {uuid.uuid4().hex[:6]}",
                              "The version both editors opened.")
    page.goto(edit_url)

    other = new_context(browser, live_server.url)
    try:
        second = other.new_page()
        _login(second, live_server)
        second.goto(edit_url)
        _edit_wording(second, "Saved first by the other editor.")
        expect(second.get_by_role("main")).to_contain_text("Saved first by the other editor.")
    finally:
        other.close()

    _edit_wording(page, "Saved second, over a changed record.")
    main = page.get_by_role("main")
    expect(main.get_by_role("alert").or_(main.locator(".stale")).first).to_be_visible()
    expect(main).to_contain_text("Saved first by the other editor.")
    expect(main.get_by_label("Wording")).to_have_value("Saved second, over a changed record.")
