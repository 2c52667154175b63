"""Property tests of the write API: any body sent to any create or change is answered without
a 5xx, and a refused one leaves the database exactly as it was (``tests/hostile.py``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from tests.api.test_api_write import auth, make_token
from tests.databases import content_hash
from tests.hostile import HOSTILE, Watcher, anything, record
from tracker.api.schemas import INPUTS

# resource path -> the schema's name for its bodies
RESOURCES = {"speakers": "Speaker", "outlets": "Outlet", "events": "Event", "articles": "Article",
             "statements": "Statement", "accounts": "Account", "conflicts": "Conflict"}


def _fields(resource: str) -> list[str]:
    return list(INPUTS[RESOURCES[resource]][0])


def _send(client: FlaskClient, method: str, url: str, body: Any, headers: dict[str, str]) -> Any:
    """Send a body as JSON (NaN and lone surrogates written as Python's json writes them)."""
    return client.open(url, method=method, data=json.dumps(body), headers=headers,
                       content_type="application/json")


def _check(watcher: Watcher, response: Any, body: Any) -> None:
    assert response.status_code < 500, (response.status_code, body, response.get_data(as_text=True))
    if response.status_code >= 400:
        watcher.assert_unchanged(body)
    else:
        watcher.written()


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_any_create_body_is_answered_without_a_5xx(app: Flask, client: FlaskClient, database_url: str,
                                                   resource: str) -> None:
    headers = auth(make_token(app))
    watcher = Watcher(database_url)

    @HOSTILE
    @given(body=st.one_of(record(_fields(resource)), anything))
    def create(body: Any) -> None:
        _check(watcher, _send(client, "POST", f"/api/v1/{resource}", body, headers), body)

    try:
        create()
        watcher.assert_every_example_ran()
    finally:
        watcher.close()


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_any_change_is_answered_without_a_5xx(app: Flask, client: FlaskClient, database_url: str,
                                              resource: str) -> None:
    headers = auth(make_token(app))
    url = f"/api/v1/{resource}/1"
    read = client.get(url)
    assert read.status_code == 200
    version = [read.get_json()["version"]]
    watcher = Watcher(database_url)

    @HOSTILE
    @given(body=record([*_fields(resource), "version"]), current=st.booleans())
    def change(body: dict[str, Any], current: bool) -> None:
        if current:  # the version last stored, so the change may go through
            body = {**body, "version": version[0]}
        response = _send(client, "PATCH", url, body, headers)
        _check(watcher, response, body)
        if response.status_code == 200:
            version[0] = response.get_json()["version"]

    try:
        change()
        watcher.assert_every_example_ran()
    finally:
        watcher.close()


def test_the_watcher_sees_a_write(app: Flask, client: FlaskClient, database_url: str) -> None:
    """The check above can fail: a committed write is seen, by the marker and by the hash."""
    watcher = Watcher(database_url)
    before = content_hash(database_url)
    created = _send(client, "POST", "/api/v1/speakers", {"name": "Seen"}, auth(make_token(app)))
    assert created.status_code == 201
    with pytest.raises(AssertionError, match="changed the database"):
        watcher.assert_unchanged("a token and a speaker were written")
    assert content_hash(database_url) != before
    watcher.close()
