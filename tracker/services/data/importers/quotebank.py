"""Quotebank: raw JSON Lines (optionally .bz2) and the CSV layout with Python-list columns.

Mapping (docs/data-format.md, "Importing Quotebank"):

- ``quotation`` -> a statement (kind direct_quote, language en), key ``quotebank:<quoteID>``;
  repeated quote ids in one file are merged (their URLs are united).
- ``speaker`` + ``qids`` -> the speaker.  With exactly one Wikidata id the key is
  ``wikidata:<qid>`` (lowercased: keys are lowercase) and the id is stored, so every spelling
  of that person lands on one speaker and the other spellings become aliases.  With several
  candidate ids Quotebank could not tell the namesakes apart, so the name is kept unresolved
  (``quotebank:speaker:<name>``).  Speaker "None" is Quotebank's verdict that no candidate is
  likely: those quotes go to one "Unattributed (Quotebank)" group, keeping the candidates.
- ``probas`` -> ``speaker_candidates`` ([[name, probability], ...]): the attribution confidence.
- ``date`` -> said (approximate: it is the first article quoting it), with ``numOccurrences``
  in the date note.
- each URL -> an account carried by an article (``url:<hash>``) at the outlet of its domain
  (``domain:<domain>``, created on first sight).
"""

from __future__ import annotations

import ast
import bz2
import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, ClassVar
from urllib.parse import urlsplit

from tracker.models import OutletKind, SpeakerKind, StatementKind
from tracker.services.data.importers.base import (
    AccountIn,
    ArticleIn,
    Bundle,
    OutletIn,
    SpeakerIn,
    StatementIn,
    open_metered,
    safe_key,
    short_hash,
    slug,
)
from tracker.services.editing import rules
from tracker.services.input.dates import parse_partial
from tracker.services.input.records import MAX_TEXT, RecordError, RecordReader

UNATTRIBUTED = SpeakerIn(
    key="quotebank:unattributed", name="Unattributed (Quotebank)", kind=SpeakerKind.GROUP,
    description="Quotations Quotebank found no likely speaker for (its speaker “None”); "
                "each keeps Quotebank's candidate speakers with their probabilities.")
MAX_LIST_TEXT = 500_000


def open_text(path: Path, source: object | None = None) -> tuple[IO[str], str]:
    """A text stream for a .jsonl/.csv file, optionally .bz2, or the first data file in a .zip;
    returns the stream and the inner file's name (which tells the layout). With ``source``, the
    file is opened through ``open_metered`` (progress in bytes of the file)."""
    name = path.name.lower()
    file: Any = open_metered(source, path) if source is not None else path
    if name.endswith(".zip"):
        archive = zipfile.ZipFile(file)
        inner = next((n for n in archive.namelist()
                      if n.lower().endswith((".csv", ".jsonl", ".json")) and not n.startswith("__MACOSX")),
                     None)
        if inner is None:
            raise RecordError(path.name, "archive", None, "holds no .csv or .jsonl file")
        return io.TextIOWrapper(archive.open(inner), encoding="utf-8", newline=""), inner.lower()
    if name.endswith(".bz2"):
        return bz2.open(file, "rt", encoding="utf-8", newline=""), name[:-4]
    if source is not None:
        return io.TextIOWrapper(file, encoding="utf-8", newline=""), name
    return path.open(encoding="utf-8", newline=""), name


def csv_rows(stream: IO[str]) -> Iterator[tuple[str, object]]:
    """CSV rows as (``line N``, dict) where N is the line the record starts on."""
    reader = csv.DictReader(stream)
    start = 2
    try:
        for row in reader:
            yield f"line {start}", row
            start = reader.line_num + 1
    except csv.Error as exc:
        yield f"line {start}", RecordError("", f"line {start}", None, f"not valid CSV ({exc})")


