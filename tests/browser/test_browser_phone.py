"""At a 390 px phone's width the comparison and the list pages fit, with nothing hidden: no
page scrolls sideways and every cell of the points table is on screen, stacked per version."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
EXCHANGE = re.compile(r"Kishida[–-]Yoon exchange")
LISTS = ("/", "/conflicts", "/speakers", "/outlets", "/events", "/timeline", "/search?q=%E5%B2%B8%E7%94%B0")


def _fits(page: Page) -> None:
    # After a click the heading can be there before the stylesheets are: measure the laid-out page.
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_the_comparison_fits_a_phone_and_the_points_stack_per_version(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/conflicts")
    page.get_by_role("main").get_by_role("link", name=EXCHANGE).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(EXCHANGE)
    _fits(page)
    cells = page.locator("table.points td")
    assert cells.count() >= 2
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, i
    # Each stacked cell says which version it belongs to.
    label = cells.first.evaluate("td => getComputedStyle(td, '::before').content")
    assert re.match(r'^"\d+\. ', label), label
    for cell in page.locator("table.appeared td").all():
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"] + 0.5


@pytest.mark.parametrize("path", LISTS)
def test_list_pages_fit_a_phone(page: Page, path: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(path)
    _fits(page)
