"""History: every change is a revision with before and after; any version can come back."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from tests.edit_helpers import (
    add_statement,
    edit_form,
    editor,
    latest_id,
    load_user,
    login,
    post_form,
    revisions_of,
    token,
)
from tracker.models import Account, Event, Speaker, Statement
from tracker.services.data.importers import run_import
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

__all__ = ["editor"]


def test_anyone_can_read_history_but_not_restore(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    post_form(client, "/events/new", {"name": "Quux Summit", "start": "2022-06-28", "end": "2022-06-30"})
    event_id = latest_id(app, Event)
    client.post("/logout", data={"csrf_token": token(client)})
    page = client.get(f"/events/{event_id}/history").get_data(as_text=True)
    assert "Quux Summit" in page and "Created" in page
    assert "Restore the version" not in page


def test_restoring_brings_back_aliases_and_is_itself_recorded(app: Flask, client: FlaskClient,
                                                              editor: str) -> None:
    login(client, editor)
    post_form(client, "/speakers/new", {"name": "Quux Historyperson", "kind": "person",
                                        "aliases-0-name": "Q. Historyperson"})
    speaker_id = latest_id(app, Speaker)
    assert edit_form(client, f"/speakers/{speaker_id}/edit", **{
        "aliases-0-name": "", "description": "Changed"}).status_code == 302
    first = revisions_of(app, "speaker", speaker_id)[0]
    history_url = f"/speakers/{speaker_id}/history"
    page = client.get(history_url).get_data(as_text=True)
    assert "Q. Historyperson" in page and "Changed" in page
    response = client.post(f"/speakers/{speaker_id}/history/{first.id}/restore",
                           data={"csrf_token": token(client, history_url), "side": "after", "version": "2"})
    assert response.status_code == 302
    with app.app_context():
        speaker = get_session().get(Speaker, speaker_id)
        assert speaker is not None
        assert sorted(a.name for a in speaker.aliases) == ["Q. Historyperson", "Quux Historyperson"]
        assert speaker.description is None
    assert [r.action for r in revisions_of(app, "speaker", speaker_id)] == ["create", "update", "restore"]


def test_restoring_over_a_newer_change_is_refused(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    add_statement(client, "Quux Staleperson", "First words.")
    statement_id = latest_id(app, Statement)
    history_url = f"/statements/{statement_id}/history"
    csrf = token(client, history_url)
    edit_form(client, f"/statements/{statement_id}/edit", wording="Second words.")
    first = revisions_of(app, "statement", statement_id)[0]
    response = client.post(f"/statements/{statement_id}/history/{first.id}/restore",
                           data={"csrf_token": csrf, "side": "after", "version": "1"}, follow_redirects=True)
    assert "changed since you opened its history" in response.get_data(as_text=True)
    with app.app_context():
        assert get_session().get(Statement, statement_id).wording == "Second words."  # type: ignore[union-attr]


def test_imported_records_can_be_edited_and_restored(app: Flask, client: FlaskClient, editor: str) -> None:
    """Seeded records' revisions hold whole records too; an edit's ``before`` is the seeded one."""
    login(client, editor)
    with app.app_context():
        speaker_id = get_session().scalar(select(Speaker.id).where(Speaker.deleted_at.is_(None),
                                                                   Speaker.merged_into_id.is_(None)).limit(1))
    assert speaker_id is not None, "the seeds hold live speakers"
    assert edit_form(client, f"/speakers/{speaker_id}/edit", description="Edited seed").status_code == 302
    last = revisions_of(app, "speaker", speaker_id)[-1]
    assert last.before is not None and "aliases" in last.before
    response = client.post(f"/speakers/{speaker_id}/history/{last.id}/restore", data={
        "csrf_token": token(client, f"/speakers/{speaker_id}/history"), "side": "before"})
    assert response.status_code == 302
    with app.app_context():
        speaker = get_session().get(Speaker, speaker_id)
        assert speaker is not None and speaker.description != "Edited seed"


_RESTORE = re.compile(r'<form method="post" action="([^"]+/restore)" class="restore">.*?name="version" '
                      r'value="(\d+)">.*?name="side" value="(after|before)">', re.S)


def test_every_restore_an_imported_records_history_offers_works(app: Flask, client: FlaskClient,
                                                                editor: str) -> None:
    """Imports used to store revisions no restore could load (issue 16): now the history page of
    an imported statement offers restoring each version, and each one restores."""
    with app.app_context():
        run_import(get_session(), FIXTURES / "quotebank_sample.jsonl", "quotebank")
        statement = get_session().scalars(select(Statement).where(
            Statement.key == "quotebank:2020-03-01-000001")).one()
        statement_id, imported = statement.id, statement.wording
    login(client, editor)
    edited = edit_form(client, f"/statements/{statement_id}/edit", wording="Edited after import.")
    assert edited.status_code == 302
    history_url = f"/statements/{statement_id}/history"
    offered = _RESTORE.findall(client.get(history_url).get_data(as_text=True))
    # create (after), update (before and after): three versions offered
    assert [side for _, _, side in offered] == ["after", "before", "after"]
    for action, _, side in offered:  # the update's two sides, then what the import created
        version = _RESTORE.findall(client.get(history_url).get_data(as_text=True))[0][1]
        page = client.post(action, data={"csrf_token": token(client, history_url), "side": side,
                                         "version": version}, follow_redirects=True).get_data(as_text=True)
        assert "Restored that version" in page, page
        assert "cannot be restored" not in page
    with app.app_context():
        restored = get_session().get(Statement, statement_id)
        assert restored is not None
        assert restored.wording == imported


def test_history_shows_labels_and_names_not_internal_ones(app: Flask, client: FlaskClient,
                                                          editor: str) -> None:
    """A history page names fields as the form does and records by their names ("Joe Biden",
    not ``joe-biden``), chains included."""
    login(client, editor)
    with app.app_context():
        statement = get_session().scalars(select(Statement).where(Statement.key.is_not(None))
                                          .order_by(Statement.id)).first()
        assert statement is not None
        statement_id, speaker_name, speaker_key = statement.id, statement.speaker.name, statement.speaker.key
    response = edit_form(client, f"/statements/{statement_id}/edit", said_note="From the dateline.")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    response = post_form(client, f"/statements/{statement_id}/accounts/new", {
        "narrator": speaker_name, "wording": "A version.", "stance": "affirms",
        "chain-0-role": "speaker", "chain-0-speaker": speaker_name})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    html = client.get(f"/statements/{statement_id}/history").get_data(as_text=True)
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert "How the date was inferred" in rows and "said_note" not in rows
    account_id = latest_id(app, Account)
    html = client.get(f"/accounts/{account_id}/history").get_data(as_text=True)
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert {"Told by", "Statement", "Chain of attribution"} <= set(rows)
    assert f"Speaker: {speaker_name}" in html and f">{speaker_key}<" not in html
    assert f"{speaker_name}, " in html  # the statement by its speaker, date and words


def test_every_seeded_accounts_history_names_what_it_points_to(app: Flask, client: FlaskClient) -> None:
    """An account's revisions name its statement, article, outlets and speakers; the names are
    read in one UNION, whose column types PostgreSQL takes from its first SELECT (a 500 there once,
    on accounts with an article)."""
    with app.app_context():
        accounts = get_session().execute(
            select(Account.id, Statement.wording).join(Statement, Statement.id == Account.statement_id)
            .where(Account.article_id.is_not(None)).order_by(Account.id)).all()
    assert len(accounts) > 10
    for account_id, wording in accounts:
        response = client.get(f"/accounts/{account_id}/history")
        assert response.status_code == 200, account_id
        assert str(escape(wording[:20])) in response.get_data(as_text=True), account_id


def _import_quotebank(app: Flask, user_id: int | None = None) -> tuple[int, str]:
    """Import the Quotebank sample; the id and words of one statement it created."""
    with app.app_context():
        run_import(get_session(), FIXTURES / "quotebank_sample.jsonl", "quotebank", user_id=user_id)
        statement = get_session().scalars(select(Statement).where(
            Statement.key == "quotebank:2020-03-01-000001")).one()
        return statement.id, statement.wording


def _entry(html: str, revision_id: int) -> str:
    """One entry of a history page, by its revision id."""
    found = re.search(rf'<li class="revision" id="revision-{revision_id}">(.*?)</li>', html, re.S)
    assert found is not None, f"no entry {revision_id}"
    return found.group(1)


def test_an_imported_records_history_starts_with_its_import(app: Flask, client: FlaskClient,
                                                            editor: str) -> None:
    """No revision is stored per imported record; its history still starts with "Created", by
    whoever ran the import, when, from which file, with the record as the import made it."""
    statement_id, wording = _import_quotebank(app, user_id=load_user(app, editor).id)
    html = client.get(f"/statements/{statement_id}/history").get_data(as_text=True)
    assert html.count('<li class="revision"') == 1
    created = _entry(html, 0)
    assert "Created" in created and "by an editor" in created  # readers never see an email
    assert "imported from quotebank_sample.jsonl" in created
    assert f"<ins>{escape(wording)}</ins>" in created
    assert "Restore the version" not in created
    login(client, editor)
    created = _entry(client.get(f"/statements/{statement_id}/history").get_data(as_text=True), 0)
    assert f"by {editor}" in created and "Restore the version after this change" in created
    with app.app_context():  # its accounts, created by the same run
        account_id = get_session().scalars(select(Account.id).where(Account.statement_id == statement_id)
                                           .order_by(Account.id)).first()
    created = _entry(client.get(f"/accounts/{account_id}/history").get_data(as_text=True), 0)
    assert f"by {editor}" in created and "imported from quotebank_sample.jsonl" in created


def test_an_import_run_without_a_user_shows_as_an_import(app: Flask, client: FlaskClient) -> None:
    statement_id, _ = _import_quotebank(app)
    created = _entry(client.get(f"/statements/{statement_id}/history").get_data(as_text=True), 0)
    assert "Created" in created and "by an import" in created


def test_an_edited_imported_records_created_entry_shows_the_imported_version(
        app: Flask, client: FlaskClient, editor: str) -> None:
    statement_id, wording = _import_quotebank(app)
    login(client, editor)
    edited = edit_form(client, f"/statements/{statement_id}/edit", wording="Edited after import.")
    assert edited.status_code == 302
    html = client.get(f"/statements/{statement_id}/history").get_data(as_text=True)
    [edit] = revisions_of(app, "statement", statement_id)
    assert html.index(f'id="revision-{edit.id}"') < html.index('id="revision-0"')  # newest first
    created, edited = _entry(html, 0), _entry(html, edit.id)
    assert f"<ins>{escape(wording)}</ins>" in created and "Edited after import." not in created
    assert f"<del>{escape(wording)}</del>" in edited and "<ins>Edited after import.</ins>" in edited
    assert edit.before is not None and edit.before["wording"] == wording


def test_restoring_the_version_an_import_created(app: Flask, client: FlaskClient, editor: str) -> None:
    """The Created entry (revision 0) restores like any other: a new ``restore`` revision whose
    ``after`` is the imported document; the Created entry stays where it was."""
    statement_id, wording = _import_quotebank(app)
    login(client, editor)
    edit_form(client, f"/statements/{statement_id}/edit", wording="Edited after import.")
    history_url = f"/statements/{statement_id}/history"
    page = client.post(f"{history_url}/0/restore", data={
        "csrf_token": token(client, history_url), "side": "after", "version": "2"}, follow_redirects=True)
    assert "Restored that version" in page.get_data(as_text=True)
    edit, restore = revisions_of(app, "statement", statement_id)
    assert (edit.action, restore.action) == ("update", "restore")
    assert restore.before is not None and restore.before["wording"] == "Edited after import."
    assert restore.after == edit.before
    with app.app_context():
        restored = get_session().get(Statement, statement_id)
        assert restored is not None and restored.wording == wording and restored.version == 3
    assert 'id="revision-0"' in client.get(history_url).get_data(as_text=True)


def test_revision_0_of_a_record_no_import_made_is_refused(app: Flask, client: FlaskClient,
                                                          editor: str) -> None:
    login(client, editor)
    post_form(client, "/events/new", {"name": "Quux Formevent", "start": "2022-06-28"})
    event_id = latest_id(app, Event)
    history_url = f"/events/{event_id}/history"
    assert 'id="revision-0"' not in client.get(history_url).get_data(as_text=True)
    page = client.post(f"{history_url}/0/restore", data={
        "csrf_token": token(client, history_url), "side": "after", "version": "1"}, follow_redirects=True)
    assert page.status_code == 200
    assert "does not belong to this record" in page.get_data(as_text=True)
    assert [r.action for r in revisions_of(app, "event", event_id)] == ["create"]
