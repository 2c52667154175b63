"""The tracker's own CSV shape: one row per statement (docs/data-format.md, "CSV").

Columns (a header row names them; order is free, unknown columns are refused):
key, speaker, speaker_name, speaker_wikidata_id, event, said, said_precision, said_note,
wording, kind, language, original_text, translation_note, verdict, topics, source_url.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from tracker.models import OutletKind, StatementKind
from tracker.services.data.cells import FORMULA_PREFIXES
from tracker.services.data.importers.base import (
    AccountIn,
    ArticleIn,
    Bundle,
    OutletIn,
    SpeakerIn,
    StatementIn,
    TopicIn,
    open_metered,
    safe_key,
    short_hash,
)
from tracker.services.editing import rules
from tracker.services.input.records import MAX_SHORT, MAX_TEXT, RecordError, RecordReader

COLUMNS = ("key", "speaker", "speaker_name", "speaker_wikidata_id", "event", "said", "said_precision",
           "said_note", "wording", "kind", "language", "original_text", "translation_note", "verdict",
           "topics", "source_url")
REQUIRED = ("key", "speaker", "wording")
TOPIC_SEPARATOR = "|"
MAX_REMEMBERED_URLS = 20_000  # source URLs whose outlet and article are remembered (a batch's worth)
# What each column gives a stored record (RecordSource.gives): a column the file lacks leaves
# that field as it is; an empty cell in a column it has empties the field.
GIVES = {"speaker": ("speaker",), "speaker_name": ("speaker", "names"), "event": ("event",),
         "said": ("said", "said_precision"), "said_precision": ("said", "said_precision"),
         "said_note": ("said_note",), "wording": ("wording",), "kind": ("kind",), "language": ("language",),
         "original_text": ("original_text",), "translation_note": ("translation_note",),
         "verdict": ("verdict",), "topics": ("topics",), "source_url": ("account",)}


def unescape(cell: str) -> str:
    """Undo the export's formula escaping: a leading ' before =, +, -, @ is dropped."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell


