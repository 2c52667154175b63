"""The speakers index and speaker pages: HTML, JSON twin, CSV, filters, errors, query counts."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.pages_helpers import (
    alternate_links,
    get_csv,
    get_json,
    page,
    parse,
    queries_for,
    said_sort_day,
    speaker_id,
)
from tracker.models import DatePrecision, Speaker, SpeakerAlias, Statement
from tracker.services.input.text import fold, name_key
from tracker.web.database import get_session


def _speaker_rows(path: str, client: FlaskClient) -> list[tuple[str, int]]:
    doc = page(client, path)
    table = doc.find("table", class_="speakers")
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        name = tr.find("th").text()
        count = int(tr.find("td", class_="num").text())
        rows.append((name, count))
    return rows


def _add_speaker(app: Flask, name: str, **fields: Any) -> int:
    with app.app_context():
        session = get_session()
        speaker = Speaker(name=name, sort_name=fold(name), **fields)
        speaker.aliases.append(SpeakerAlias(name=name, name_key=name_key(name), is_canonical=True))
        session.add(speaker)
        session.commit()
        return speaker.id


def test_alias_search_finds_yoon(client: FlaskClient) -> None:
    rows = _speaker_rows("/speakers?q=Yin+Xiyue", client)
    assert [name for name, _ in rows] == ["Yoon Suk-yeol"]
    assert rows[0][1] > 0


def test_index_is_a_to_z_with_counts_like_the_api(client: FlaskClient) -> None:
    rows = _speaker_rows("/speakers?per_page=200", client)
    api = get_json(client, "/api/v1/speakers?per_page=200")["items"]
    assert [(s["name"], s["statement_count"]) for s in api] == rows
    # A to Z: the letters' pages, one after another, are the whole list in order.
    letters = [a.text() for a in page(client, "/speakers").find("nav", class_="letters").find_all("a")[1:]]
    assert len(letters) > 5
    assert [row for letter in letters for row in _speaker_rows(
        f"/speakers?per_page=200&letter={letter.lower()}", client)] == rows


def test_filters_kind_country_and_letter(client: FlaskClient) -> None:
    people = get_json(client, "/speakers.json?kind=person&per_page=200")["items"]
    assert people and all(s["kind"] == "person" for s in people)
    korean = get_json(client, "/speakers.json?country=kr&per_page=200")["items"]
    assert korean and all(s["country"] == "KR" for s in korean)
    doc = page(client, "/speakers")
    letters = doc.find("nav", class_="letters").find_all("a")
    assert letters[0].text() == "All"
    k_link = next(a.attrs["href"] for a in letters if a.text() == "K")
    names = [n for n, _ in _speaker_rows(k_link, client)]
    # Filed by family name: "Kim Ha-joong" (family name first) and "Fumio Kishida" both under K.
    assert names and all(any(w.startswith("k") for w in fold(n).split()) for n in names)
    assert "Kim Ha-joong" in names and "Fumio Kishida" in names


def test_index_pagination_and_json_twin(client: FlaskClient) -> None:
    doc = page(client, "/speakers?per_page=2")
    assert len(doc.find("tbody").find_all("tr")) == 2
    next_link = doc.find("a", rel="next").attrs["href"]
    second = _speaker_rows(next_link, client)
    twin = get_json(client, "/speakers.json?per_page=2&page=2")
    assert [(s["name"], s["statement_count"]) for s in twin["items"]] == second
    assert twin["pagination"]["page"] == 2
    links = alternate_links(doc)
    assert set(links) == {"application/json", "text/csv"}
    assert get_json(client, links["application/json"])["items"]


def test_csv_escapes_formula_cells(app: Flask, client: FlaskClient) -> None:
    _add_speaker(app, "=HYPERLINK(\"http://evil\")", country="ZZ")
    rows = get_csv(client, "/speakers.csv?country=ZZ")
    assert len(rows) == 1
    assert rows[0]["name"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0]["url"].startswith("http")
    all_rows = get_csv(client, "/speakers.csv?per_page=200")
    assert {"Yoon Suk-yeol", "Fumio Kishida"} <= {r["name"] for r in all_rows}


def test_bad_filters_are_400_pages(client: FlaskClient) -> None:
    for path in ("/speakers?kind=alien", "/speakers?page=x", "/speakers?per_page=100000",
                 "/speakers?q=%20-%20"):
        doc = page(client, path, 400)
        assert doc.find("h1").text() == "Bad request"
    assert get_json(client, "/speakers.json?kind=alien", 400)["error"]["parameter"] == "kind"


def test_speaker_page_names_roles_and_dated_statements(client: FlaskClient) -> None:
    yoon = speaker_id(client, "Yin Xiyue")
    doc = page(client, f"/speakers/{yoon}")
    assert doc.find("h1").text() == "Yoon Suk-yeol"
    names = doc.find("table", class_="names")
    hangul = next(span for span in names.find_all("span") if span.text() == "윤석열")
    assert hangul.attrs["lang"].startswith("ko")
    assert "Hanyu Pinyin" in names.text()
    assert "President of South Korea" in doc.find("ul", class_="roles").text()

    items = doc.find("ol", class_="statements").find_all("li", class_="statement")
    api = get_json(client, f"/api/v1/speakers/{yoon}")["statements"]
    assert [int(li.attrs["id"].split("-")[1]) for li in items] == [s["id"] for s in api]
    times = [li.find("time") for li in items]
    assert [t.attrs["datetime"] for t in times] == [s["said"] for s in api]
    assert sorted((said_sort_day(t.attrs["datetime"]), i) for i, t in enumerate(times)) == [
        (said_sort_day(t.attrs["datetime"]), i) for i, t in enumerate(times)]
    month = next(li for li, s in zip(items, api, strict=True) if s["said_precision"] == "month")
    assert "(month)" in month.find(class_="statement-meta").text()
    assert month.find("time").attrs["title"]  # the said_note as a tooltip
    assert all(li.find_all("div", class_="account") for li in items)
    assert any(a.attrs.get("href", "").startswith("/articles/") for a in items[0].find_all("a"))


def test_speaker_json_twin_equals_the_api(client: FlaskClient) -> None:
    yoon = speaker_id(client, "Yoon")
    twin = get_json(client, f"/speakers/{yoon}.json")
    api = get_json(client, f"/api/v1/speakers/{yoon}")
    assert api.pop("version") >= 1  # the API adds the version to send back when changing it
    # The page pages by cursor (keyset), the API by page number; the rest is the same.
    twin_pages, api_pages = twin.pop("statements_pagination"), api.pop("statements_pagination")
    assert twin == api
    assert twin_pages["total"] == api_pages["total"] and twin_pages["total_is_lower_bound"] is False
    assert twin_pages["next_after"] is None and twin_pages["previous_before"] is None
    links = alternate_links(page(client, f"/speakers/{yoon}"))
    assert links["application/json"] == f"/speakers/{yoon}.json"


def test_speaker_date_filters(client: FlaskClient) -> None:
    kishida = speaker_id(client, "Kishida Wenxiong")
    everything = get_json(client, f"/speakers/{kishida}.json")["statements"]
    assert everything
    june = get_json(client, f"/speakers/{kishida}.json?from=2022-06&to=2022-06")["statements"]
    assert june and all(s["said"].startswith("2022-06") for s in june)
    none = get_json(client, f"/speakers/{kishida}.json?from=2030")["statements"]
    assert none == []
    doc = page(client, f"/speakers/{kishida}?from=2030")
    assert doc.find("input", id="speaker-from").attrs["value"] == "2030"


def test_speaker_event_and_topic_filters(client: FlaskClient) -> None:
    yoon = speaker_id(client, "Yoon")
    doc = page(client, f"/speakers/{yoon}")
    event_options = [o for o in doc.find("select", id="speaker-event").find_all("option") if o.attrs["value"]]
    topic_options = [o for o in doc.find("select", id="speaker-topic").find_all("option") if o.attrs["value"]]
    assert event_options and topic_options
    event = event_options[0].attrs["value"]
    got = get_json(client, f"/speakers/{yoon}.json?event={event}")["statements"]
    assert got and all(s["event"]["id"] == int(event) for s in got)
    topic = topic_options[0]
    got = get_json(client, f"/speakers/{yoon}.json?topic={topic.attrs['value']}")["statements"]
    assert got and all(topic.text() in s["topics"] for s in got)


def test_speaker_bad_filters_and_unknown_ids(client: FlaskClient) -> None:
    yoon = speaker_id(client, "Yoon")
    doc = page(client, f"/speakers/{yoon}?from=2022-13-01", 400)
    assert "month" in doc.find("main").text() and "from" in doc.find("main").text()
    page(client, f"/speakers/{yoon}?to=yesterday", 400)
    page(client, f"/speakers/{yoon}?from=2023&to=2022", 400)
    page(client, f"/speakers/{yoon}?event=abc", 400)
    page(client, f"/speakers/{yoon}?event=999999", 400)
    doc = page(client, "/speakers/999999", 404)
    assert "999999" in doc.find("main").text()
    assert get_json(client, "/speakers/999999.json", 404)["error"]["status"] == 404
    page(client, f"/speakers/{yoon}.xml", 404)


def test_merged_speaker_redirects_permanently(app: Flask, client: FlaskClient) -> None:
    yoon = speaker_id(client, "Yoon")
    merged = _add_speaker(app, "Yoon Duplicate", merged_into_id=yoon)
    response = client.get(f"/speakers/{merged}?from=2022")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/speakers/{yoon}?from=2022")
    response = client.get(f"/speakers/{merged}.json")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/speakers/{yoon}.json")


def test_speaker_svg_timeline_has_a_lane_per_source(client: FlaskClient) -> None:
    kishida = speaker_id(client, "Kishida")
    doc = page(client, f"/speakers/{kishida}")
    svg = doc.find("svg", class_="timeline-svg")
    assert svg.attrs["role"] == "img"
    twin = get_json(client, f"/speakers/{kishida}.json")["statements"]
    sources = set()
    for s in twin:
        for a in s["accounts"]:
            outlet = a["article"]["outlet"]["name"] if a["article"] and a["article"]["outlet"] else None
            sources.add((a["narrator"]["name"] if a["narrator"] else None, outlet))
    lane_labels = [t.text() for t in svg.find_all("text") if t.attrs.get("font-size") == "12"]
    assert len(lane_labels) == len(sources) >= 1
    marks = svg.find_all("circle") + [r for r in svg.find_all("rect") if r.find_all("title")]
    assert len(marks) == sum(len(s["accounts"]) or 1 for s in twin if s["said"])


def test_speaker_page_query_count_does_not_grow(app: Flask, client: FlaskClient) -> None:
    speakers = get_json(client, "/api/v1/speakers?per_page=200")["items"]
    counts = sorted((s["statement_count"], s["id"]) for s in speakers if s["statement_count"])
    (few, one), (many, busy) = counts[0], counts[-1]
    assert many > few
    assert queries_for(app, client, f"/speakers/{one}") == queries_for(app, client, f"/speakers/{busy}")
    assert (queries_for(app, client, "/speakers?per_page=1")
            == queries_for(app, client, "/speakers?per_page=50"))


def test_statements_with_unknown_dates_still_render(app: Flask, client: FlaskClient) -> None:
    yoon = speaker_id(client, "Yoon")
    with app.app_context():
        session = get_session()
        session.add(Statement(speaker_id=yoon, wording="Undated <b>words</b>", said_on=None))
        session.add(Statement(speaker_id=yoon, wording="Roughly then", said_on=date(2022, 6, 1),
                              said_precision=DatePrecision.APPROXIMATE))
        session.commit()
        assert session.scalar(select(Speaker.name).where(Speaker.id == yoon)) == "Yoon Suk-yeol"
    response = client.get(f"/speakers/{yoon}?per_page=200")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<b>words</b>" not in html
    doc = parse(html)
    texts = [li.text() for li in doc.find_all("li", class_="statement")]
    assert any("Undated <b>words</b>" in t and "date unknown" in t for t in texts)
    assert any("c. 1 June 2022" in t for t in texts)
