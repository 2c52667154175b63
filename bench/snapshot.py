"""Byte-for-byte snapshots of every reading page, for refactors that must change no output.

    .venv/bin/python -m bench.snapshot --database-url sqlite:///tmp/seed.sqlite --out before.json
    … refactor …
    .venv/bin/python -m bench.snapshot --database-url sqlite:///tmp/seed.sqlite --out after.json
    .venv/bin/python -m bench.snapshot --compare before.json after.json

Every GET a reader (or an API client) can make is requested through the Flask test client:
each page of every record and its ``.json`` / ``.csv`` twins, filters and cursors, searches in
several scripts, diffs between versions, histories, the read API and its OpenAPI document.
The output maps each URL to its status and the SHA-256 of its body (plus the Location of a
redirect), so two runs compare in one step. ``--limit`` caps how many records of each kind
are visited (a bench archive has a million statements).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import text

SEARCHES = ("Kishida", "historic", "岸田", "윤석열", "台独", "\"working hard\"", "the", "government",
            "정부", "政府")


def _ids(session: Any, table: str, limit: int, where: str = "") -> list[int]:
    sql = f"SELECT id FROM {table} {where} ORDER BY id LIMIT :n"  # noqa: S608 - our own table names
    return [row[0] for row in session.execute(text(sql), {"n": limit})]


def urls(session: Any, limit: int) -> list[str]:
    """Every reading URL worth comparing, in a fixed order."""
    found: list[str] = ["/", "/speakers", "/speakers.json", "/speakers.csv", "/speakers?letter=k",
                        "/speakers?kind=organization", "/speakers?q=yin+xiyue", "/speakers?page=2&per_page=5",
                        "/conflicts", "/conflicts.json", "/conflicts.csv", "/events", "/events.json",
                        "/outlets", "/outlets.json", "/outlets.csv", "/timeline", "/timeline.json",
                        "/timeline.csv", "/timeline?from=2022-06&to=2022-06", "/timeline?per_page=7&page=2",
                        "/search", "/api/v1/speakers", "/api/v1/speakers?q=kishida", "/api/v1/conflicts",
                        "/api/v1/conflicts?status=open", "/api/v1/outlets", "/api/v1/events",
                        "/api/v1/topics", "/api/v1/openapi.json", "/no-such-page", "/speakers/999999",
                        "/search?q=%00"]
    for q in SEARCHES:
        for suffix in ("", ".json", ".csv"):
            found.append(f"/search{suffix}?q={q}")
        found += [f"/search?q={q}&sort=oldest", f"/search?q={q}&sort=relevance", f"/search?q={q}&year=2022",
                  f"/search?q={q}&kind=direct_quote", f"/search?q={q}&page=2&per_page=5"]
    for sid in _ids(session, "speaker", limit):
        found += [f"/speakers/{sid}", f"/speakers/{sid}.json", f"/speakers/{sid}?per_page=3",
                  f"/speakers/{sid}?from=2022", f"/speakers/{sid}/history", f"/api/v1/speakers/{sid}",
                  f"/timeline?speaker={sid}", f"/search?q=the&speaker={sid}"]
        cursor = session.execute(text("SELECT said_on, id FROM statement WHERE speaker_id = :s "
                                      "AND deleted_at IS NULL ORDER BY said_on, id LIMIT 1 OFFSET 2"),
                                 {"s": sid}).first()
        if cursor is not None:
            said = cursor[0].isoformat() if hasattr(cursor[0], "isoformat") else (cursor[0] or "-")
            found += [f"/speakers/{sid}?per_page=2&after={said},{cursor[1]}",
                      f"/speakers/{sid}?per_page=2&before={said},{cursor[1]}"]
    for sid in _ids(session, "statement", limit):
        found += [f"/statements/{sid}", f"/statements/{sid}.json", f"/statements/{sid}/history",
                  f"/api/v1/statements/{sid}"]
    for cid in _ids(session, "conflict", limit):
        found += [f"/conflicts/{cid}", f"/conflicts/{cid}.json", f"/conflicts/{cid}/history",
                  f"/api/v1/conflicts/{cid}"]
        members = [r[0] for r in session.execute(
            text("SELECT position FROM conflict_member WHERE conflict_id = :c ORDER BY position"),
            {"c": cid})]
        if len(members) >= 2:
            found.append(f"/conflicts/{cid}?a={members[-1]}&b={members[0]}")
    for eid in _ids(session, "event", limit):
        found += [f"/events/{eid}", f"/events/{eid}.json", f"/api/v1/events/{eid}", f"/timeline?event={eid}"]
    for oid in _ids(session, "outlet", limit):
        found += [f"/outlets/{oid}", f"/outlets/{oid}.json", f"/api/v1/outlets/{oid}",
                  f"/timeline?outlet={oid}"]
    for aid in _ids(session, "article", limit):
        found += [f"/articles/{aid}", f"/articles/{aid}.json", f"/api/v1/articles/{aid}"]
    for aid in _ids(session, "account", limit):
        found += [f"/api/v1/accounts/{aid}", f"/accounts/{aid}/history"]
    for tid in _ids(session, "topic", limit):
        found.append(f"/timeline?topic={tid}")
    return found


def snapshot(database_url: str, limit: int) -> dict[str, Any]:
    """URL -> [status, sha256 of the body, Location]."""
    from tracker import create_app

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "snapshot", "TESTING": True})
    client = app.test_client()
    with app.app_context():
        from tracker.web.database import get_session

        wanted = urls(get_session(), limit)
    result: dict[str, Any] = {}
    for url in wanted:
        response = client.get(url)
        result[url] = [response.status_code, hashlib.sha256(response.get_data()).hexdigest(),
                       response.headers.get("Location")]
    app.extensions["engine"].dispose()
    return result


def compare(before: Path, after: Path) -> int:
    """Print every URL whose answer differs; 0 when none does."""
    a, b = json.loads(before.read_text()), json.loads(after.read_text())
    differing = [url for url in sorted(set(a) | set(b)) if a.get(url) != b.get(url)]
    for url in differing:
        print(f"{url}: {a.get(url)} -> {b.get(url)}")
    statuses: dict[int, int] = {}
    for status, _, _ in a.values():
        statuses[status] = statuses.get(status, 0) + 1
    print(f"{len(a)} URLs before, {len(b)} after, {len(differing)} differ; statuses before: {statuses}")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    """Take a snapshot, or compare two."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--limit", type=int, default=200, help="records of each kind to visit")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.database_url or not args.out:
        parser.error("--database-url and --out are needed to take a snapshot")
    result = snapshot(args.database_url, args.limit)
    args.out.write_text(json.dumps(result, indent=0, ensure_ascii=False) + "\n")
    print(f"{len(result)} URLs written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
