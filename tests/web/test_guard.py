"""Hostile characters and numbers in query strings, forms, cursors and bodies: a 4xx naming the
field, never a 500, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.test_api_write import auth, make_token
from tests.edit_helpers import login, make_user, token


@pytest.mark.parametrize("url", [
    "/search?q=a%00b", "/speakers?q=%00", "/speakers/1?after=2022-06-28,9223372036854775808",
    "/speakers/1?after=9999-12-31,1", "/speakers/1?before=0001-01-01,1", "/speakers/1?from=9999-12",
    "/speakers/1?to=0001", "/timeline?from=0999", "/timeline?to=3000-01", "/login?next=/%0d%0aSet-Cookie:x=1",
    "/api/v1/statements?speaker=%01", "/speakers/1.json?after=2022-01-01,99999999999999999999",
])
def test_bad_query_parameters_are_400(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)


def test_the_parameter_is_named(client: FlaskClient) -> None:
    body = client.get("/search.json?q=a%00b").get_json()
    assert body["error"]["parameter"] == "q" and "NUL" in body["error"]["message"]
    body = client.get("/speakers/1.json?after=2022-06-28,9223372036854775808").get_json()
    assert body["error"]["parameter"] == "after"


def test_a_nul_in_the_login_form_is_400(app: Flask, client: FlaskClient) -> None:
    csrf = token(client, "/login")
    response = client.post("/login", data={"csrf_token": csrf, "email": "a\x00@example.org",
                                           "password": "x"})
    assert response.status_code == 400 and b"email" in response.data
    huge = client.post("/login", data={"csrf_token": csrf, "email": "a" * 100_000 + "@x.org",
                                       "password": "p" * 100_000})
    assert 400 <= huge.status_code < 500


@pytest.mark.parametrize("resource,body", [
    ("speakers", {"name": ["x"]}), ("speakers", {"name": {"a": 1}}), ("speakers", {"name": 12}),
    ("outlets", {"name": ["x"]}), ("events", {"name": ["x"]}), ("articles", {"title": ["x"]}),
    ("conflicts", {"summary": ["x"]}), ("speakers", {"name": "Nul\x01l"}),
    ("speakers", {"name": "Ok", "aliases": [{"name": "x\x1fy"}]}),
    ("statements", {"speaker": "fumio-kishida", "wording": "x", "said": "9999-12-31"}),
    ("statements", {"speaker": "fumio-kishida", "wording": "x", "said": "0001-01-01"}),
    ("events", {"name": "Later", "start": "3000"}),
])
def test_type_confused_and_hostile_bodies_are_422(app: Flask, client: FlaskClient, resource: str,
                                                  body: dict[str, object]) -> None:
    response = client.post(f"/api/v1/{resource}", json=body, headers=auth(make_token(app)))
    assert response.status_code in (400, 422), (response.status_code, response.get_json())
    assert response.get_json()["error"]["message"]


def test_a_form_with_a_control_character_is_refused(app: Flask, client: FlaskClient) -> None:
    make_user(app, "guard@example.org")
    login(client, "guard@example.org")
    csrf = token(client, "/speakers/new")
    response = client.post("/speakers/new", data={"csrf_token": csrf, "name": "Bell\x07"})
    assert response.status_code == 400 and b"name" in response.data


@pytest.mark.parametrize("version", [2**80, -(2**80), 1.5, "3", [3], True])
def test_a_version_beyond_any_column_is_refused(app: Flask, client: FlaskClient, version: object) -> None:
    response = client.patch("/api/v1/speakers/1", json={"version": version, "description": "x"},
                            headers=auth(make_token(app)))
    assert response.status_code in (409, 422), response.get_json()
