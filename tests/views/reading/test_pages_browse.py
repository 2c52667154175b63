"""Home, statement, event, outlet, article and timeline pages: structure, twins, errors, queries."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

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
from tracker.models import Account, AccountHop, Article, Event, Outlet, Speaker, Statement
from tracker.web.database import get_session


def _ids(items: list[Any]) -> list[int]:
    return [int(i["id"]) for i in items]


def _first(app: Flask, model: Any, **where: Any) -> int:
    with app.app_context():
        value = get_session().scalar(select(model.id).filter_by(**where).order_by(model.id))
        assert value is not None
        return int(value)


def test_home_counts_search_box_and_conflicts(app: Flask, client: FlaskClient) -> None:
    doc = page(client, "/")
    counts = {dt.text(): int(dd.text()) for dt, dd in zip(
        doc.find("dl", class_="counts").find_all("dt"), doc.find("dl", class_="counts").find_all("dd"),
        strict=True)}
    with app.app_context():
        session = get_session()
        assert counts["Statements"] == session.scalar(select(func.count()).select_from(Statement))
        assert counts["Accounts"] == session.scalar(select(func.count()).select_from(Account))
        assert counts["Outlets"] == session.scalar(select(func.count()).select_from(Outlet))
        assert counts["Speakers"] == session.scalar(select(func.count()).select_from(Speaker))
    form = doc.find("form", class_="search")
    assert form.attrs["action"] == "/search" and form.attrs["method"] == "get"
    box = form.find("input", name="q")
    assert form.find("label").attrs["for"] == box.attrs["id"]
    conflicts = get_json(client, "/api/v1/conflicts?status=open&per_page=200")["items"]
    hrefs = {a.attrs["href"] for a in doc.find("ul", class_="conflicts").find_all("a")}
    assert hrefs == {f"/conflicts/{c['id']}" for c in conflicts[:10]}
    assert doc.find("ol", class_="statements").find_all("li", class_="statement")


def test_statement_page_accounts_chains_and_json_ld(client: FlaskClient) -> None:
    kishida = speaker_id(client, "Kishida")
    statements = get_json(client, f"/api/v1/speakers/{kishida}")["statements"]
    target = max(statements, key=lambda s: max((len(a["chain"]) for a in s["accounts"]), default=0))
    doc = page(client, f"/statements/{target['id']}")
    account_items = [li for li in doc.find("ol", class_="account-list").children
                     if not isinstance(li, str) and li.tag == "li"]
    assert [li.attrs["id"] for li in account_items] == [f"account-{a['id']}" for a in target["accounts"]]
    assert account_items
    for li, account in zip(account_items, target["accounts"], strict=True):
        if not account["chain"]:
            continue
        hops = li.find("ol", class_="chain").find_all("li")
        assert [h.find("span", class_="hop-role").text() for h in hops] == [
            hop["role"] for hop in account["chain"]]
        names = [(hop["speaker"] or hop["outlet"] or {}).get("name") or hop["label"]
                 for hop in account["chain"]]
        assert [h.text().split(" ", 1)[1] for h in hops] == names
    scripts = doc.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].text())
    assert data["@type"] == "Quotation" and data["text"] == target["wording"]
    assert data["creator"]["name"] == "Fumio Kishida"
    twin = get_json(client, f"/statements/{target['id']}.json")
    assert {k: v for k, v in twin.items() if k not in ("conflicts", "also_reported_as")} == target
    assert alternate_links(doc)["application/json"] == f"/statements/{target['id']}.json"


def test_json_ld_cannot_close_its_script(app: Flask, client: FlaskClient) -> None:
    yoon = speaker_id(client, "Yoon")
    with app.app_context():
        session = get_session()
        statement = Statement(speaker_id=yoon, wording="</script><script>alert(1)</script>")
        session.add(statement)
        session.commit()
        sid = statement.id
    html = client.get(f"/statements/{sid}").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    data = json.loads(parse(html).find("script", type="application/ld+json").text())
    assert data["text"] == "</script><script>alert(1)</script>"


def test_statement_page_links_its_conflicts(client: FlaskClient) -> None:
    conflict = next(c for c in get_json(client, "/api/v1/conflicts?per_page=200")["items"]
                    if c["key"] == "kishida-yoon-dinner-exchange")
    detail = get_json(client, f"/api/v1/conflicts/{conflict['id']}")
    statement_id = detail["members"][0]["statement"]["id"]
    doc = page(client, f"/statements/{statement_id}")
    assert f"/conflicts/{conflict['id']}" in {a.attrs.get("href") for a in doc.find_all("a")}


def test_unknown_ids_are_404(client: FlaskClient) -> None:
    for path in ("/statements/999999", "/events/999999", "/outlets/999999", "/articles/999999"):
        doc = page(client, path, 404)
        assert "999999" in doc.find("main").text()
        get_json(client, path + ".json", 404)


def test_events_tree_nests_children_with_counts(app: Flask, client: FlaskClient) -> None:
    child = _first(app, Event, key="kishida-yoon-dinner-conversation-2022")
    doc = page(client, "/events")
    link = next(a for a in doc.find("ul", class_="tree").find_all("a")
                if a.attrs["href"] == f"/events/{child}")
    parents = [n.find("a").text() for n in link.ancestors() if n.tag == "li"][1:]
    assert parents == ["King of Spain's dinner for NATO summit participants", "NATO Summit, Madrid 2022"]
    twin = get_json(client, "/events.json")["items"]
    nato = next(e for e in twin if e["key"] == "nato-summit-2022")
    assert nato["children"] and all("statement_count" in c for c in nato["children"])
    rows = get_csv(client, "/events.csv")
    assert {int(r["id"]) for r in rows} >= {child}


def test_event_page_breadcrumb_children_and_statements(app: Flask, client: FlaskClient) -> None:
    child = _first(app, Event, key="kishida-yoon-dinner-conversation-2022")
    doc = page(client, f"/events/{child}")
    crumbs = [li.text() for li in doc.find("nav", class_="breadcrumb").find_all("li")]
    assert crumbs == ["Events", "NATO Summit, Madrid 2022",
                      "King of Spain's dinner for NATO summit participants", doc.find("h1").text()]
    twin = get_json(client, f"/events/{child}.json")
    ids = [int(li.attrs["id"].split("-")[1]) for li in doc.find_all("li", class_="statement")]
    assert ids == _ids(twin["statements"]) and ids
    said = [s["said"] for s in twin["statements"]]
    assert said == sorted(said)
    parent = _first(app, Event, key="nato-summit-2022")
    doc = page(client, f"/events/{parent}")
    within = doc.find("section", **{"aria-labelledby": "within"})
    assert "King of Spain's dinner" in within.text()


def test_outlets_list_and_outlet_reports_via_hops(app: Flask, client: FlaskClient) -> None:
    doc = page(client, "/outlets")
    rows = {tr.find("th").text(): [td.text() for td in tr.find_all("td")]
            for tr in doc.find("tbody").find_all("tr")}
    assert "Yonhap News Agency" in rows
    yonhap = _first(app, Outlet, key="yonhap")
    twin = get_json(client, f"/outlets/{yonhap}.json")
    assert twin["articles"] == [] and twin["accounts"], "Yonhap carries accounts only along chains"
    assert all(any(h["outlet"] and h["outlet"]["id"] == yonhap for h in a["chain"]) for a in twin["accounts"])
    assert rows["Yonhap News Agency"][-1] == str(twin["accounts_pagination"]["total"])
    doc = page(client, f"/outlets/{yonhap}")
    assert len(doc.find_all("li", class_="carried")) == len(twin["accounts"])
    csv_rows = get_csv(client, f"/outlets/{yonhap}.csv")
    assert [int(r["account_id"]) for r in csv_rows] == _ids(twin["accounts"])
    listed = get_json(client, "/outlets.json")["items"]
    assert next(o for o in listed if o["id"] == yonhap)["account_count"] == len(twin["accounts"])


def test_article_page_lists_every_account(app: Flask, client: FlaskClient) -> None:
    article = _first(app, Article, key="buyidao-korea-why-so")
    with app.app_context():
        expected = get_session().scalar(select(func.count()).select_from(Account).where(
            Account.article_id == article))
    doc = page(client, f"/articles/{article}")
    assert doc.find("h1").text() == "Korea, why so!"
    assert len(doc.find_all("li", class_="carried")) == expected
    twin = get_json(client, f"/articles/{article}.json")
    assert len(twin["accounts"]) == expected and twin["outlet"]["name"]
    assert len(get_csv(client, f"/articles/{article}.csv")) == expected


def test_timeline_order_filters_and_pagination(client: FlaskClient) -> None:
    everything = get_json(client, "/timeline.json?per_page=200")["items"]
    # Partial dates ("2022-06") sort at their period's end: a month after every day in it.
    keys = [(said_sort_day(s["said"]), s["id"]) for s in everything]
    assert len(keys) > 10 and keys == sorted(keys)
    months = [s for s in everything if len(s["said"]) == 7]
    assert months, "the seeds date some statements only to a month"
    for month in months:  # after every day of its month but the last (same day: by id)
        at = everything.index(month)
        assert all(not s["said"].startswith(month["said"] + "-") or said_sort_day(s["said"]) == said_sort_day(
            month["said"]) for s in everything[at + 1:])
    yoon, kishida = speaker_id(client, "Yoon"), speaker_id(client, "Kishida")
    both = get_json(client, f"/timeline.json?speaker={yoon}&speaker={kishida}&per_page=200")["items"]
    assert {s["speaker"]["id"] for s in both} == {yoon, kishida}
    doc = page(client, f"/timeline?speaker={yoon}&speaker={kishida}&per_page=200")
    selected = {o.attrs["value"] for o in doc.find("select", id="timeline-speaker").find_all("option")
                if "selected" in o.attrs}
    assert selected == {str(yoon), str(kishida)}
    assert [int(li.attrs["id"].split("-")[1]) for li in doc.find_all("li", class_="statement")] == _ids(both)
    links = alternate_links(doc)
    assert links["application/json"].count("speaker=") == 2
    assert _ids(get_json(client, links["application/json"])["items"]) == _ids(both)

    first = get_json(client, "/timeline.json?per_page=3")
    second = get_json(client, "/timeline.json?per_page=3&page=2")
    assert _ids(first["items"]) + _ids(second["items"]) == _ids(everything[:6])
    dated = get_json(client, "/timeline.json?from=2022-06-29&to=2022-06-29&per_page=200")["items"]
    assert dated and all(s["said"] == "2022-06-29" for s in dated)
    rows = get_csv(client, f"/timeline.csv?speaker={kishida}")
    assert [int(r["id"]) for r in rows] == [s["id"] for s in both if s["speaker"]["id"] == kishida]


def test_timeline_topic_event_and_outlet_filters(app: Flask, client: FlaskClient) -> None:
    event = _first(app, Event, key="kishida-yoon-dinner-conversation-2022")
    got = get_json(client, f"/timeline.json?event={event}")["items"]
    assert got and all(s["event"]["id"] == event for s in got)
    topic = page(client, "/timeline").find("select", id="timeline-topic").find_all("option")[1]
    got = get_json(client, f"/timeline.json?topic={topic.attrs['value']}&per_page=200")["items"]
    assert got and all(topic.text() in s["topics"] for s in got)
    yonhap = _first(app, Outlet, key="yonhap")
    reported = get_json(client, f"/outlets/{yonhap}.json?per_page=200")["accounts"]
    carried = {a["statement_id"] for a in reported}
    got = get_json(client, f"/timeline.json?outlet={yonhap}&per_page=200")["items"]
    assert {s["id"] for s in got} == carried


def test_timeline_bad_filters_are_400(client: FlaskClient) -> None:
    for path in ("/timeline?speaker=abc", "/timeline?speaker=999999", "/timeline?event=0",
                 "/timeline?topic=999999", "/timeline?outlet=x", "/timeline?from=June",
                 "/timeline?to=2022-02-30", "/timeline?page=0"):
        doc = page(client, path, 400)
        assert doc.find("h1").text() == "Bad request", path
    assert get_json(client, "/timeline.json?speaker=abc", 400)["error"]["parameter"] == "speaker"


def test_pages_advertise_their_twins(app: Flask, client: FlaskClient) -> None:
    event = _first(app, Event, key="nato-summit-2022")
    for path, csv_too in (("/speakers", True), ("/events", True), (f"/events/{event}", False),
                          ("/outlets", True), ("/timeline", True)):
        links = alternate_links(page(client, path))
        assert ("text/csv" in links) == csv_too, path
        assert client.get(links["application/json"]).status_code == 200
    page(client, "/timeline?_external=1&fmt=x")  # parameters url_for would misread are ignored


def test_query_counts_do_not_grow_with_rows(app: Flask, client: FlaskClient) -> None:
    yonhap, bu_yidao = _first(app, Outlet, key="yonhap"), _first(app, Outlet, key="bu-yidao")
    for small, large in (("/timeline?per_page=1", "/timeline?per_page=50"),
                         ("/timeline.json?per_page=1", "/timeline.json?per_page=50"),
                         ("/outlets?per_page=1", "/outlets?per_page=50"),
                         (f"/outlets/{yonhap}?per_page=1", f"/outlets/{bu_yidao}?per_page=50"),
                         ("/events", "/events.json"),
                         ("/?", "/")):
        assert queries_for(app, client, small) == queries_for(app, client, large), (small, large)
    with app.app_context():
        carried = get_session().execute(select(Account.article_id, func.count()).where(
            Account.article_id.is_not(None)).group_by(Account.article_id).order_by(func.count())).all()
    (few, few_n), (many, many_n) = carried[0], carried[-1]
    assert few_n < many_n
    assert queries_for(app, client, f"/articles/{few}") == queries_for(app, client, f"/articles/{many}")
    event = _first(app, Event, key="kishida-yoon-dinner-conversation-2022")
    statement = get_json(client, f"/events/{event}.json")["statements"][0]["id"]
    before = (queries_for(app, client, f"/statements/{statement}"),
              queries_for(app, client, f"/events/{event}"))
    _add_accounts(app, statement, 5)
    after = (queries_for(app, client, f"/statements/{statement}"),
             queries_for(app, client, f"/events/{event}"))
    assert before == after


def _add_accounts(app: Flask, statement_id: int, copies: int) -> None:
    """More accounts like the statement's first one (same narrator, article and chain)."""
    with app.app_context():
        session = get_session()
        statement = session.get(Statement, statement_id)
        assert statement is not None and statement.accounts
        model = statement.accounts[0]
        for n in range(copies):
            copy = Account(narrator_id=model.narrator_id, article_id=model.article_id,
                           wording=f"{model.wording} ({n})", stance=model.stance)
            copy.hops = [AccountHop(position=h.position, role=h.role, speaker_id=h.speaker_id,
                                    outlet_id=h.outlet_id, label=h.label) for h in model.hops]
            statement.accounts.append(copy)
        session.commit()
