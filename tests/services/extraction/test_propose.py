"""The extractor through its entry point: text in, proposals out, offsets into the text."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tracker.models import DatePrecision, SpeakerKind
from tracker.services.extraction.propose import as_json, propose
from tracker.services.extraction.speakers import FixedLexicon, KnownSpeaker, Lexicon, NoSpeakers

YOON = KnownSpeaker(7, "Yoon Suk-yeol", SpeakerKind.PERSON)
KISHIDA = KnownSpeaker(8, "Fumio Kishida", SpeakerKind.PERSON)
LEXICON = FixedLexicon([("Yin Xiyue", YOON), ("尹锡悦", YOON), ("Kishida", KISHIDA), ("岸田文雄", KISHIDA)])
JUNE_30 = date(2022, 6, 30)


def _one(text: str, lexicon: Lexicon = NoSpeakers(), published: date | None = JUNE_30) -> dict[str, Any]:
    found = as_json(text, propose(text, published, lexicon))["proposals"]
    assert len(found) == 1, found
    proposal: dict[str, Any] = found[0]
    for part in ("cue", "content"):
        span = proposal[part]
        assert isinstance(span, dict)
        assert text[span["start"] : span["end"]] == span["text"]
    return proposal


@pytest.mark.parametrize("opening, closing", [("“", "”"), ('"', '"'), ("«", "»"), ("「", "」"), ("『", "』")])
def test_direct_quotes_in_every_style(opening: str, closing: str) -> None:
    text = f"The mayor said: {opening}We will rebuild the bridge before winter{closing}."
    proposal = _one(text)
    assert proposal["kind"] == "direct_quote"
    assert proposal["content"]["text"] == "We will rebuild the bridge before winter"
    assert proposal["cue"]["text"] == "said"


def test_quote_then_inverted_cue() -> None:
    proposal = _one("“Taxes will not go up next year,” said Jane Miller.")
    assert proposal["speaker"] == {"name": "Jane Miller", "id": None, "kind": "person"}
    assert proposal["kind"] == "direct_quote"


def test_reported_speech_with_title_and_that() -> None:
    text = "Chinese President Xi Jinping said that China had responded to the request of its ally."
    proposal = _one(text)
    assert proposal["speaker"]["name"] == "Xi Jinping"
    assert proposal["kind"] == "paraphrase"
    assert proposal["content"]["text"] == "China had responded to the request of its ally"


def test_according_to_a_chain_names_speaker_and_narrator() -> None:
    text = (
        "According to South Korean officials, Yonhap and other media, Yin Xiyue’s trip was rich in content."
    )
    proposal = _one(text, LEXICON)
    assert proposal["speaker"]["name"] == "South Korean officials"
    assert proposal["speaker"]["kind"] == "group"
    assert proposal["narrator"]["name"] == "Yonhap and other media"


def test_known_alias_resolves_to_the_tracker_speaker() -> None:
    proposal = _one(
        "Yin Xiyue said that a new partnership would be signed in the second half of the year.", LEXICON
    )
    assert proposal["speaker"] == {"name": "Yoon Suk-yeol", "id": 7, "kind": "person"}


def test_pronoun_takes_the_last_named_person() -> None:
    text = (
        "The presidential palace revealed on the morning of the 29th that the talk was initiated by "
        "Kishida. He said to Yin Xiyue, “I know you are working hard for Japan South Korea relations”."
    )
    proposals = as_json(text, propose(text, JUNE_30, LEXICON))["proposals"]
    assert proposals[0]["said"]["date"] == "2022-06-29"
    assert proposals[0]["said"]["precision"] == DatePrecision.DAY.value
    assert "29th" in proposals[0]["said"]["note"]
    assert proposals[1]["speaker"]["id"] == 8
    assert proposals[1]["kind"] == "direct_quote"


@pytest.mark.parametrize(
    "phrase, expected, precision",
    [
        ("today", "2022-06-30", "day"),
        ("yesterday", "2022-06-29", "day"),
        ("on the 28th", "2022-06-28", "day"),
        ("last week", "2022-06-23", "approximate"),
        ("on Friday", "2022-06-24", "day"),
        ("on June 2", "2022-06-02", "day"),
        ("last month", "2022-05-01", "month"),
    ],
)
def test_relative_dates_from_the_publication_date(phrase: str, expected: str, precision: str) -> None:
    proposal = _one(f"The minister said {phrase} that the talks would resume in the autumn.")
    assert proposal["said"]["date"] == expected
    assert proposal["said"]["precision"] == precision
    assert proposal["said"]["note"]


def test_no_date_in_the_text_is_approximate_publication() -> None:
    proposal = _one("The minister said that the talks would resume in the autumn.")
    assert proposal["said"] == {
        "date": "2022-06-30",
        "precision": "approximate",
        "note": proposal["said"]["note"],
    }
    assert _one("The minister said that the talks would resume soon.", published=None)["said"]["date"] is None


def test_offsets_are_characters_of_the_text_in_any_script() -> None:
    text = "尹锡悦 말했다. The spokesman said that 岸田文雄 would not meet him before the summit."
    proposal = _one(text, LEXICON)
    assert proposal["content"]["text"].startswith("岸田文雄")


def test_prose_without_attribution_proposes_nothing() -> None:
    text = "The bridge was closed for repairs. Traffic moved slowly through the city all day."
    assert propose(text, JUNE_30, NoSpeakers()) == []
