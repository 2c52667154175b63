"""Quotations and their speakers where the verb rules find none: a speaker named after the
quotation, a quotation ending the sentence, a colon before a quotation ('Jo Lee: “…”')."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.services.extraction.reading import cues
from tracker.services.extraction.reading.segments import MARKS, QUOTE_CHARS, Span, inner, words
from tracker.services.extraction.reading.sources import BOUNDARY, source_words, trim


@dataclass
class Raw:
    """An attribution found in the text, as spans; ``source`` None means 'same as before'."""

    source: Span | None
    cue: Span
    content: Span
    kind: str
    confidence: float
    narrator: Span | None = None
    windows: list[tuple[int, int]] = field(default_factory=list)


def last_clause(text: str, start: int, end: int) -> int:
    last = start
    for match in BOUNDARY.finditer(text, start, end):
        last = match.end()
    return last


_SOURCE_END = re.compile(r"[,;(]|\s(?:in|on|at|during|of|about|after|before|when|while|who|and)\s|[.!?]\s*$")


def _named(text: str, span: Span) -> Span | None:
    """A source where the rules' strict phrase refuses one: the words up to an appositive,
    a bracket or a place ('Rep. Jo Lee (D-Ore.)', 'Jo Lee, the party's director,')."""
    end = _SOURCE_END.search(text, span.start, span.end)
    part = trim(text, Span(span.start, end.start() if end else span.end))
    tokens = text[part.start : part.end].split()
    if not tokens or len(tokens) > 6 or any(ch in QUOTE_CHARS for ch in text[part.start : part.end]):
        return None
    if not any(t[:1].isupper() for t in tokens):
        return source_words(text, part)
    return part


def quoted_lead(text: str, sentence: Span, quotes: list[Span]) -> Raw | None:
    """'“…,” Jo Lee, the party's director, said.' and '“…,” said former Gov. Jo Lee.': a
    sentence that opens with a quotation and names its speaker after it."""
    quote = next((q for q in quotes if sentence.start <= q.start <= sentence.start + 1), None)
    if quote is None or words(text[quote.start : quote.end]) < 3 or quote.end >= sentence.end - 2:
        return None
    match = cues.CUE.search(text, quote.end, sentence.end)
    if match is None or words(text[quote.end : match.start()]) > 12:
        return None
    verb_start, verb_end = match.span("verb")
    between = trim(text, Span(quote.end, match.start()))
    while between.start < between.end and text[between.start] in ",—– ":
        between = Span(between.start + 1, between.end)
    if between.end > between.start:
        source = _named(text, between)
    else:
        source = _named(text, trim(text, Span(verb_end, sentence.end)))
    if source is None:
        return None
    return Raw(
        source,
        Span(verb_start, verb_end),
        inner(text, quote),
        "direct_quote",
        0.7,
        windows=[(quote.end, sentence.end)],
    )


def quoted_tail(text: str, sentence: Span, quotes: list[Span]) -> Raw | None:
    """'A source close to the talks said, “…”': a quotation that ends the sentence, its cue
    just before it and a speaker the strict phrase refuses."""
    quote = next((q for q in quotes if q.end >= sentence.end - 2 and q.start > sentence.start), None)
    if quote is None or words(text[quote.start : quote.end]) < 3:
        return None
    found = list(cues.CUE.finditer(text, sentence.start, quote.start))
    match = found[-1] if found else None
    if match is None or text[match.end() : quote.start].strip() not in ("", ",", ":"):
        return None
    clause = last_clause(text, sentence.start, match.start())
    source = _named(text, trim(text, Span(clause, match.start()))) or _named(
        text, trim(text, Span(sentence.start, match.start()))
    )
    if source is None:
        return None
    cue = Span(*match.span("verb"))
    return Raw(source, cue, inner(text, quote), "direct_quote", 0.6, windows=[(sentence.start, quote.start)])


def colon_cue(text: str, sentence: Span, quotes: list[Span], following: Span | None) -> Raw | None:
    """'Rep. Jo Lee (D-Ore.): “…”' and 'Stated Lee:' before a paragraph that is a quotation:
    a colon stands for the cue; the speaker is named before it (or after a verb before it)."""
    colon = text.rfind(":", sentence.start, sentence.end)
    if colon < 0:
        return None
    quote = next((q for q in quotes if colon < q.start <= colon + 3), None)
    if quote is not None:
        content = inner(text, quote)
    elif text[colon + 1 : sentence.end].strip() == "" and following and text[following.start] in MARKS + "'":
        content = inner(text, following)
    else:
        return None
    if words(text[content.start : content.end]) < 3:
        return None
    found = list(cues.CUE.finditer(text, sentence.start, colon))
    if found:
        match = found[-1]
        clause = last_clause(text, sentence.start, match.start())
        before = trim(text, Span(clause, match.start()))
        source = _named(text, before) if before.end > before.start else None
        source = source or _named(text, trim(text, Span(match.end(), colon)))
        cue = Span(*match.span("verb"))
    else:
        source = _named(text, trim(text, Span(last_clause(text, sentence.start, colon), colon))) or _named(
            text, trim(text, Span(sentence.start, colon))
        )
        cue = Span(colon, colon + 1)
    if source is None:
        return None
    return Raw(source, cue, content, "direct_quote", 0.6, windows=[(sentence.start, colon)])



#END


def kind_of(text: str, content: Span, quotes: list[Span], verb: str) -> tuple[str, Span]:
    """A content's kind: a direct quote when a quotation holds it, else by its verb."""
    for quote in quotes:
        overlap = min(quote.end, content.end) - max(quote.start, content.start)
        if overlap >= 0.8 * (content.end - content.start) and words(text[quote.start : quote.end]) >= 1:
            return "direct_quote", inner(text, quote)
    if verb.casefold() in cues.DENIAL:
        return "denial", content
    if verb.casefold() in cues.WRITTEN:
        return "written_statement", content
    return "paraphrase", content
