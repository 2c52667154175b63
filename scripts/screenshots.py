"""Screenshots for the README: the speaker page, the comparison page and the timeline.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--full-page]

Builds a fresh seeded SQLite database in a temporary folder, serves it with gunicorn (as the
browser tests do) and photographs the pages with Debian's Chromium through Playwright.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.harness import launch_chromium, start_gunicorn, stop_process  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.services.data import migrations, seeding  # noqa: E402
from tracker.web.database import get_session  # noqa: E402


def seeded_database(folder: Path) -> str:
    """A migrated SQLite database with the seeds loaded."""
    url = f"sqlite:///{folder / 'screenshots.sqlite'}"
    migrations.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "screenshots"})
    with app.app_context():
        seeding.load_files(get_session(), seeding.seed_files())
    app.extensions["engine"].dispose()
    return url


def api(base: str, path: str) -> object:
    """GET a JSON API path."""
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 (local server)
        return json.load(response)


def main() -> int:
    """Take the screenshots; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the first screen")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        server = start_gunicorn(seeded_database(Path(tmp)), Path(tmp) / "gunicorn.log")
        try:
            speakers = api(server.url, "/api/v1/speakers?q=Yoon")
            conflicts = api(server.url, "/api/v1/conflicts?per_page=200")
            assert isinstance(speakers, dict) and isinstance(conflicts, dict)
            yoon = next((s["id"] for s in speakers["items"] if s["key"] == "yoon-suk-yeol"),
                        speakers["items"][0]["id"])
            exchange = next(c["id"] for c in conflicts["items"] if c["key"] == "kishida-yoon-dinner-exchange")
            shots = {
                "speaker-page.png": f"/speakers/{yoon}",
                "comparison-page.png": f"/conflicts/{exchange}",
                "timeline.png": "/timeline",
            }
            failed = []
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 1000},
                                              device_scale_factor=1, locale="en-GB")
                page = context.new_page()
                for name, path in shots.items():
                    response = page.goto(path)
                    if response is None or response.status != 200:
                        failed.append(f"{path}: {response.status if response else 'no response'}")
                        continue
                    page.screenshot(path=str(args.out / name), full_page=args.full_page)
                    print(f"{args.out / name}  <- {path}")
                browser.close()
        finally:
            stop_process(server.process)
    for line in failed:
        print("not taken:", line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
