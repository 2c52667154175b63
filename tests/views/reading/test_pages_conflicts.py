"""The conflicts list and the comparison page: structure, JSON/CSV twins, errors, no N+1."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.pages_helpers import alternate_links, get_csv, get_json, page, queries_for
from tracker.models import Conflict, ConflictStatus
from tracker.web.database import get_session

KISHIDA_YOON = "kishida-yoon-dinner-exchange"
WHITE_HOUSE = "historic-meeting-vs-25-minutes"


def conflict_id(app: Flask, key: str) -> int:
    """A seeded conflict's id, looked up by key."""
    with app.app_context():
        found = get_session().scalar(select(Conflict.id).where(Conflict.key == key))
    assert found is not None, key
    return found


def test_list_links_every_conflict_and_has_twins(app: Flask, client: FlaskClient) -> None:
    doc = page(client, "/conflicts")
    titles = [a.text() for a in doc.find("ol", class_="conflict-list").find_all("a")]
    assert any("Kishida–Yoon" in t for t in titles)
    links = alternate_links(doc)
    assert set(links) == {"application/json", "text/csv"}
    data = get_json(client, links["application/json"])
    assert {item["key"] for item in data["items"]} >= {KISHIDA_YOON, WHITE_HOUSE}
    assert data["pagination"]["total"] == len(data["items"])
    rows = get_csv(client, links["text/csv"])
    assert {r["key"] for r in rows} == {item["key"] for item in data["items"]}
    assert doc.find("label", for_="conflict-status")


