"""What every importer shares: staged records, the bundle that merges them, and the summary.

An importer reads a file record by record, checks each one through ``RecordReader`` (the one
validation path), and stages plain dataclasses in a ``Bundle``; the bulk writer then stores
the whole bundle in one transaction.  Staging first means a bad record anywhere is found
before anything is written, so a file is all-or-nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from tracker.models import HopRole, OutletKind, SpeakerKind, Stance, StatementKind
from tracker.services.input.dates import PartialDate
from tracker.services.input.records import KEY_PATTERN, RecordError, RecordReader
from tracker.services.input.text import fold

BATCH_SIZE = 5_000
MAX_REJECTED_LISTED = 1_000  # bad records kept in a result (the rest are only counted)


@dataclass
class TopicIn:
    """A topic to find (by key or name) or create."""

    key: str
    name: str


@dataclass
class SpeakerIn:
    """A speaker to find (by key or Wikidata id) or create; other spellings become aliases."""

    key: str
    name: str
    kind: SpeakerKind = SpeakerKind.PERSON
    wikidata_id: str | None = None
    description: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@dataclass
class OutletIn:
    """An outlet to find (by key or web domain) or create."""

    key: str
    name: str
    domain: str | None = None
    kind: OutletKind = OutletKind.WEBSITE
    url: str | None = None


@dataclass
class ArticleIn:
    """An article (one URL) at an outlet."""

    key: str
    url: str | None
    outlet_key: str | None


@dataclass
class HopIn:
    """One link of an account's chain."""

    role: HopRole
    speaker_key: str | None = None
    outlet_key: str | None = None
    label: str | None = None


# An account's own words: its fields that are plain columns of the same name (AccountIn,
# Account and the account document all use these names).
ACCOUNT_WORDS = ("language", "original_text", "translation_note", "translator")


@dataclass
class AccountIn:
    """One version of a statement, carried by an article."""

    key: str
    wording: str
    article_key: str | None = None
    narrator_key: str | None = None
    note: str | None = None
    stance: Stance = Stance.AFFIRMS
    hops: list[HopIn] = field(default_factory=list)
    language: str | None = None
    original_text: str | None = None
    translation_note: str | None = None
    translator: str | None = None


@dataclass
class StatementIn:
    """A statement with its accounts; ``line`` is where the source record started."""

    key: str
    line: str
    speaker_key: str
    wording: str
    kind: StatementKind = StatementKind.DIRECT_QUOTE
    said: PartialDate | None = None
    said_note: str | None = None
    event_key: str | None = None
    language: str | None = None
    original_text: str | None = None
    translation_note: str | None = None
    verdict: str | None = None
    speaker_candidates: list[list[object]] | None = None
    topic_keys: list[str] = field(default_factory=list)
    accounts: list[AccountIn] = field(default_factory=list)


class Bundle:
    """Everything one file stages, keyed by stable source id; repeats are merged, not doubled."""

    def __init__(self) -> None:
        self.topics: dict[str, TopicIn] = {}
        self.speakers: dict[str, SpeakerIn] = {}
        self.outlets: dict[str, OutletIn] = {}
        self.articles: dict[str, ArticleIn] = {}
        self.statements: dict[str, StatementIn] = {}
        self.duplicates = 0

    def topic(self, item: TopicIn) -> None:
        """Stage a topic (first one wins)."""
        self.topics.setdefault(item.key, item)

    def speaker(self, item: SpeakerIn) -> None:
        """Stage a speaker; a second spelling of a known key becomes an alias."""
        known = self.speakers.get(item.key)
        if known is None:
            self.speakers[item.key] = item
            return
        for name in [item.name, *item.aliases]:
            if name != known.name and name not in known.aliases:
                known.aliases.append(name)
        known.roles.extend(r for r in item.roles if r not in known.roles)

    def outlet(self, item: OutletIn) -> None:
        """Stage an outlet (first one wins)."""
        self.outlets.setdefault(item.key, item)

    def article(self, item: ArticleIn) -> None:
        """Stage an article (first one wins)."""
        self.articles.setdefault(item.key, item)

    def statement(self, item: StatementIn) -> None:
        """Stage a statement; a repeated key (duplicate quote id) adds only its new accounts."""
        known = self.statements.get(item.key)
        if known is None:
            self.statements[item.key] = item
            return
        self.duplicates += 1
        have = {a.key for a in known.accounts}
        known.accounts.extend(a for a in item.accounts if a.key not in have)


