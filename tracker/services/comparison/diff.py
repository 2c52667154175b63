"""Word-level differences between two wordings, for the conflict comparison page.

Latin text is compared word by word; text in scripts written without spaces (Chinese,
Japanese, Korean, Thai) character by character, so "岸田首相" and "岸田総理" differ only in
their last two characters. The result is a list of (op, text) segments; templates render
them with <del>/<ins> (Jinja escapes the text).

``compare_wordings`` gives the diff and the similarity from one match, and remembers the last
few hundred pairs per process: the result depends on nothing but the two texts, so an edited
wording is simply a new key and nothing can go stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from tracker.services.search.text import is_dense

Op = Literal["equal", "delete", "insert"]

_TOKEN = re.compile(r"\s+|[^\W_]+|[\W_]", re.UNICODE)
# No dense script starts below U+0E00 (``is_dense`` relies on it too): text whose every
# character is below it needs no character-by-character look.
_BELOW_DENSE = "\u0e00"


@dataclass(frozen=True)
class Segment:
    """A run of text that both wordings share ("equal"), or only the first ("delete") or
    the second ("insert") has."""

    op: Op
    text: str


def tokenize(text: str) -> list[str]:
    """Words, single characters of dense scripts, punctuation and whitespace; joined back
    together they give the text unchanged."""
    if not text or max(text) < _BELOW_DENSE:
        return _TOKEN.findall(text)  # nothing in a dense script (most English text)
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        if max(token) < _BELOW_DENSE or not any(is_dense(c) for c in token):
            tokens.append(token)
            continue
        run = ""
        for char in token:
            if is_dense(char):
                if run:
                    tokens.append(run)
                    run = ""
                tokens.append(char)
            else:
                run += char
        if run:
            tokens.append(run)
    return tokens


def _append(segments: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


@dataclass(frozen=True)
class WordDiff:
    """The diff of two wordings and the share of tokens they have in common (0 to 1)."""

    segments: tuple[Segment, ...]
    similarity: float


DIFF_CACHE_SIZE = 256


def _diff(a: str, b: str) -> tuple[list[Segment], float]:
    left, right = tokenize(a), tokenize(b)
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, "equal", "".join(left[i1:i2]))
        else:
            _append(segments, "delete", "".join(left[i1:i2]))
            _append(segments, "insert", "".join(right[j1:j2]))
    return _tidy(segments), matcher.ratio()


@lru_cache(maxsize=DIFF_CACHE_SIZE)
def compare_wordings(a: str, b: str) -> WordDiff:
    """How ``b`` differs from ``a``, and how similar they are; cached by the two texts."""
    segments, ratio = _diff(a, b)
    return WordDiff(tuple(segments), ratio)


def word_diff(a: str, b: str) -> list[Segment]:
    """How ``b`` differs from ``a``: equal, deleted (only in a) and inserted (only in b) runs."""
    return list(compare_wordings(a, b).segments)


def _tidy(segments: list[Segment]) -> list[Segment]:
    """Show a changed phrase as one deletion then one insertion, not word by word: changes
    separated only by whitespace are gathered into one block."""
    tidy: list[Segment] = []
    index = 0
    while index < len(segments):
        if segments[index].op == "equal":
            tidy.append(segments[index])
            index += 1
            continue
        deleted, inserted = "", ""
        while index < len(segments):
            segment = segments[index]
            if segment.op == "delete":
                deleted += segment.text
            elif segment.op == "insert":
                inserted += segment.text
            elif (segment.text.isspace() and index + 1 < len(segments)
                  and segments[index + 1].op != "equal"):
                deleted += segment.text
                inserted += segment.text
            else:
                break
            index += 1
        _append(tidy, "delete", deleted)
        _append(tidy, "insert", inserted)
    return tidy


def similarity(a: str, b: str) -> float:
    """Share of tokens the two wordings have in common, from 0 to 1."""
    return compare_wordings(a, b).similarity
