"""Source noun phrases: who is named before or after a cue, and a sentence's subject."""

from __future__ import annotations

import re

from tracker.services.extraction.reading.segments import CJK, Span, words
from tracker.services.extraction.speakers import DETERMINERS, GROUP_HEADS, PRONOUNS

_NOT_IN_SOURCE = {
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "has",
    "had",
    "have",
    "that",
    "which",
    "who",
    "whom",
    "to",
    "it",
    "there",
    "this",
    "what",
    "when",
    "if",
    "because",
    "not",
    "would",
    "could",
    "should",
    "can",
    "will",
    "did",
    "do",
    "does",
    "so",
    "as",
    "than",
    "how",
    "why",
    "where",
    "also",
    "then",
    "all",
    "just",
    "may",
    "might",
    "must",
    "you",
}
_LEADING = {
    "and",
    "but",
    "so",
    "yet",
    "or",
    "while",
    "as",
    "then",
    "now",
    "later",
    "meanwhile",
    "however",
    "still",
    "also",
    "instead",
    "here",
}
BOUNDARY = re.compile(r"[,;:—–()]|[“”\"«»「」『』]|''|\s(?:and|but|while|as|because|after|when)\s")
_SOURCE_MAX_WORDS = 8
MARKS = '“”„«»「」『』"‹›'  # quotation marks that cannot be apostrophes
_CAPS = r"(?:[A-Z][\w.’'-]*\s+(?:of\s+)?){0,4}[A-Z][\w.’'-]*"
# 'U.S. Secretary of State Mike Pompeo', 'North Korean leader Kim Jong Un': a title, then the name.
ROLES = (
    r"leader|candidate|nominee|hopeful|president|minister|secretary|senator|governor|spokes(?:man|woman|person)|"
    r"chairman|chairwoman|chair|chief|member|official|ambassador|envoy|director|advis[eo]r|aide|founder|mayor|"
    r"lawmaker|representative|commander|prosecutor|judge|host|anchor|analyst|professor|economist|lawyer|"
    r"attorney|activist|star|player|coach|author|writer|columnist|editor|correspondent|candidates|leaders"
)
_SUBJECT = re.compile(
    r"(?:(?:[Tt]he|[Aa]n?)\s+)?"
    + _CAPS
    + r"(?:\s+(?:[a-z]+\s+)?(?:"
    + ROLES
    + r")\s+(?=[A-Z])"
    + _CAPS
    + r")?(?=[\s,])"
)
_NAME = r"(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*"
# 'presidential candidates Donald Trump and Joe Biden': a lowercase title before the names.
_TITLED = re.compile(r"(?:[a-z]+\s+){1,3}(?P<names>" + _NAME + r"(?:\s+and\s+" + _NAME + r")?)(?=[\s,])")
_NAMED = re.compile(r"(?:(?:The|A|An)\s+)?[A-Z][\w.’'-]*(?:\s+[\w.’'-]+){0,4}(?=,)")
_OPENERS = {
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "for",
    "with",
    "however",
    "but",
    "also",
    "since",
    "unlike",
    "just",
    "no",
    "even",
    "therefore",
    "if",
    "when",
    "while",
    "as",
    "to",
    "by",
    "from",
    "meanwhile",
    "still",
    "yet",
    "so",
    "then",
    "although",
    "though",
    "because",
    "despite",
    "over",
}


def trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and (text[start].isspace() or text[start] in ",;:—–'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.!?—–"):
        end -= 1
    return Span(start, end)


def source_words(text: str, span: Span) -> Span | None:
    """A source noun phrase, or None when the words cannot be one."""
    span = trim(text, span)
    tokens = text[span.start : span.end].split()
    while tokens and tokens[0].casefold().strip(",") in _LEADING:
        skip = text.index(tokens[0], span.start) + len(tokens[0])
        span = trim(text, Span(skip, span.end))
        tokens = tokens[1:]
    if not tokens or len(tokens) > _SOURCE_MAX_WORDS:
        return None
    folded = [t.casefold().strip(".,") for t in tokens]
    if any(t in _NOT_IN_SOURCE for t in folded) or any(ch in text[span.start : span.end] for ch in MARKS):
        return None
    first = tokens[0]
    if first.casefold() in PRONOUNS - {"his", "her"} and len(tokens) == 1:
        return span
    if CJK.match(first) and len(tokens) <= 2:
        return span  # a name in Chinese, Japanese or Korean script: no capitals to go by
    if not (first[:1].isupper() or folded[0] in DETERMINERS) and folded[-1] not in GROUP_HEADS:
        return None
    if folded[0] in DETERMINERS and len(tokens) <= 4:
        return span
    if (
        not any(t[:1].isupper() for t in tokens)
        and folded[-1] not in GROUP_HEADS
        and folded[-1].rstrip("s")
        not in {
            "official",
            "source",
            "spokesman",
            "spokeswoman",
            "aide",
            "spokesperson",
            "expert",
            "analyst",
            "critic",
            "report",
        }
    ):
        return None
    return span


