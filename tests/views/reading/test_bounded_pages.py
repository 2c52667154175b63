"""Pages that stay fast at any size: keyset pages and bounded counts on a speaker's page,
capped counts, sampled facets and the newest-first walk in search (issue 6)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.pages_helpers import Node, get_json, page, queries_for, speaker_id
from tracker.services.editing.loader import Loader
from tracker.services.pages import speaker_page
from tracker.services.search import query as search_service
from tracker.services.search.query import Filters, search
from tracker.web.database import get_session

SAME_DAY = ["2021-03-04"] * 4


def _busy_speaker(app: Flask) -> int:
    """A speaker with seven statements: four on one day, two others, one undated."""
    days = [*SAME_DAY, "2020-01-01", "2022-12-31", None]
    statements = [{"key": f"k-{i}", "speaker": "k-busy", "wording": f"Keyset words {i}",
                   **({"said": day} if day else {})} for i, day in enumerate(days)]
    with app.app_context():
        session = get_session()
        Loader(session).load("test", {"speakers": [{"key": "k-busy", "name": "Keyset Busy"}],
                                      "statements": statements})
        session.commit()
    return speaker_id_of(app)


def speaker_id_of(app: Flask) -> int:
    with app.test_client() as client:
        return speaker_id(client, "Keyset Busy")


def _ids(doc: Node) -> list[int]:
    return [int(li.attrs["id"].split("-")[1]) for li in doc.find_all("li", class_="statement")]


def _link(doc: Node, rel: str) -> str | None:
    links = [a.attrs["href"] for a in doc.find_all("a", rel=rel)]
    return links[0] if links else None


def test_keyset_pages_walk_forward_and_back_stably(app: Flask, client: FlaskClient) -> None:
    busy = _busy_speaker(app)
    everything = [s["id"] for s in get_json(client, f"/api/v1/speakers/{busy}?per_page=200")["statements"]]
    assert len(everything) == 7
    pages: list[list[int]] = []
    path: str | None = f"/speakers/{busy}?per_page=2"
    while path is not None and len(pages) < 10:
        doc = page(client, path)
        pages.append(_ids(doc))
        assert ("?" in path and "after=" in path) == (_link(doc, "prev") is not None)
        path = _link(doc, "next")
    assert [len(p) for p in pages] == [2, 2, 2, 1]
    assert [i for p in pages for i in p] == everything  # same order as the API, same-day by id
    # ...and back again from the last page, page by page, through the "earlier" links.
    back: list[list[int]] = []
    path = f"/speakers/{busy}?per_page=2&after=" + _cursor(client, busy, everything[-2])
    while path is not None and len(back) < 10:
        doc = page(client, path)
        back.append(_ids(doc))
        path = _link(doc, "prev")
    assert back == list(reversed(pages))
    twin = get_json(client, f"/speakers/{busy}.json?per_page=3")
    assert twin["statements_pagination"]["next_after"] == _cursor(client, busy, everything[2])
    later = get_json(client, f"/speakers/{busy}.json?per_page=3&after="
                     + twin["statements_pagination"]["next_after"])
    assert [s["id"] for s in later["statements"]] == everything[3:6]


def _cursor(client: FlaskClient, speaker: int, statement: int) -> str:
    said = get_json(client, f"/api/v1/statements/{statement}")["said"]
    return f"{said or '-'},{statement}"


def test_cursor_links_keep_the_filters(app: Flask, client: FlaskClient) -> None:
    busy = _busy_speaker(app)
    doc = page(client, f"/speakers/{busy}?per_page=2&from=2021-03-04&to=2021-03-04")
    query = parse_qs(urlsplit(_link(doc, "next") or "").query)
    assert query["from"] == ["2021-03-04"] and query["after"]
    assert "4 statements match these filters" in doc.find("nav", class_="pagination").text()
    for bad in ("after=yesterday,1", "after=2021-03-04,x", "after=-,0", "after=-,1&before=-,2"):
        page(client, f"/speakers/{busy}?{bad}", 400)


def test_speaker_count_and_filter_lists_are_bounded(app: Flask, client: FlaskClient,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    yoon = speaker_id(client, "Yoon")
    topics = [o.attrs["value"] for o in page(client, f"/speakers/{yoon}").find(
        "select", id="speaker-topic").find_all("option") if o.attrs["value"]]
    assert len(topics) >= 2
    monkeypatch.setattr(speaker_page, "COUNT_CAP", 2)
    monkeypatch.setattr(speaker_page, "FACET_WINDOW", 1)
    doc = page(client, f"/speakers/{yoon}")
    assert "More than 2 statements" in doc.find("nav", class_="pagination").text()
    assert "newest 1 statements" in doc.find("p", id="speaker-dates-help").text()
    twin = get_json(client, f"/speakers/{yoon}.json")["statements_pagination"]
    assert twin["total"] == 2 and twin["total_is_lower_bound"] is True
    # Every topic still filters, and the chosen one stays in the (shorter) list.
    for topic in topics:
        doc = page(client, f"/speakers/{yoon}?topic={topic}")
        offered = [o.attrs["value"] for o in doc.find("select", id="speaker-topic").find_all("option")]
        assert topic in offered
    page(client, f"/speakers/{yoon}?topic=999999", 400)


def test_speaker_page_queries_do_not_grow_with_cursor(app: Flask, client: FlaskClient) -> None:
    busy = _busy_speaker(app)
    first = queries_for(app, client, f"/speakers/{busy}?per_page=2")
    later = queries_for(app, client, f"/speakers/{busy}?per_page=2&after=2021-03-04,1")
    assert first == later


def test_search_counts_are_capped_and_facets_say_they_are_sampled(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    exact = get_json(client, "/search.json?q=china&per_page=5")
    assert exact["pagination"]["total"] > 4 and "total_is_lower_bound" not in exact["pagination"]
    doc = page(client, "/search?q=china")
    assert not doc.find_all("p", id="facets-sampled")
    monkeypatch.setattr(search_service, "COUNT_CAP", 3)
    monkeypatch.setattr(search_service, "FACET_SAMPLE", 3)
    capped = get_json(client, "/search.json?q=china&per_page=2")
    assert capped["pagination"]["total"] == 3 and capped["pagination"]["total_is_lower_bound"] is True
    assert capped["pagination"]["next_page"] == 2
    assert sum(f["count"] for f in capped["facets"]["kind"]) == 3
    doc = page(client, "/search?q=china&per_page=2")
    assert doc.find("h2", id="results-heading").text().startswith("More than 3 statements")
    assert "newest matches" in doc.find("p", id="facets-sampled").text()
    assert [i["id"] for i in capped["items"]] == [i["id"] for i in exact["items"][:2]]


@pytest.mark.parametrize("budget", [4_000, 3])
def test_walk_finds_the_same_newest_first_pages(app: Flask, monkeypatch: pytest.MonkeyPatch,
                                                budget: int) -> None:
    with app.app_context():
        session = get_session()
        expected = [[s.id for s in search(session, "china", Filters(), "newest", n, 4).page.items]
                    for n in (1, 2)]
        # The walk serves filtered searches (unfiltered ones are read in index order).
        monkeypatch.setattr(search_service, "_in_index_order", lambda *args: None)
        monkeypatch.setattr(search_service, "WALK_THRESHOLD", 0)
        monkeypatch.setattr(search_service, "WALK_BUDGET", budget)
        for n, ids in enumerate(expected, start=1):
            result = search(session, "china", Filters(), "newest", n, 4)
            assert [s.id for s in result.page.items] == ids
            assert result.plan == ("walk" if budget > 100 else "exact")
        walked = search(session, "china", Filters(), "newest", 1, 4)
        assert walked.page.has_next
        if budget > 100:  # walked: a lower-bound count and facets from recently indexed matches
            assert not walked.page.exact and walked.page.total >= 4
            assert (walked.facets_sample or "").endswith("recently indexed matches")


def test_the_speaker_list_shows_a_few_names_of_a_speaker_with_many(app: Flask, client: FlaskClient) -> None:
    names = [f"Alias Number {i:03d}" for i in range(40)]
    with app.app_context():
        session = get_session()
        Loader(session).load("test", {"speakers": [
            {"key": "k-many", "name": "Aaa Many Names", "aliases": [{"name": n} for n in names]}]})
        session.commit()
    html = client.get("/speakers?q=Aaa+Many").get_data(as_text=True)
    shown = [n for n in names if n in html]
    assert shown == names[:8]
    assert f'href="/speakers/{speaker_id(client, "Aaa Many Names")}">more</a>' in html
