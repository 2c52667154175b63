"""Issue 4's browser journeys that change shared records, each on its own live server and fresh
database: two accounts of one statement from different outlets (one created inline) marked as a
conflict and compared side by side; two speakers merged by an admin, and the merge undone."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import LiveServer
from tests.browser.steps import add_statement, log_in, speaker_id_on_statement_page

pytestmark = pytest.mark.browser


def _add_account(page: Page, statement_id: int, *, narrator: str, outlet: str, title: str,
                 published: str, wording: str, stance: str) -> None:
    page.goto(f"/statements/{statement_id}")
    page.get_by_role("main").get_by_role("link", name="Add an account").click()
    form = page.get_by_role("main")
    form.get_by_label("Told by (narrator)").fill(narrator)
    form.get_by_label("Outlet (created if new)").fill(outlet)
    form.get_by_label("Article title").fill(title)
    form.get_by_label("Published on").fill(published)
    form.get_by_label("Wording in this account").fill(wording)
    form.get_by_label("Stance").select_option(stance)
    form.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(rf"/statements/{statement_id}$"))
    expect(page.get_by_role("status")).to_contain_text("Saved the account.")


def test_two_accounts_marked_as_a_conflict_and_compared(fresh_page: Page, fresh_server: LiveServer) -> None:
    page = fresh_page
    log_in(page, fresh_server)
    tag = uuid.uuid4().hex[:6]
    speaker = f"Conflict Speaker {tag}"
    statement_id = add_statement(page, speaker, "We agreed to meet in Madrid next week.")

    new_outlet = f"Browser Daily {tag}"
    _add_account(page, statement_id, narrator=speaker, outlet=new_outlet, title="Leaders to meet in Madrid",
                 published="2022-06-29", wording="We agreed to meet in Madrid next week.", stance="affirms")
    _add_account(page, statement_id, narrator="", outlet="Yonhap News Agency",
                 title="Meeting in Madrid not confirmed", published="2022-06-30",
                 wording="We may perhaps meet in Madrid at some point.", stance="differs")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name=re.compile(f"in {new_outlet}"))).to_be_visible()
    expect(main.get_by_role("heading", name=re.compile("in Yonhap News Agency"))).to_be_visible()

    main.get_by_role("link", name="Mark a conflict").click()
    form = page.get_by_role("main")
    form.get_by_label("Title").fill(f"Madrid meeting: agreed or possible? {tag}")
    form.get_by_label("Summary").fill("One outlet reports an agreement, the other only a possibility.")
    form.get_by_label(re.compile(f"^Account by .* in {new_outlet}")).check()
    form.get_by_label(re.compile("^Account by .* in Yonhap News Agency")).check()
    form.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/conflicts/\d+$"))
    expect(page.get_by_role("status")).to_contain_text("Saved the conflict.")

    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Madrid meeting: agreed or possible? {tag}")
    region = main.get_by_role("region", name=re.compile("Versions side by side"))
    columns = region.locator(".compare-columns > li")
    expect(columns).to_have_count(2)
    expect(columns.nth(0)).to_contain_text("We agreed to meet in Madrid next week.")
    expect(columns.nth(1)).to_contain_text("We may perhaps meet in Madrid at some point.")
    expect(columns.nth(0)).to_contain_text(new_outlet)
    expect(columns.nth(1)).to_contain_text("Yonhap News Agency")
    # The word-level differences are marked: struck in one version, underlined in the other.
    diff = main.locator(".diff-pair")
    expect(diff.locator("del").first).to_be_visible()
    expect(diff.locator("ins").first).to_be_visible()
    expect(diff.locator("del", has_text="agreed")).to_have_count(1)
    expect(diff.locator("ins", has_text="perhaps")).to_have_count(1)


def test_admin_merges_two_speakers_and_undoes_it(fresh_page: Page, fresh_server: LiveServer) -> None:
    page = fresh_page
    log_in(page, fresh_server)
    keeper, duplicate = f"Keeperson {uuid.uuid4().hex[:6]}", f"Dupington {uuid.uuid4().hex[:6]}"
    add_statement(page, keeper, "Said under the name we keep.")
    keep_id = speaker_id_on_statement_page(page, keeper)
    add_statement(page, duplicate, "Said under the duplicate name.")
    other_id = speaker_id_on_statement_page(page, duplicate)

    page.goto(f"/speakers/{other_id}")
    page.get_by_role("main").get_by_role("link", name="Merge into another speaker").click()
    page.get_by_role("main").get_by_label(re.compile("Keep this speaker")).fill(str(keep_id))
    page.get_by_role("main").get_by_role("button", name="Merge").click()
    expect(page).to_have_url(re.compile(rf"/speakers/{keep_id}$"))
    expect(page.get_by_role("status")).to_contain_text(f"Merged {duplicate} into {keeper}")
    main = page.get_by_role("main")
    expect(main.get_by_role("table", name=f"Other names for {keeper}")).to_contain_text(duplicate)
    expect(main).to_contain_text("Said under the duplicate name.")

    page.goto(f"/speakers/{other_id}")  # the merged speaker's old URL redirects to the kept one
    expect(page).to_have_url(re.compile(rf"/speakers/{keep_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(keeper)

    page.goto(f"/speakers/{other_id}/history")
    expect(page.get_by_role("main")).to_contain_text(f"merged {duplicate}")
    page.get_by_role("button", name="Undo the merge").click()
    expect(page.get_by_role("status")).to_contain_text("Undid the merge")
    page.goto(f"/speakers/{other_id}")
    expect(page).to_have_url(re.compile(rf"/speakers/{other_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(duplicate)
    expect(page.get_by_role("main")).to_contain_text("Said under the duplicate name.")
    page.goto(f"/speakers/{keep_id}")
    expect(page.get_by_role("main")).not_to_contain_text(duplicate)
