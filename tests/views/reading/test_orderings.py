"""Every order a page promises, held against the stored dates: each test fails when its order flips.

The expected order is computed here from the database's own (said_on, id) pairs, never copied
from the page under test. The seeds have several statements on one day (13 on 30 June 2022,
three by Yoon Suk-yeol on 1 June 2022), so the tie-break by id is tested too.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import ColumnElement, select

from tests.pages_helpers import get_csv, get_json, page, speaker_id
from tracker.models import Account, Article, Statement
from tracker.web.database import get_session

Key = tuple[date, int]


def _dated(app: Flask, *conditions: ColumnElement[bool]) -> list[Key]:
    """(said_on, id) of the live statements matching the conditions, in no particular order."""
    with app.app_context():
        rows = get_session().execute(select(Statement.said_on, Statement.id).where(
            Statement.deleted_at.is_(None), *conditions)).tuples().all()
    assert rows and all(said is not None for said, _ in rows), "the seeds date every statement"
    return [(said, sid) for said, sid in rows if said is not None]


def _has_same_day_pair(keys: list[Key]) -> bool:
    days = [said for said, _ in keys]
    return len(days) != len(set(days))


def _listed(client: FlaskClient, url: str) -> list[int]:
    return [int(li.attrs["id"].removeprefix("statement-"))
            for li in page(client, url).find_all("li", class_="statement")]


def test_timeline_is_oldest_first_and_same_day_by_id(app: Flask, client: FlaskClient) -> None:
    keys = _dated(app)
    assert _has_same_day_pair(keys)
    expected = [sid for _, sid in sorted(keys)]
    assert _listed(client, "/timeline?per_page=200") == expected
    assert [s["id"] for s in get_json(client, "/timeline.json?per_page=200")["items"]] == expected
    assert [int(r["id"]) for r in get_csv(client, "/timeline.csv?per_page=200")] == expected
    # Pages follow one another in the same order.
    first, second = (get_json(client, f"/timeline.json?per_page=4&page={n}")["items"] for n in (1, 2))
    assert [s["id"] for s in first + second] == expected[:8]


def test_speaker_page_is_oldest_first_and_same_day_by_id(app: Flask, client: FlaskClient) -> None:
    yoon = speaker_id(client, "Yoon Suk-yeol")
    keys = _dated(app, Statement.speaker_id == yoon)
    assert _has_same_day_pair(keys), "Yoon has three statements on 1 June 2022"
    expected = [sid for _, sid in sorted(keys)]
    assert _listed(client, f"/speakers/{yoon}?per_page=200") == expected
    for twin in (f"/speakers/{yoon}.json?per_page=200", f"/api/v1/speakers/{yoon}?per_page=200"):
        assert [s["id"] for s in get_json(client, twin)["statements"]] == expected
    # Walking the keyset cursors forwards gives the same order, page by page.
    walked: list[int] = []
    url = f"/speakers/{yoon}.json?per_page=2"
    for _ in range(len(expected)):
        body = get_json(client, url)
        walked += [s["id"] for s in body["statements"]]
        after = body["statements_pagination"]["next_after"]
        if after is None:
            break
        url = f"/speakers/{yoon}.json?per_page=2&after={after}"
    assert walked == expected


@pytest.mark.parametrize(("sort", "newest"), [("newest", True), ("oldest", False)])
def test_search_orders_by_date_with_same_day_by_id(app: Flask, client: FlaskClient, sort: str,
                                                   newest: bool) -> None:
    found = [s["id"] for s in get_json(client, f"/search.json?q=the&sort={sort}&per_page=200")["items"]]
    assert len(found) > 20
    keys = _dated(app, Statement.id.in_(found))
    assert _has_same_day_pair(keys)
    expected = [sid for _, sid in sorted(keys, reverse=newest)]
    assert found == expected
    hits = page(client, f"/search?q=the&sort={sort}&per_page=200").find("ol", class_="search-hits")
    assert [int(h.attrs["id"].removeprefix("hit-")) for h in hits.find_all("h3")] == expected
    rows = get_csv(client, f"/search.csv?q=the&sort={sort}&per_page=200")
    assert [int(r["statement_id"]) for r in rows] == expected


def test_search_lists_undated_statements_last_newest_first(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        session = get_session()
        statement = session.scalars(select(Statement).where(Statement.deleted_at.is_(None))
                                    .order_by(Statement.id)).first()
        assert statement is not None
        statement.said_on, statement.said_precision = None, None
        undated = statement.id
        session.commit()
    words = get_json(client, f"/api/v1/statements/{undated}")["wording"].split()
    word = max(words, key=len).strip(".,;:“”\"'")
    found = [s["id"] for s in get_json(client, f"/search.json?q={word}&per_page=200")["items"]]
    assert undated in found
    assert found[-1] == undated


def test_home_shows_the_newest_statements_first(app: Flask, client: FlaskClient) -> None:
    expected = [sid for _, sid in sorted(_dated(app), reverse=True)[:10]]
    assert _listed(client, "/") == expected


def test_article_lists_its_accounts_in_the_order_the_words_were_said(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        session = get_session()
        article_id = session.scalar(select(Article.id).where(Article.key == "buyidao-korea-why-so"))
        rows = session.execute(
            select(Statement.said_on, Statement.id, Account.id)
            .join(Account, Account.statement_id == Statement.id)
            .where(Account.article_id == article_id, Account.deleted_at.is_(None))).tuples().all()
    assert len({said for said, _, _ in rows}) > 1
    expected = [account for _, _, account in sorted(rows)]
    assert [a["id"] for a in get_json(client, f"/articles/{article_id}.json")["accounts"]] == expected
