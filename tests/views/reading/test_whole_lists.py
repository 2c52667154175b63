"""Whole-list downloads (``?all=1`` on a list's ``.csv``/``.json``, issue 14 item 4): every row
of the list, streamed in batches, equal to walking all its pages, at a query count that grows
with the batches, not the rows."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.pages_helpers import count_queries, get_csv, get_json, page
from tracker.models import Account, Article, Outlet, Speaker, Statement, StatementKind
from tracker.services.pages import whole
from tracker.services.search import query as search_query
from tracker.web.database import get_session

WORDING = "Whole-list probe {n}: tariffs again"


def _add_statements(app: Flask, count: int) -> tuple[int, int]:
    """Give one seeded speaker ``count`` more statements (some undated, some on one day, one
    a formula for a spreadsheet, one in Korean), each with an account in a seeded article;
    returns the speaker's and the article's ids."""
    with app.app_context():
        session = get_session()
        speaker = session.scalars(select(Speaker).where(Speaker.deleted_at.is_(None))
                                  .order_by(Speaker.id)).first()
        article = session.scalars(select(Article).where(Article.outlet_id.is_not(None))
                                  .order_by(Article.id)).first()
        assert speaker is not None and article is not None
        for n in range(count):
            said = None if n % 5 == 0 else date(2021, 1 + n % 12, 1 + n % 3)
            wording = "=HYPERLINK(\"http://x\")" if n == 1 else f"관세 발언 {n}" if n == 2 else (
                WORDING.format(n=n))
            statement = Statement(speaker_id=speaker.id, said_on=said, wording=wording,
                                  kind=StatementKind.DIRECT_QUOTE)
            statement.accounts.append(Account(article_id=article.id, wording=f"told {n}"))
            session.add(statement)
        session.commit()
        return speaker.id, article.id


def _stream(client: FlaskClient, path: str, kind: str) -> tuple[Any, str]:
    """GET a whole-list download; it must stream as an attachment named for the list."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
    assert response.is_streamed
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(f'-all.{kind}"')
    return response, response.get_data(as_text=True)


def _json_all(client: FlaskClient, path: str) -> dict[str, Any]:
    _response, body = _stream(client, path, "json")
    data: dict[str, Any] = json.loads(body)
    assert data["count"] == len(data["items"])
    return data


def _csv_all(client: FlaskClient, path: str) -> list[dict[str, str]]:
    _response, body = _stream(client, path, "csv")
    return list(csv.DictReader(io.StringIO(body)))


def _json_pages(client: FlaskClient, path: str, key: str = "items", meta: str = "pagination") -> list[Any]:
    """Every item of a JSON twin, page by page (numbered pages or a speaker's cursors)."""
    items: list[Any] = []
    joiner = "&" if "?" in path else "?"
    url = f"{path}{joiner}per_page=4"
    for _ in range(500):
        body = get_json(client, url)
        items.extend(body[key])
        facts = body[meta]
        if facts is None or not (facts.get("next_page") or facts.get("next_after")):
            return items
        step = f"page={facts['next_page']}" if "next_page" in facts else f"after={facts['next_after']}"
        url = f"{path}{joiner}per_page=4&{step}"
    raise AssertionError("the pages never ended")


