"""A–Z by family name, and speaker lookup in either name order, on the seeded archive."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.pages_helpers import get_json, page


def _letter(client: FlaskClient, letter: str) -> list[str]:
    doc = page(client, f"/speakers?letter={letter}&per_page=200")
    return [tr.find("a").text() for body in doc.find_all("tbody") for tr in body.find_all("tr")]


def test_people_are_filed_by_family_name(client: FlaskClient) -> None:
    assert "Joe Biden" in _letter(client, "b") and "Joe Biden" not in _letter(client, "j")
    assert "Fumio Kishida" in _letter(client, "k") and "Fumio Kishida" not in _letter(client, "f")
    assert {"Yoon Suk-yeol"} <= set(_letter(client, "y"))  # Korean: family name first, as written
    assert {"Xi Jinping"} <= set(_letter(client, "x"))
    assert "Mike Pompeo" in _letter(client, "p")
    # Organizations stay as written.
    assert "White House" in _letter(client, "w")
    everyone = get_json(client, "/speakers.json?per_page=200")["items"]
    names = [s["name"] for s in everyone]
    assert names.index("Joe Biden") < names.index("Fumio Kishida") < names.index("Donald Trump")


def test_a_name_in_japanese_order_finds_the_speaker(client: FlaskClient) -> None:
    found = [s["name"] for s in get_json(client, "/speakers.json?q=Kishida Fumio")["items"]]
    assert found == ["Fumio Kishida"]
    found = [s["name"] for s in get_json(client, "/api/v1/speakers?q=Jinping Xi")["items"]]
    assert found == ["Xi Jinping"]
