"""The search page: form, results with highlights, facets, JSON/CSV twins, errors, no N+1."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.pages_helpers import alternate_links, get_csv, get_json, page, parse, queries_for, said_sort_day
from tracker.services.editing.loader import Loader
from tracker.web.database import get_session


def _add_cjk(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        Loader(session).load("test", {
            "speakers": [{"key": "p-kishida", "name": "Page Kishida"}],
            "statements": [{"key": "p-ja", "speaker": "p-kishida", "said": "2023-05-01",
                            "wording": "Kishida on <Taiwan>", "language": "ja",
                            "original_text": "岸田首相は台独に反対した"}],
        })
        session.commit()


def test_empty_search_shows_a_labelled_form(client: FlaskClient) -> None:
    doc = page(client, "/search")
    form = doc.find("form", role="search")
    for control in form.find_all("input", type="search") + form.find_all("select"):
        assert doc.find("label", for_=control.attrs["id"])
    assert get_json(client, "/search.json")["items"] == []


def test_results_are_newest_first_with_highlights_and_facets(client: FlaskClient) -> None:
    doc = page(client, "/search?q=china")
    hits = doc.find("ol", class_="search-hits").find_all("article")
    assert hits
    assert all(mark.text().casefold() == "china" for mark in doc.find("ol", class_="search-hits")
               .find_all("mark"))
    data = get_json(client, "/search.json?q=china")
    dates = [said_sort_day(item["said"]) for item in data["items"]]
    assert dates == sorted(dates, reverse=True)
    assert len(hits) == min(len(data["items"]), 20)  # HTML shows 20 per page, its twins 50
    assert {"speaker", "outlet", "year", "kind"} == set(data["facets"])
    facets = doc.find("aside", class_="facets")
    year = data["facets"]["year"][0]
    link = facets.find("a", href=f"/search?q=china&year={year['value']}")
    assert link.text() == year["label"]
    narrowed = get_json(client, f"/search.json?q=china&year={year['value']}")
    assert narrowed["pagination"]["total"] == year["count"]
    oldest = [said_sort_day(i["said"]) for i in get_json(client, "/search.json?q=china&sort=oldest")["items"]]
    assert oldest == sorted(oldest)


def test_twins_and_csv(client: FlaskClient) -> None:
    doc = page(client, "/search?q=historic")
    links = alternate_links(doc)
    data = get_json(client, links["application/json"])
    rows = get_csv(client, links["text/csv"])
    assert [int(r["statement_id"]) for r in rows] == [i["id"] for i in data["items"]]
    assert any("historic" in i["wording"].casefold() for i in data["items"])
    assert "<mark>" in data["items"][0]["highlight"]["wording"]


def test_cjk_search_and_escaping(app: Flask, client: FlaskClient) -> None:
    _add_cjk(app)
    html = client.get("/search?q=台独").get_data(as_text=True)
    assert "<mark>台独</mark>" in html
    assert "&lt;Taiwan&gt;" in html and "<Taiwan>" not in html
    data = get_json(client, "/search.json?q=岸田")
    assert [i["original_text"] for i in data["items"] if i["original_text"]] == ["岸田首相は台独に反対した"]


def test_bad_parameters_are_400(client: FlaskClient) -> None:
    for query in ("sort=best", "q=x&year=abc", "q=x&kind=rumour", "q=x&speaker=0", "q=%21%21%21",
                  "q=x&page=0", "q=" + "a" * 501):
        page(client, f"/search?{query}", 400)
    assert get_json(client, "/search.json?sort=best", 400)["error"]["parameter"] == "sort"
    assert client.get("/search.xml?q=x").status_code == 404


def test_no_n_plus_one(app: Flask, client: FlaskClient) -> None:
    # The page and the CSV read their hits as plain rows, in the same queries for any number
    # of hits and accounts. The JSON twin's eager loads run one query per relationship, and
    # only when some row on the page has one, so a longer page may add a query or two there,
    # never one per row.
    total = get_json(client, "/search.json?q=china")["pagination"]["total"]
    assert total > 15
    for twin in ("", ".csv"):
        few = queries_for(app, client, f"/search{twin}?q=china&per_page=3")
        assert queries_for(app, client, f"/search{twin}?q=china&per_page=50") == few, twin
    few = queries_for(app, client, "/search.json?q=china&per_page=3")
    many = queries_for(app, client, "/search.json?q=china&per_page=50")
    assert many - few <= 3, (few, many)


def test_hits_link_under_the_application_root(client: FlaskClient) -> None:
    response = client.get("/search?q=china", environ_overrides={"SCRIPT_NAME": "/tracker"})
    doc = parse(response.get_data(as_text=True))
    links = [h.find("a").attrs["href"] for h in doc.find("ol", class_="search-hits").find_all("h3")]
    ids = [i["id"] for i in get_json(client, "/search.json?q=china&per_page=20")["items"]]
    assert links == [f"/tracker/statements/{i}" for i in ids]


def test_a_speakers_name_finds_their_statements(client: FlaskClient) -> None:
    """The search page's own examples (岸田, 윤석열) and a Chinese name (拜登) find statements."""
    for query, name in (("岸田", "Fumio Kishida"), ("윤석열", "Yoon Suk-yeol"), ("拜登", "Joe Biden")):
        doc = page(client, f"/search?q={query}")
        named = doc.find("p", class_="named-speakers")
        assert name in named.text()
        assert doc.find("ol", class_="search-hits").find_all("li")
        data = get_json(client, f"/search.json?q={query}")
        assert [s["name"] for s in data["speakers"]] == [name]
        assert data["items"][0]["speaker"]["name"] == name
