"""Who a source mention names: a known speaker (by any alias) or a new one with a kind guess."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from tracker.models import SpeakerKind
from tracker.services.extraction.reading.segments import CJK_LETTERS
from tracker.services.input.text import name_key

PRONOUNS = {"he", "she", "they", "we", "i", "his", "her"}
DETERMINERS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "some",
    "many",
    "other",
    "several",
    "two",
    "three",
    "both",
    "one",
    "another",
    "its",
    "their",
    "his",
    "her",
    "our",
}
TITLES = {
    "president",
    "prime",
    "minister",
    "secretary",
    "senator",
    "sen.",
    "gov.",
    "governor",
    "rep.",
    "representative",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "chairman",
    "chairwoman",
    "leader",
    "chief",
    "speaker",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "candidate",
    "nominee",
    "vice",
    "former",
    "ambassador",
    "general",
    "gen.",
    "mayor",
    "judge",
    "justice",
    "king",
    "queen",
    "chancellor",
    "foreign",
    "defense",
    "state",
    "homeland",
    "attorney",
    "adviser",
    "advisor",
    "manager",
    "campaign",
    "press",
    "democratic",
    "republican",
    "u.s.",
    "gop",
    "sec.",
}
GROUP_HEADS = {
    "officials",
    "sources",
    "critics",
    "media",
    "supporters",
    "analysts",
    "experts",
    "aides",
    "people",
    "voters",
    "democrats",
    "republicans",
    "netizens",
    "observers",
    "reports",
    "polls",
    "advocates",
    "leaders",
    "members",
    "lawmakers",
    "residents",
    "insiders",
    "staff",
    "staffers",
    "organizers",
    "protesters",
    "activists",
    "others",
    "conservatives",
    "liberals",
    "americans",
    "economists",
    "investigators",
    "authorities",
    "diplomats",
}
ORG_WORDS = {
    "office",
    "ministry",
    "agency",
    "department",
    "news",
    "times",
    "post",
    "party",
    "committee",
    "house",
    "campaign",
    "palace",
    "government",
    "council",
    "association",
    "institute",
    "university",
    "foundation",
    "commission",
    "bureau",
    "service",
    "network",
    "press",
    "journal",
    "daily",
    "tribune",
    "cnn",
    "fbi",
    "cia",
    "nato",
    "group",
    "center",
    "centre",
    "poll",
    "survey",
    "court",
    "police",
    "administration",
    "team",
    "corporation",
    "inc.",
    "reuters",
    "yonhap",
    "board",
    "congress",
    "senate",
    "union",
    "bank",
    "fund",
}
_TOKEN = re.compile(r"[^\s,;:()]+")
_CJK_RUN = re.compile(f"[{CJK_LETTERS}]{{2,}}")


@dataclass(frozen=True)
class KnownSpeaker:
    id: int
    name: str
    kind: SpeakerKind


class Lexicon(Protocol):
    """The tracker's speakers by alias key (``name_key``): one lookup for a whole article."""

    def lookup(self, keys: set[str]) -> dict[str, KnownSpeaker]: ...


class NoSpeakers:
    """A lexicon that knows nobody (extraction with no database)."""

    def lookup(self, keys: set[str]) -> dict[str, KnownSpeaker]:
        return {}


class FixedLexicon:
    """Aliases given up front: for tests and the benchmark (seeds read from JSON)."""

    def __init__(self, names: Iterable[tuple[str, KnownSpeaker]]) -> None:
        self.known = {name_key(name): speaker for name, speaker in names if name_key(name)}

    def lookup(self, keys: set[str]) -> dict[str, KnownSpeaker]:
        return {key: self.known[key] for key in keys if key in self.known}


def ngrams(text: str, longest: int = 5) -> list[tuple[int, int, str]]:
    """(start, end, key) of every run of up to ``longest`` words, and CJK substrings."""
    tokens = [(m.start(), m.end(), m.group(0).strip("“”\"'‘’«»「」『』.")) for m in _TOKEN.finditer(text)]
    found = []
    for i in range(len(tokens)):
        for j in range(i, min(i + longest, len(tokens))):
            key = name_key(" ".join(token[2] for token in tokens[i : j + 1]))
            if key:
                found.append((tokens[i][0], tokens[j][1], key))
    for run in _CJK_RUN.finditer(text):
        chars = run.group(0)
        for i in range(len(chars)):
            for j in range(i + 2, min(i + 7, len(chars)) + 1):
                found.append((run.start() + i, run.start() + j, name_key(chars[i:j])))
    return found


def best_known(text: str, start: int, end: int, known: dict[str, KnownSpeaker]) -> KnownSpeaker | None:
    """The known speaker named by the longest alias inside text[start:end]."""
    best: tuple[int, KnownSpeaker] | None = None
    for s, e, key in ngrams(text[start:end]):
        speaker = known.get(key)
        if speaker is not None and (best is None or e - s > best[0]):
            best = (e - s, speaker)
    return best[1] if best else None


def guess_kind(mention: str) -> SpeakerKind:
    """person / organization / group from the words of a mention."""
    words = [w.casefold() for w in mention.split()]
    if not words:
        return SpeakerKind.PERSON
    if words[-1] in GROUP_HEADS or (words[-1].endswith("s") and words[-1][:-1] in {"official", "source"}):
        return SpeakerKind.GROUP
    if words[0] in PRONOUNS:
        return SpeakerKind.GROUP if words[0] in ("they", "we") else SpeakerKind.PERSON
    if any(w in ORG_WORDS for w in words) and not any(w in {"spokesman", "spokeswoman"} for w in words):
        return SpeakerKind.ORGANIZATION
    return SpeakerKind.PERSON


def display_name(mention: str) -> str:
    """The name a new speaker gets: determiners and titles before a proper name dropped."""
    tokens = mention.split()
    while tokens and tokens[0].casefold() in DETERMINERS:
        tokens = tokens[1:]
    if len(tokens) >= 2 and tokens[-1][:1].isupper():
        tail: list[str] = []
        for token in reversed(tokens):
            if not token[:1].isupper() or token.casefold() in TITLES:
                break
            tail.insert(0, token)
        if tail and len(tail) < len(tokens) and tokens[len(tokens) - len(tail) - 1].casefold() != "of":
            return " ".join(tail)
    return " ".join(tokens) or mention
