"""Admins manage users at /admin/users; everyone logged in changes their password and manages
API tokens at /account; flashed messages show on every page. Every change is a Revision."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.edit_helpers import PASSWORD, add_statement, admin, editor, load_user, login, make_user, post_form
from tracker.models import ApiToken, Revision, UserRole
from tracker.web.database import get_session

__all__ = ["admin", "editor"]

NEW_PASSWORD = "a brand new passphrase"



def _user_revisions(app: Flask) -> list[str]:
    with app.app_context():
        return [r.summary or "" for r in get_session().scalars(
            select(Revision).where(Revision.entity_type == "user_account").order_by(Revision.id))]


def test_user_admin_is_for_admins_only(app: Flask, client: FlaskClient, editor: str, admin: str) -> None:
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(client, editor)
    assert client.get("/admin/users").status_code == 403
    assert post_form(client, "/account", {"email": "sneaky@example.org", "role": "admin",
                                          "password": PASSWORD}).status_code == 405
    editor_id = load_user(app, editor).id
    response = client.post(f"/admin/users/{editor_id}/role",
                           data={"csrf_token": _token(client), "role": "admin"})
    assert response.status_code == 403
    assert load_user(app, editor).role == UserRole.EDITOR
    page = client.get("/").get_data(as_text=True)
    assert "Your account" in page and ">Users<" not in page


def _token(client: FlaskClient, url: str = "/account") -> str:
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page)
    assert found, url
    return found.group(1)


def test_admin_creates_a_user_changes_the_role_and_deactivates(app: Flask, client: FlaskClient,
                                                             admin: str) -> None:
    login(client, admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert admin in page and "(you)" in page
    response = post_form(client, "/admin/users", {"email": "New.Person@Example.org", "role": "editor",
                                                  "password": "initial pass 123"}, follow=True)
    assert "Created editor new.person@example.org" in response.get_data(as_text=True)
    created = load_user(app, "new.person@example.org")
    assert created.role == UserRole.EDITOR and created.active

    person = app.test_client()
    assert login(person, "new.person@example.org", "initial pass 123").status_code == 302
    assert person.get("/account").status_code == 200

    client.post(f"/admin/users/{created.id}/role", data={"csrf_token": _token(client), "role": "admin"})
    assert load_user(app, created.email).role == UserRole.ADMIN
    assert person.get("/admin/users").status_code == 200  # the role applies at once

    response = client.post(f"/admin/users/{created.id}/active",
                           data={"csrf_token": _token(client), "active": "no"}, follow_redirects=True)
    assert "is deactivated" in response.get_data(as_text=True)
    assert not load_user(app, created.email).active
    assert person.get("/account").status_code == 302  # the existing session has ended
    assert login(app.test_client(), created.email, "initial pass 123").status_code == 401

    client.post(f"/admin/users/{created.id}/active", data={"csrf_token": _token(client), "active": "yes"})
    assert login(app.test_client(), created.email, "initial pass 123").status_code == 302

    summaries = _user_revisions(app)
    assert summaries == ["created user new.person@example.org", "made new.person@example.org admin",
                         "deactivated new.person@example.org", "reactivated new.person@example.org"]
    with app.app_context():
        revisions = get_session().scalars(select(Revision).where(Revision.entity_type == "user_account"))
        assert all("password_hash" not in (r.after or {}) for r in revisions)
        assert all(r.user_id == load_user(app, admin).id for r in revisions)


def test_bad_new_users_are_explained_and_admins_cannot_lock_themselves_out(
        app: Flask, client: FlaskClient, admin: str, editor: str) -> None:
    login(client, admin)
    response = post_form(client, "/admin/users", {"email": "not-an-email", "role": "editor",
                                                  "password": "long enough 123"})
    assert response.status_code == 400 and "is not an email address" in response.get_data(as_text=True)
    response = post_form(client, "/admin/users", {"email": "short@example.org", "role": "editor",
                                                  "password": "short"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "at least 8 characters" in page
    assert 'value="short@example.org"' in page  # what was typed is kept
    response = post_form(client, "/admin/users", {"email": editor, "role": "editor",
                                                  "password": "long enough 123"})
    assert response.status_code == 400 and "already exists" in response.get_data(as_text=True)
    response = post_form(client, "/admin/users", {"email": "<script>@x.org", "role": "boss",
                                                  "password": "long enough 123"})
    assert response.status_code == 400 and "<script>@" not in response.get_data(as_text=True)

    me = load_user(app, admin).id
    response = client.post(f"/admin/users/{me}/active", data={"csrf_token": _token(client), "active": "no"},
                           follow_redirects=True)
    assert "cannot change your own role or deactivate yourself" in response.get_data(as_text=True)
    client.post(f"/admin/users/{me}/role", data={"csrf_token": _token(client), "role": "editor"})
    assert load_user(app, admin).active and load_user(app, admin).role == UserRole.ADMIN
    assert client.post("/admin/users/999999/active",
                       data={"csrf_token": _token(client), "active": "no"}).status_code == 404
    assert _user_revisions(app) == []


def test_change_own_password_needs_the_current_one(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    other = app.test_client()
    login(other, editor)
    response = post_form(client, "/account", {"current": "wrong password", "new": NEW_PASSWORD})
    assert response.status_code == 405  # the form posts to /account/password
    response = client.post("/account/password", data={"csrf_token": _token(client),
                                                      "current": "wrong password", "new": NEW_PASSWORD})
    assert response.status_code == 400 and "current password is not right" in response.get_data(as_text=True)
    response = client.post("/account/password", data={"csrf_token": _token(client),
                                                      "current": PASSWORD, "new": "short"})
    assert response.status_code == 400 and "at least 8 characters" in response.get_data(as_text=True)
    response = client.post("/account/password", data={"csrf_token": _token(client),
                                                      "current": PASSWORD, "new": NEW_PASSWORD},
                           follow_redirects=True)
    assert "Your password is changed" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 200  # still logged in here
    assert other.get("/account").status_code == 302  # the other session has ended
    assert login(app.test_client(), editor).status_code == 401
    assert login(app.test_client(), editor, NEW_PASSWORD).status_code == 302
    assert _user_revisions(app) == ["changed their password"]


def test_only_wrong_current_passwords_count_towards_the_limit(app: Flask, client: FlaskClient,
                                                              editor: str) -> None:
    app.config["LOGIN_ATTEMPTS"] = 3
    from tracker.web import ratelimit

    ratelimit.init_app(app)  # the in-process counter, as with no REDIS_URL
    login(client, editor)

    def change(current: str, new: str) -> int:
        return client.post("/account/password", data={"csrf_token": _token(client), "current": current,
                                                      "new": new}).status_code

    for _ in range(4):  # a new password the rules refuse is not a guess at the current one
        assert change(PASSWORD, "short") == 400
    for _ in range(2):
        assert change("wrong password", NEW_PASSWORD) == 400
    assert change(PASSWORD, NEW_PASSWORD) == 302  # the right one still works, and clears the count
    for _ in range(3):
        assert change("wrong password", PASSWORD) == 400
    response = client.post("/account/password", data={"csrf_token": _token(client),
                                                      "current": NEW_PASSWORD, "new": PASSWORD})
    assert response.status_code == 429 and "Too many wrong attempts" in response.get_data(as_text=True)


def _create_token(client: FlaskClient, name: str) -> str:
    response = client.post("/account/tokens", data={"csrf_token": _token(client), "name": name})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    found = re.search(r'id="new-token-value" value="(cqt_[^"]+)"', response.get_data(as_text=True))
    assert found, "the new token is shown"
    return found.group(1)


def test_api_token_from_the_account_page_writes_and_revoked_is_refused(
        app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    assert "You have no API tokens" in client.get("/account").get_data(as_text=True)
    plain = _create_token(client, "newsroom sync")
    page = client.get("/account").get_data(as_text=True)
    assert "newsroom sync" in page and plain not in page  # shown once only

    body = {"speaker": "fumio-kishida", "wording": "Written with a token from the account page."}
    created = client.post("/api/v1/statements", json=body, headers={"Authorization": f"Bearer {plain}"})
    assert created.status_code == 201, created.get_json()
    with app.app_context():
        token = get_session().scalars(select(ApiToken)).one()
        token_id, user_id = token.id, token.user_id
        assert token.last_used_at is not None and token.token_hash != plain
    assert user_id == load_user(app, editor).id

    # Someone else cannot revoke it; its owner can.
    make_user(app, "other@example.org")
    stranger = app.test_client()
    login(stranger, "other@example.org")
    assert stranger.post(f"/account/tokens/{token_id}/revoke",
                         data={"csrf_token": _token(stranger)}).status_code == 404
    response = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": _token(client)},
                           follow_redirects=True)
    assert "Revoked the token" in response.get_data(as_text=True)
    again = client.post("/api/v1/statements", json=body, headers={"Authorization": f"Bearer {plain}"})
    assert again.status_code == 401
    with app.app_context():
        actions = [(r.action, r.summary) for r in get_session().scalars(
            select(Revision).where(Revision.entity_type == "api_token").order_by(Revision.id))]
    assert actions == [("create", "created API token “newsroom sync”"),
                       ("delete", "revoked API token “newsroom sync”")]


def test_a_token_needs_a_name(client: FlaskClient, editor: str) -> None:
    login(client, editor)
    response = client.post("/account/tokens", data={"csrf_token": _token(client), "name": "  "})
    assert response.status_code == 400 and "Give the token a name" in response.get_data(as_text=True)


def test_flashed_messages_show_on_reader_pages(client: FlaskClient, editor: str) -> None:
    login(client, editor)
    response = add_statement(client, "Fumio Kishida", "Flashed after saving.")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<div class="messages" role="status">' in page and "Saved the statement." in page
    assert "Saved the statement." not in client.get(response.headers["Location"]).get_data(as_text=True)
