"""Every page type is valid HTML (the Nu HTML Checker reports no errors) and none is a 500.

Pages are discovered from the url_map and the JSON API (real ids of the seeded records),
fetched over HTTP from the live gunicorn server (logged in as an admin once a login form
exists, so the edit forms are checked too; each request time-limited, so a page stuck in a loop
fails the test instead of hanging it) and checked by vnu.jar in one JVM start. Not a browser
test: it runs on both backends."""

from __future__ import annotations

from pathlib import Path

from tests.browser.harness import LiveServer
from tests.page_checks import HttpClient, discover_pages, path_of, run_vnu

CANARY = ('<!DOCTYPE html><html lang="en"><head><title>canary</title></head>'
          '<body><p id="a">x</p><p id="a">y</p></body></html>')


def test_every_page_type_is_valid_html(live_server: LiveServer, tmp_path: Path) -> None:
    app = live_server.app()
    client = HttpClient(live_server.url)
    try:
        print("logged in as an admin:", client.login(app))
        found = discover_pages(app, client.fetch)
    finally:
        app.extensions["engine"].dispose()
    print(found.report())
    assert found.pages, "no HTML page was collected"

    files: dict[str, str] = {}
    for number, fetched in enumerate(found.pages):
        file = tmp_path / f"{number:02d}-{path_of(fetched.case.path)[:80]}.html"
        file.write_text(fetched.text, encoding="utf-8")
        files[file.resolve().as_uri()] = fetched.case.path
    # A canary with a known error in the same run proves the checker read the files.
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    everything = run_vnu([*(Path(f.removeprefix("file://")) for f in files), canary])
    errors = [m for m in everything if not str(m.get("url", "")).endswith("/canary.html")]
    assert len(errors) < len(everything), f"vnu did not report the canary's duplicate id: {everything}"

    by_page: dict[str, list[str]] = {}
    for message in errors:
        url = str(message.get("url", ""))
        page = next((path for uri, path in files.items() if url.endswith(uri.split("/")[-1])), url)
        where = f"line {message.get('lastLine', '?')}"
        extract = " ".join(str(message.get("extract", "")).split())
        by_page.setdefault(page, []).append(f"  {where}: {message.get('message')}\n      {extract[:160]}")
    valid = [p.case.path for p in found.pages if p.case.path not in by_page]
    print("valid:", ", ".join(valid))
    problems = []
    if found.server_errors:
        problems.append("pages answered with a server error:\n  " + "\n  ".join(found.server_errors)
                        + "\n--- server log ---\n" + live_server.log_tail())
    if by_page:
        report = "\n".join(f"{page}:\n" + "\n".join(lines) for page, lines in by_page.items())
        problems.append(f"the Nu HTML Checker found errors on {len(by_page)} page(s):\n{report}")
    assert not problems, "\n\n".join(problems)

