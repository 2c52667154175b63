"""The attribution rules: where a source, a cue and a content sit in a sentence."""

from __future__ import annotations

import re

from tracker.services.extraction.reading import acts, cues
from tracker.services.extraction.reading.quoted import (
    Raw,
    colon_cue,
    kind_of,
    last_clause,
    quoted_lead,
    quoted_tail,
)
from tracker.services.extraction.reading.segments import (
    QUOTE_CHARS,
    Span,
    inner,
    paragraphs,
    quotations,
    sentences,
    words,
)
from tracker.services.extraction.reading.sources import (
    headline,
    source_before,
    source_words,
    subject,
    trim,
)


def _around(text: str, before: Span, right: Span, quotes: list[Span], verb: str) -> tuple[str, Span]:
    """One content either side of a cue: a quotation that goes on ('“A,” he said, “and B.”') or
    words broken by the attribution."""
    first, _ = kind_of(text, before, quotes, verb)
    last = next((q for q in quotes if q.start == right.start), None)
    if first == "direct_quote" and last is not None:
        return "direct_quote", Span(inner(text, Span(before.start, before.end)).start, inner(text, last).end)
    return kind_of(text, Span(before.start, right.end), quotes, verb)


def _according(text: str, sentence: Span, quotes: list[Span]) -> Raw | None:
    match = cues.ACCORDING.search(text, sentence.start, sentence.end)
    if not match:
        return None
    cue = Span(match.start(), match.end() - 1)
    before = trim(text, Span(sentence.start, match.start()))
    if words(text[before.start : before.end]) >= 4 and text[match.start() - 2 : match.start()].strip() in (
        ",",
        "—",
        "",
    ):
        comma = text.find(",", match.end(), sentence.end)
        source = source_words(text, Span(match.end(), comma if comma > 0 else sentence.end))
        if source is None:
            return None
        kind, content = kind_of(text, before, quotes, "said")
        return Raw(source, cue, content, kind, 0.75, windows=[(source.end, sentence.end)])
    if words(text[sentence.start : match.start()]) > 6:
        return None
    parts: list[Span] = []
    at = match.end()
    while len(parts) < 4:
        comma = text.find(",", at, sentence.end)
        if comma < 0:
            break
        part = trim(text, Span(at, comma))
        words_of = text[part.start : part.end]
        if parts and not (
            words(words_of) <= 4 and (words_of[:1].isupper() or words_of.startswith(("and ", "other ")))
        ):
            break
        parts.append(part)
        at = comma + 1
    if not parts:
        return None
    source = source_words(text, parts[0])
    if source is None:
        return None
    narrator = Span(parts[1].start, parts[-1].end) if len(parts) > 1 else None
    content = trim(text, Span(at, sentence.end))
    if words(text[content.start : content.end]) < 3:
        return None
    kind, content = kind_of(text, content, quotes, "said")
    return Raw(source, cue, content, kind, 0.8, narrator, [(sentence.start, match.start())])


def _within(match: re.Match[str], others: list[re.Match[str]]) -> bool:
    return any(o.start() <= match.start() < o.end() for o in others)