@dataclass
class ImportResult:
    """The closing summary of one import."""

    source: str
    read: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)  # stored records changed, per table
    duplicates: int = 0
    unchanged: int = 0
    # Speakers found by name (services.editing.identity), and those queued for an editor's review.
    speakers_matched: int = 0
    speakers_queued: int = 0
    # New statements whose words nearly match an older one of the same speaker (search.near):
    # (new key, older key, similarity 0-100).
    near_duplicates: list[tuple[str | None, str | None, float]] = field(default_factory=list)
    # The first MAX_REJECTED_LISTED bad records; ``rejected_count`` counts them all.
    rejected: list[RecordError] = field(default_factory=list)
    rejected_count: int = 0
    skipped_bad: bool = False
    seconds: float = 0.0
    # With commit_every: the records of the file a previous, interrupted run had stored.
    resumed_at: int = 0
    # The import_run row standing for what the bulk formats created (services.editing.created).
    import_run_id: int | None = None

    def reject(self, error: RecordError) -> None:
        """Count a bad record; list it while the list is short (memory stays bounded)."""
        self.rejected_count += 1
        if len(self.rejected) < MAX_REJECTED_LISTED:
            self.rejected.append(error)

    @property
    def rows_per_second(self) -> float:
        """Records read per second of wall time."""
        return self.read / self.seconds if self.seconds > 0 else float(self.read)

    def lines(self) -> list[str]:
        """The summary as lines of text for the terminal."""
        created = ", ".join(f"{n:,} {name}" for name, n in sorted(self.created.items()) if n) or "nothing"
        updated = ", ".join(f"{n:,} {name}" for name, n in sorted(self.updated.items()) if n) or "nothing"
        out = [
            f"{self.source}: read {self.read:,} records in {self.seconds:.2f} s "
            f"({self.rows_per_second:,.0f} rows/s)",
            f"  created: {created}",
            f"  updated (each with a revision): {updated}",
            f"  repeated in the file (merged into the first): {self.duplicates:,}",
            f"  unchanged (already imported): {self.unchanged:,}",
            f"  speakers found by name: {self.speakers_matched:,}; queued for review "
            f"(/review/speakers): {self.speakers_queued:,}",
            f"  {'skipped' if self.skipped_bad else 'rejected'}: {self.rejected_count:,}",
        ]
        if self.resumed_at:
            out.insert(1, f"  resumed after record {self.resumed_at:,} (stored by an earlier run)")
        out.extend(f"    - {error}" for error in self.rejected)
        if self.rejected_count > len(self.rejected):
            out.append(f"    … and {self.rejected_count - len(self.rejected):,} more")
        if self.near_duplicates:
            out.append(f"  new statements that nearly repeat an older one of the same speaker: "
                       f"{len(self.near_duplicates):,} (add an account to the older one instead?)")
            out.extend(f"    - {new} ~ {old} ({score:.0f}%)" for new, old, score in self.near_duplicates[:20])
        return out


class RecordSource(Protocol):
    """A file format: yields (record label, raw record or the RecordError that reading it hit).

    A source whose ``stage`` reads and checks every field before it stages anything may say so
    with a class attribute ``stages_atomically = True``: its records are then staged straight
    into the file's bundle instead of each into a bundle of its own merged afterwards.

    ``gives`` (an attribute) names, per kind (``statement``, ``account``, ``speaker``), the
    document fields the format holds: a record already stored is updated in those fields and
    keeps the others (services.editing.rules). A speaker's ``names`` and ``roles`` are added."""

    def records(self) -> Iterator[tuple[str, object]]: ...

    def stage(self, reader: RecordReader, bundle: Bundle) -> None: ...


def open_metered(source: object, path: Path) -> BinaryIO:
    """The file opened for reading in binary, remembered on the source as ``raw`` so that
    ``bytes_read`` can tell how far reading has got (for progress in bytes of the file)."""
    raw = path.open("rb")
    source.raw = raw  # type: ignore[attr-defined]
    return raw


def bytes_read(source: object) -> int | None:
    """How many bytes of its file a source has read (None when it does not say)."""
    raw = getattr(source, "raw", None)
    if raw is None or raw.closed:
        return None
    position: int = raw.tell()
    return position


def short_hash(text: str, length: int = 16) -> str:
    """A stable hex digest of text, for keys derived from URLs or names."""
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:length]


def slug(text: str) -> str:
    """An ASCII key fragment of a name ('Julián Castro' -> 'julian-castro'); hash if none."""
    value = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:120]
    return value or short_hash(text)


def safe_key(prefix: str, rest: str) -> str:
    """``prefix:rest`` when that is a valid key, else ``prefix:<hash of rest>``."""
    key = f"{prefix}:{rest}".lower()
    return key if KEY_PATTERN.match(key) else f"{prefix}:{short_hash(rest)}"


def plain_dict(data: Any) -> dict[str, Any]:
    """A mapping as a plain dict (for readers built from CSV rows)."""
    return dict(data)


def absorb(bundle: Bundle, part: Bundle) -> None:
    """Merge one record's staged bundle into the file's (only once the record proved valid)."""
    for topic in part.topics.values():
        bundle.topic(topic)
    for speaker in part.speakers.values():
        bundle.speaker(speaker)
    for outlet in part.outlets.values():
        bundle.outlet(outlet)
    for article in part.articles.values():
        bundle.article(article)
    for statement in part.statements.values():
        bundle.statement(statement)