def _csv_pages(client: FlaskClient, path: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    joiner = "&" if "?" in path else "?"
    for number in range(1, 500):
        found = get_csv(client, f"{path}{joiner}per_page=4&page={number}")
        if not found:
            return rows
        rows.extend(found)
    raise AssertionError("the pages never ended")


def test_every_list_downloads_what_its_pages_list(app: Flask, client: FlaskClient,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whole, "BATCH", 3)  # several batches out of a small archive
    speaker_id, article_id = _add_statements(app, 14)
    with app.app_context():
        session = get_session()
        outlet_id = session.scalar(select(Article.outlet_id).where(Article.id == article_id))
        event_id = session.scalar(select(Statement.event_id).where(Statement.event_id.is_not(None))
                                  .order_by(Statement.id))
        assert session.scalar(select(Outlet.id).where(Outlet.id == outlet_id)) is not None
    twins = {  # a list -> the key of its items in the page's JSON and of its pagination
        "/timeline": ("items", "pagination"), "/speakers": ("items", "pagination"),
        "/outlets": ("items", "pagination"), "/conflicts": ("items", "pagination"),
        f"/speakers/{speaker_id}": ("statements", "statements_pagination"),
        f"/events/{event_id}": ("statements", "statements_pagination"),
        f"/outlets/{outlet_id}": ("accounts", "accounts_pagination"),
        "/search?q=tariffs": ("items", "pagination"),
        "/timeline?speaker=" + str(speaker_id) + "&from=2021-03": ("items", "pagination"),
    }
    for path, (key, meta) in twins.items():
        base, _, query = path.partition("?")
        json_path = f"{base}.json" + (f"?{query}" if query else "")
        everything = _json_all(client, json_path + ("&" if query else "?") + "all=1")
        assert everything["items"] == _json_pages(client, json_path, key, meta), path
        assert everything["items"], path
    for path in ("/timeline", "/speakers", "/outlets", "/conflicts", f"/outlets/{outlet_id}",
                 "/search?q=tariffs", "/timeline?speaker=" + str(speaker_id) + "&from=2021-03"):
        base, _, query = path.partition("?")
        csv_path = f"{base}.csv" + (f"?{query}" if query else "")
        every_row = _csv_all(client, csv_path + ("&" if query else "?") + "all=1")
        assert every_row == _csv_pages(client, csv_path), path
    # An article's accounts are one list already: the download is that list.
    listed = get_json(client, f"/articles/{article_id}.json")["accounts"]
    assert _json_all(client, f"/articles/{article_id}.json?all=1")["items"] == listed
    assert len(_csv_all(client, f"/articles/{article_id}.csv?all=1")) == len(listed) > 14


def test_filters_escaping_and_languages(app: Flask, client: FlaskClient) -> None:
    speaker_id, _article = _add_statements(app, 6)
    rows = _csv_all(client, f"/timeline.csv?speaker={speaker_id}&all=1")
    with app.app_context():
        expected = list(get_session().scalars(select(Statement.id).where(
            Statement.speaker_id == speaker_id, Statement.deleted_at.is_(None))))
    assert sorted(int(r["id"]) for r in rows) == sorted(expected)
    wordings = {r["wording"] for r in rows}
    assert "'=HYPERLINK(\"http://x\")" in wordings  # the page twin's formula escape
    assert "관세 발언 2" in wordings
    dated = _csv_all(client, f"/timeline.csv?speaker={speaker_id}&from=2021-01&to=2021-12&all=1")
    assert dated and all(r["said"].startswith("2021") for r in dated)
    assert len(dated) < len(rows)
    body = _json_all(client, f"/timeline.json?speaker={speaker_id}&from=2021&all=1")
    assert body["filters"]["speaker"] == [speaker_id] and body["filters"]["from"] == "2021-01-01"
    assert {s["id"] for s in body["items"]} == {int(r["id"]) for r in _csv_all(
        client, f"/timeline.csv?speaker={speaker_id}&from=2021&all=1")}


def test_query_count_grows_with_batches_not_rows(app: Flask, client: FlaskClient,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    speaker_id, article_id = _add_statements(app, 20)
    with app.app_context():
        outlet_id = get_session().scalar(select(Article.outlet_id).where(Article.id == article_id))
    paths = ["/timeline.json?all=1", "/timeline.csv?all=1", "/speakers.json?all=1", "/outlets.csv?all=1",
             "/search.json?q=tariffs&all=1", "/conflicts.json?all=1", f"/speakers/{speaker_id}.json?all=1",
             f"/outlets/{outlet_id}.csv?all=1"]
    for path in paths:
        counts = {}
        for size in (2, 4, 1_000):
            monkeypatch.setattr(whole, "BATCH", size)
            client.get(path).get_data()  # warm up
            with count_queries(app) as statements:
                data = client.get(path).get_data(as_text=True)
            counts[size] = len(statements)
        rows = len(json.loads(data)["items"]) if ".json" in path else len(data.splitlines()) - 1
        assert rows >= 3, path
        # One batch of every row costs a fixed handful of queries (an N+1 would cost 20 and more)...
        assert counts[1_000] <= 15, (path, counts, rows)
        # ...and each further batch a bounded few (an account's statement, speaker, event,
        # narrator, article, outlet and chain: 8 at most; fewer when a batch has no chains).
        for size in (2, 4):
            extra = -(-rows // size) - 1
            assert extra <= counts[size] - counts[1_000] <= 8 * extra, (path, size, counts, rows)


def test_search_download_is_not_capped(app: Flask, client: FlaskClient,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _add_statements(app, 12)
    monkeypatch.setattr(search_query, "COUNT_CAP", 5)
    shown = get_json(client, "/search.json?q=tariffs&per_page=3")
    assert shown["pagination"]["total_is_lower_bound"] is True
    for sort in ("newest", "oldest", "relevance"):
        everything = _json_all(client, f"/search.json?q=tariffs&sort={sort}&all=1")
        assert everything["count"] >= 10 > 5
        assert everything["items"] == _json_pages(client, f"/search.json?q=tariffs&sort={sort}"), sort
        assert all("highlight" in item for item in everything["items"])
    # A query naming a speaker lists their statements first, on the page and in the download.
    with app.app_context():
        name = get_session().scalar(select(Speaker.name).where(Speaker.deleted_at.is_(None))
                                    .order_by(Speaker.id))
    assert name is not None
    named = _json_all(client, f"/search.json?q={name}&all=1")
    assert named["speakers"] and named["items"] == _json_pages(client, f"/search.json?q={name}")


def test_bad_requests_and_links(app: Flask, client: FlaskClient) -> None:
    for path in ("/timeline.csv?all=yes", "/timeline?all=1", "/speakers.json?all=2"):
        response = client.get(path)
        assert response.status_code == 400, path
        assert "all" in response.get_data(as_text=True)
    assert client.get("/timeline.xml?all=1").status_code == 404
    assert client.get("/speakers/999999.json?all=1").status_code == 404
    assert client.get("/timeline.csv?speaker=999999&all=1").status_code == 400
    assert _json_all(client, "/search.json?all=1")["items"] == []
    doc = page(client, "/timeline?from=2022&page=2&per_page=5")
    links = {a.text(): a.attrs["href"] for a in doc.find("p", class_="downloads").find_all("a")}
    assert set(links) == {"CSV", "JSON"}
    assert links["CSV"].startswith("/timeline.csv?")
    assert "all=1" in links["CSV"] and "from=2022" in links["CSV"] and "from=2022" in links["JSON"]
    assert "page=" not in links["CSV"] and "per_page" not in links["JSON"]


def test_a_download_reads_one_snapshot(app: Flask, client: FlaskClient,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A statement edited while the download streams shows as it was when the download began."""
    monkeypatch.setattr(whole, "BATCH", 2)
    speaker_id, _article = _add_statements(app, 8)
    response = client.get(f"/timeline.json?speaker={speaker_id}&all=1")
    chunks = (bytes(chunk) for chunk in response.response)  # type: ignore[arg-type]
    body = [next(chunks), next(chunks)]  # the opening and the first batch
    with app.app_context():
        session = get_session()
        last = session.scalars(select(Statement).where(Statement.speaker_id == speaker_id)
                               .order_by(Statement.said_on.desc(), Statement.id.desc())).first()
        assert last is not None
        before, last.wording = last.wording, "changed while the download ran"
        session.commit()
        last_id = last.id
    body.extend(chunks)
    items = json.loads(b"".join(body))["items"]
    assert len(items) > 4
    wording = {item["id"]: item["wording"] for item in items}
    assert wording[last_id] == before
    assert get_json(client, f"/statements/{last_id}.json")["wording"] == "changed while the download ran"
