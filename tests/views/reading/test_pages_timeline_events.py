"""The timeline's event filter takes in the events nested in the event (summit > dinner > talk)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.pages_helpers import get_csv, get_json, page
from tracker.models import Event, Statement
from tracker.web.database import get_session


def _events(app: Flask) -> dict[str, tuple[int, int | None]]:
    with app.app_context():
        return {key: (eid, parent) for key, eid, parent in get_session().execute(
            select(Event.key, Event.id, Event.parent_id)).tuples() if key}


def _statements_at(app: Flask, event_ids: set[int]) -> set[int]:
    with app.app_context():
        return set(get_session().scalars(select(Statement.id).where(
            Statement.event_id.in_(event_ids), Statement.deleted_at.is_(None))))


def test_filtering_on_the_summit_keeps_the_dinner_exchange(app: Flask, client: FlaskClient) -> None:
    events = _events(app)
    summit = events["nato-summit-2022"][0]
    # The summit's tree, walked here from the stored parent links.
    tree, grew = {summit}, True
    while grew:
        inside = {eid for eid, parent in events.values() if parent in tree}
        grew = not inside <= tree
        tree |= inside
    talk = events["kishida-yoon-dinner-conversation-2022"][0]
    assert talk in tree and events["nato-summit-2022-dinner"][0] in tree
    expected = _statements_at(app, tree)
    assert _statements_at(app, {talk}), "the seeds hold the Kishida–Yoon exchange"
    got = get_json(client, f"/timeline.json?event={summit}&per_page=200")["items"]
    assert {s["id"] for s in got} == expected
    assert _statements_at(app, {talk}) <= {s["id"] for s in got}
    assert {int(r["id"]) for r in get_csv(client, f"/timeline.csv?event={summit}&per_page=200")} == expected
    listed = page(client, f"/timeline?event={summit}&per_page=200").find_all("li", class_="statement")
    assert {int(li.attrs["id"].removeprefix("statement-")) for li in listed} == expected
    # A leaf event keeps just its own statements.
    leaf = get_json(client, f"/timeline.json?event={talk}&per_page=200")["items"]
    assert {s["id"] for s in leaf} == _statements_at(app, {talk})
