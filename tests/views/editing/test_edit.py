"""Editing through the forms: the journey from a new speaker to a conflict, and bad input."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.edit_helpers import add_statement, edit_form, editor, latest_id, login, post_form, revisions_of
from tracker.models import Account, Conflict, DatePrecision, Outlet, Speaker, Statement
from tracker.web.database import get_session

__all__ = ["editor"]


def test_readers_see_no_forms(client: FlaskClient) -> None:
    response = client.get("/statements/new")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_statement_for_a_new_speaker_then_two_accounts_and_a_conflict(
        app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    response = add_statement(client, "Zelda Testperson-Quux", "We will build the bridge.",
                             said="2022-06", language="en")
    assert response.status_code == 302, response.get_data(as_text=True)
    statement_id = latest_id(app, Statement)
    with app.app_context():
        statement = get_session().get(Statement, statement_id)
        assert statement is not None
        assert statement.speaker.name == "Zelda Testperson-Quux"
        assert statement.said_precision == DatePrecision.MONTH
        assert statement.key

    for outlet, narrator, wording in (("Test Daily Herald", "Zelda Testperson-Quux", "We will build it."),
                                      ("Quuxville Gazette", "", "They may build something.")):
        response = post_form(client, f"/statements/{statement_id}/accounts/new", {
            "narrator": narrator, "outlet": outlet, "article_url": f"https://{outlet.split()[1].lower()}.example/a",
            "article_title": f"Report in {outlet}", "published": "2022-06-30", "wording": wording,
            "stance": "affirms" if narrator else "differs",
            "chain-0-role": "speaker", "chain-0-speaker": "Zelda Testperson-Quux",
            "chain-1-role": "intermediary", "chain-1-label": "other media",
            "chain-2-role": "outlet", "chain-2-outlet": outlet})
        assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        session = get_session()
        accounts = list(session.scalars(select(Account).where(Account.statement_id == statement_id)))
        assert len(accounts) == 2
        assert {a.article.outlet.name for a in accounts if a.article and a.article.outlet} == {
            "Test Daily Herald", "Quuxville Gazette"}
        assert [h.role.value for h in accounts[0].hops] == ["speaker", "intermediary", "outlet"]
        assert accounts[0].hops[1].label == "other media"
        refs = [f"account:{a.key}" for a in accounts]
        keys = [a.key for a in accounts]

    page = client.get(f"/conflicts/new?statement={statement_id}").get_data(as_text=True)
    assert refs[0] in page
    response = post_form(client, f"/conflicts/new?statement={statement_id}", {
        "title": "Bridge or not", "summary": "Two outlets differ.", "status": "open",
        "candidate_statement": str(statement_id), "members": refs, "point_rows": "1",
        "points-0-aspect": "Whether a bridge was promised",
        f"points-0-claim-{keys[0]}": "A bridge", f"points-0-claim-{keys[1]}": "Something"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        conflict = get_session().scalar(select(Conflict).order_by(Conflict.id.desc()).limit(1))
        assert conflict is not None and conflict.title == "Bridge or not"
        assert len(conflict.members) == 2
        assert [c.text for c in conflict.points[0].claims] == ["A bridge", "Something"]
        conflict_id = conflict.id
    assert client.get(f"/conflicts/{conflict_id}/edit").status_code == 200
    assert revisions_of(app, "conflict", conflict_id)[0].action == "create"


def test_a_similar_speaker_is_offered_before_a_new_one_is_made(app: Flask, client: FlaskClient,
                                                                editor: str) -> None:
    login(client, editor)
    response = post_form(client, "/speakers/new", {
        "name": "Testo Quuxberg", "kind": "person", "aliases-0-name": "Quuxberg Wenxiong"})
    assert response.status_code == 302, response.get_data(as_text=True)
    kishida = latest_id(app, Speaker)
    # A second "Testo Quuxberg" is only made after the editor says it is someone else.
    response = post_form(client, "/speakers/new", {"name": "Quuxberg", "kind": "person"})
    assert response.status_code == 400
    assert "Testo Quuxberg, also Quuxberg Wenxiong" in response.get_data(as_text=True)
    response = post_form(client, "/statements/new", {"speaker": "Quuxberg", "wording": "Hello."})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Testo Quuxberg, also Quuxberg Wenxiong" in page
    assert 'value="Hello."' in page or "Hello.</textarea>" in page  # what was typed is kept
    response = post_form(client, "/statements/new", {"speaker": "Kishida", "wording": "Hello.",
                                                     "speaker_choice": str(kishida)})
    assert response.status_code == 302
    with app.app_context():
        assert get_session().get(Statement, latest_id(app, Statement)).speaker_id == kishida  # type: ignore[union-attr]
        count = len(list(get_session().scalars(select(Speaker).where(Speaker.name.like("%Quuxberg%")))))
        assert count == 1
    # An alias typed exactly finds the speaker without asking.
    response = post_form(client, "/statements/new", {"speaker": "quuxberg wenxiong", "wording": "Again."})
    assert response.status_code == 302


def test_edit_history_and_restore(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    post_form(client, "/outlets/new", {"name": "Original Name", "kind": "newspaper"})
    outlet_id = latest_id(app, Outlet)
    response = edit_form(client, f"/outlets/{outlet_id}/edit", name="Changed Name")
    assert response.status_code == 302, response.get_data(as_text=True)
    history = client.get(f"/outlets/{outlet_id}/history").get_data(as_text=True)
    assert "Original Name" in history and "Changed Name" in history
    revisions = revisions_of(app, "outlet", outlet_id)
    assert [r.action for r in revisions] == ["create", "update"]
    assert revisions[1].user_id is not None
    response = client.post(
        f"/outlets/{outlet_id}/history/{revisions[0].id}/restore",
        data={"side": "after", "version": "2", "csrf_token": _token(client, outlet_id)})
    assert response.status_code == 302
    with app.app_context():
        outlet = get_session().get(Outlet, outlet_id)
        assert outlet is not None and outlet.name == "Original Name" and outlet.version == 3
    assert [r.action for r in revisions_of(app, "outlet", outlet_id)][-1] == "restore"


def _token(client: FlaskClient, outlet_id: int) -> str:
    from tests.edit_helpers import token

    return token(client, f"/outlets/{outlet_id}/history")


def test_delete_is_soft_and_can_be_undone(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    add_statement(client, "Delete Testspeaker", "Words to delete.")
    statement_id = latest_id(app, Statement)
    response = post_form(client, f"/statements/{statement_id}/edit", {}) if False else client.post(
        f"/statements/{statement_id}/delete",
        data={"csrf_token": _token_for(client, f"/statements/{statement_id}/edit"), "version": "1"})
    assert response.status_code == 302
    with app.app_context():
        statement = get_session().get(Statement, statement_id)
        assert statement is not None and statement.deleted_at is not None
    assert client.get(f"/statements/{statement_id}/edit").status_code == 404
    page = client.get(f"/statements/{statement_id}/history").get_data(as_text=True)
    assert "Undo the delete" in page
    client.post(f"/statements/{statement_id}/restore",
                data={"csrf_token": _token_for(client, f"/statements/{statement_id}/history")})
    with app.app_context():
        statement = get_session().get(Statement, statement_id)
        assert statement is not None and statement.deleted_at is None
    actions = [r.action for r in revisions_of(app, "statement", statement_id)]
    assert actions == ["create", "delete", "undelete"]


def _token_for(client: FlaskClient, url: str) -> str:
    from tests.edit_helpers import token

    return token(client, url)


def test_stale_form_is_refused_showing_both_versions(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    post_form(client, "/outlets/new", {"name": "Shared Outlet", "kind": "other"})
    outlet_id = latest_id(app, Outlet)
    from tests.edit_helpers import form_values

    url = f"/outlets/{outlet_id}/edit"
    mine = form_values(client.get(url).get_data(as_text=True))
    theirs = form_values(client.get(url).get_data(as_text=True))
    assert client.post(url, data={**theirs, "name": "Their Name"}).status_code == 302
    response = client.post(url, data={**mine, "name": "My Name"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Someone else saved this record" in page
    assert "Their Name" in page and "My Name" in page
    with app.app_context():
        assert get_session().get(Outlet, outlet_id).name == "Their Name"  # type: ignore[union-attr]
    # Having seen both, saving again is a deliberate choice and goes through.
    again = form_values(page)
    assert client.post(url, data={**again, "name": "My Name"}).status_code == 302


def test_speaker_aliases_are_added_and_removed(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    post_form(client, "/speakers/new", {"name": "Testa Quuxyeol", "kind": "person",
                                        "aliases-0-name": "Yin Quuxyue", "aliases-1-name": "퀵석열",
                                        "aliases-1-language": "ko", "roles-0-title": "President",
                                        "roles-0-start": "2022-05-10"})
    speaker_id = latest_id(app, Speaker)
    response = edit_form(client, f"/speakers/{speaker_id}/edit", **{"aliases-0-name": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        speaker = get_session().get(Speaker, speaker_id)
        assert speaker is not None
        assert sorted(a.name for a in speaker.aliases) == ["Testa Quuxyeol", "퀵석열"]
        assert speaker.version == 2
        assert speaker.roles[0].title == "President"
    assert len(revisions_of(app, "speaker", speaker_id)) == 2


def test_editing_a_statement_keeps_its_speaker_candidates(app: Flask, client: FlaskClient,
                                                         editor: str) -> None:
    """Quotebank's attribution confidence is not on the form, so a save must not drop it."""
    candidates = [["Fumio Kishida", 0.8], ["Yoon Suk-yeol", 0.2]]
    with app.app_context():
        session = get_session()
        statement = session.scalars(select(Statement).order_by(Statement.id).limit(1)).one()
        statement.speaker_candidates = candidates
        session.commit()
        statement_id = statement.id
    login(client, editor)
    response = edit_form(client, f"/statements/{statement_id}/edit", wording="Reworded by an editor.")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        saved = get_session().get(Statement, statement_id)
        assert saved is not None and saved.wording == "Reworded by an editor."
        assert saved.speaker_candidates == candidates


