"""From article to statements in a real Chromium: paste an article, review the proposals (at
phone width too), fix a bad date, accept, and follow the passage between article and statement.

The article is one this test creates (a unique key), so seeded records stay as they are."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import LiveServer, login_in_browser
from tracker.services.editing import edits
from tracker.web.database import get_session

pytestmark = pytest.mark.browser


def _new_article(live_server: LiveServer) -> tuple[int, str]:
    app = live_server.app()
    name = f"Browserperson {uuid.uuid4().hex[:6]}"
    try:
        with app.app_context():
            session = get_session()
            article = edits.save(
                session,
                "article",
                {
                    "key": f"browser-article-{uuid.uuid4().hex[:8]}",
                    "title": f"Talks with {name}",
                    "published": "2022-06-30",
                },
            )
            session.commit()
            article_id = int(article.id)
    finally:
        app.extensions["engine"].dispose()
    return article_id, name


def test_paste_review_and_accept_a_proposal(page: Page, live_server: LiveServer) -> None:
    article_id, name = _new_article(live_server)
    app = live_server.app()
    try:
        assert login_in_browser(page, app), page.url
    finally:
        app.extensions["engine"].dispose()
    page.goto(f"/articles/{article_id}")
    page.get_by_role("link", name="Add statements from the article's text").click()
    text = (
        f"“We will rebuild the bridge before winter,” said {name}, the mayor, on the 28th.\n\n"
        "Yin Xiyue told reporters that a new partnership would be signed in the second half of the year."
    )
    page.get_by_label("Paste the article's text").fill(text)
    page.get_by_role("button", name="Save the text and propose statements").click()
    expect(page).to_have_url(re.compile(rf"/articles/{article_id}/proposals$"))
    first = page.get_by_role("region", name="Proposal 1")
    expect(first.locator("mark.speaker")).to_have_text(name)
    expect(first.locator("mark.content")).to_have_text("We will rebuild the bridge before winter")
    expect(first.get_by_label("Said (YYYY, YYYY-MM or YYYY-MM-DD)")).to_have_value("2022-06-28")
    second = page.get_by_role("region", name="Proposal 2")
    expect(second.get_by_label(re.compile("Speaker .in the tracker"))).to_have_value("Yoon Suk-yeol")

    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the review page is {width}px wide at phone width"
    page.set_viewport_size({"width": 1280, "height": 900})

    first.get_by_label("Said (YYYY, YYYY-MM or YYYY-MM-DD)").fill("June 28")
    first.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("alert")).to_contain_text("said")
    first = page.get_by_role("region", name="Proposal 1")
    expect(first.get_by_label("Said (YYYY, YYYY-MM or YYYY-MM-DD)")).to_have_value("June 28")
    first.get_by_label("Said (YYYY, YYYY-MM or YYYY-MM-DD)").fill("2022-06-28")
    first.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text(f"Recorded: {name}")
    expect(page.locator("section.proposal")).to_have_count(1)

    page.goto(f"/articles/{article_id}")
    passage = page.locator(".article-text a")
    expect(passage).to_have_text("We will rebuild the bridge before winter")
    passage.click()
    expect(page).to_have_url(re.compile(r"/statements/\d+#account-\d+$"))
    page.get_by_role("link", name="The passage in the article").click()
    expect(page).to_have_url(re.compile(rf"/articles/{article_id}#passage-\d+$"))
