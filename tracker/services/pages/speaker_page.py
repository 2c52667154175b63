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

Every query reads the speaker's live statements from that partial index alone. SQLite's
planner (3.40) rates it no better than ``ix_statement_speaker_id_said_on_id``, which needs a
table lookup per statement to test ``deleted_at`` (about ten times slower over the 1,000
statements of the facets and the count), so on SQLite the queries name it (``INDEXED BY``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    Select,
    Subquery,
    and_,
    bindparam,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from tracker.models import Event, Statement, Topic, statement_topic
from tracker.services.input.dates import MAX_YEAR, MIN_YEAR
from tracker.services.input.parameters import ParameterError
from tracker.services.input.records import MAX_ID
from tracker.services.pages.rows import Ref

COUNT_CAP = 1_000
FACET_WINDOW = 1_000

T = TypeVar("T")

# A speaker's live statements: (id, said_on, event_id), read from ix_statement_live_speaker.
_LIVE = ("SELECT id, said_on, event_id FROM statement "
         "WHERE speaker_id = :speaker_id AND deleted_at IS NULL")
_LIVE_SQLITE = ("SELECT id, said_on, event_id FROM statement INDEXED BY ix_statement_live_speaker "
                "WHERE speaker_id = :speaker_id AND deleted_at IS NULL")


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
        if not 1 <= value <= MAX_ID:
            raise ParameterError(name, f"“{raw}” is not a position (ids run from 1 to {MAX_ID})")
        if said_on is not None and not MIN_YEAR <= said_on.year <= MAX_YEAR:
            raise ParameterError(name, f"“{raw}” is not a position (years run from {MIN_YEAR} "
                                 f"to {MAX_YEAR})")
        return cls(said_on, value)


@dataclass
class KeysetPage(Generic[T]):
    """One page of a speaker's statements and the cursors of its neighbours."""

    items: list[T]
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

    events: list[Ref] = field(default_factory=list)
    topics: list[Ref] = field(default_factory=list)
    sampled: bool = False  # drawn from the newest FACET_WINDOW statements only


@dataclass(frozen=True)
class SpeakerFilter:
    """What a speaker's timeline is narrowed to."""

    event_id: int | None = None
    topic_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


_HINT = "sqlite+hint"  # SQLite with ix_statement_live_speaker (migration 0004) to name


def _dialect(session: Session) -> str:
    """The backend, and on SQLite whether the partial index is there to be named: a database
    not yet migrated to 0004 gets the plain (slower) query instead of "no such index"."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return connection.dialect.name
    hinted = connection.info.get(_HINT)
    if hinted is None:  # once per pooled connection
        hinted = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'ix_statement_live_speaker'"
        ).first() is not None
        connection.info[_HINT] = hinted
    return _HINT if hinted else "sqlite"


# The queries are built once per shape (dialect, which filters, where the cursor is) and run
# with bound values: building a statement and its cache key costs more than running it.

@functools.cache
def _live(dialect: str) -> Subquery:
    """The live statements (id, said_on, event_id) of speaker ``:speaker_id``."""
    return (text(_LIVE_SQLITE if dialect == _HINT else _LIVE)
            .columns(id=Integer, said_on=Date, event_id=Integer).subquery("live"))


@functools.cache
def _facet_queries(dialect: str) -> tuple[Select[tuple[int]], Select[tuple[int, str]],
                                          Select[tuple[int, str]]]:
    """How many of the speaker's ``:window`` newest statements there are, and their events and
    topics, plus the chosen ``:event_id`` and ``:topic_id`` (NULL: none) where the speaker has
    statements."""
    live = _live(dialect)
    event, topic = Event.__table__.c, Topic.__table__.c
    event_id, topic_id = bindparam("event_id", type_=Integer), bindparam("topic_id", type_=Integer)
    newest = (select(live.c.id, live.c.event_id)
              .order_by(live.c.said_on.desc(), live.c.id.desc()).limit(bindparam("window")).subquery())
    seen = select(func.count()).select_from(newest)
    chosen_event = and_(event.id == event_id, exists().where(live.c.event_id == event_id))
    events = (select(event.id, event.name)
              .where(event.deleted_at.is_(None), or_(event.id.in_(select(newest.c.event_id)), chosen_event))
              .order_by(event.start_date, event.name, event.id))
    chosen_topic = and_(topic.id == topic_id, exists().where(
        statement_topic.c.topic_id == topic_id, statement_topic.c.statement_id == live.c.id))
    topics = (select(topic.id, topic.name)
              .where(or_(topic.id.in_(select(statement_topic.c.topic_id).where(
                  statement_topic.c.statement_id.in_(select(newest.c.id)))), chosen_topic))
              .order_by(topic.name))
    return seen, events, topics


def speaker_facets(session: Session, speaker_id: int, event_id: int | None = None,
                   topic_id: int | None = None) -> SpeakerFacets:
    """Events and topics of the speaker's newest statements (and the selected ones, if the
    speaker has statements there), in three queries."""
    seen_query, events_query, topics_query = _facet_queries(_dialect(session))
    params = {"speaker_id": speaker_id, "window": FACET_WINDOW, "event_id": event_id, "topic_id": topic_id}
    seen = session.execute(seen_query, params).scalar() or 0
    events = [Ref(*e) for e in session.execute(events_query, params)]
    topics = [Ref(*t) for t in session.execute(topics_query, params)]
    return SpeakerFacets(events, topics, seen >= FACET_WINDOW)


# Which filters are set: event, topic, from, to.
Shape = tuple[bool, bool, bool, bool]


def _conditions(live: Subquery, shape: Shape) -> list[Any]:
    event, topic, date_from, date_to = shape
    conditions: list[Any] = []
    if event:
        conditions.append(live.c.event_id == bindparam("event_id", type_=Integer))
    if topic:
        conditions.append(exists().where(statement_topic.c.statement_id == live.c.id,
                                         statement_topic.c.topic_id == bindparam("topic_id", type_=Integer)))
    if date_from:
        conditions.append(live.c.said_on >= bindparam("date_from", type_=Date))
    if date_to:
        conditions.append(live.c.said_on <= bindparam("date_to", type_=Date))
    return conditions


def _segment(live: Subquery, conditions: list[Any], dated: bool, cursor_segment: int | None,
             segment: int, forward: bool) -> Select[tuple[int, date | None, int]]:
    """Up to ``:limit`` statements of one segment (dated or undated) beyond the cursor
    (``:cursor_said_on``, ``:cursor_id``) if there is one."""
    where = [*conditions, live.c.said_on.is_not(None) if dated else live.c.said_on.is_(None)]
    cursor_id = bindparam("cursor_id", type_=Integer)
    if segment == cursor_segment:
        if dated:
            key = tuple_(live.c.said_on, live.c.id)
            bound = tuple_(bindparam("cursor_said_on", type_=Date), cursor_id)
            where.append(key > bound if forward else key < bound)
        else:
            where.append(live.c.id > cursor_id if forward else live.c.id < cursor_id)
    elif cursor_segment is not None and (segment < cursor_segment) == forward:
        where.append(false())  # the whole segment lies on the other side of the cursor
    columns = [live.c.said_on, live.c.id] if dated else [live.c.id]
    order = [c.asc() if forward else c.desc() for c in columns]
    return (select(live.c.id, live.c.said_on, literal(segment).label("segment"))
            .where(*where).order_by(*order).limit(bindparam("limit")))


def _segments(dialect: str) -> tuple[int, int]:
    """The (undated, dated) segment numbers: undated statements sort first where NULLs do."""
    return (0, 1) if dialect.startswith("sqlite") else (1, 0)


@functools.cache
def _ids_query(dialect: str, shape: Shape, cursor_segment: int | None,
               forward: bool) -> CompoundSelect[tuple[int, date | None, int]]:
    """Ids of the page's statements (and one more), from both segments."""
    live = _live(dialect)
    conditions = _conditions(live, shape)
    undated, dated = _segments(dialect)
    parts = [_segment(live, conditions, is_dated, cursor_segment, segment, forward).subquery()
             for is_dated, segment in ((True, dated), (False, undated))]
    return union_all(*(select(p.c.id, p.c.said_on, p.c.segment) for p in parts))


