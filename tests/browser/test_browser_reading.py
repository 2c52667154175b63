"""A newcomer reading the tracker in a real Chromium (issue 3's "done when"):

find Yoon Suk-yeol by typing "Yin Xiyue", read his statements on a timeline, open the Kishida
exchange and see both governments' versions side by side with the differences marked, and
search in Korean and Japanese script. Selectors are roles, labels and text, not markup details.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.harness import LiveServer, new_context
from tracker.services.data import seeding
from tracker.web.database import get_session

pytestmark = pytest.mark.browser

KR_VERSION = "I know you are working hard for Japan South Korea relations"
JP_VERSION = "quite different from the facts"
EXCHANGE = re.compile(r"Kishida[–-]Yoon exchange")

# The seeds carry no statement worded in CJK script, so the search journey adds two (new keys;
# nothing seeded is altered) through the same loader as `flask seed`, which indexes them.
CJK_STATEMENTS = {
    "statements": [
        {"key": "browser-test-ja", "speaker": "fumio-kishida", "said": "2022-06-30",
         "said_precision": "day", "kind": "direct_quote", "language": "ja",
         "wording": "岸田首相は日韓関係を健全な関係に戻したいと述べた"},
        {"key": "browser-test-ko", "speaker": "yoon-suk-yeol", "said": "2022-06-30",
         "said_precision": "day", "kind": "direct_quote", "language": "ko",
         "wording": "윤석열 대통령은 나토 정상회의에서 가치 연대를 강조했다"},
    ]
}


@pytest.fixture(scope="module")
def cjk_statements(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Two statements worded in Japanese and Korean, in the live server's database."""
    document = tmp_path_factory.mktemp("cjk") / "99-browser-cjk.json"
    document.write_text(json.dumps(CJK_STATEMENTS, ensure_ascii=False), encoding="utf-8")
    app = live_server.app()
    with app.app_context():
        seeding.load_files(get_session(), [Path(document)])
    app.extensions["engine"].dispose()
    yield


def main(page: Page) -> Locator:
    """The page's main region."""
    return page.get_by_role("main")


def text_field(region: Locator, label: re.Pattern[str]) -> Locator:
    """The search box of a form, by role or by its label."""
    return region.get_by_role("searchbox").or_(region.get_by_label(label)).first


