"""A speaker's page at any size: keyset pagination, a bounded count, bounded filter lists.

Nothing here reads more than a fixed number of a speaker's statements, however many they
have (the busiest speaker of the 1M-statement benchmark has 87,797):

- statements are read in (said_on, id) order from ``ix_statement_live_speaker`` starting
  after (or before) a cursor ``<said_on>,<id>`` (``-,<id>`` for an undated statement), never
  with OFFSET; same-day statements are ordered by id, so pages are stable;
- the count stops at ``COUNT_CAP`` ("more than 1,000 statements");
- the event and topic choices come from the speaker's newest ``FACET_WINDOW`` statements
  (the page says so when there are more), plus whichever one is selected.

Undated statements sort where the database puts NULL in ascending order (first on SQLite,
last on PostgreSQL), as in the API's page-numbered list, so both list the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    and_,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from ..errors import ParameterError
from ..models import Event, Statement, Topic, statement_topic
from .queries import statement_loads

COUNT_CAP = 1_000
FACET_WINDOW = 1_000


@dataclass(frozen=True)
class Cursor:
    """A position in a speaker's timeline: the (said_on, id) of a statement."""

    said_on: date | None
    id: int

    def __str__(self) -> str:
        return f"{self.said_on.isoformat() if self.said_on else '-'},{self.id}"

    @classmethod
    def parse(cls, name: str, raw: str | None) -> Cursor | None:
        """``2022-06-28,123`` or ``-,123`` (undated); ParameterError when malformed."""
        if not raw:
            return None
        day, _, ident = raw.partition(",")
        try:
            said_on = None if day == "-" else date.fromisoformat(day)
            value = int(ident)
        except ValueError:
            raise ParameterError(name, f"“{raw}” is not a position (like 2022-06-28,123)") from None
        if value < 1:
            raise ParameterError(name, f"“{raw}” is not a position (ids start at 1)")
        return cls(said_on, value)


@dataclass
class KeysetPage:
    """One page of a speaker's statements and the cursors of its neighbours."""

    items: list[Statement]
    per_page: int
    total: int
    exact: bool
    next_after: Cursor | None
    previous_before: Cursor | None

    def meta(self) -> dict[str, Any]:
        """Pagination facts for the JSON twin."""
        return {"per_page": self.per_page, "total": self.total, "total_is_lower_bound": not self.exact,
                "next_after": str(self.next_after) if self.next_after else None,
                "previous_before": str(self.previous_before) if self.previous_before else None}


@dataclass
class SpeakerFacets:
    """The events and topics offered as filters on a speaker's page."""

    events: list[Event] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    sampled: bool = False  # drawn from the newest FACET_WINDOW statements only


@dataclass(frozen=True)
class SpeakerFilter:
    """What a speaker's timeline is narrowed to."""

    event_id: int | None = None
    topic_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _live(speaker_id: int) -> list[Any]:
    return [Statement.speaker_id == speaker_id, Statement.deleted_at.is_(None)]


def speaker_facets(session: Session, speaker_id: int, event_id: int | None = None,
                   topic_id: int | None = None) -> SpeakerFacets:
    """Events and topics of the speaker's newest statements (and the selected ones, if the
    speaker has statements there), in three queries."""
    newest = (select(Statement.id, Statement.event_id).where(*_live(speaker_id))
              .order_by(Statement.said_on.desc(), Statement.id.desc()).limit(FACET_WINDOW).subquery())
    seen = session.scalar(select(func.count()).select_from(newest)) or 0
    chosen_event = false() if event_id is None else and_(Event.id == event_id, exists().where(
        *_live(speaker_id), Statement.event_id == event_id))
    events = session.scalars(
        select(Event).where(Event.deleted_at.is_(None),
                            or_(Event.id.in_(select(newest.c.event_id)), chosen_event))
        .order_by(Event.start_date, Event.name, Event.id))
    chosen_topic = false() if topic_id is None else and_(Topic.id == topic_id, exists().where(
        statement_topic.c.topic_id == topic_id, statement_topic.c.statement_id == Statement.id,
        *_live(speaker_id)))
    topics = session.scalars(
        select(Topic).where(or_(Topic.id.in_(select(statement_topic.c.topic_id).where(
            statement_topic.c.statement_id.in_(select(newest.c.id)))), chosen_topic))
        .order_by(Topic.name))
    return SpeakerFacets(list(events), list(topics), seen >= FACET_WINDOW)


