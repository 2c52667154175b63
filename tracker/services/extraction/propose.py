"""The entry point: an article's text in, proposed statements out (the JSON of CLI and API)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.models import SpeakerKind
from tracker.services.extraction.dates import Said, said_date
from tracker.services.extraction.reading import rules
from tracker.services.extraction.reading.quoted import Raw
from tracker.services.extraction.reading.segments import CJK_LETTERS, Span
from tracker.services.extraction.speakers import (
    PRONOUNS,
    KnownSpeaker,
    Lexicon,
    best_known,
    display_name,
    guess_kind,
    ngrams,
)

_NAME_RUN = re.compile(r"(?:[A-Z][\w.'’-]*(?:\s+|$)){1,5}|[" + CJK_LETTERS + "]{2,}")


@dataclass(frozen=True)
class Mention:
    """Who the proposal says spoke: the words in the text and the speaker they name."""

    span: Span | None
    name: str
    id: int | None
    kind: SpeakerKind


@dataclass(frozen=True)
class Proposal:
    """One proposed statement with its account in this text."""

    speaker: Mention
    cue: Span
    content: Span
    kind: str
    said: Said
    narrator: Mention | None
    confidence: float

    def as_json(self, text: str) -> dict[str, Any]:
        def span(value: Span) -> dict[str, Any]:
            return {"start": value.start, "end": value.end, "text": text[value.start : value.end]}

        return {
            "speaker": {"name": self.speaker.name, "id": self.speaker.id, "kind": self.speaker.kind.value},
            "cue": span(self.cue),
            "content": span(self.content),
            "kind": self.kind,
            "said": self.said.as_json(),
            "narrator": ({"name": self.narrator.name, "id": self.narrator.id} if self.narrator else None),
            "confidence": round(self.confidence, 2),
        }


def _candidate_keys(text: str, raws: list[Raw]) -> set[str]:
    keys: set[str] = set()
    for raw in raws:
        for span in (raw.source, raw.narrator):
            if span is not None:
                keys.update(key for _, _, key in ngrams(text[span.start : span.end]))
    for run in _NAME_RUN.finditer(text):
        keys.update(key for _, _, key in ngrams(run.group(0)))
    return keys


def _known_mentions(text: str, known: dict[str, KnownSpeaker]) -> list[tuple[int, KnownSpeaker]]:
    found = []
    for run in _NAME_RUN.finditer(text):
        speaker = best_known(text, run.start(), run.end(), known)
        if speaker is not None:
            found.append((run.start(), speaker))
    return found


def _mention(text: str, span: Span, known: dict[str, KnownSpeaker]) -> Mention:
    speaker = best_known(text, span.start, span.end, known)
    words = text[span.start : span.end]
    if speaker is not None:
        return Mention(span, speaker.name, speaker.id, speaker.kind)
    return Mention(span, display_name(words), None, guess_kind(words))


def _antecedent(at: int, plural: bool, mentions: list[tuple[int, Mention]]) -> Mention | None:
    for position, mention in reversed(mentions):
        usable = position < at and mention.span is not None and mention.name.casefold() not in PRONOUNS
        if usable and (mention.kind != SpeakerKind.PERSON) == plural:
            return mention
    return None


def _by_surname(at: int, words: str, mentions: list[tuple[int, Mention]]) -> Mention | None:
    """'Xi said …' after 'President Xi Jinping': one name of a known speaker named in full before
    (known only: a guessed name may be a run of words that is no name)."""
    tokens = words.split()
    if len(tokens) != 1 or not tokens[0][:1].isupper():
        return None
    for position, mention in reversed(mentions):
        names = mention.name.split()
        if position < at and mention.id is not None and len(names) > 1 and tokens[0] in (names[0], names[-1]):
            return mention
    return None


def propose(text: str, published: date | None, lexicon: Lexicon) -> list[Proposal]:
    """Proposed statements in text order; speakers known to the lexicon come first."""
    raws = rules.find(text)
    known = lexicon.lookup(_candidate_keys(text, raws))
    mentions: list[tuple[int, Mention]] = [
        (at, Mention(Span(at, at), speaker.name, speaker.id, speaker.kind))
        for at, speaker in _known_mentions(text, known)
    ]
    proposals: list[Proposal] = []
    for raw in raws:
        if raw.source is None:
            if not proposals:
                continue
            speaker = proposals[-1].speaker
        else:
            speaker = _mention(text, raw.source, known)
            word = text[raw.source.start : raw.source.end].casefold()
            if word in PRONOUNS:
                found = _antecedent(raw.source.start, word in ("they", "we"), mentions)
                if found is not None:
                    speaker = Mention(raw.source, found.name, found.id, found.kind)
            else:
                found = None if speaker.id is not None else _by_surname(
                    raw.source.start, text[raw.source.start : raw.source.end], mentions
                )
                if found is not None:
                    speaker = Mention(raw.source, found.name, found.id, found.kind)
                mentions.append((raw.source.start, speaker))
                mentions.sort(key=lambda item: item[0])
        narrator = _mention(text, raw.narrator, known) if raw.narrator else None
        windows = raw.windows or [(raw.cue.start, raw.cue.end)]
        proposals.append(
            Proposal(
                speaker,
                raw.cue,
                raw.content,
                raw.kind,
                said_date(text, windows, published),
                narrator,
                raw.confidence,
            )
        )
    return proposals


def as_json(text: str, proposals: list[Proposal]) -> dict[str, Any]:
    """The document ``flask extract`` prints and ``POST /api/v1/extract`` answers."""
    return {"proposals": [proposal.as_json(text) for proposal in proposals]}
