"""At a 390 px phone's width the comparison and the list pages fit, with nothing hidden: no
page scrolls sideways and every cell of the points table is on screen, stacked per version.
An editor uploads a file there too and follows an import's progress bar to its summary."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from sqlalchemy import update

from tests.browser.harness import LiveServer
from tests.browser.steps import log_in
from tests.services.imports.helpers import FIXTURES, csv_rows, queue_job
from tracker.models import ImportJob
from tracker.services.imports.progress import LiveProgress, job_folder
from tracker.services.imports.runner import run_job
from tracker.web.database import get_session

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


def test_an_upload_at_phone_width_follows_its_progress_to_the_summary(page: Page,
                                                                      live_server: LiveServer) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_server)
    page.goto("/imports")
    _fits(page)
    page.get_by_label("File").set_input_files({"name": "取材メモ.csv", "mimeType": "text/csv",
                                               "buffer": (FIXTURES / "tracker_bad.csv").read_bytes()})
    page.get_by_label(re.compile("Skip bad records")).check()
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("heading", name="Status: done")).to_be_visible()
    expect(page.locator("table.rejected")).to_contain_text("refers to speaker")
    _fits(page)

    # A running import, its progress written as the worker writes it: the bar follows, and the
    # page turns into the summary once the job has run.
    app = live_server.app()
    app.config["UPLOAD_FOLDER"] = str(live_server.log_path.parent / "uploads")
    try:
        job_id = queue_job(app, csv_rows(3, prefix="phone"), "phone.csv")
        folder = job_folder(live_server.log_path.parent / "uploads", job_id)
        with app.app_context():
            get_session().execute(update(ImportJob).where(ImportJob.id == job_id).values(status="running"))
            get_session().commit()
        live = LiveProgress(folder)
        live.start(200)
        live.add(50)
        live.flush()
        page.goto(f"/imports/{job_id}")
        expect(page.locator("#import-progress")).to_have_js_property("value", 25)
        _fits(page)
        live.add(100)
        live.flush()
        expect(page.locator("[data-field=percent]")).to_have_text("75%")
        with app.app_context():
            get_session().execute(update(ImportJob).where(ImportJob.id == job_id).values(status="queued"))
            get_session().commit()
        assert run_job(app.extensions["sessionmaker"], folder.parent, job_id) == "done"
        expect(page.get_by_role("heading", name="Status: done")).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("Newest statements from this import")
    finally:
        app.extensions["engine"].dispose()
