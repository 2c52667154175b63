"""Paragraphs, sentences and quotations of an article, as character spans of its text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.services.extraction.reading import cues

# Opening mark -> closing marks. ASCII and curly singles are handled with care (apostrophes).
PAIRS: dict[str, str] = {"“": "”", "„": "“”", "«": "»", "「": "」", "『": "』", "‘": "’", '"': '"', "‹": "›"}
QUOTE_CHARS = '“”„«»「」『』‘’"‹›'
MARKS = '“”„«»「」『』"‹›'  # quotation marks that cannot be apostrophes
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "gen",
    "st",
    "jr",
    "sr",
    "lt",
    "col",
    "prof",
    "no",
    "vs",
    "inc",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.n",
    "u.k",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "d.c",
    "rev",
    "sgt",
    "capt",
    "ft",
    "mt",
    "n.y",
}
_END = re.compile(r"[.!?。！？]+[”’\"'»」』)]*(?=\s+|$)|[。！？]+[”’」』]*")
_PARAGRAPH = re.compile(r"[^\n]+")
# Kana, CJK ideographs and Hangul: the scripts written without spaces between names.
CJK_LETTERS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
CJK = re.compile(f"[{CJK_LETTERS}]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def paragraphs(text: str) -> list[Span]:
    """Each non-blank line is a paragraph (trimmed)."""
    spans = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end))
    return spans


def _abbreviation_before(text: str, dot: int) -> bool:
    word_start = dot
    while (
        word_start > 0
        and not text[word_start - 1].isspace()
        and text[word_start - 1] not in QUOTE_CHARS + "("
    ):
        word_start -= 1
    word = text[word_start:dot].casefold()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _cue_follows(following: str) -> bool:
    """'“Why not?” Ms. Lee asked.': the words after a closing quotation attribute it (and do
    not open a quotation of their own, as in '“No.” He added, “Never.”')."""
    cue = cues.CUE.search(following, 0, 60)
    if cue is None or len(following[: cue.start()].split()) > 4 or not following[cue.start("verb")].islower():
        return False
    after = following[: cue.end() + 4]
    return "''" not in after and not any(ch in MARKS for ch in after)


def sentences(text: str, paragraph: Span, quotes: list[Span] | None = None) -> list[Span]:
    """Sentences of one paragraph; a sentence never ends inside a quotation that goes on."""
    spans: list[Span] = []
    start = paragraph.start
    inside = quotes or []
    for match in _END.finditer(text, paragraph.start, paragraph.end):
        end = match.end()
        if text[match.start()] == "." and _abbreviation_before(text, match.start()):
            continue
        if any(q.start < match.start() and end < q.end - 1 for q in inside):
            continue
        following = text[end : paragraph.end].lstrip()
        if following and following[0].islower():
            continue
        if text[end - 1] in QUOTE_CHARS + "'" and _cue_follows(following):
            continue  # '“Why not?” Ms. Lee asked.': the quotation's attribution is this sentence's
        if end > start:
            spans.append(Span(start, end))
        start = end
        while start < paragraph.end and text[start].isspace():
            start += 1
    if start < paragraph.end:
        spans.append(Span(start, paragraph.end))
    return spans


def _is_apostrophe(text: str, at: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return before.isalnum() and (after.isalnum() or after in "s ")


def quotations(text: str, paragraph: Span) -> list[Span]:
    """Quoted passages (the marks included); an unclosed opening runs to the paragraph's end."""
    found: list[Span] = []
    at = paragraph.start
    while at < paragraph.end:
        char = text[at]
        if text.startswith("''", at):  # two apostrophes as a double quotation mark (older newswire)
            close = text.find("''", at + 2, paragraph.end)
            found.append(Span(at, close + 2 if close > 0 else paragraph.end))
            at = close + 2 if close > 0 else paragraph.end
            continue
        if char in PAIRS and not (char in '‘"' and _is_apostrophe(text, at)):
            if char in '‘"' and at > paragraph.start and text[at - 1].isalnum():
                at += 1
                continue
            closers = PAIRS[char]
            close = at + 1
            while close < paragraph.end:
                if text[close] in closers and not (text[close] == "’" and _is_apostrophe(text, close)):
                    break
                close += 1
            if close < paragraph.end:
                found.append(Span(at, close + 1))
                at = close + 1
                continue
            if char in "“«「『":
                found.append(Span(at, paragraph.end))
            at = close
            continue
        at += 1
    return found


def words(text: str) -> int:
    """Words in a passage; runs of CJK count a word per two characters."""
    cjk = len(CJK.findall(text))
    return len(text.split()) + cjk // 2


def inner(text: str, span: Span) -> Span:
    """A quotation without its marks and trailing punctuation inside them."""
    start, end = span.start, span.end
    if start < end and text[start] in QUOTE_CHARS + "'":
        start += 2 if text.startswith("''", start) else 1
    while end > start and text[end - 1] in ",.;: ":
        end -= 1
    if end > start and text[end - 1] in QUOTE_CHARS + "'":
        end -= 2 if text[end - 2 : end] == "''" else 1
    while end > start and text[end - 1] in ",.;: ":
        end -= 1
    return Span(start, end)
