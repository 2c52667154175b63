"""Search normalization shared by the index, the query parser and the highlighter.

Both backends see the same pre-tokenised text, so SQLite FTS5 (unicode61) and PostgreSQL
('simple' configuration) agree on what a word is:

- Latin, Cyrillic, Greek, Arabic… words are casefolded and stripped of accents.
- Scripts written without spaces (Han, kana, Hangul, Thai…) are split into overlapping
  character bigrams, followed by the single characters: "岸田文雄" is indexed as
  "岸田 田文 文雄 岸 田 文 雄". Two-character names ("岸田", "台独") are then one token,
  longer ones a phrase of consecutive bigrams, and one character still matches.

This module is pure (no models, no database) so migrations may use it to backfill.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

# Scripts written without spaces between words: every character is a search unit.
_DENSE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xD7B0, 0xD7FF),  # Hangul Jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)

_WORD = re.compile(r"[^\W_]+")
# ASCII text as its words: letters lowercased, digits kept, everything else a space (what
# _WORD.findall of the lowercased text splits on, four times faster through str.translate).
_ASCII_WORDS = str.maketrans({chr(code): chr(code).lower() if chr(code).isalnum() else " "
                              for code in range(128)})


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)


_DENSE_CLASS = _char_class(_DENSE_RANGES)
_DENSE_CHAR = re.compile(f"[{_DENSE_CLASS}]")
# A word (as matched by _WORD) split into alternating runs: dense (group 1) or not (group 2).
_RUN = re.compile(f"([{_DENSE_CLASS}]+)|([^{_DENSE_CLASS}]+)")


def is_dense(char: str) -> bool:
    """Whether a character belongs to a script written without spaces (CJK, Hangul, Thai…)."""
    # Fast path: every dense range starts at or above U+0E00 (Latin, Cyrillic… are below).
    return ord(char) >= 0x0E00 and _DENSE_CHAR.match(char) is not None


def fold_word(word: str) -> str:
    """Casefold and strip accents: 'Naïve' -> 'naive', 'Ärger' -> 'arger'."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@dataclass(frozen=True)
class Unit:
    """A run of search tokens from one word or one dense-script run, with its source span."""

    tokens: tuple[str, ...]
    dense: bool
    start: int
    end: int


def _runs(word: str, offset: int) -> Iterator[tuple[tuple[str, ...], bool, int, int, list[str]]]:
    """A non-ASCII word's dense and non-dense runs: (tokens, dense, start, end, NFKC characters).

    The characters are only filled in for dense runs (index_text adds them after the bigrams).
    """
    for run in _RUN.finditer(word):
        dense_piece, piece = run.groups()
        start, end = offset + run.start(), offset + run.end()
        if dense_piece is not None:
            chars = [unicodedata.normalize("NFKC", c) for c in dense_piece]
            bigrams = [a + b for a, b in pairwise(chars)]
            yield tuple(bigrams or chars), True, start, end, chars
        else:
            # Accent stripping can reveal separators (e.g. in compatibility forms).
            tokens = tuple(_WORD.findall(fold_word(piece)))
            if tokens:
                yield tokens, False, start, end, []


def units(text: str) -> list[Unit]:
    """Split text into words and dense-script runs; spans index into ``text`` itself."""
    found: list[Unit] = []
    for match in _WORD.finditer(text):
        word, offset = match.group(), match.start()
        if word.isascii():  # fast path: letters and digits only, never dense, folding = lower()
            found.append(Unit((word.lower(),), False, offset, offset + len(word)))
            continue
        found.extend(Unit(tokens, dense, start, end) for tokens, dense, start, end, _ in _runs(word, offset))
    return found


def index_text(*texts: str | None) -> str:
    """The pre-tokenised text stored in search_document.text for both backends."""
    tokens: list[str] = []
    for text in texts:
        if not text:
            continue
        if text.isascii():  # fast path, same tokens as units(): ASCII words, lowercased
            tokens.extend(text.translate(_ASCII_WORDS).split())
            continue
        text = unicodedata.normalize("NFC", text)
        # Same tokens as units(), without building a Unit per word.
        for match in _WORD.finditer(text):
            word = match.group()
            if word.isascii():
                tokens.append(word.lower())
                continue
            for run_tokens, dense, start, end, chars in _runs(word, match.start()):
                tokens.extend(run_tokens)
                if dense and end - start > 1:
                    # Single characters after the bigrams, so bigram phrases stay consecutive.
                    tokens.extend(chars)
    return " ".join(tokens)


_QUOTED = re.compile(r'"([^"]*)"|(\S+)')


def query_groups(query: str) -> list[tuple[str, ...]]:
    """A search box's text as phrases, all of which must match (AND).

    A bare word or dense-script run is one phrase; words inside "double quotes" form one
    phrase together.
    """
    groups: list[tuple[str, ...]] = []
    for match in _QUOTED.finditer(unicodedata.normalize("NFC", query)):
        quoted, bare = match.groups()
        found = units(quoted if quoted is not None else bare)
        if quoted is not None and found and not any(u.dense for u in found):
            groups.append(tuple(t for u in found for t in u.tokens))
            continue
        groups.extend(u.tokens for u in found)
    unique: list[tuple[str, ...]] = []
    for group in groups:
        if group not in unique:
            unique.append(group)
    return unique


def highlight(text: str | None, groups: list[tuple[str, ...]]) -> Markup:
    """The text, escaped, with every searched word or CJK string wrapped in <mark>."""
    if not text:
        return Markup("")
    words = {token for group in groups if not is_dense(group[0][0]) for token in group}
    needles = [group[0] + "".join(b[1:] for b in group[1:])
               for group in groups if is_dense(group[0][0])]
    spans: list[tuple[int, int]] = []
    if not needles and text.isascii():  # fast path: the same spans units() would give
        spans = [m.span() for m in _WORD.finditer(text) if m.group().lower() in words]
        return _marked(text, spans)
    for unit in units(text):
        if not unit.dense:
            if words.intersection(unit.tokens):
                spans.append((unit.start, unit.end))
            continue
        run = [unicodedata.normalize("NFKC", c) for c in text[unit.start:unit.end]]
        haystack = "".join(run) if all(len(c) == 1 for c in run) else text[unit.start:unit.end]
        for needle in needles:
            found = haystack.find(needle)
            while found != -1:
                spans.append((unit.start + found, unit.start + found + len(needle)))
                found = haystack.find(needle, found + 1)
    return _marked(text, spans)


def _marked(text: str, spans: list[tuple[int, int]]) -> Markup:
    """The text, escaped, with <mark> around the (possibly overlapping) spans."""
    parts: list[str] = []
    position = 0
    for start, end in _merge(spans):
        parts += (escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>")
        position = end
    parts.append(escape(text[position:]))
    return Markup("".join(parts))  # noqa: S704 - every piece of text was escaped above


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
