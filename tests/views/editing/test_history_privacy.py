"""History pages keep editors' emails and deleted records' text from readers (issue 17, item 7)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.edit_helpers import add_statement, editor, latest_id, login, post_form, token
from tracker.models import Statement

__all__ = ["editor"]

WORDING = "Words an editor later deleted: 삭제된 발언."


def _logout(client: FlaskClient) -> None:
    client.post("/logout", data={"csrf_token": token(client)})


def test_readers_see_an_editors_display_name_editors_see_the_email(app: Flask, client: FlaskClient,
                                                                   editor: str) -> None:
    login(client, editor)
    add_statement(client, "Privacy Testspeaker", "Words kept.")
    statement_id = latest_id(app, Statement)
    history = f"/statements/{statement_id}/history"
    assert editor in client.get(history).get_data(as_text=True)
    _logout(client)
    page = client.get(history).get_data(as_text=True)
    assert editor not in page and "by an editor" in page

    login(client, editor)
    response = post_form(client, "/account/name", {"display_name": "田中 K., fact desk"}, follow=True)
    assert "田中 K., fact desk" in response.get_data(as_text=True)
    _logout(client)
    page = client.get(history).get_data(as_text=True)
    assert editor not in page and "by 田中 K., fact desk" in page


def test_a_deleted_records_history_is_for_editors_only(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    add_statement(client, "Deleted Testspeaker", WORDING)
    statement_id = latest_id(app, Statement)
    history = f"/statements/{statement_id}/history"
    client.post(f"/statements/{statement_id}/delete", data={
        "csrf_token": token(client, f"/statements/{statement_id}/edit"), "version": "1"})
    page = client.get(history)
    assert page.status_code == 200 and WORDING in page.get_data(as_text=True)
    _logout(client)
    response = client.get(history)
    assert response.status_code == 404
    assert WORDING not in response.get_data(as_text=True)


def test_a_display_name_too_long_is_refused_and_kept(client: FlaskClient, editor: str) -> None:
    login(client, editor)
    response = post_form(client, "/account/name", {"display_name": "名" * 101})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "at most 100 characters" in page and "名" * 101 in page