def _cue_candidates(text: str, sentence: Span, quotes: list[Span]) -> list[Raw]:
    found: list[Raw] = []
    infinitives = list(cues.INFINITIVE.finditer(text, sentence.start, sentence.end))
    inside = [m for m in cues.CUE.finditer(text, sentence.start, sentence.end) if not _within(m, infinitives)]
    for match in sorted(inside + infinitives, key=lambda m: m.start()):
        verb_start, verb_end = match.span("verb")
        verb = match.group("verb").casefold()
        if any(q.start < verb_start < q.end for q in quotes):
            continue
        if text[verb_start].isupper() and verb_start > sentence.start and not headline(text, sentence):
            continue  # 'United States', 'Reports' in a name
        cue = Span(verb_start, verb_end)
        clause = last_clause(text, sentence.start, match.start())
        source = source_before(text, sentence, clause, match.start())
        after = (cues.AFTER_TOLD if verb in cues.TAKES_AUDIENCE else cues.AFTER_VERB).match(
            text, verb_end, sentence.end
        )
        rest = after.end() if after else verb_end
        right = trim(text, Span(rest, sentence.end))
        said_that = after is not None and "that" in after.group(0).split()
        quoted_right = text[rest : rest + 1] in QUOTE_CHARS + "'" or (
            verb in cues.WEAK and any(rest <= q.start and words(text[rest : q.start]) <= 5 for q in quotes)
        )
        comma_after = text[verb_end : sentence.end].lstrip()[:1] == ","
        before = trim(
            text, Span(sentence.start, source.start if source and source.start > clause else clause)
        )
        if source is not None and source.start < clause:  # an appositive subject: no content before it
            before = Span(sentence.start, sentence.start)
        quote_before = any(q.start <= before.start + 1 and q.end >= before.end - 1 for q in quotes)
        content_before = (
            words(text[before.start : before.end]) >= 3 or (quote_before and before.end > before.start)
        ) and (verb not in cues.WEAK or quote_before)
        short_tail = (
            words(text[right.start : right.end]) <= 6 or (comma_after and not quoted_right) or quote_before
        )
        if (
            source is not None
            and comma_after
            and words(text[before.start : before.end]) >= 2
            and (verb not in cues.WEAK or quote_before)
            and re.search(r",\s*['’”\"»」]*\s*$", text[before.start : source.start]) is not None
            and words(text[right.start : right.end]) >= 2
            and not cues.GOES_ON.match(text, right.start)
        ):  # 'The plan, she said, is dead': the content runs on both sides of the cue
            kind, content = _around(text, before, right, quotes, verb)
            found.append(Raw(source, cue, content, kind, 0.7, windows=[(source.start, sentence.end)]))
        elif source is not None and content_before and short_tail:
            kind, content = kind_of(text, before, quotes, verb)
            found.append(
                Raw(
                    source,
                    cue,
                    content,
                    kind,
                    0.8 if kind == "direct_quote" else 0.7,
                    windows=[(source.start, sentence.end)],
                )
            )
        elif (
            source is not None
            and words(text[right.start : right.end]) >= 4
            and (verb not in cues.NEEDS_THAT or said_that or quoted_right)
        ):
            kind, content = kind_of(text, right, quotes, verb)
            found.append(
                Raw(
                    source,
                    cue,
                    content,
                    kind,
                    0.75 if kind == "direct_quote" else 0.7,
                    windows=[(sentence.start, source.start), (source.end, rest)],
                )
            )
        elif source is None and content_before:
            end = text.find(",", verb_end, sentence.end)
            inverted = source_words(text, Span(verb_end, end if end > 0 else sentence.end))
            if inverted is not None and text[inverted.start].isupper() and inverted.start - verb_end <= 2:
                kind, content = kind_of(text, before, quotes, verb)
                found.append(
                    Raw(
                        inverted,
                        cue,
                        content,
                        kind,
                        0.8 if kind == "direct_quote" else 0.7,
                        windows=[(verb_end, sentence.end)],
                    )
                )
    return found


def _participle(text: str, sentence: Span, quotes: list[Span]) -> list[Raw]:
    """'X rallied supporters, saying: “…”': the sentence's subject speaks."""
    found = []
    for match in cues.PARTICIPLE.finditer(text, sentence.start, sentence.end):
        if any(q.start < match.start() < q.end for q in quotes):
            continue
        source = subject(text, sentence, match.start())
        after = cues.AFTER_VERB.match(text, match.end(), sentence.end)
        content = trim(text, Span(after.end() if after else match.end(), sentence.end))
        if source is None or words(text[content.start : content.end]) < 3:
            continue
        kind, content = kind_of(text, content, quotes, "said")
        found.append(
            Raw(
                source,
                Span(*match.span("verb")),
                content,
                kind,
                0.6,
                windows=[(sentence.start, match.start())],
            )
        )
    return found