@functools.cache
def _count_query(dialect: str, shape: Shape) -> Select[tuple[int]]:
    """How many statements match, counting no further than ``:cap``."""
    live = _live(dialect)
    limited = (select(literal(1)).select_from(live).where(*_conditions(live, shape))
               .limit(bindparam("cap")).subquery())
    return select(func.count()).select_from(limited)


def speaker_statements(session: Session, speaker_id: int, filters: SpeakerFilter, per_page: int,
                       load: Callable[[Session, Sequence[int]], list[T]],
                       after: Cursor | None = None, before: Cursor | None = None) -> KeysetPage[T]:
    """One page of a speaker's live statements in (said_on, id) order: two queries (ids,
    bounded count) and then ``load``'s (``page_rows.statements`` or ``statements_in_full``),
    whatever the speaker's size."""
    dialect = _dialect(session)
    undated, dated = _segments(dialect)
    cursor = before if before is not None else after
    forward = before is None
    cursor_segment = None if cursor is None else dated if cursor.said_on is not None else undated
    shape = (filters.event_id is not None, filters.topic_id is not None, filters.date_from is not None,
             filters.date_to is not None)
    params = {"speaker_id": speaker_id, "event_id": filters.event_id, "topic_id": filters.topic_id,
              "date_from": filters.date_from, "date_to": filters.date_to, "limit": per_page + 1,
              "cursor_said_on": cursor.said_on if cursor else None,
              "cursor_id": cursor.id if cursor else None, "cap": COUNT_CAP + 1}
    rows = session.execute(_ids_query(dialect, shape, cursor_segment, forward), params).all()

    def key(row: Any) -> tuple[int, date, int]:
        return (row.segment, row.said_on or date.min, row.id)

    ordered = sorted(rows, key=key, reverse=not forward)[:per_page + 1]
    more = len(ordered) > per_page
    ordered = ordered[:per_page]
    if not forward:
        ordered.reverse()
    total = session.execute(_count_query(dialect, shape), params).scalar() or 0
    items = load(session, [row.id for row in ordered])
    first = Cursor(ordered[0].said_on, ordered[0].id) if ordered else None
    last = Cursor(ordered[-1].said_on, ordered[-1].id) if ordered else None
    has_next = more if forward else True
    has_previous = (after is not None) if forward else more
    if not ordered:  # past either end: offer the way back
        return KeysetPage(items, per_page, min(total, COUNT_CAP), total <= COUNT_CAP,
                          None if forward else before, after if forward else None)
    return KeysetPage(items, per_page, min(total, COUNT_CAP), total <= COUNT_CAP,
                      last if has_next else None, first if has_previous else None)


def statement_ids(speaker_id: int, filters: SpeakerFilter) -> Select[tuple[int]]:
    """Ids of every statement the speaker's pages list under these filters, in their order
    (undated ones where the database puts NULL first in ascending order): the whole list."""
    query = select(Statement.id).where(Statement.speaker_id == speaker_id, Statement.deleted_at.is_(None))
    if filters.event_id is not None:
        query = query.where(Statement.event_id == filters.event_id)
    if filters.topic_id is not None:
        query = query.where(exists().where(statement_topic.c.statement_id == Statement.id,
                                           statement_topic.c.topic_id == filters.topic_id))
    if filters.date_from is not None:
        query = query.where(Statement.said_on >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(Statement.said_on <= filters.date_to)
    return query.order_by(Statement.said_on, Statement.id)
