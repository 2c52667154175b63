"""Name variants (titles, honorifics, suffixes, middle names, initials) are unsure matches:
queued for review with the reason, never merged, unless a Wikidata id agrees."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from tests.services.editing.test_identity import QUOTEBANK_HEADER, _import, _liar, _speaker_of
from tracker.models import Speaker, SpeakerAlias, SpeakerReview
from tracker.services.editing import edits, identity
from tracker.services.input.variants import compatible, name_variant, variant_probes
from tracker.web.database import get_session


def test_a_variant_drops_titles_suffixes_honorifics_and_middle_names() -> None:
    assert name_variant("President Joseph R. Biden Jr.") == "joseph biden"
    assert name_variant("Hillary Rodham Clinton") == name_variant("Hillary Clinton") == "hillary clinton"
    assert name_variant("Dr. Anthony Fauci") == "anthony fauci"
    assert name_variant("윤석열 대통령") == name_variant("윤석열") == "윤석열"
    assert name_variant("岸田首相") == "岸田" and name_variant("安倍さん") == "安倍"
    assert name_variant("习近平主席") == "习近平" and name_variant("首相") == "首相"  # never to nothing
    assert variant_probes("J. Biden") == (["j biden", "biden j"], [("j", " biden")])
    assert variant_probes("President Biden") == (["biden"], [("", " biden")])
    assert "j biden" in variant_probes("Joe Biden")[0]
    assert "fumio kishida" in variant_probes("Kishida Fumio")[0]
    assert variant_probes("Biden") == (["biden"], [])  # no title taken off: no search by its end
    # LIAR calls every speaker a person: an organisation's name keeps its middle words.
    assert name_variant("Ohio Democratic Party") != name_variant("Ohio Republican Party")


def test_differing_middle_names_or_suffixes_are_different_people() -> None:
    assert not compatible("George W Bush", "George P Bush")
    assert compatible("George W Bush", "George Walker Bush")
    assert not compatible("Tom Kean Jr", "Tom Kean Sr") and compatible("Donald Trump Jr", "Donald Trump")
    assert compatible("Hillary Rodham Clinton", "Hillary Clinton")


def test_variants_within_one_batch_are_paired_for_review() -> None:
    batch = [identity.Incoming("a", "John Edwards"), identity.Incoming("b", "John Bel Edwards"),
             identity.Incoming("c", "John G Edwards"), identity.Incoming("d", "John R Edwards"),
             identity.Incoming("e", "John Edwards Party", kind="organization")]
    # "John Bel", "John G" and "John R" have middle names that differ: three people, each maybe
    # the "John Edwards" without one.
    assert identity.variant_pairs(batch) == [(k, "a", identity.VARIANT) for k in "bcd"]


def test_variants_of_another_wikidata_item_are_never_candidates() -> None:
    other = identity._Known(1, "person", "Q1", False)
    named = identity.Incoming("x", "Hillary Clinton", wikidata_id="Q2")
    assert identity.match(named, {}, [other]).candidates == []
    found = identity.match(identity.Incoming("x", "Hillary Clinton"), {}, [other])
    assert found.sure is None and found.candidates == [(1, identity.VARIANT)]


def test_titled_middle_named_and_honorific_names_are_queued_not_merged(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    _import(runner, _liar(tmp_path, [("hillary-clinton", "I never said that about the pipeline.")]), "liar")
    (tmp_path / "liar.tsv").unlink()
    _import(runner, _liar(tmp_path, [("hillary-rodham-clinton", "The pipeline was never my plan."),
                                     ("president-biden", "We will rebuild the bridges of this country.")]),
            "liar")
    json_path = tmp_path / "speakers.json"
    json_path.write_text('{"speakers": [{"key": "yoon-titled", "name": "윤석열 대통령"},'
                         ' {"key": "kishida-titled", "name": "岸田首相"}]}', encoding="utf-8")
    _import(runner, json_path, "json")
    with app.app_context():
        session = get_session()
        reviews = {(r.speaker_id, r.candidate_id): r.reason for r in session.scalars(select(SpeakerReview))}

        def pair(speaker: Speaker, candidate_name: str) -> str | None:
            candidate = session.scalars(select(Speaker.id).join(SpeakerAlias).where(
                SpeakerAlias.name == candidate_name, Speaker.merged_into_id.is_(None))).first()
            return reviews.get((speaker.id, candidate or 0))

        rodham, hillary = _speaker_of("liar:9000"), session.scalars(
            select(Speaker).where(Speaker.key == "politifact:hillary-clinton")).one()
        assert rodham.id != hillary.id and pair(rodham, "Hillary Clinton") == identity.VARIANT
        titled = _speaker_of("liar:9001")
        assert titled.wikidata_id is None and pair(titled, "Joe Biden") == identity.VARIANT
        yoon = session.scalars(select(Speaker).where(Speaker.key == "yoon-titled")).one()
        kishida = session.scalars(select(Speaker).where(Speaker.key == "kishida-titled")).one()
        assert pair(yoon, "윤석열") is not None and pair(kishida, "岸田文雄") is not None
        stored = session.scalars(select(SpeakerAlias.variant_key).where(SpeakerAlias.speaker_id == rodham.id))
        assert "hillary clinton" in set(stored)  # the bulk import writes the variant itself


def test_a_variant_with_the_same_wikidata_id_is_the_stored_speaker(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "quotebank.csv"
    path.write_text(QUOTEBANK_HEADER + "0,1,2020-05-01-000009,\"We will build it back.\",President Biden,"
                    "['Q6279'],2020-05-01 09:00:00,1,\"[['President Biden', '0.9']]\","
                    "['https://a.example.org/9'],E,5,speaker,President Biden\n", encoding="utf-8")
    output = _import(runner, path, "quotebank")
    assert "queued for review (/review/speakers): 0" in output
    with app.app_context():
        assert _speaker_of("quotebank:2020-05-01-000009").wikidata_id == "Q6279"


def test_the_statement_form_asks_about_a_name_given_with_an_honorific(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        found = {s.name for s in edits.similar_speakers(session, "岸田首相")}
        assert "Fumio Kishida" in found  # 岸田首相 alone shares no word with any stored name
        assert "Fumio Kishida" in {s.name for s in edits.similar_speakers(session, "岸田文雄総理")}
