"""Admins set a new password for another user at /admin/users/<id>/password: the user's sessions
end, the admin's do not, the same length rules apply, oneself is refused (use /account), and the
revision never holds the password or its hash."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from tests.edit_helpers import PASSWORD, admin, editor, load_user, login, token
from tracker.models import Revision
from tracker.web.database import get_session

__all__ = ["admin", "editor"]

NEW_PASSWORD = "a fresh start passphrase"



def _reset(client: FlaskClient, user_id: int, password: str, follow: bool = False) -> TestResponse:
    return client.post(f"/admin/users/{user_id}/password",
                       data={"csrf_token": token(client, "/account"), "password": password},
                       follow_redirects=follow)


def _user_revisions(app: Flask) -> list[Revision]:
    with app.app_context():
        revisions = list(get_session().scalars(
            select(Revision).where(Revision.entity_type == "user_account").order_by(Revision.id)))
        for revision in revisions:
            get_session().expunge(revision)
        return revisions


def test_admin_resets_an_editors_password(app: Flask, client: FlaskClient, admin: str, editor: str) -> None:
    editor_client = app.test_client()
    assert login(editor_client, editor).status_code == 302
    assert editor_client.get("/account").status_code == 200
    login(client, admin)
    target = load_user(app, editor)
    old_hash = target.password_hash

    page = client.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{target.id}/password"' in page
    assert f'action="/admin/users/{load_user(app, admin).id}/password"' not in page  # not on your own row

    response = _reset(client, target.id, NEW_PASSWORD, follow=True)
    assert f"Set a new password for {editor}" in response.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 200  # the admin stays logged in
    assert editor_client.get("/account").status_code == 302  # the editor's session has ended
    assert login(app.test_client(), editor).status_code == 401
    assert login(app.test_client(), editor, NEW_PASSWORD).status_code == 302

    revisions = _user_revisions(app)
    assert [r.summary for r in revisions] == [f"reset the password of {editor}"]
    revision = revisions[0]
    assert revision.entity_id == target.id and revision.user_id == load_user(app, admin).id
    stored = json.dumps([revision.before, revision.after, revision.summary])
    new_hash = load_user(app, editor).password_hash
    for secret in (NEW_PASSWORD, old_hash, new_hash, "password_hash", "argon2"):
        assert secret not in stored


def test_editors_cannot_reset_passwords(app: Flask, client: FlaskClient, admin: str, editor: str) -> None:
    login(client, editor)
    admin_id = load_user(app, admin).id
    response = _reset(client, admin_id, NEW_PASSWORD)
    assert response.status_code == 403
    assert login(app.test_client(), admin).status_code == 302
    assert _user_revisions(app) == []


def test_a_short_password_is_explained_and_nothing_changes(app: Flask, client: FlaskClient, admin: str,
                                                          editor: str) -> None:
    editor_client = app.test_client()
    login(editor_client, editor)
    login(client, admin)
    target = load_user(app, editor)
    for password, message in (("short", "at least 8 characters"), ("", "Enter a new password.")):
        response = _reset(client, target.id, password)
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and message in page
        assert f'id="reset-{target.id}-error"' in page and 'aria-invalid="true"' in page
    assert load_user(app, editor).password_hash == target.password_hash
    assert editor_client.get("/account").status_code == 200  # still logged in
    assert login(app.test_client(), editor).status_code == 302
    assert _user_revisions(app) == []
    assert client.post("/admin/users/999999/password",
                       data={"csrf_token": token(client, "/account"),
                             "password": NEW_PASSWORD}).status_code == 404


def test_resetting_your_own_password_is_refused(app: Flask, client: FlaskClient, admin: str) -> None:
    login(client, admin)
    me = load_user(app, admin)
    response = _reset(client, me.id, NEW_PASSWORD)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "cannot reset your own password" in page and "(/account)" in page
    assert load_user(app, admin).password_hash == me.password_hash
    assert client.get("/admin/users").status_code == 200
    assert login(app.test_client(), admin, PASSWORD).status_code == 302
    assert _user_revisions(app) == []
