"""Date fields take dates as people type them and show how they were read; a month or year typed
with "approximate" stays a month or year everywhere."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.edit_helpers import add_statement, editor, latest_id, login, post_form
from tests.pages_helpers import get_csv, get_json, page, parse
from tracker.models import DatePrecision, Event, Statement
from tracker.web.database import get_session

__all__ = ["editor"]


def test_a_korean_date_is_saved_to_the_day(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    response = add_statement(client, "Typed Date Speaker", "Words on a day.", said="2021년 11월 15일")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        statement = get_session().get(Statement, latest_id(app, Statement))
        assert statement is not None
        assert (statement.said_on, statement.said_precision) == (date(2021, 11, 15), DatePrecision.DAY)


def test_an_ambiguous_date_is_asked_about_and_others_previewed(app: Flask, client: FlaskClient,
                                                               editor: str) -> None:
    login(client, editor)
    before = latest_id(app, Event)
    response = post_form(client, "/events/new", {"name": "Typed dates summit", "start": "01/02/2021",
                                                 "end": "June 2022"})
    assert response.status_code == 400
    doc = parse(response.get_data(as_text=True))
    summary = doc.find("div", class_="error-summary")
    assert "Is “01/02/2021” 1 February 2021 or 2 January 2021?" in summary.text()
    assert doc.find("p", id="end-preview").text() == "Read as June 2022 (a month)"
    assert doc.find("p", id="start-preview").text() == ""  # the error says it instead
    assert doc.find("input", id="start").attrs["value"] == "01/02/2021"  # what was typed stays
    assert latest_id(app, Event) == before
    assert client.get("/edit/read-date?text=28+June+2022").get_json() == {
        "read_as": "28 June 2022 (a day)", "error": None}
    answer = client.get("/edit/read-date?text=01/02/2021").get_json()
    assert answer["read_as"] is None and answer["error"].startswith("Is “01/02/2021”")


def test_the_preview_needs_a_login(client: FlaskClient) -> None:
    assert client.get("/edit/read-date?text=2022").status_code == 302


@pytest.mark.parametrize(("said", "shown"), [("2022-06", "c. June 2022"), ("2022", "c. 2022")])
def test_an_approximate_month_or_year_is_shown_as_one(app: Flask, client: FlaskClient, editor: str,
                                                      said: str, shown: str) -> None:
    login(client, editor)
    response = add_statement(client, "Zelda Testperson-Quux", "We will build the bridge.",
                             said=said, said_approximate="y")
    assert response.status_code == 302, response.get_data(as_text=True)
    statement_id = latest_id(app, Statement)
    doc = page(client, f"/statements/{statement_id}")
    assert shown in doc.text() and "c. 1 " not in doc.text()
    twin = get_json(client, f"/statements/{statement_id}.json")
    assert twin["said"] == said
    row = next(r for r in get_csv(client, "/timeline.csv?per_page=200") if r["id"] == str(statement_id))
    assert row["said"] == said
    svg = page(client, f"/speakers/{twin['speaker']['id']}").find("svg")
    assert shown in svg.text()
