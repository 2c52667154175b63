"""Migration 0010: rows stored with a false day get their month or year back, and month and
year statements move to the end of their period (their search documents with them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from tests.conftest import make_app
from tests.databases import Databases
from tests.pages_helpers import get_json, page
from tracker.db import make_engine
from tracker.services.data import migrations
from tracker.services.search.order import document_id

NOW = "2026-12-01 10:00:00"
# (key, stored day, stored precision, what the page says after 0010)
ROWS = [
    ("s-month", date(2022, 6, 1), "approximate", "c. June 2022"),  # "2022-06" + approximate
    ("s-year", date(2022, 1, 1), "approximate", "c. 2022"),  # "2022" + approximate
    ("s-day", date(2022, 6, 15), "approximate", "c. 15 June 2022"),  # a true approximate day
    ("quotebank:q1", date(2022, 7, 1), "approximate", "c. 1 July 2022"),  # Quotebank's real day
    ("s-plain-month", date(2022, 6, 1), "month", "June 2022"),
    ("s-last-day", date(2022, 6, 30), "day", "30 June 2022"),
]


def _insert(url: str) -> dict[str, int]:
    engine = make_engine(url)
    ids = {}
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO speaker (kind, name, sort_name, created_at, updated_at, version) "
            "VALUES ('person', 'Joe Biden', 'joe biden', :now, :now, 1)"), {"now": NOW})
        speaker = connection.execute(text("SELECT id FROM speaker")).scalar_one()
        for key, day, precision, _ in ROWS:
            connection.execute(text(
                "INSERT INTO statement (key, speaker_id, said_on, said_precision, wording, kind, created_at, "
                "updated_at, version) VALUES (:key, :speaker, :day, :precision, :wording, 'direct_quote', "
                ":now, :now, 1)"), {"key": key, "speaker": speaker, "day": day, "precision": precision,
                                    "wording": f"words of {key}", "now": NOW})
            sid = connection.execute(text("SELECT id FROM statement WHERE key = :key"),
                                     {"key": key}).scalar_one()
            connection.execute(
                text("INSERT INTO search_document (id, statement_id, text) VALUES (:id, :sid, :t)"),
                {"id": document_id(day, sid, 0), "sid": sid, "t": f"words {key.replace(':', ' ')}"})
            ids[key] = sid
            connection.execute(text(  # an account: recreating the statement table must keep it
                "INSERT INTO account (statement_id, wording, stance, created_at, updated_at, version) "
                "VALUES (:sid, :wording, 'affirms', :now, :now, 1)"),
                {"sid": sid, "wording": key, "now": NOW})
        connection.execute(text(
            "INSERT INTO event (name, start_date, start_precision, created_at, updated_at, version) "
            "VALUES ('NATO summit', '2022-06-01', 'approximate', :now, :now, 1)"), {"now": NOW})
    engine.dispose()
    return ids


def _stored(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = {key: (said if isinstance(said, date) else date.fromisoformat(said), precision)
                for key, said, precision in connection.execute(
                    text("SELECT key, said_on, said_precision FROM statement"))}
        documents = {sid: doc for doc, sid in connection.execute(
            text("SELECT id, statement_id FROM search_document"))}
        event = connection.execute(text("SELECT start_date, start_precision FROM event")).one()
        accounts = connection.execute(text("SELECT count(*) FROM account")).scalar_one()
        sort_name = connection.execute(text("SELECT sort_name FROM speaker")).scalar_one()
    engine.dispose()
    return {"rows": rows, "documents": documents, "event": tuple(event), "accounts": accounts,
            "sort_name": sort_name}


def test_0010_repairs_false_days_and_moves_months_to_their_end(databases: Databases, tmp_path: Path) -> None:
    url = databases.create()
    try:
        migrations.upgrade(url, "0006")
        ids = _insert(url)
        before = _stored(url)
        migrations.upgrade(url, "head")  # 0010, and the migrations chained after it
        after = _stored(url)
        assert after["rows"]["s-month"] == (date(2022, 6, 30), "approximate_month")
        assert after["rows"]["s-year"] == (date(2022, 12, 31), "approximate_year")
        assert after["rows"]["s-day"] == before["rows"]["s-day"]
        assert after["rows"]["quotebank:q1"] == before["rows"]["quotebank:q1"]
        assert after["rows"]["s-plain-month"] == (date(2022, 6, 30), "month")
        assert after["event"][1] == "approximate_month"
        assert after["accounts"] == before["accounts"] == len(ROWS)
        assert after["sort_name"] == "biden joe"  # A–Z by family name
        for key, sid in ids.items():  # each statement's search document follows its date
            assert after["documents"][sid] == document_id(after["rows"][key][0], sid, 0)

        app = make_app(url, tmp_path)
        client = app.test_client()
        for key, _, _, shown in ROWS:
            assert shown in page(client, f"/statements/{ids[key]}").text()
        # Search finds the moved documents (the index followed the new ids).
        assert [s["id"] for s in get_json(client, "/search.json?q=plain")["items"]] == [ids["s-plain-month"]]
        # June 2022 sorts after 30 June 2022 and before July.
        order = [s["id"] for s in get_json(client, "/timeline.json?per_page=50")["items"]]
        assert order.index(ids["s-plain-month"]) > order.index(ids["s-day"])
        assert order.index(ids["s-month"]) < order.index(ids["quotebank:q1"])
        app.extensions["engine"].dispose()

        migrations.downgrade(url, "0006")
        back = _stored(url)
        assert back["rows"] == before["rows"] and back["documents"] == before["documents"]
        assert back["event"][1] == "approximate" and back["accounts"] == len(ROWS)
        assert back["sort_name"] == "joe biden"
    finally:
        databases.drop(url)
