"""Attributions without a speech verb: a document's title ('This article, entitled “…”'), a
stance before a colon ('the media were surprised: …'), and acts that say something ('visited the
martyrs' cemetery', 'made a video') as summaries at the lowest confidence."""

from __future__ import annotations

import re

from tracker.services.extraction.reading import cues
from tracker.services.extraction.reading.quoted import Raw, kind_of
from tracker.services.extraction.reading.segments import Span, inner, words
from tracker.services.extraction.reading.sources import TITLED, document_author, source_words, subject, trim
from tracker.services.extraction.speakers import GROUP_HEADS, PRONOUNS


def titled(text: str, sentence: Span, quotes: list[Span]) -> list[Raw]:
    """'This article, entitled “A”, pointed out that B': the title is the author's written words,
    and what the document says after it is theirs too; the author is named in the phrase or
    before it ('a signed comment by the news agency'), else the document stands for them."""
    match = TITLED.match(text, sentence.start, sentence.end)  # the document is the subject
    title = next((q for q in quotes if match and q.start == match.end()), None)
    if match is None or title is None:
        return []
    source = document_author(text, match) or Span(*match.span("document"))
    found = [Raw(source, Span(*match.span("verb")), inner(text, title), "written_statement", 0.5)]
    rest = title.end
    while rest < sentence.end and text[rest] in ", ":
        rest += 1
    said = cues.CUE.match(text, rest, sentence.end)
    if said is not None:
        after = cues.AFTER_VERB.match(text, said.end(), sentence.end)
        content = trim(text, Span(after.end() if after else said.end(), sentence.end))
        if words(text[content.start : content.end]) >= 4:
            kind, content = kind_of(text, content, quotes, said.group("verb"))
            found.append(Raw(source, Span(*said.span("verb")), content, kind, 0.6))
    return found


_STANCE = re.compile(
    r"\s+(?:was|were|is|are|seemed|seem|seems)\s+(?:(?:also|even|not|less|more|very|quite|so|clearly)\s+)?"
    r"(?P<verb>surprised|shocked|stunned|astonished|puzzled|baffled|blunt|adamant|emphatic|unequivocal|"
    r"unimpressed|skeptical|sceptical|confident|optimistic|pessimistic|worried|concerned|convinced|"
    r"furious|alarmed|cautious|defiant)\s*:",
    re.IGNORECASE,
)
_ADVERBS = {"even", "also", "but", "and", "yet", "still", "so", "now"}


def stance_colon(text: str, sentence: Span) -> Raw | None:
    """'Even the local media were surprised: the talks …': a stance before a colon is the cue,
    the words after it what the source was surprised by (or clear about)."""
    colon = text.find(":", sentence.start, sentence.end)
    if colon < 0:
        return None
    match = None
    for candidate in _STANCE.finditer(text, sentence.start, colon + 1):
        match = candidate
    if match is None or match.end() != colon + 1:
        return None
    start = sentence.start
    for word in re.finditer(r"\S+", text[start : match.start()]):
        if word.group(0).casefold().strip(",") not in _ADVERBS:
            break
        start = sentence.start + word.end()
    source = source_words(text, Span(start, match.start()))
    head = text[source.start : source.end].split()[-1] if source else ""
    if source is None or not (head[:1].isupper() or head.casefold() in GROUP_HEADS | PRONOUNS):
        return None  # 'The pattern is alarming:' is no source
    content = trim(text, Span(colon + 1, sentence.end))
    if words(text[content.start : content.end]) < 5:
        return None
    return Raw(
        source, Span(*match.span("verb")), content, "paraphrase", 0.5, windows=[(sentence.start, colon)]
    )


_AGENT_END = re.compile(r"[,.;:(“\"]|\s(?:in|on|at|which|that|who|and|for|with|about|after|before|from)\s")


def act(text: str, sentence: Span) -> Raw | None:
    """A named source's act that says something ('Kim visited the martyrs' graves'), or a video
    or an advertisement made by one: a summary, at the lowest confidence."""
    made = cues.ARTIFACT.search(text, sentence.start, sentence.end)
    if made is not None:
        end = _AGENT_END.search(text, made.end(), sentence.end)
        agent = source_words(text, Span(made.end(), end.start() if end else sentence.end))
        if agent is not None:
            return Raw(
                agent, trim(text, Span(made.start(), made.end())), trim(text, sentence), "summary", 0.3
            )
    act = cues.ACT.search(text, sentence.start, sentence.end)
    if act is None:
        return None
    source = subject(text, sentence, act.start())
    if source is None or text[source.end : act.start()].strip() or not text[source.start].isupper():
        return None
    content = trim(text, Span(act.start("verb"), sentence.end))
    if words(text[content.start : content.end]) < 4:
        return None
    return Raw(
        source, Span(*act.span("verb")), content, "summary", 0.3, windows=[(sentence.start, sentence.end)]
    )