def _conditions(speaker_id: int, filters: SpeakerFilter) -> list[Any]:
    conditions = _live(speaker_id)
    if filters.event_id is not None:
        conditions.append(Statement.event_id == filters.event_id)
    if filters.topic_id is not None:
        conditions.append(Statement.topics.any(Topic.id == filters.topic_id))
    if filters.date_from is not None:
        conditions.append(Statement.said_on >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(Statement.said_on <= filters.date_to)
    return conditions


def _segment(conditions: list[Any], dated: bool, cursor: Cursor | None, cursor_segment: int,
             segment: int, forward: bool, limit: int) -> Select[tuple[int, date | None, int]]:
    """Up to ``limit`` statements of one segment (dated or undated) beyond the cursor."""
    where = [*conditions, Statement.said_on.is_not(None) if dated else Statement.said_on.is_(None)]
    if cursor is not None and segment == cursor_segment:
        if dated:
            key = tuple_(Statement.said_on, Statement.id)
            bound = tuple_(literal(cursor.said_on, Date), literal(cursor.id, Integer))
            where.append(key > bound if forward else key < bound)
        else:
            where.append(Statement.id > cursor.id if forward else Statement.id < cursor.id)
    elif cursor is not None and (segment < cursor_segment) == forward:
        where.append(false())  # the whole segment lies on the other side of the cursor
    columns = [Statement.said_on, Statement.id] if dated else [Statement.id]
    order = [c.asc() if forward else c.desc() for c in columns]
    return (select(Statement.id, Statement.said_on, literal(segment).label("segment"))
            .where(*where).order_by(*order).limit(limit))


def speaker_statements(session: Session, speaker_id: int, filters: SpeakerFilter, per_page: int,
                       after: Cursor | None = None, before: Cursor | None = None) -> KeysetPage:
    """One page of a speaker's live statements in (said_on, id) order, in four queries (ids,
    bounded count, the statements, their eager loads) whatever the speaker's size."""
    conditions = _conditions(speaker_id, filters)
    nulls_first = session.get_bind().dialect.name == "sqlite"
    undated, dated = (0, 1) if nulls_first else (1, 0)
    cursor = before if before is not None else after
    forward = before is None
    cursor_segment = (dated if cursor.said_on is not None else undated) if cursor else 0
    parts = [_segment(conditions, is_dated, cursor, cursor_segment, segment, forward, per_page + 1)
             .subquery() for is_dated, segment in ((True, dated), (False, undated))]
    rows = session.execute(union_all(*(select(p.c.id, p.c.said_on, p.c.segment) for p in parts))).all()

    def key(row: Any) -> tuple[int, date, int]:
        return (row.segment, row.said_on or date.min, row.id)

    ordered = sorted(rows, key=key, reverse=not forward)[:per_page + 1]
    more = len(ordered) > per_page
    ordered = ordered[:per_page]
    if not forward:
        ordered.reverse()
    limited = select(literal(1)).where(*conditions).limit(COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(limited)) or 0
    ids = [row.id for row in ordered]
    found = {s.id: s for s in session.scalars(
        select(Statement).where(Statement.id.in_(ids)).options(*statement_loads()))}  # type: ignore[arg-type]
    items = [found[i] for i in ids if i in found]
    first = Cursor(ordered[0].said_on, ordered[0].id) if ordered else None
    last = Cursor(ordered[-1].said_on, ordered[-1].id) if ordered else None
    has_next = more if forward else True
    has_previous = (after is not None) if forward else more
    if not ordered:  # past either end: offer the way back
        return KeysetPage(items, per_page, min(total, COUNT_CAP), total <= COUNT_CAP,
                          None if forward else before, after if forward else None)
    return KeysetPage(items, per_page, min(total, COUNT_CAP), total <= COUNT_CAP,
                      last if has_next else None, first if has_previous else None)
