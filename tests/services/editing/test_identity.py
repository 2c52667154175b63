"""One person, one record: the imports resolve speakers by Wikidata id, name (any order), key."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from tracker.models import Speaker, SpeakerReview, Statement
from tracker.services.editing import identity
from tracker.web.database import get_session

LIAR_LINE = "{id}.json\tfalse\t{words}\teconomy\t{slug}\tPresident\t\tnone\t0\t0\t0\t0\t0\ta speech\n"
QUOTEBANK_HEADER = (",Unnamed: 0,quoteID,quotation,speaker,qids,date,numOccurrences,probas,urls,phase,month,"
                    "type,candidate\n")


def _liar(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "liar.tsv"
    path.write_text("".join(LIAR_LINE.format(id=9000 + n, words=words, slug=slug)
                            for n, (slug, words) in enumerate(rows)), encoding="utf-8")
    return path


def _import(runner: FlaskCliRunner, path: Path, fmt: str) -> str:
    result = runner.invoke(args=["import", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.output


def _speaker_of(key: str) -> Speaker:
    return get_session().scalars(select(Speaker).join(Statement, Statement.speaker_id == Speaker.id)
                                 .where(Statement.key == key)).one()


def test_liar_speakers_land_on_the_seed_speakers_by_name_in_any_order(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = _liar(tmp_path, [("joe-biden", "The economy grew by a great deal this year."),
                            ("kishida-fumio", "Japan will restore relations with its neighbours."),
                            ("biden", "I said nothing of the kind about the bridge."),
                            ("jane-nobody", "A statement by someone new to the archive.")])
    with app.app_context():
        before = get_session().scalar(select(func.count()).select_from(Speaker)) or 0
        biden_id = get_session().scalars(select(Speaker.id).where(Speaker.wikidata_id == "Q6279")).one()
    output = _import(runner, path, "liar")
    assert "speakers found by name: 2; queued for review (/review/speakers): 1" in output
    with app.app_context():
        session = get_session()
        assert _speaker_of("liar:9000").id == biden_id
        kishida = _speaker_of("liar:9001")
        assert kishida.name == "Fumio Kishida" and kishida.key != "politifact:kishida-fumio"
        assert "Kishida Fumio" in {a.name for a in kishida.aliases}  # the import's spelling is kept
        assert "President" in {r.title for r in kishida.roles}
        one_word = _speaker_of("liar:9002")
        assert one_word.id != biden_id  # "Biden" alone is not sure: a record of its own, queued
        review = session.scalars(select(SpeakerReview)).one()
        assert (review.speaker_id, review.candidate_id, review.status) == (one_word.id, biden_id, "open")
        assert session.scalar(select(func.count()).select_from(Speaker)) == before + 2
    again = _import(runner, path, "liar")  # re-running creates no duplicate and queues nothing new
    assert "created: nothing" in again and "queued for review (/review/speakers): 0" in again
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Speaker)) == before + 2
        assert get_session().scalar(select(func.count()).select_from(SpeakerReview)) == 1


def test_one_name_under_two_keys_in_one_file_is_one_speaker(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "quotebank.csv"
    path.write_text(QUOTEBANK_HEADER
                    + "0,1,2020-05-01-000001,\"We will win.\",Jane Roe,['Q1000001'],2020-05-01 09:00:00,1,"
                      "\"[['Jane Roe', '0.9']]\",['https://a.example.org/1'],E,5,speaker,Jane Roe\n"
                    + "1,2,2020-05-02-000002,\"We will win again.\",Jane Roe,\"['Q1000001', 'Q1000002']\","
                      "2020-05-02 09:00:00,1,\"[['Jane Roe', '0.9']]\",['https://a.example.org/2'],E,5,"
                      "speaker,Jane Roe\n", encoding="utf-8")
    _import(runner, path, "quotebank")
    with app.app_context():
        first, second = _speaker_of("quotebank:2020-05-01-000001"), _speaker_of("quotebank:2020-05-02-000002")
        assert first.id == second.id and first.wikidata_id == "Q1000001"


def test_different_wikidata_ids_are_never_one_person() -> None:
    known = {identity.name_keys("Jane Roe", "person")[0]: [identity._Known(1, "person", "Q1", True)]}
    assert identity.match(identity.Incoming("x", "Jane Roe", wikidata_id="Q2"), known).sure is None
    assert identity.match(identity.Incoming("x", "Jane Roe", wikidata_id="Q2"), known).candidates == []
    assert identity.match(identity.Incoming("x", "Roe Jane"), known).sure == 1
    assert identity.match(identity.Incoming("x", "Jane Roe", kind="organization"), known).sure is None


def test_a_json_speaker_named_like_a_stored_one_is_queued_not_merged(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "speakers.json"
    path.write_text('{"speakers": [{"key": "kishida-again", "name": "Kishida Fumio"}]}', encoding="utf-8")
    output = _import(runner, path, "json")
    assert "queued for review (/review/speakers): 1" in output
    with app.app_context():
        session = get_session()
        again = session.scalars(select(Speaker).where(Speaker.key == "kishida-again")).one()
        review = session.scalars(select(SpeakerReview)).one()
        candidate = session.get(Speaker, review.candidate_id)
        assert review.speaker_id == again.id and candidate is not None and candidate.name == "Fumio Kishida"
