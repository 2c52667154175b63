"""The rules every write follows: Wikidata ids, country codes, candidate speakers, upserts."""

from __future__ import annotations

import pytest

from tracker.services.editing import rules
from tracker.services.input.records import RecordError, RecordReader


def _reader(**data: object) -> RecordReader:
    return RecordReader("api", "speaker", data)


@pytest.mark.parametrize("value,ok", [("Q6279", True), ("Q1", True), ("Q", False), ("q6279", False),
                                      ("Q12a", False), ("Q١٢", False), ("Q١2", False), ("6279", False),
                                      ("", False)])
def test_wikidata_ids(value: str, ok: bool) -> None:
    assert rules.is_wikidata_id(value) is ok


def test_a_wikidata_id_field() -> None:
    assert rules.wikidata_id(_reader(wikidata_id=" Q1232 ")) == "Q1232"
    assert rules.wikidata_id(_reader()) is None
    with pytest.raises(RecordError) as caught:
        rules.wikidata_id(_reader(wikidata_id="Kishida"))
    assert caught.value.field == "wikidata_id" and "“Kishida” is not a Wikidata id" in caught.value.message
    with pytest.raises(RecordError, match="limit is 32"):
        rules.wikidata_id(_reader(wikidata_id="Q" + "1" * 32))


@pytest.mark.parametrize("value,stored", [("kr", "KR"), ("JP", "JP"), (None, None), ("", None)])
def test_country_codes_are_stored_in_capitals(value: str | None, stored: str | None) -> None:
    assert rules.country(_reader(country=value)) == stored


@pytest.mark.parametrize("value", ["K", "K1", "韓国", "12"])
def test_a_country_code_is_two_letters(value: str) -> None:
    with pytest.raises(RecordError) as caught:
        rules.country(_reader(country=value))
    assert caught.value.field == "country"
    assert caught.value.message == f"“{value}” is not a two-letter country code such as KR"
    with pytest.raises(RecordError, match="limit is 2"):
        rules.country(_reader(country="KOR"))


def test_candidate_speakers() -> None:
    given = [["Joe Biden", 0.6878], ["None", 0], ["X", 1]]
    assert rules.candidates(_reader(speaker_candidates=given)) == given
    assert rules.candidates(_reader()) is None and rules.candidates(_reader(speaker_candidates=[])) is None


@pytest.mark.parametrize("bad", [["x"], ["x", 0.5, 1], [1, 0.5], ["x", "0.5"], ["x", True], ["x", 1.01],
                                 ["x", -0.01], "x, 0.5", {"x": 0.5}])
def test_a_candidate_is_a_name_and_a_probability(bad: object) -> None:
    with pytest.raises(RecordError) as caught:
        rules.candidates(_reader(speaker_candidates=[["ok", 0.5], bad]))
    assert caught.value.field == "speaker_candidates[1]"
    assert caught.value.message == "expected [name, probability from 0 to 1]"


def test_new_names_and_changes() -> None:
    assert rules.new_names(["Yoon Suk-yeol"], ["Yoon Suk-yeol", "윤석열", "윤석열", "--", "Yin Xiyue"]) == [
        "윤석열", "Yin Xiyue"]
    assert rules.searchable("--") is None and rules.searchable("Yin Xiyue") == "yinxiyue"
    stored = {"name": "A", "country": "KR", "kind": "person"}
    incoming = {"name": "B", "country": "KR"}
    assert rules.changed(stored, incoming, ["name", "country", "kind"]) == {"name": "B", "kind": None}
    assert rules.changed(stored, incoming, ["country"]) == {}
