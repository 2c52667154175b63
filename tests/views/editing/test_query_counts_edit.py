"""Edit and history pages run a fixed number of SQL statements, however big the record is."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.edit_helpers import edit_form, editor, login
from tests.pages_helpers import get_json, queries_for
from tracker.models import Account, AccountHop, Speaker, SpeakerAlias, SpeakerRole, Statement, statement_topic
from tracker.web.database import get_session

__all__ = ["editor"]


def _conflicts(client: FlaskClient) -> dict[str, tuple[int, int]]:
    """Seeded conflicts by key: (id, number of members)."""
    items = get_json(client, "/api/v1/conflicts?per_page=100")["items"]
    return {item["key"]: (int(item["id"]), int(item["member_count"])) for item in items}


def _fewest_and_most(app: Flask, counted: object) -> tuple[int, int]:
    """Ids of the records with the fewest and the most rows by a (id, count) query."""
    with app.app_context():
        rows = sorted(get_session().execute(counted).tuples(), key=lambda row: (row[1], row[0]))  # type: ignore[call-overload]
    assert rows[0][1] < rows[-1][1], rows
    return int(rows[0][0]), int(rows[-1][0])


def test_conflict_edit_page_does_not_grow_with_members(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    conflicts = _conflicts(client)
    large, large_members = conflicts["kishida-yoon-dinner-exchange"]
    assert large_members == 7
    small = [cid for cid, members in conflicts.values() if members in (3, 4)]
    assert small
    expected = queries_for(app, client, f"/conflicts/{large}/edit")
    for conflict_id in small:
        assert queries_for(app, client, f"/conflicts/{conflict_id}/edit") == expected, conflict_id


def test_statement_edit_page_does_not_grow_with_topics_or_event(app: Flask, client: FlaskClient,
                                                                 editor: str) -> None:
    login(client, editor)
    few, many = _fewest_and_most(app, select(Statement.id, func.count(statement_topic.c.topic_id))
                                 .outerjoin(statement_topic).group_by(Statement.id))
    with app.app_context():
        session = get_session()
        with_event = session.scalar(select(Statement.id).where(Statement.event_id.is_not(None)).limit(1))
        without_event = session.scalar(select(Statement.id).where(Statement.event_id.is_(None)).limit(1))
    assert with_event is not None and without_event is not None
    counts = {queries_for(app, client, f"/statements/{sid}/edit")
              for sid in (few, many, with_event, without_event)}
    assert len(counts) == 1, counts


def test_account_edit_page_does_not_grow_with_hops(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    few, many = _fewest_and_most(app, select(Account.id, func.count(AccountHop.id))
                                 .outerjoin(AccountHop, AccountHop.account_id == Account.id)
                                 .where(Account.deleted_at.is_(None)).group_by(Account.id))
    assert queries_for(app, client, f"/accounts/{few}/edit") == \
        queries_for(app, client, f"/accounts/{many}/edit")


def test_speaker_edit_page_does_not_grow_with_names_or_roles(app: Flask, client: FlaskClient,
                                                            editor: str) -> None:
    login(client, editor)
    aliases = (select(func.count(SpeakerAlias.id)).where(SpeakerAlias.speaker_id == Speaker.id)
               .scalar_subquery())
    roles = select(func.count(SpeakerRole.id)).where(SpeakerRole.speaker_id == Speaker.id).scalar_subquery()
    few, many = _fewest_and_most(app, select(Speaker.id, aliases + roles).where(
        Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None)))
    assert queries_for(app, client, f"/speakers/{few}/edit") == \
        queries_for(app, client, f"/speakers/{many}/edit")


def test_history_pages_do_not_grow_with_revisions_or_members(app: Flask, client: FlaskClient,
                                                             editor: str) -> None:
    login(client, editor)
    conflicts = _conflicts(client)
    large = conflicts["kishida-yoon-dinner-exchange"][0]
    small = next(cid for cid, members in conflicts.values() if members in (3, 4))
    assert queries_for(app, client, f"/conflicts/{large}/history") == \
        queries_for(app, client, f"/conflicts/{small}/history")
    with app.app_context():
        speaker = get_session().scalar(select(Speaker.id).where(
            Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None)).order_by(Speaker.id).limit(1))
    before = queries_for(app, client, f"/speakers/{speaker}/history")
    for n in range(3):
        response = edit_form(client, f"/speakers/{speaker}/edit", description=f"Edited {n} for the count")
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    page = client.get(f"/speakers/{speaker}/history").get_data(as_text=True)
    assert "Edited 2 for the count" in page
    assert queries_for(app, client, f"/speakers/{speaker}/history") == before
