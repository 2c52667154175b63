"""`POST /api/v1/extract`: proposals for a text, speakers resolved against the seeded tracker."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.api.test_api_write import auth, make_token
from tests.api_helpers import speaker_id

TEXT = (
    "The South Korean presidential palace revealed on the morning of the 29th that the talk was "
    "initiated by Kishida Wenxiong.\n\n"
    "Yin Xiyue told reporters that a new partnership would be signed in the second half of the year.\n\n"
    "“We will stay cautious,” said Maria Lopez, a diplomat.\n"
)


def test_extract_resolves_known_aliases_and_reads_dates(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    response = client.post(
        "/api/v1/extract", headers=auth(token), json={"text": TEXT, "published": "2022-06-30"}
    )
    assert response.status_code == 200, response.get_json()
    proposals = response.get_json()["proposals"]
    for proposal in proposals:
        for part in ("cue", "content"):
            span = proposal[part]
            assert TEXT[span["start"] : span["end"]] == span["text"]
    by_speaker = {p["speaker"]["name"]: p for p in proposals}
    lopez = by_speaker["Maria Lopez"]
    assert lopez["speaker"] == {"name": "Maria Lopez", "id": None, "kind": "person"}
    assert lopez["kind"] == "direct_quote" and lopez["content"]["text"] == "We will stay cautious"
    yoon = by_speaker["Yoon Suk-yeol"]
    assert yoon["speaker"]["id"] == speaker_id(client, "Yin Xiyue")
    assert yoon["cue"]["text"] == "told" and yoon["content"]["text"].startswith("a new partnership")
    palace = proposals[0]
    assert palace["speaker"]["id"] == speaker_id(client, "South Korean presidential palace")
    assert palace["cue"]["text"] == "revealed"
    assert palace["said"]["date"] == "2022-06-29" and palace["said"]["precision"] == "day"


def test_extract_needs_a_token_and_names_bad_fields(app: Flask, client: FlaskClient) -> None:
    assert client.post("/api/v1/extract", json={"text": TEXT}).status_code == 401
    headers = auth(make_token(app))
    for body, field in [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": TEXT, "published": "30 June"}, "published"),
        ({"text": TEXT, "published": 2022}, "published"),
        ({"text": "x" * 200_001}, "text"),
    ]:
        response = client.post("/api/v1/extract", headers=headers, json=body)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["field"] == field
    assert client.post("/api/v1/extract", headers=headers, data="text").status_code == 400


def test_extract_is_in_the_openapi_document(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/extract"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("ExtractInput")
    assert set(
        document["components"]["schemas"]["Proposals"]["properties"]["proposals"]["items"]["properties"]
    ) == {"speaker", "cue", "content", "kind", "said", "narrator", "confidence"}
