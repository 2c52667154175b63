"""The review queue: an unsure speaker match from an import, merged or kept apart in one click,
and undone."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from tests.edit_helpers import editor, login, token
from tests.pages_helpers import page as parsed
from tracker.models import Speaker, SpeakerReview, Statement
from tracker.web.database import get_session

__all__ = ["editor"]

LINE = "9100.json\tfalse\tI never said the bridge would cost that much.\teconomy\tbiden\tSenator\t\tnone" \
       "\t0\t0\t0\t0\t0\ta speech\n"


def _queue_one(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "liar.tsv"
    path.write_text(LINE, encoding="utf-8")
    result = runner.invoke(args=["import", str(path), "--format", "liar"])
    assert result.exit_code == 0, result.output


def _state(app: Flask) -> tuple[str, int, int]:
    with app.app_context():
        session = get_session()
        review = session.scalars(select(SpeakerReview)).one()
        speaker = session.scalars(select(Statement.speaker_id).where(Statement.key == "liar:9100")).one()
        return review.status, review.id, speaker


def test_the_queue_shows_the_evidence_and_merges_and_undoes(
        app: Flask, client: FlaskClient, runner: FlaskCliRunner, editor: str, tmp_path: Path) -> None:
    _queue_one(runner, tmp_path)
    assert client.get("/review/speakers").status_code == 302  # editors only
    login(client, editor)
    page = client.get("/review/speakers").get_data(as_text=True)
    assert "Waiting: 1" in page and "a one-word name" in page
    assert "politifact:biden" in page and "Senator" in page  # the newer record's key and role
    assert "Q6279" in page and "拜登" in page  # the candidate's Wikidata id and names in any script
    status, review_id, before = _state(app)
    with app.app_context():
        biden = get_session().scalars(select(Speaker.id).where(Speaker.wikidata_id == "Q6279")).one()
    assert status == "open" and before != biden
    response = client.post(f"/review/speakers/{review_id}", data={
        "decision": "merge", "csrf_token": _token(client)}, follow_redirects=True)
    assert "Merged." in response.get_data(as_text=True)
    status, _, after = _state(app)
    assert (status, after) == ("merged", biden)
    # Editors decide (the queue is not admin-only), and the queue says which editor did.
    decided = parsed(client, "/review/speakers").find("li", id=f"review-{review_id}").text()
    assert "merged by an editor" in decided and "UTC" in decided
    response = client.post(f"/review/speakers/{review_id}", data={
        "decision": "undo", "csrf_token": _token(client)}, follow_redirects=True)
    assert "open again" in response.get_data(as_text=True)
    assert _state(app)[0::2] == ("open", before)
    client.post(f"/review/speakers/{review_id}", data={"decision": "separate", "csrf_token": _token(client)})
    assert _state(app)[0::2] == ("separate", before)
    again = client.post(f"/review/speakers/{review_id}",
                        data={"decision": "merge", "csrf_token": _token(client)})
    assert again.status_code == 400 and "decided already" in again.get_data(as_text=True)
    missing = client.post("/review/speakers/999999", data={"decision": "merge", "csrf_token": _token(client)})
    assert missing.status_code == 400


def _token(client: FlaskClient) -> str:
    return token(client, "/review/speakers")
