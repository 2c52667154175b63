"""Small helpers for tests that read the JSON API."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def get_json(client: FlaskClient, url: str, expect: int = 200, **params: Any) -> Any:
    """GET a JSON URL and check the status."""
    response = client.get(url, query_string=params)
    assert response.status_code == expect, response.get_data(as_text=True)
    assert response.is_json
    return response.get_json()


def speaker_id(client: FlaskClient, name: str) -> int:
    """The id of the one speaker matching a name or alias."""
    items = get_json(client, "/api/v1/speakers", q=name)["items"]
    assert len(items) == 1, items
    return int(items[0]["id"])


def conflict_by_key(client: FlaskClient, key: str) -> Any:
    """A conflict's detail, found by its stable key."""
    items = get_json(client, "/api/v1/conflicts", per_page=200)["items"]
    matching = [c for c in items if c["key"] == key]
    assert matching, f"no conflict {key}"
    return get_json(client, f"/api/v1/conflicts/{matching[0]['id']}")
