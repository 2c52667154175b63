"""Mounted under a prefix (SCRIPT_NAME, e.g. behind a proxy at /tracker), every link, form
action and asset of the pages stays inside the prefix."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.test_api_write import auth, make_token
from tests.edit_helpers import editor, login

__all__ = ["editor"]  # a fixture

PREFIX = "/tracker"
PAGES = ["/", "/speakers", "/speakers/1", "/statements/1", "/conflicts", "/conflicts/1", "/events",
         "/events/1", "/outlets", "/timeline", "/search?q=Kishida", "/speakers/1/history"]
ADDRESS = re.compile(r'\s(?:href|action|src)="(/[^"]*)"')


@pytest.mark.parametrize("path", PAGES)
def test_every_address_keeps_the_prefix(client: FlaskClient, editor: str, path: str) -> None:
    login(client, editor)  # editors see the most links (edit, history)
    response = client.get(path, environ_overrides={"SCRIPT_NAME": PREFIX})
    assert response.status_code == 200, path
    addresses = ADDRESS.findall(response.get_data(as_text=True))
    assert len(addresses) > 5
    outside = [a for a in addresses if not a.startswith(PREFIX + "/")]
    assert outside == [], f"{path}: {outside[:5]}"


def test_scripts_csv_and_api_addresses_keep_the_prefix(app: Flask, client: FlaskClient, editor: str) -> None:
    environ = {"SCRIPT_NAME": PREFIX}
    login(client, editor)
    page = client.get("/statements/new", environ_overrides=environ).get_data(as_text=True)
    assert f'data-speakers-api="{PREFIX}/api/v1/speakers"' in page  # read by static/edit.js
    rows = list(csv.reader(io.StringIO(
        client.get("/search.csv?q=Kishida", environ_overrides=environ).get_data(as_text=True))))
    urls = [row[rows[0].index("url")] for row in rows[1:]]
    assert urls and all(u.startswith(f"http://localhost{PREFIX}/statements/") for u in urls)
    response = client.post("/api/v1/outlets", json={"name": "Prefix Gazette"},
                           headers=auth(make_token(app)), environ_overrides=environ)
    assert response.status_code == 201
    assert response.headers["Location"] == f"{PREFIX}/api/v1/outlets/{response.get_json()['id']}"