def test_list_filters_by_status_and_paginates(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        session = get_session()
        found = session.scalars(select(Conflict).where(Conflict.key == WHITE_HOUSE)).one()
        found.status = ConflictStatus.RESOLVED
        session.commit()
    resolved = get_json(client, "/conflicts.json?status=resolved")["items"]
    assert [c["key"] for c in resolved] == [WHITE_HOUSE]
    assert WHITE_HOUSE not in {c["key"] for c in get_json(client, "/conflicts.json?status=open")["items"]}
    first = get_json(client, "/conflicts.json?per_page=1")
    assert len(first["items"]) == 1 and first["pagination"]["next_page"] == 2
    doc = page(client, "/conflicts?per_page=1")
    assert doc.find("a", rel="next")


def test_comparison_shows_each_version_in_its_own_column(app: Flask, client: FlaskClient) -> None:
    cid = conflict_id(app, KISHIDA_YOON)
    data = get_json(client, f"/conflicts/{cid}.json")
    doc = page(client, f"/conflicts/{cid}")
    columns = doc.find("ol", class_="compare-columns").find_all("article", class_="version")
    assert len(columns) == len(data["columns"]) == 7
    first = columns[0].text()
    assert "I know you are working hard" in first
    assert "Bu Yidao" in first  # outlet
    assert "Appeared" in first and "about" in first and "publication date approximate" in first
    # Who gives each version: the narrator for accounts, the speaker for statements.
    givers = [c["giver"]["name"] for c in data["columns"]]
    assert givers[0] != givers[1]
    assert data["columns"][0]["giver"]["role"] == "narrator"
    assert data["columns"][2]["giver"]["role"] == "speaker"
    assert alternate_links(doc)["application/json"].startswith(f"/conflicts/{cid}.json")


def test_points_table_has_headers_and_claims(app: Flask, client: FlaskClient) -> None:
    cid = conflict_id(app, KISHIDA_YOON)
    table = page(client, f"/conflicts/{cid}").find("table", class_="points")
    header = table.find("thead").find_all("th")
    assert all(th.attrs.get("scope") == "col" for th in header)
    assert len(header) == 1 + 7
    rows = table.find("tbody").find_all("tr")
    aspects = [r.find("th").text() for r in rows]
    assert "Who initiated the exchange" in aspects
    assert all(r.find("th").attrs["scope"] == "row" for r in rows)
    initiated = rows[aspects.index("Who initiated the exchange")]
    assert "Kishida initiated the conversation." in [td.text() for td in initiated.find_all("td")]
    assert table.find("caption")


def test_word_diff_between_a_chosen_pair(app: Flask, client: FlaskClient) -> None:
    cid = conflict_id(app, KISHIDA_YOON)
    doc = page(client, f"/conflicts/{cid}")
    form = doc.find("form", class_="pair-form")
    assert form.attrs["method"] == "get"
    for name in ("a", "b"):
        select_ = form.find("select", name=name)
        assert doc.find("label", for_=select_.attrs["id"])
    deleted = " ".join(d.text() for d in doc.find_all("del"))
    inserted = " ".join(i.text() for i in doc.find_all("ins"))
    assert "working hard" in deleted and "restore" in inserted

    data = get_json(client, f"/conflicts/{cid}.json?a=1&b=0")
    assert (data["diff"]["a"], data["diff"]["b"]) == (1, 0)
    ops = {s["op"] for s in data["diff"]["segments"]}
    assert ops <= {"equal", "insert", "delete"} and "insert" in ops
    swapped = page(client, f"/conflicts/{cid}?a=1&b=0")
    assert "working hard" in " ".join(i.text() for i in swapped.find_all("ins"))


def test_report_lag_is_honest_about_precision(app: Flask, client: FlaskClient) -> None:
    cid = conflict_id(app, KISHIDA_YOON)
    columns = get_json(client, f"/conflicts/{cid}.json")["columns"]
    by_key = {c["statement"]["key"]: c["report_lag"] for c in columns}
    sankei = by_key["sankei-no-intention-of-talks"]  # said "2022-06", published c. 30 June
    assert sankei["min_days"] == 0 and sankei["max_days"] == 29
    assert "dated only to the month" in sankei["text"]
    readout = by_key["kr-office-readout-kishida-initiated"]  # 29 June; published c. 30 June
    assert readout["text"] == "about 1 day after (publication date approximate)"


def test_unknown_ids_and_bad_parameters(app: Flask, client: FlaskClient) -> None:
    cid = conflict_id(app, WHITE_HOUSE)
    assert page(client, "/conflicts/987654", 404).find("h1")
    assert client.get("/conflicts/987654.json").status_code == 404
    assert client.get(f"/conflicts/{cid}.xml").status_code == 404
    for bad in ("a=99", "a=x", "b=-1"):
        page(client, f"/conflicts/{cid}?{bad}", 400)
    page(client, "/conflicts?status=pending", 400)
    page(client, "/conflicts?page=0", 400)
    assert get_json(client, "/conflicts.json?per_page=abc", 400)["error"]["parameter"] == "per_page"


def test_markup_in_wording_is_escaped(app: Flask, client: FlaskClient) -> None:
    from tracker.services.editing.loader import Loader

    with app.app_context():
        session = get_session()
        Loader(session).load("test", {
            "speakers": [{"key": "x-speaker", "name": "<script>alert(1)</script>"}],
            "statements": [
                {"key": "x-1", "speaker": "x-speaker", "wording": "<b>bold</b> & more"},
                {"key": "x-2", "speaker": "x-speaker", "wording": "<i>bold</i> & less"},
            ],
            "conflicts": [{"key": "x-conflict", "title": "Markup <em>test</em>",
                           "members": [{"statement": "x-1"}, {"statement": "x-2"}]}],
        })
        session.commit()
    html = client.get(f"/conflicts/{conflict_id(app, 'x-conflict')}").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>bold" not in html and "<em>test" not in html
    assert "&lt;b&gt;bold" in html


def test_no_n_plus_one(app: Flask, client: FlaskClient) -> None:
    # Same shape (statements only), different sizes: the query count must not follow the size.
    small = conflict_id(app, "korean-war-justice-vs-invasion")  # three statements
    large = conflict_id(app, "korea-nato-not-aimed-at-china")  # six statements
    assert queries_for(app, client, f"/conflicts/{large}") == queries_for(app, client, f"/conflicts/{small}")
    assert queries_for(app, client, "/conflicts?per_page=1") == queries_for(app, client, "/conflicts")
