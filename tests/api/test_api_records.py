"""The write API for every resource: create, read back, change with a version, delete, restore."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.test_api_write import auth, make_token
from tracker.models import Revision
from tracker.web.database import get_session


def _post(client: FlaskClient, token: str, resource: str, body: dict[str, Any]) -> Any:
    response = client.post(f"/api/v1/{resource}", json=body, headers=auth(token))
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"] == f"/api/v1/{resource}/{response.get_json()['id']}"
    return response.get_json()


def _patch(client: FlaskClient, token: str, resource: str, record: dict[str, Any],
           changes: dict[str, Any], expect: int = 200) -> Any:
    response = client.patch(f"/api/v1/{resource}/{record['id']}", headers=auth(token),
                            json={**changes, "version": record["version"]})
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def _actions(app: Flask, kind: str, record_id: int) -> list[str]:
    with app.app_context():
        return list(get_session().scalars(select(Revision.action).where(
            Revision.entity_type == kind, Revision.entity_id == record_id).order_by(Revision.id)))


def test_every_resource_round_trip(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    speaker = _post(client, token, "speakers", {"name": "Ada Example", "country": "gb",
                                                "aliases": [{"name": "A. Example"}]})
    assert speaker["country"] == "GB" and speaker["aliases"][0]["name"] == "A. Example"
    assert speaker["key"].startswith("ada-example-") and speaker["version"] == 1
    outlet = _post(client, token, "outlets", {"key": "example-times", "name": "Example Times",
                                              "kind": "newspaper", "domain": "Example.org"})
    assert outlet["domain"] == "example.org"
    event = _post(client, token, "events", {"key": "example-summit", "name": "Example summit",
                                            "start": "2024-05", "end": "2024-05-03"})
    article = _post(client, token, "articles", {"key": "example-article", "outlet": "example-times",
                                                "url": "https://example.org/a", "published": "2024-05-04"})
    statement = _post(client, token, "statements", {
        "key": "ada-says", "speaker": speaker["key"], "event": "example-summit", "wording": "We agree.",
        "said": "2024-05-02"})
    account = _post(client, token, "accounts", {
        "key": "ada-says-times", "statement": "ada-says", "article": "example-article",
        "wording": "Ada said they agree.", "chain": [{"role": "outlet", "outlet": "example-times"}]})
    assert account["statement_id"] == statement["id"]
    assert account["chain"][0]["outlet"]["name"] == "Example Times"
    other = _post(client, token, "statements", {"key": "ada-denies", "speaker": speaker["key"],
                                                "wording": "We never agreed.", "kind": "denial"})
    conflict = _post(client, token, "conflicts", {
        "key": "ada-agree", "title": "Did Ada agree?",
        "members": [{"account": "ada-says-times"}, {"statement": "ada-denies"}],
        "points": [{"aspect": "Agreement", "claims": {"ada-says-times": "yes", "ada-denies": "no"}}]})
    assert conflict["member_count"] == 2 and conflict["points"][0]["aspect"] == "Agreement"

    for resource, record in (("speakers", speaker), ("outlets", outlet), ("events", event),
                             ("articles", article), ("statements", statement), ("accounts", account),
                             ("conflicts", conflict), ("statements", other)):
        read = client.get(f"/api/v1/{resource}/{record['id']}")
        assert read.status_code == 200 and read.get_json()["version"] == record["version"], resource

    changed = _patch(client, token, "events", event, {"place": "Geneva"})
    assert changed["place"] == "Geneva" and changed["name"] == "Example summit"
    assert changed["version"] == event["version"] + 1
    assert _patch(client, token, "accounts", account, {"stance": "differs"})["stance"] == "differs"
    assert _patch(client, token, "outlets", outlet, {"name": "The Example Times"})["name"] == \
        "The Example Times"
    assert _actions(app, "event", event["id"]) == ["create", "update"]
    listed = client.get("/api/v1/outlets?per_page=200").get_json()["items"]
    assert any(o["key"] == "example-times" for o in listed)
    assert any(e["key"] == "example-summit" for e in client.get("/api/v1/events?per_page=200")
               .get_json()["items"])


def test_stale_version_is_409_with_both_versions(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    speaker = _post(client, token, "speakers", {"key": "stale-one", "name": "Stale One"})
    first = _patch(client, token, "speakers", speaker, {"description": "first"})
    stale = _patch(client, token, "speakers", speaker, {"description": "second"}, expect=409)["error"]
    assert stale["your_version"] == speaker["version"] and stale["current_version"] == first["version"]
    assert stale["current"]["description"] == "first"
    assert client.get(f"/api/v1/speakers/{speaker['id']}").get_json()["description"] == "first"
    bad = client.patch(f"/api/v1/speakers/{speaker['id']}", json={"description": "x"},
                       headers={**auth(token), "If-Match": "nonsense"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "If-Match"
    mixed = client.patch(f"/api/v1/speakers/{speaker['id']}", json={"description": "x", "version": 1},
                         headers={**auth(token), "If-Match": '"2"'})
    assert mixed.status_code == 400
    renamed = _patch(client, token, "speakers", first, {"key": "other-key"}, expect=422)
    assert renamed["error"]["field"] == "key"


def test_delete_and_restore(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    speaker = _post(client, token, "speakers", {"key": "gone-soon", "name": "Gone Soon"})
    statement = _post(client, token, "statements", {"speaker": "gone-soon", "wording": "Bye."})
    refused = client.delete(f"/api/v1/speakers/{speaker['id']}", headers=auth(token))
    assert refused.status_code == 409 and "statement" in refused.get_json()["error"]["message"]
    url = f"/api/v1/statements/{statement['id']}"
    assert client.delete(url, headers={**auth(token), "If-Match": '"99"'}).status_code == 409
    assert client.delete(url, headers=auth(token)).status_code == 204
    assert client.get(url).status_code == 404
    assert client.delete(url, headers=auth(token)).status_code == 404
    restored = client.post(f"{url}/restore", headers=auth(token))
    assert restored.status_code == 200 and restored.get_json()["wording"] == "Bye."
    assert client.get(url).status_code == 200
    assert _actions(app, "statement", statement["id"]) == ["create", "delete", "undelete"]
    assert client.post("/api/v1/statements/999999/restore", headers=auth(token)).status_code == 404


def test_refusals_are_json_with_field_names(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    cases: list[tuple[str, dict[str, Any], int, str | None]] = [
        ("speakers", {"name": ""}, 422, "name"),
        ("speakers", {"name": "X", "wikidata_id": "nope"}, 422, "wikidata_id"),
        ("speakers", {"name": 5}, 422, "name"),
        ("speakers", {"name": "Nul\x00"}, 422, "name"),
        ("outlets", {"name": "X", "url": "ftp://x"}, 422, "url"),
        ("events", {"name": "X", "start": "2024-05", "end": "2023"}, 422, "end"),
        ("accounts", {"wording": "x"}, 422, "statement"),
        ("accounts", {"statement": "xi-righteous-act", "wording": "x",
                      "chain": [{"role": "outlet"}]}, 422, None),
        ("conflicts", {"title": "x", "members": []}, 422, "members"),
        ("articles", {"outlet": "nowhere"}, 422, "outlet"),
    ]
    for resource, body, status, field in cases:
        response = client.post(f"/api/v1/{resource}", json=body, headers=auth(token))
        assert response.status_code == status, (resource, body, response.get_json())
        assert response.get_json()["error"]["field"] == field, (resource, body, response.get_json())
    _post(client, token, "outlets", {"name": "One", "domain": "one.example"})
    duplicate = client.post("/api/v1/outlets", json={"name": "Two", "domain": "one.example"},
                            headers=auth(token))
    assert duplicate.status_code == 409
    assert client.patch("/api/v1/outlets/99999", json={"version": 1},
                        headers=auth(token)).status_code == 404
    assert client.patch("/api/v1/outlets/99999999999999", json={}, headers=auth(token)).status_code == 404
    assert client.post("/api/v1/events", data="nope", headers=auth(token)).status_code == 400
    assert client.post("/api/v1/events", json={"name": "x"}).status_code == 401