def test_newcomer_finds_yoon_by_his_chinese_reading_and_reads_his_timeline(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Speakers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Speakers")

    box = text_field(main(page), re.compile(r"name|alias", re.I))
    box.fill("Yin Xiyue")
    box.press("Enter")
    yoon = main(page).get_by_role("link", name=re.compile("Yoon Suk-yeol"))
    expect(yoon).to_have_count(1)
    expect(main(page).get_by_role("link", name=re.compile("Fumio Kishida"))).to_have_count(0)

    yoon.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Yoon Suk-yeol")
    expect(main(page)).to_contain_text("Yin Xiyue")  # his names and aliases
    expect(main(page)).to_contain_text("윤석열")
    expect(main(page)).to_contain_text("President of South Korea")  # his roles
    # His statements, with their dates, on the timeline (a list and a server-rendered SVG).
    expect(main(page).get_by_text("A new South Korea–NATO partnership will be signed").first).to_be_visible()
    expect(main(page).locator("time").first).to_be_visible()
    expect(main(page).locator("svg").first).to_be_visible()


def _said_dates(page: Page) -> list[tuple[int, int, int]]:
    """The first date of each item of the page's ordered list(s); a month or a year stands for
    the last day of its period, where it sorts (services/input/dates.py ``sort_day``)."""
    raw: list[str] = main(page).locator("ol > li").evaluate_all(
        "els => els.map(e => e.querySelector('time[datetime]')).filter(t => t)"
        ".map(t => t.getAttribute('datetime'))")
    dates = []
    for value in raw:
        parts = [int(p) for p in re.findall(r"\d+", value)[:3]]
        year, month = parts[0], parts[1] if len(parts) > 1 else 12
        day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
        dates.append((year, month, day))
    return dates


def test_timeline_shows_statements_in_date_order_and_filters_by_speaker(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Timeline")
    expect(main(page)).to_contain_text("Yoon Suk-yeol")
    expect(main(page)).to_contain_text("Fumio Kishida")
    dates = _said_dates(page)
    assert len(dates) >= 5, dates
    assert dates == sorted(dates), "the timeline reads oldest first"

    main(page).get_by_label(re.compile(r"^Speakers?$")).select_option(label="Yoon Suk-yeol")
    main(page).get_by_role("button", name=re.compile("Filter|Apply|Show", re.I)).click()
    items = main(page).locator("ol > li")
    expect(items.first).to_contain_text("Yoon Suk-yeol")
    texts = items.all_inner_texts()
    assert len(texts) >= 3, texts
    for text in texts:
        assert "Yoon Suk-yeol" in text, text


def _side_by_side(first: Locator, second: Locator) -> bool:
    """Whether some occurrence of the first text sits beside some occurrence of the second."""
    for one in first.all():
        for other in second.all():
            a, b = one.bounding_box(), other.bounding_box()
            if not a or not b:
                continue
            overlap_vertically = a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]
            if overlap_vertically and abs(a["x"] - b["x"]) > 100:
                return True
    return False


def test_kishida_exchange_shows_both_governments_side_by_side_with_differences(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Conflicts").click()
    main(page).get_by_role("link", name=EXCHANGE).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(EXCHANGE)

    seoul = main(page).get_by_text(KR_VERSION)
    tokyo = main(page).get_by_text(JP_VERSION)
    expect(seoul.first).to_be_visible()
    expect(tokyo.first).to_be_visible()
    expect(main(page)).to_contain_text("Office of the President of South Korea")
    expect(main(page)).to_contain_text("Japanese Foreign Ministry officials")
    assert _side_by_side(seoul, tokyo), "the two governments' versions are not side by side"

    # Word-level differences are marked, and the points of disagreement are a table.
    marks = main(page).locator("mark, ins, del")
    expect(marks.first).to_be_visible()
    points = main(page).get_by_role("table").filter(has_text="Who initiated the exchange")
    expect(points).to_be_visible()
    expect(points).to_contain_text("What Kishida said")


def test_comparison_page_is_complete_without_javascript(browser: Browser, live_server: LiveServer) -> None:
    context = new_context(browser, live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/conflicts")
        main(page).get_by_role("link", name=EXCHANGE).first.click()
        expect(main(page).get_by_text(KR_VERSION).first).to_be_visible()
        expect(main(page).get_by_text(JP_VERSION).first).to_be_visible()
        expect(main(page).locator("mark, ins, del").first).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize(("query", "expected"), [
    ("岸田", "岸田首相は日韓関係"),       # Japanese: a two-character name
    ("日韓", "日韓関係を健全な関係"),     # Japanese: a two-character word
    ("윤석열", "윤석열 대통령은"),        # Korean (Hangul)
    ("나토", "나토 정상회의에서"),        # Korean: a two-syllable word
])
def test_search_finds_statements_in_korean_and_japanese_script(
        page: Page, cjk_statements: None, query: str, expected: str) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    box = text_field(main(page), re.compile(r"search|words|query", re.I))
    box.fill(query)
    box.press("Enter")
    expect(main(page).get_by_text(expected).first).to_be_visible()
    expect(main(page).locator("mark").first).to_be_visible()
    marked = main(page).locator("mark").all_inner_texts()
    assert any(set(m) & set(query) for m in marked), f"{query} not highlighted: {marked}"


def test_search_from_the_home_page_finds_latin_text(page: Page) -> None:
    page.goto("/")
    box = text_field(main(page), re.compile(r"search", re.I))
    box.fill("Kishida")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?.*q=Kishida"))
    expect(main(page).get_by_text(KR_VERSION).first).to_be_visible()
