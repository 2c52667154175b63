"""Child rows are bounded: one record cannot hold so many names, hops or members that its pages
grow without bound (issue 17, item 5). The limits are the Loader's, so forms get them too."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.api.test_api_write import auth, make_token
from tracker.models import Speaker, SpeakerAlias, Statement
from tracker.services.editing.rules import MAX_CHILDREN
from tracker.web.database import get_session


def _aliases(count: int) -> list[dict[str, str]]:
    return [{"name": f"별칭 {i}"} for i in range(count)]


def test_too_many_aliases_are_a_422_naming_the_field_and_nothing_is_written(
        app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    limit = MAX_CHILDREN["aliases"]
    body = {"key": "many-names", "name": "Many Names Testspeaker", "aliases": _aliases(limit + 1)}
    response = client.post("/api/v1/speakers", headers=auth(token), json=body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == "aliases" and f"at most {limit:,}" in error["message"]
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Speaker)
                                    .where(Speaker.key == "many-names")) == 0
    body["aliases"] = _aliases(limit)
    assert client.post("/api/v1/speakers", headers=auth(token), json=body).status_code == 201
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(SpeakerAlias).join(Speaker)
                                    .where(Speaker.key == "many-names")) == limit + 1


def test_a_chain_of_too_many_hops_is_refused(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    hops = [{"role": "intermediary", "label": f"relay {i}"} for i in range(MAX_CHILDREN["chain"] + 1)]
    with app.app_context():
        statement = get_session().scalars(select(Statement.key).order_by(Statement.id)).first()
    body = {"statement": statement, "wording": "Words passed along.", "chain": hops}
    response = client.post("/api/v1/accounts", headers=auth(token), json=body)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["field"] == "chain"


def test_a_conflict_of_too_many_members_is_refused(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    members = [{"statement": f"s-{i}"} for i in range(MAX_CHILDREN["members"] + 1)]
    response = client.post("/api/v1/conflicts", headers=auth(token),
                           json={"title": "Too many", "members": members})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["field"] == "members"
