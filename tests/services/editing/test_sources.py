"""Each source's key for a speaker is stored once: renames and merges do not lose the speaker."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from tests.services.editing.test_identity import _import, _liar, _speaker_of
from tracker.models import Speaker, SpeakerSource
from tracker.services.editing import edits, merge, review, sources
from tracker.web.database import get_session


def _owners() -> dict[str, int]:
    rows = get_session().execute(select(SpeakerSource.source_key, SpeakerSource.speaker_id))
    return dict(rows.tuples().all())


def _count() -> int:
    return get_session().scalar(select(func.count()).select_from(Speaker)) or 0


def test_a_renamed_speaker_stripped_of_the_sources_name_is_found_by_the_sources_key(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    _import(runner, _liar(tmp_path, [("joe-biden", "The economy grew by a great deal this year.")]), "liar")
    with app.app_context():
        session = get_session()
        biden = _speaker_of("liar:9000")
        assert biden.wikidata_id == "Q6279"  # found by name: the seed's record
        assert sources.mapped(session, ["politifact:joe-biden"]) == {"politifact:joe-biden": biden.id}
        assert review._evidence(session, biden).source_keys == ["politifact:joe-biden"]  # for the queue
        doc = edits.document(biden)
        doc["name"] = "Joseph Robinette Biden"
        doc["aliases"] = [a for a in doc["aliases"] if "joe" not in a["name"].casefold()]
        edits.save(session, "speaker", doc, obj=biden, user_id=None)
        session.commit()
        assert not any("joe" in a.name.casefold() for a in biden.aliases)
        before, biden_id = _count(), biden.id
    (tmp_path / "liar.tsv").unlink()
    path = _liar(tmp_path, [("joe-biden", "The economy grew by a great deal this year."),
                            ("joe-biden", "A second statement by the same slug, after the rename.")])
    _import(runner, path, "liar")
    with app.app_context():
        assert _count() == before  # no "Joe Biden" made again
        assert _speaker_of("liar:9001").id == biden_id
        assert get_session().get(Speaker, biden_id).name == "Joseph Robinette Biden"  # type: ignore[union-attr]


def test_a_merge_moves_the_sources_keys_and_its_undo_moves_them_back(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    _import(runner, _liar(tmp_path, [("jane-nobody", "A statement by someone new to the archive.")]), "liar")
    with app.app_context():
        session = get_session()
        jane = _speaker_of("liar:9000")
        keep = session.scalars(select(Speaker).where(Speaker.wikidata_id == "Q6279")).one()
        revision = merge.merge(session, keep, jane, user_id=None)
        assert revision.after is not None and revision.after["moved"]["sources"]  # type: ignore[index]
        owners = _owners()
        assert owners["politifact:jane-nobody"] == keep.id
        merge.unmerge(session, jane, user_id=None)
        owners = _owners()
        assert owners["politifact:jane-nobody"] == jane.id and owners[keep.key or ""] == keep.id
        session.commit()


def test_recording_a_batch_stores_each_key_once_and_moves_a_key_resolved_afresh(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        a, b = session.scalars(select(Speaker.id).order_by(Speaker.id).limit(2)).all()
        assert sources.record(session, {"politifact:x": a, "wikidata:q1": a}) == 2
        assert sources.record(session, {"politifact:x": a, "wikidata:q1": b}) == 1
        assert sources.mapped(session, ["politifact:x", "wikidata:q1", "nobody"]) == {
            "politifact:x": a, "wikidata:q1": b}
        assert session.scalar(select(SpeakerSource.source).where(
            SpeakerSource.source_key == "politifact:x")) == "politifact"
