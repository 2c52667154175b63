"""A month or year typed in the form with "approximate" stays a month or year everywhere."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.edit_helpers import add_statement, editor, latest_id, login
from tests.pages_helpers import get_csv, get_json, page
from tracker.models import Statement

__all__ = ["editor"]


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