def subject(text: str, sentence: Span, before: int) -> Span | None:
    """The sentence's subject, after any opening adverbial ('On the other hand, he …')."""
    start = sentence.start
    first = text[start:before].split(maxsplit=1)[:1]
    if first and first[0].casefold().strip(",") in _OPENERS:
        comma = text.find(",", start, before)
        if comma < 0 or words(text[start:comma]) > 12:
            return None
        start = comma + 1
        while start < before and text[start].isspace():
            start += 1
    pronoun = re.match(r"(?:He|She|They|We|I|he|she|they|we)\b", text[start:before])
    if pronoun:
        return Span(start, start + pronoun.end())
    subject = _SUBJECT.match(text, start, before)
    if subject:
        return source_words(text, Span(subject.start(), subject.end()))
    titled = _TITLED.match(text, start, before)
    if titled is None or any(
        word in _NOT_IN_SOURCE or word in _OPENERS or word in _LEADING
        for word in text[titled.start() : titled.start("names")].split()
    ):
        return None
    return source_words(text, Span(*titled.span("names")))


def _appositive_subject(text: str, sentence: Span, before_cue: int) -> Span | None:
    """'Muhammad Babar, a spokesman for the Islamic Center, says …': the name at the start."""
    subject = _NAMED.match(text, sentence.start, before_cue)
    if (
        subject is None
        or text[subject.end() : subject.end() + 1] != ","
        or text[sentence.start : before_cue].split(maxsplit=1)[0].casefold() in _OPENERS
    ):
        return None
    between = text[subject.end() : before_cue].rstrip()
    if (
        not between.endswith(",")
        or words(between) > 25
        or any(ch in between for ch in MARKS)
        or " which " in between
    ):
        return None
    return source_words(text, Span(subject.start(), subject.end()))


def headline(text: str, sentence: Span) -> bool:
    tokens = [t for t in text[sentence.start : sentence.end].split() if t[:1].isalpha()]
    return len(tokens) >= 3 and sum(t[:1].isupper() for t in tokens) >= 0.7 * len(tokens)


def source_before(text: str, sentence: Span, clause: int, before_cue: int) -> Span | None:
    source = source_words(text, Span(clause, before_cue))
    if source is None and text[clause - 5 : clause].strip() == "and":
        source = subject(text, sentence, before_cue)
    if source is None and text[clause - 1 : clause] == ",":
        source = _appositive_subject(text, sentence, before_cue)
    return source


_DOCUMENTS = (
    r"article|commentary|comment|report|editorial|column|statement|essay|piece|op-ed|letter|post|paper|"
    r"study|book|memo|speech|tweet|video"
)
# 'This article, entitled “…”,' and 'A report by the council, titled “…”,'.
TITLED = re.compile(
    r"(?P<document>(?:(?:[Tt]his|[Tt]hat|[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+)?(?:[\w’'-]+\s+)?"
    r"(?:" + _DOCUMENTS + r"))(?:\s+by\s+(?P<author>[^,“\"«「]{2,60}?))?,?\s+"
    r"(?P<verb>entitled|titled|headlined|headed|called)\s+(?=[“\"«「『])"
)
_BY = re.compile(r"\b(?:" + _DOCUMENTS + r")s?\s+(?:[\w’'-]+\s+){0,3}?by\s+")
_AUTHOR_END = re.compile(
    r"[,.;:(“\"]|\s(?:in|on|at|which|that|who|and|for|with|about|today|yesterday|last|this|earlier|recently)\s"
)


def document_author(text: str, titled: re.Match[str], look_back: int = 600) -> Span | None:
    """Who wrote the document a title belongs to: named in the phrase ('a report by X'), or
    before it ('… quoted a signed comment by the news agency. This article, entitled …')."""
    if titled.group("author"):
        return source_words(text, Span(*titled.span("author")))
    if not re.match(r"[Tt]h(?:is|at|e)\s", titled.group("document")):
        return None
    found = list(_BY.finditer(text, max(0, titled.start() - look_back), titled.start()))[-1:]
    if not found:
        return None
    by = found[0].end()
    end = _AUTHOR_END.search(text, by, titled.start())
    return source_words(text, Span(by, end.start() if end else titled.start()))
