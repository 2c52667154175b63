"""The write API: bearer tokens, POST / PATCH / DELETE with the Loader's validation and history."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.pages_helpers import count_queries
from tracker.models import ApiToken, Revision, UserRole
from tracker.services.access import users
from tracker.services.access.tokens import issue_token, revoke_token
from tracker.web.database import get_session


def make_token(app: Flask, email: str = "writer@example.org") -> str:
    """A fresh user and a token for them."""
    with app.app_context():
        session = get_session()
        user = users.create_user(session, email, "a long enough password 123", UserRole.EDITOR)
        session.flush()
        _, plain = issue_token(session, user, "tests")
        session.commit()
        return plain


def auth(token: str) -> dict[str, str]:
    """The Authorization header."""
    return {"Authorization": f"Bearer {token}"}


def test_writes_need_a_valid_token(app: Flask, client: FlaskClient) -> None:
    body = {"speaker": "fumio-kishida", "wording": "No token."}
    assert client.post("/api/v1/statements", json=body).status_code == 401
    response = client.post("/api/v1/statements", json=body, headers=auth("cqt_nope"))
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    token = make_token(app)
    with app.app_context():
        session = get_session()
        found = session.scalars(select(ApiToken)).one()
        assert found.token_hash != token and len(found.token_hash) == 64
        revoke_token(session, found)
        session.commit()
    assert client.post("/api/v1/statements", json=body, headers=auth(token)).status_code == 401


def test_create_update_delete_a_statement(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    created = client.post("/api/v1/statements", headers=auth(token), json={
        "key": "api-test-one", "speaker": "fumio-kishida", "wording": "Written through the API.",
        "said": "2022-06", "topics": ["nato"]})
    assert created.status_code == 201, created.get_json()
    data = created.get_json()
    assert data["said"] == "2022-06" and data["topics"] == ["NATO and its Asia-Pacific partners"]
    location = created.headers["Location"]
    assert client.get(location).get_json()["wording"] == "Written through the API."

    again = client.post("/api/v1/statements", headers=auth(token),
                        json={"key": "api-test-one", "speaker": "fumio-kishida", "wording": "x"})
    assert again.status_code == 409

    version = data["version"]
    assert client.patch(location, headers=auth(token), json={"verdict": "x"}).status_code == 428
    bad = client.patch(location, headers=auth(token), json={"said": "2022-13", "version": version})
    assert bad.status_code == 422
    assert bad.get_json()["error"]["field"] == "said"

    patched = client.patch(location, headers={**auth(token), "If-Match": f'"{version}"'},
                           json={"verdict": "misleading"})
    assert patched.status_code == 200
    assert patched.get_json()["verdict"] == "misleading"
    assert patched.get_json()["wording"] == "Written through the API."

    assert client.delete(location, headers=auth(token)).status_code == 204
    assert client.get(location).status_code == 404
    with app.app_context():
        actions = get_session().scalars(
            select(Revision.action).where(Revision.entity_type == "statement",
                                          Revision.entity_id == data["id"]).order_by(Revision.id)).all()
        assert actions == ["create", "update", "delete"]
        assert get_session().scalars(select(ApiToken)).one().last_used_at is not None


def test_invalid_bodies_are_422_not_500(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    for body in ({"speaker": "nobody", "wording": "x"}, {"speaker": "fumio-kishida"},
                 {"speaker": "fumio-kishida", "wording": "x", "kind": "rumour"}, {"key": 5}):
        response = client.post("/api/v1/statements", headers=auth(token), json=body)
        assert response.status_code == 422, (body, response.get_json())
    assert client.post("/api/v1/statements", headers=auth(token), data="[1]",
                       content_type="application/json").status_code == 400


def test_a_role_ending_before_it_starts_is_refused_like_an_event(app: Flask, client: FlaskClient) -> None:
    token = make_token(app)
    body = {"key": "role-dates", "name": "Role Dates Testspeaker",
            "roles": [{"title": "Minister", "start": "2022-05-10", "end": "2021"}]}
    response = client.post("/api/v1/speakers", headers=auth(token), json=body)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["field"] == "end" and error["record"].endswith("roles[0]")
    assert "before the start" in error["message"]
    body["roles"] = [{"title": "Minister", "start": "2021", "end": "2022-05-10"}]
    assert client.post("/api/v1/speakers", headers=auth(token), json=body).status_code == 201


def test_a_new_speaker_named_like_a_stored_one_is_created_and_reported(app: Flask,
                                                                       client: FlaskClient) -> None:
    token = make_token(app)
    response = client.post("/api/v1/speakers", headers=auth(token), json={"name": "Kishida Fumio"})
    assert response.status_code == 201
    body = response.get_json()
    with app.app_context():
        from tracker.models import Speaker, SpeakerReview
        session = get_session()
        kishida = session.scalars(select(Speaker.id).where(Speaker.name == "Fumio Kishida")).one()
        review = session.execute(select(SpeakerReview.speaker_id, SpeakerReview.candidate_id)).one()
    assert [d["id"] for d in body["possible_duplicates"]] == [kishida]
    assert body["review"].endswith("/review/speakers")
    assert tuple(review) == (body["id"], kishida)
    alone = client.post("/api/v1/speakers", headers=auth(token),
                        json={"name": "Nobody Known Here"}).get_json()
    assert alone["possible_duplicates"] == [] and alone["review"] is None


def test_a_statement_retyped_with_small_changes_reports_the_stored_one(app: Flask,
                                                                      client: FlaskClient) -> None:
    token = make_token(app)
    words = "Japan will work to restore the extremely severe relationship to a healthy state."
    first = client.post("/api/v1/statements", headers=auth(token),
                        json={"speaker": "fumio-kishida", "wording": words}).get_json()
    assert first["near_duplicates"] == []
    again = client.post("/api/v1/statements", headers=auth(token), json={
        "speaker": "fumio-kishida", "wording": words.replace("extremely", "very")})
    assert again.status_code == 201
    assert [d["id"] for d in again.get_json()["near_duplicates"]] == [first["id"]]
    other = client.post("/api/v1/statements", headers=auth(token),
                        json={"speaker": "yoon-suk-yeol", "wording": words}).get_json()
    assert other["near_duplicates"] == []  # another speaker's words are not his duplicate


def test_a_refused_conflict_change_does_not_grow_with_members(app: Flask, client: FlaskClient) -> None:
    """A PATCH builds the conflict's document (and editing.save again) and resolves its members by
    key: a fixed number of statements, however many members, whether stale or invalid."""
    headers = auth(make_token(app))
    items = client.get("/api/v1/conflicts?per_page=100").get_json()["items"]
    sizes = {int(item["member_count"]): int(item["id"]) for item in items}
    assert 7 in sizes and min(sizes) < 7, sizes
    counts = []
    for conflict_id in (sizes[7], sizes[min(sizes)]):
        version = client.get(f"/api/v1/conflicts/{conflict_id}").get_json()["version"]
        for body in ({"version": version, "title": ["not text"]}, {"version": version + 9, "title": "x"}):
            with count_queries(app) as statements:
                response = client.patch(f"/api/v1/conflicts/{conflict_id}", json=body, headers=headers)
            assert response.status_code in (409, 422), response.get_json()
            counts.append(len(statements))
    assert counts[:2] == counts[2:], counts


def test_the_token_and_its_user_are_read_in_one_query(app: Flask, client: FlaskClient) -> None:
    headers = auth(make_token(app))
    with count_queries(app) as statements:
        response = client.post("/api/v1/speakers", json={"name": ["not text"]}, headers=headers)
    assert response.status_code == 422
    reads = [s for s in statements if s.startswith("SELECT") and ("user_account" in s or "api_token" in s)]
    assert len(reads) == 1 and "JOIN user_account" in reads[0], statements
