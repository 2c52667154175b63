"""Merging speakers (admins): everything moves to the kept speaker, and the merge can be undone."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.edit_helpers import add_statement, admin, editor, latest_id, login, post_form, revisions_of, token
from tracker.models import Account, Speaker, Statement
from tracker.web.database import get_session

__all__ = ["admin", "editor"]


def _setup(app: Flask, client: FlaskClient) -> tuple[int, int, int, int]:
    post_form(client, "/speakers/new", {"name": "Quuxo Alphason", "kind": "person",
                                        "aliases-0-name": "Alphason Q."})
    keep = latest_id(app, Speaker)
    post_form(client, "/speakers/new", {"name": "Kuxo Alfasson", "kind": "person",
                                        "aliases-0-name": "阿尔法森", "different_person": "yes"})
    other = latest_id(app, Speaker)
    add_statement(client, "Kuxo Alfasson", "Merge me.")
    statement = latest_id(app, Statement)
    response = post_form(client, f"/statements/{statement}/accounts/new", {
        "narrator": "Kuxo Alfasson", "wording": "Merge me, he said.", "stance": "affirms",
        "chain-0-role": "speaker", "chain-0-speaker": "Kuxo Alfasson"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return keep, other, statement, latest_id(app, Account)


def test_merge_moves_everything_and_can_be_undone(app: Flask, client: FlaskClient, admin: str) -> None:
    login(client, admin)
    keep, other, statement_id, account_id = _setup(app, client)
    page = client.get(f"/speakers/{other}/merge").get_data(as_text=True)
    assert "Kuxo Alfasson, also 阿尔法森" in page
    response = post_form(client, f"/speakers/{other}/merge", {"keep": str(keep)})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        session = get_session()
        kept, merged = session.get(Speaker, keep), session.get(Speaker, other)
        statement, account = session.get(Statement, statement_id), session.get(Account, account_id)
        assert kept and merged and statement and account
        assert merged.merged_into_id == keep
        assert statement.speaker_id == keep and account.narrator_id == keep
        assert account.hops[0].speaker_id == keep
        assert {"Kuxo Alfasson", "阿尔法森"} <= {a.name for a in kept.aliases}
    assert [r.action for r in revisions_of(app, "speaker", other)][-1] == "merge"
    assert [r.action for r in revisions_of(app, "speaker", keep)][-1] == "merge"
    reading = client.get(f"/speakers/{other}")
    if reading.status_code != 404:  # the reading page redirects merged speakers
        assert reading.status_code in (301, 302, 308) and f"/speakers/{keep}" in reading.headers["Location"]
    history = client.get(f"/speakers/{other}/history").get_data(as_text=True)
    assert "Undo the merge" in history
    response = client.post(f"/speakers/{other}/unmerge",
                           data={"csrf_token": token(client, f"/speakers/{other}/history")})
    assert response.status_code == 302
    with app.app_context():
        session = get_session()
        kept, merged = session.get(Speaker, keep), session.get(Speaker, other)
        statement, account = session.get(Statement, statement_id), session.get(Account, account_id)
        assert kept and merged and statement and account
        assert merged.merged_into_id is None
        assert statement.speaker_id == other and account.narrator_id == other
        assert account.hops[0].speaker_id == other
        assert sorted(a.name for a in kept.aliases) == ["Alphason Q.", "Quuxo Alphason"]
    assert [r.action for r in revisions_of(app, "speaker", other)][-1] == "unmerge"


def test_only_admins_merge(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    post_form(client, "/speakers/new", {"name": "Quuxo Betason", "kind": "person"})
    speaker = latest_id(app, Speaker)
    assert client.get(f"/speakers/{speaker}/merge").status_code == 403
    response = client.post(f"/speakers/{speaker}/merge", data={"csrf_token": token(client), "keep": "1"})
    assert response.status_code == 403


def test_merging_into_itself_is_refused(app: Flask, client: FlaskClient, admin: str) -> None:
    login(client, admin)
    post_form(client, "/speakers/new", {"name": "Quuxo Gammason", "kind": "person"})
    speaker = latest_id(app, Speaker)
    response = post_form(client, f"/speakers/{speaker}/merge", {"keep": str(speaker)})
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.get_data(as_text=True)
    with app.app_context():
        assert get_session().scalar(select(Speaker.merged_into_id).where(Speaker.id == speaker)) is None
