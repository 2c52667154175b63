"""A session ends everywhere: a cookie captured before logout or deactivation is refused."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.edit_helpers import admin, editor, load_user, login, token
from tracker.models import ApiToken
from tracker.web.database import get_session

__all__ = ["admin", "editor"]


def _captured(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_cookie_replayed_after_logout_opens_nothing(app: Flask, client: FlaskClient,
                                                      editor: str) -> None:
    login(client, editor)
    assert client.get("/account").status_code == 200
    stolen = _captured(client)
    client.post("/logout", data={"csrf_token": token(client)})

    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    # Nor can the copy mint an API token (the form's token is the one from the stolen session).
    with thief.session_transaction() as state:
        csrf = state.get("csrf_token")
    assert thief.post("/account/tokens", data={"name": "stolen", "csrf_token": csrf or ""}
                      ).status_code in (302, 400)
    with app.app_context():
        assert get_session().scalars(select(ApiToken)).all() == []


def test_logout_ends_the_users_other_sessions_and_a_new_login_works(
        app: Flask, client: FlaskClient, editor: str) -> None:
    laptop, phone = client, app.test_client()
    login(laptop, editor)
    login(phone, editor)
    laptop.post("/logout", data={"csrf_token": token(laptop)})
    assert phone.get("/account").status_code == 302
    assert login(laptop, editor).status_code == 302
    assert laptop.get("/account").status_code == 200


def test_a_session_from_before_deactivation_stays_ended_after_reactivation(
        app: Flask, client: FlaskClient, editor: str, admin: str) -> None:
    victim = app.test_client()
    login(victim, editor)
    assert victim.get("/account").status_code == 200
    stolen = _captured(victim)
    editor_id = load_user(app, editor).id
    login(client, admin)
    client.post(f"/admin/users/{editor_id}/active",
                data={"active": "no", "csrf_token": token(client, "/admin/users")})
    assert not load_user(app, editor).active
    client.post(f"/admin/users/{editor_id}/active",
                data={"active": "yes", "csrf_token": token(client, "/admin/users")})
    assert load_user(app, editor).active
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/account").status_code == 302