@pytest.mark.parametrize("version", ["", "one", "1.0", "²"])
def test_a_delete_without_a_whole_version_deletes_nothing(app: Flask, client: FlaskClient, editor: str,
                                                          version: str) -> None:
    login(client, editor)
    add_statement(client, "Version Testspeaker", "Words kept.")
    statement_id = latest_id(app, Statement)
    response = client.post(f"/statements/{statement_id}/delete", data={
        "csrf_token": _token_for(client, f"/statements/{statement_id}/edit"), "version": version})
    assert response.status_code == 400
    assert "version" in response.get_data(as_text=True)
    with app.app_context():
        statement = get_session().get(Statement, statement_id)
        assert statement is not None and statement.deleted_at is None
    stale = client.post(f"/statements/{statement_id}/delete", data={
        "csrf_token": _token_for(client, f"/statements/{statement_id}/edit"), "version": "7"})
    assert stale.status_code == 302
    with app.app_context():
        statement = get_session().get(Statement, statement_id)
        assert statement is not None and statement.deleted_at is None


def test_a_speaker_form_with_too_many_names_says_so_and_keeps_nothing(app: Flask, client: FlaskClient,
                                                                      editor: str) -> None:
    from tracker.services.editing.rules import MAX_CHILDREN

    login(client, editor)
    names = {f"aliases-{i}-name": f"Name {i}" for i in range(MAX_CHILDREN["aliases"] + 1)}
    response = post_form(client, "/speakers/new", {"name": "Crowded Testspeaker", "kind": "person",
                                                   **names})
    assert 400 <= response.status_code < 500
    page = response.get_data(as_text=True)
    assert f"at most {MAX_CHILDREN['aliases']:,} names" in page
    with app.app_context():
        assert get_session().scalars(select(Speaker).where(Speaker.name == "Crowded Testspeaker")).all() == []
