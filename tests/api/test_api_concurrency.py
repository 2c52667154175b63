"""Two tracker instances (separate gunicorn processes, two workers each) on one database, on
SQLite and on PostgreSQL: 50 stale edits of one record released together (exactly one wins, the
49 others get 409 with both versions), and 1,000 mixed reads and writes from 8 clients with no
5xx, where every write a client was told about is in the database.

The load is ``bench.load``'s harness; ``python -m bench.load`` runs it with 10,000 requests
and reports requests/s (bench/RESULTS.md). No timing is asserted here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from bench.load import check_stored, prepare, revision_counts, run_load, send, stale_edits
from tests.browser.harness import LiveServer, start_gunicorn, stop_process
from tracker.models import Revision, Speaker
from tracker.web.database import get_session


@pytest.fixture
def instances(app: Flask, database_url: str, tmp_path: Path) -> Iterator[list[LiveServer]]:
    """Two gunicorn processes on the test's database."""
    app.extensions["engine"].dispose()
    servers: list[LiveServer] = []
    try:
        for number in range(2):
            servers.append(start_gunicorn(database_url, tmp_path / f"gunicorn-{number}.log"))
        yield servers
    finally:
        for server in servers:
            stop_process(server.process)
    for server in servers:
        assert "Traceback" not in server.log_tail(10_000), server.log_tail()


def speaker_updates(app: Flask, speaker_id: int) -> int:
    """How many update revisions the speaker has."""
    with app.app_context():
        return int(get_session().scalar(select(func.count()).select_from(Revision).where(
            Revision.entity_type == "speaker", Revision.entity_id == speaker_id,
            Revision.action == "update")) or 0)


def test_fifty_stale_edits_one_wins_and_49_see_both_versions(
        app: Flask, database_url: str, instances: list[LiveServer]) -> None:
    token, targets = prepare(database_url)
    speaker = targets.speakers[0]
    path = f"/api/v1/speakers/{speaker}"
    status, current = send(instances[0].url, "GET", path)
    assert status == 200
    version, updates = current["version"], speaker_updates(app, speaker)

    answers = stale_edits([server.url for server in instances], token, path, version, count=50)

    assert Counter(status for status, _ in answers) == {200: 1, 409: 49}, answers
    [winner] = [body for status, body in answers if status == 200]
    assert winner["version"] == version + 1
    for status, body in answers:
        if status == 409:
            error = body["error"]
            assert (error["your_version"], error["current_version"]) == (version, version + 1)
            assert error["current"]["description"] == winner["description"]
    with app.app_context():
        stored = get_session().get(Speaker, speaker)
        assert stored is not None
        assert (stored.description, stored.version) == (winner["description"], version + 1)
    assert speaker_updates(app, speaker) == updates + 1


def test_a_thousand_mixed_requests_from_eight_clients_get_no_5xx(
        database_url: str, instances: list[LiveServer]) -> None:
    token, targets = prepare(database_url)
    before = revision_counts(database_url)

    result = run_load([server.url for server in instances], token, targets, requests=1_000, clients=8)

    assert result.requests >= 1_000
    assert result.server_errors == 0, (result.summary(), result.dropped[:3])
    assert result.unexpected == {}, result.summary()
    assert result.created and result.updates and result.deletes, result.summary()
    assert check_stored(database_url, result, before) == {
        "created_missing": 0, "created_revisions_off": 0, "updates_off": 0, "deletes_off": 0,
        "restores_off": 0}