class TabularSource:
    """Reads one CSV file in the tracker's shape and stages its statements."""

    # stage() checks every field before it stages anything, so a bad row leaves the bundle as it was.
    stages_atomically = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sources: dict[str, tuple[OutletIn, ArticleIn, str]] = {}
        self.gives: dict[str, tuple[str, ...]] = {}

    def records(self) -> Iterator[tuple[str, object]]:
        """Each row as a dict; a bad header is reported once, as line 1.

        The rows are what ``csv.DictReader`` gives, with empty cells and cells missing from a
        short row left out, cells beyond the header dropped and blank lines skipped."""
        with io.TextIOWrapper(open_metered(self, self.path), encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader, [])
            unknown = [c for c in header if c not in COLUMNS]
            missing = [c for c in REQUIRED if c not in header]
            if unknown or missing:
                problem = (f"unknown column “{unknown[0]}”" if unknown
                           else f"missing column “{missing[0]}”")
                yield "line 1", RecordError(self.path.name, "line 1 (header)", None,
                                            f"{problem}; the columns are: {', '.join(COLUMNS)}")
                return
            unique = len(set(header)) == len(header)
            given = [field for column in header for field in GIVES.get(column, ())]
            own = tuple(dict.fromkeys(f for f in given if f not in ("names", "account")))
            self.gives = {"statement": own,
                          "speaker": ("names",) if "names" in given else (),
                          "account": ("wording", "article") if "account" in given else ()}
            start = 2
            try:
                for row in reader:
                    if not row:
                        continue
                    # An empty cell reads as absent either way; leaving it out halves the memory.
                    if unique:
                        data = {name: cell for name, cell in zip(header, row, strict=False) if cell}
                    else:  # a repeated column: the last one counts, as in DictReader
                        data = dict(zip(header, row, strict=False))
                        for name in header[len(row):]:
                            data.pop(name, None)
                        data = {name: cell for name, cell in data.items() if cell}
                    if "'" in "".join(row):
                        for name, cell in data.items():
                            if cell[:1] == "'":
                                data[name] = unescape(cell)
                    yield f"line {start}", data
                    start = reader.line_num + 1
            except csv.Error as exc:
                yield f"line {start}", RecordError(self.path.name, f"line {start}", None,
                                                   f"not valid CSV ({exc})")

    def stage(self, r: RecordReader, bundle: Bundle) -> None:
        """Check one row and stage its statement (and speaker, topics, source account).

        Every field is read (in column order, so the first bad one is the one reported) before
        anything is staged."""
        data = r.data

        def given(field: str, max_length: int) -> str | None:
            # Most cells of a row are empty (left out by records()): not read at all.
            return r.text(field, max_length=max_length) if field in data else None

        key = r.key()
        assert key is not None
        speaker_key = r.key("speaker")
        assert speaker_key is not None
        speaker_name = given("speaker_name", MAX_SHORT)
        wikidata_id = rules.wikidata_id(r, "speaker_wikidata_id") if "speaker_wikidata_id" in data else None
        said = r.partial_date("said", "said_precision")
        wording = r.required_text("wording", max_length=MAX_TEXT)
        topic_keys = []
        for position, raw in enumerate((given("topics", 5000) or "").split(TOPIC_SEPARATOR)):
            if raw.strip():
                topic_key = r.child("topics", position, {"key": raw.strip()}).key()
                assert topic_key is not None
                topic_keys.append(topic_key)
        rules.check_children(r, "topics", len(topic_keys))
        raw_url = data.get("source_url")
        # A URL remembered by _source() was checked already, and checking it again gives itself.
        url = raw_url if raw_url in self._sources else r.url("source_url") if raw_url is not None else None
        kind = (r.choice("kind", StatementKind, StatementKind.DIRECT_QUOTE) if "kind" in data
                else None) or StatementKind.DIRECT_QUOTE
        statement = StatementIn(
            key=key, line=r.record, speaker_key=speaker_key, wording=wording, kind=kind,
            said=said, said_note=given("said_note", MAX_TEXT),
            event_key=r.key("event", required=False) if "event" in data else None,
            language=given("language", 16),
            original_text=given("original_text", MAX_TEXT),
            translation_note=given("translation_note", MAX_TEXT),
            verdict=given("verdict", 64), topic_keys=topic_keys)
        # -- everything is checked: stage (nothing below raises) ---------------------------------
        if speaker_name:
            bundle.speaker(SpeakerIn(key=speaker_key, name=speaker_name, wikidata_id=wikidata_id))
        for topic_key in topic_keys:
            if topic_key not in bundle.topics:
                bundle.topic(TopicIn(key=topic_key, name=topic_key))
        if url:
            outlet, article, digest = self._source(url)
            if outlet.key not in bundle.outlets:
                bundle.outlet(outlet)
            if article.key not in bundle.articles:
                bundle.article(article)
            statement.accounts.append(AccountIn(key=f"{key}:{digest}", wording=wording,
                                                article_key=article.key))
        bundle.statement(statement)

    def _source(self, url: str) -> tuple[OutletIn, ArticleIn, str]:
        """The outlet and article of a source URL and the account key's suffix (once per URL)."""
        known = self._sources.get(url)
        if known is None:
            host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
            digest = short_hash(url, 24)
            outlet_key = safe_key("domain", host)
            known = (OutletIn(key=outlet_key, name=host, domain=host, kind=OutletKind.WEBSITE,
                              url=f"https://{host}/"),
                     ArticleIn(key=f"url:{digest}", url=url, outlet_key=outlet_key), digest[:12])
            if len(self._sources) >= MAX_REMEMBERED_URLS:  # a memo, not a record: memory stays flat
                self._sources.clear()
            self._sources[url] = known
        return known
