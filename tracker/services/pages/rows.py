"""The plain rows both row loaders build: records named and linked, and articles.

``page_rows`` (pages that list statements) and ``comparison_rows`` (the conflict comparison)
read Core rows into small frozen dataclasses named like the models' attributes
(``a.article.outlet.name``), so templates read them as they read model objects. Where both
show the same record they share its class here; the comparison also keeps the kinds and an
article's authors, which its JSON twin writes (``services.comparison_json``), and the lists
leave them unread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from tracker.models import DatePrecision, HopRole, OutletKind, SpeakerKind, Stance


@dataclass(frozen=True, slots=True)
class Ref:
    """A record shown by name with a link: a speaker, outlet, event or topic."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class SpeakerRef(Ref):
    """A speaker named and linked, with its kind (as ``serialize.speaker_brief`` writes it)."""

    kind: SpeakerKind


@dataclass(frozen=True, slots=True)
class OutletRef(Ref):
    """An outlet named and linked, with its kind (as ``serialize.outlet_brief`` writes it)."""

    kind: OutletKind


OutletT = TypeVar("OutletT", bound=Ref)


@dataclass(frozen=True, slots=True)
class ArticleRow(Generic[OutletT]):
    """Where an account was carried: its outlet (a ``Ref``, or an ``OutletRef`` where the kind
    is written out), title, URL and publication date; the authors only where they are read."""

    outlet: OutletT | None
    id: int
    title: str | None
    url: str | None
    published_on: date | None
    published_precision: DatePrecision | None
    published_note: str | None
    authors: list[str] | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    """The occasion a statement was made at."""

    id: int
    name: str
    place: str | None
    start_date: date | None
    start_precision: DatePrecision | None
    end_date: date | None
    end_precision: DatePrecision | None


@dataclass(frozen=True, slots=True)
class HopRow:
    """One link of an account's chain of attribution."""

    position: int
    role: HopRole
    label: str | None
    speaker: SpeakerRef | None
    outlet: OutletRef | None


@dataclass(frozen=True, slots=True)
class ChainedAccountRow:
    """An account with its narrator, article and chain (the conflict comparison's members)."""

    narrator: SpeakerRef | None
    article: ArticleRow[OutletRef] | None
    hops: tuple[HopRow, ...]
    id: int
    key: str | None
    statement_id: int
    wording: str
    stance: Stance
    note: str | None
    language: str | None
    original_text: str | None
    translation_note: str | None
    translator: str | None