def _by_cue(text: str, sentence: Span, quotes: list[Span]) -> list[Raw]:
    """Attributions of one sentence: a content holding another's whole attribution wins over it
    ('A told B that …, the source added'); one running into the next attribution stops there
    ('voters said …, and 4 in 10 said …')."""
    candidates = _cue_candidates(text, sentence, quotes)
    cued = {raw.cue.start for raw in candidates}
    candidates += [raw for raw in _participle(text, sentence, quotes) if raw.cue.start not in cued]
    candidates.sort(key=lambda raw: raw.cue.start)
    kept: list[Raw] = []
    for raw in candidates:
        if any(
            o is not raw
            and o.content.start <= raw.cue.start < o.content.end
            and o.content.start <= raw.content.start
            for o in candidates
            if o.cue.start > raw.cue.start
        ):
            continue  # nested in a later attribution's content
        for other in candidates:
            if (
                other.cue.start > raw.cue.start
                and other.source
                and raw.content.start < other.source.start < raw.content.end
            ):
                raw.content = trim(text, Span(raw.content.start, other.source.start))
                raw.content = Span(raw.content.start, _cut_and(text, raw.content))
        if all(raw.content.end <= c.content.start or raw.content.start >= c.content.end for c in kept):
            kept.append(raw)
    return kept


def _cut_and(text: str, span: Span) -> int:
    end = span.end
    for word in (" and", " but", " while"):
        if text[span.start : end].endswith(word):
            end -= len(word)
    return trim(text, Span(span.start, end)).end


def _continued(text: str, sentence: Span, quotes: list[Span], same_paragraph: bool) -> Raw | None:
    for quote in quotes:
        if (
            quote.start <= sentence.start + 1
            and quote.end >= sentence.end - 2
            and words(text[quote.start : quote.end]) >= 4
        ):
            return Raw(None, Span(quote.start, quote.start), inner(text, quote), "direct_quote", 0.5)
        if (
            quote.end >= sentence.end - 2
            and words(text[quote.start : quote.end]) >= 4
            and text[quote.end - 2 : quote.end - 1] in ".!?"
            and words(text[sentence.start : quote.start]) <= 8
            and not cues.CUE.search(text, sentence.start, quote.start)
        ):  # 'Just like force and reaction, “it will rebound.”': a whole quoted sentence goes on
            return Raw(None, Span(quote.start, quote.start), inner(text, quote), "direct_quote", 0.4)
    if same_paragraph and any(
        words(text[q.start : q.end]) >= 3 for q in quotes if sentence.start <= q.start < sentence.end
    ):
        # 'Officials said it was “untrue”. The two “met in a natural way”.': reported speech goes on
        return Raw(None, Span(sentence.start, sentence.start), trim(text, sentence), "paraphrase", 0.4)
    return None


def find(text: str) -> list[Raw]:
    """Every attribution the rules find, in text order."""
    found: list[Raw] = []
    paras = paragraphs(text)
    for index, paragraph in enumerate(paras):
        quotes = quotations(text, paragraph)
        attributed_before = bool(found) and found[-1].content.end >= (paras[index - 1].start if index else 0)
        for sentence in sentences(text, paragraph, quotes):
            according = _according(text, sentence, quotes)
            titled = [] if according else acts.titled(text, sentence, quotes)
            raws = [according] if according else titled or _by_cue(text, sentence, quotes)
            following = paras[index + 1] if index + 1 < len(paras) else None
            lead = (
                None
                if raws
                else quoted_lead(text, sentence, quotes)
                or quoted_tail(text, sentence, quotes)
                or colon_cue(text, sentence, quotes, following)
                or acts.stance_colon(text, sentence)
            )
            raws = [lead] if lead else raws
            act = None if raws else acts.act(text, sentence)
            raws = [act] if act else raws
            continued = (
                _continued(text, sentence, quotes, sentence.start > paragraph.start)
                if not raws and attributed_before
                else None
            )
            raws = raws or ([continued] if continued else [])
            attributed_before = bool(raws) and (continued is None or continued.kind == "direct_quote")
            for raw in raws:
                if text[raw.content.end : sentence.end].strip().startswith(":") and index + 1 < len(paras):
                    raw.content = Span(raw.content.start, paras[index + 1].end)
                if (
                    raw.source is None
                    and found
                    and found[-1].kind == "direct_quote"
                    and found[-1].content.start >= paragraph.start
                ):
                    found[-1].content = Span(found[-1].content.start, raw.content.end)  # the quote goes on
                    continue
                found.append(raw)
    return found