class QuotebankSource:
    """Reads one Quotebank file and stages its quotations."""

    # stage() checks every field before it stages anything, so a bad record leaves the bundle as it was.
    stages_atomically = True
    # What a quotation gives a stored record (RecordSource.gives; the rest is an editor's).
    gives: ClassVar[dict[str, tuple[str, ...]]] = {
        "statement": ("speaker", "said", "said_precision", "said_note", "wording", "kind", "language",
                      "speaker_candidates"),
        "account": ("wording", "article"), "speaker": ("names",)}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw: IO[bytes] | None = None

    def records(self) -> Iterator[tuple[str, object]]:
        """Each quotation as a dict; JSON Lines or CSV depending on the (inner) file name."""
        stream, inner = open_text(self.path, self)
        try:
            with stream:
                if inner.endswith(".csv"):
                    yield from csv_rows(stream)
                    return
                for number, line in enumerate(stream, start=1):
                    if not line.strip():
                        continue
                    try:
                        yield f"line {number}", json.loads(line)
                    except json.JSONDecodeError as exc:
                        yield f"line {number}", RecordError(self.path.name, f"line {number}", None,
                                                            f"not valid JSON ({exc.msg})")
        finally:
            if self.raw is not None:
                self.raw.close()

    def stage(self, r: RecordReader, bundle: Bundle) -> None:
        """Check one quotation and stage its statement, speaker, outlets, articles, accounts."""
        data = dict(r.data)
        quote_id = r.required_text("quoteID", max_length=100)
        data["key"] = safe_key("quotebank", quote_id)
        for name in ("qids", "probas", "urls"):
            data[name] = _list_field(r, name)
        data["said"] = _date_text(r)
        data["said_precision"] = "approximate"
        r = RecordReader(r.source, r.record, data)
        key = r.key()
        assert key is not None
        wording = r.required_text("quotation", max_length=MAX_TEXT)
        speaker = _speaker(r)
        said = r.partial_date("said", "said_precision")
        occurrences = _occurrences(r)
        note = "Quotebank: the date of the earliest article quoting it"
        if occurrences is not None:
            note += f"; quoted {occurrences:,} time{'s' if occurrences != 1 else ''}"
        accounts, sources = [], []
        for position, raw in enumerate(dict.fromkeys(r.items("urls"))):
            url = r.child("urls", position, {"url": raw}).url("url")
            assert url is not None
            domain = _domain(url)
            outlet_key = safe_key("domain", domain)
            article_key = f"url:{short_hash(url, 24)}"
            sources.append((OutletIn(key=outlet_key, name=domain, domain=domain, kind=OutletKind.WEBSITE,
                                     url=f"https://{domain}/"),
                            ArticleIn(key=article_key, url=url, outlet_key=outlet_key)))
            accounts.append(AccountIn(key=f"{key}:{short_hash(url, 12)}", wording=wording,
                                      article_key=article_key))
        statement = StatementIn(
            key=key, line=r.record, speaker_key=speaker.key, wording=wording,
            kind=StatementKind.DIRECT_QUOTE, said=said, said_note=note if said else None,
            language="en", speaker_candidates=_candidates(r), accounts=accounts)
        # -- everything is checked: stage (nothing below raises) ---------------------------------
        bundle.speaker(speaker)
        for outlet, article in sources:
            bundle.outlet(outlet)
            bundle.article(article)
        bundle.statement(statement)


def _list_field(r: RecordReader, name: str) -> list[Any]:
    """A list given as JSON (JSONL) or as Python-list text (the CSV layout); never eval."""
    raw = r.data.get(name)
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        if len(raw) > MAX_LIST_TEXT:
            raise r.error(name, "is too long to read")
        try:
            raw = ast.literal_eval(raw)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise r.error(name, "is not a list such as ['a', 'b']") from None
    if not isinstance(raw, list | tuple):
        raise r.error(name, "expected a list")
    return list(raw)


def _date_text(r: RecordReader) -> str | None:
    """'2020-01-27 14:33:49' or epoch milliseconds -> '2020-01-27'."""
    raw = r.data.get("date")
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            return datetime.fromtimestamp(raw / 1000, UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            raise r.error("date", f"“{raw}” is not a time in milliseconds since 1970") from None
    if isinstance(raw, str):
        text = raw.strip()[:10]
        try:
            parse_partial(text)
        except ValueError:
            raise r.error("date", f"“{raw}” is not a date such as 2020-01-27 14:33:49") from None
        return text
    raise r.error("date", "expected a date")


def _speaker(r: RecordReader) -> SpeakerIn:
    name = r.text("speaker")
    qids = r.strings("qids", max_length=32)
    for position, qid in enumerate(qids):
        if not rules.is_wikidata_id(qid):
            raise r.error(f"qids[{position}]", f"“{qid}” is not a Wikidata id such as Q6279")
    if name is None or name == "None":
        return SpeakerIn(**vars(UNATTRIBUTED) | {"aliases": [], "roles": []})
    if len(qids) == 1:
        return SpeakerIn(key=f"wikidata:{qids[0].lower()}", name=name, wikidata_id=qids[0])
    description = None
    if qids:
        description = ("Quotebank could not tell apart namesakes with the Wikidata ids "
                       + ", ".join(qids[:12]) + (", …" if len(qids) > 12 else ""))
    return SpeakerIn(key=f"quotebank:speaker:{slug(name)}", name=name, description=description)


def _occurrences(r: RecordReader) -> int | None:
    raw = r.data.get("numOccurrences")
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise r.error("numOccurrences", f"“{raw}” is not a whole number") from None
    if value < 0:
        raise r.error("numOccurrences", "may not be negative")
    return value


def _candidates(r: RecordReader) -> list[list[object]] | None:
    result: list[list[object]] = []
    for position, raw in enumerate(r.items("probas")):
        if not isinstance(raw, list | tuple) or len(raw) != 2 or not isinstance(raw[0], str):
            raise r.error(f"probas[{position}]", "expected [name, probability]")
        try:
            p = float(raw[1])
        except (TypeError, ValueError):
            raise r.error(f"probas[{position}]", f"“{raw[1]}” is not a probability") from None
        if not 0.0 <= p <= 1.0:
            raise r.error(f"probas[{position}]", f"{p} is not between 0 and 1")
        result.append([raw[0], p])
    return result or None


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
