"""The journey issue 12 asks for, in a real Chromium: a two-language conflict (two
governments' readouts of one meeting, one in Chinese) entered from nothing through the forms,
starting from the editor's "Add" links, with dates typed as people type them; then a reader,
logged out, finds it by searching in Chinese and sees each version in its own words."""

from __future__ import annotations

import random
import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.harness import LiveServer, login_in_browser, new_context

pytestmark = pytest.mark.browser


def _cjk_word() -> str:
    """Two CJK characters no seed statement is likely to hold together (a fresh search word)."""
    return "".join(chr(random.randint(0x5000, 0x7FFF)) for _ in range(2))  # noqa: S311


def _account(page: Page, narrator: str, wording: str, **own: str) -> None:
    main = page.get_by_role("main")
    main.get_by_role("link", name="Add an account").click()
    main.get_by_label("Told by (narrator)").fill(narrator)
    main.get_by_label("If new: kind of narrator").select_option("organization")
    main.get_by_label("If new: country (two letters)").first.fill(own.pop("country"))
    main.get_by_label("Outlet (created if new)").fill(own.pop("outlet"))
    main.get_by_label("If new: kind of outlet").select_option("government")
    main.get_by_label("Published on").fill(own.pop("published"))
    expect(main.locator("#published-preview")).to_contain_text("Read as")
    main.get_by_label("Wording in this account").fill(wording)
    main.get_by_label("Stance").select_option("differs")
    for label, value in own.items():
        main.get_by_label(label).fill(value)
    main.get_by_role("button", name="Save").click()
    create_new = main.get_by_label(re.compile("create a new speaker"))
    if create_new.count():
        create_new.check()
        main.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved the account.")


def test_a_two_language_conflict_entered_through_the_forms_and_found_in_chinese(
        page: Page, browser: Browser, live_server: LiveServer) -> None:
    app = live_server.app()
    try:
        assert login_in_browser(page, app), page.url
    finally:
        app.extensions["engine"].dispose()
    tag, word = uuid.uuid4().hex[:6], _cjk_word()
    chinese = f"双方就{word}问题交换了意见"
    main = page.get_by_role("main")

    page.get_by_role("navigation", name="Add a record").get_by_role("link", name="a statement").click()
    main.get_by_label("Speaker", exact=True).fill(f"Journey Foreign Minister {tag}")
    main.get_by_label("If new: kind of speaker").select_option("person")
    main.get_by_label("If new: country (two letters)").fill("CN")
    main.get_by_label("Wording").fill("The two ministers exchanged views.")
    main.get_by_label("Said on").fill("15 Nov 2021")
    main.get_by_role("button", name="Save").click()
    create_new = main.get_by_label(re.compile("create a new speaker"))
    if create_new.count():
        create_new.check()
        main.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved the statement.")
    expect(main).to_contain_text("15 November 2021")

    _account(page, f"Journey Chinese Ministry {tag}", "The two sides exchanged views on the question.",
             country="CN", outlet=f"Journey Ministry Site {tag}", published="2021年11月16日",
             **{"Language of this version": "zh", "This version in its own language": chinese,
                "Translated by": "Journey desk"})
    _account(page, f"Journey Other Office {tag}", "They talked briefly; nothing was agreed.",
             country="US", outlet=f"Journey Office Site {tag}", published="November 16, 2021")

    main.get_by_role("link", name="Mark a conflict").click()
    main.get_by_label("Title").fill(f"Two readouts {tag}")
    for box in main.get_by_role("checkbox").all():
        if "Account by Journey" in (box.evaluate("b => b.labels[0].textContent") or ""):
            box.check()
    main.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Two readouts {tag}")

    reader = new_context(browser, live_server.url).new_page()
    try:
        reader.goto("/search")
        reader.get_by_role("main").get_by_role("searchbox").first.fill(word)
        reader.get_by_role("main").get_by_role("searchbox").first.press("Enter")
        hits = reader.get_by_role("main").locator("ol.search-hits")
        expect(hits).to_contain_text(f"Journey Foreign Minister {tag}")
        expect(hits.locator("mark").first).to_have_text(word)
        hits.get_by_role("link", name=f"Journey Foreign Minister {tag}").first.click()
        expect(reader.locator("p.original[lang=zh]")).to_have_text(chinese)
        reader.get_by_role("main").get_by_role("link", name=re.compile(f"Two readouts {tag}")).first.click()
        expect(reader.locator(".version p.original[lang=zh]")).to_have_text(chinese)
        reader.get_by_role("link", name="Original only").click()
        expect(reader.locator(".version .version-wording")).to_have_count(1)  # the English-only version
    finally:
        reader.context.close()
