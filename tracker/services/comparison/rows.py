"""What the conflict comparison shows, read as plain rows (SQLAlchemy Core) into small frozen
dataclasses: no ORM objects, identity map or relationship loaders on the page's hot path.

``load_conflict`` costs at most four queries whatever the number of members: the conflict with
every member (and each member's account, narrator, article, outlet, statement, speaker and
event) in one joined query; the chains of the member accounts, if any has one; the first
article that carried each member statement, if there are member statements; the points with
their claims. The statements' topics, which only the JSON twin shows, come from ``load_topics``.
The statements are module constants, so SQLAlchemy builds their cache keys once.

In each dataclass the nested records come first, then the columns in the order they are
selected. The attribute names follow the models (``col.article.outlet.name``), so templates
and the shared macros read these rows as they read model objects. Speakers, outlets and
articles are the classes ``page_rows`` uses too (``services.rows``), with their kinds and
authors, which the JSON twin writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, Connection, FromClause, Integer, Select, bindparam, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tracker.models import (
    Account,
    AccountHop,
    Article,
    Conflict,
    ConflictClaim,
    ConflictMember,
    ConflictPoint,
    ConflictStatus,
    DatePrecision,
    Event,
    Outlet,
    Speaker,
    Statement,
    StatementKind,
    Topic,
    statement_topic,
)
from tracker.services.pages.rows import ArticleRow, ChainedAccountRow, EventRow, HopRow, OutletRef, SpeakerRef


@dataclass(frozen=True, slots=True)
class StatementRow:
    """A statement, without its accounts or topics."""

    speaker: SpeakerRef
    event: EventRow | None
    id: int
    key: str | None
    said_on: date | None
    said_precision: DatePrecision | None
    said_note: str | None
    wording: str
    kind: StatementKind
    language: str | None
    original_text: str | None
    translation_note: str | None
    verdict: str | None
    speaker_candidates: list[list[object]] | None


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One side of the conflict: an account (with the statement it tells), or a statement (with
    the first article that carried it, if any)."""

    account: ChainedAccountRow | None
    statement: StatementRow
    first_carried_in: ArticleRow[OutletRef] | None
    id: int
    position: int


@dataclass(frozen=True, slots=True)
class PointClaims:
    """A point of disagreement and what members claim on it, by member id."""

    aspect: str
    claims: dict[int, str]


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """A live conflict with its members (by position) and points (by position)."""

    members: tuple[MemberRow, ...]
    points: tuple[PointClaims, ...]
    id: int
    key: str | None
    title: str
    summary: str | None
    status: ConflictStatus
    resolution: str | None


class _Layout:
    """The columns of one wide select, each group remembered as a slice of the row."""

    def __init__(self) -> None:
        self.columns: list[ColumnElement[Any]] = []

    def add(self, *columns: ColumnElement[Any]) -> slice:
        start = len(self.columns)
        self.columns.extend(columns)
        return slice(start, len(self.columns))


def _speaker_columns(t: FromClause) -> tuple[ColumnElement[Any], ...]:
    return t.c.id, t.c.name, t.c.kind


def _outlet_columns(t: FromClause) -> tuple[ColumnElement[Any], ...]:
    return t.c.id, t.c.name, t.c.kind


def _article_columns(t: FromClause) -> tuple[ColumnElement[Any], ...]:
    return (t.c.id, t.c.title, t.c.url, t.c.published_on, t.c.published_precision, t.c.published_note,
            t.c.authors)


def _speaker(values: Sequence[Any]) -> SpeakerRef | None:
    return SpeakerRef(*values) if values[0] is not None else None


def _outlet(values: Sequence[Any]) -> OutletRef | None:
    return OutletRef(*values) if values[0] is not None else None


def _article(values: Sequence[Any], outlet: Sequence[Any]) -> ArticleRow[OutletRef] | None:
    return ArticleRow(_outlet(outlet), *values) if values[0] is not None else None


_CONFLICT_ID: BindParameter[int] = bindparam("conflict_id", type_=Integer())

_conflict_t = Conflict.__table__
_member_t = ConflictMember.__table__
_account_t = Account.__table__
_statement_t = Statement.__table__
_article_t = Article.__table__
_event_t = Event.__table__
_hop_t = AccountHop.__table__
_point_t = ConflictPoint.__table__
_claim_t = ConflictClaim.__table__
_topic_t = Topic.__table__
_narrator = Speaker.__table__.alias("narrator")
_speaker_t = Speaker.__table__.alias("statement_speaker")
_hop_speaker = Speaker.__table__.alias("hop_speaker")
_outlet_t = Outlet.__table__.alias("article_outlet")
_hop_outlet = Outlet.__table__.alias("hop_outlet")

# The conflict, each member, and everything one-to-one about each member, in one row.
_members = _Layout()
_CONFLICT = _members.add(_conflict_t.c.id, _conflict_t.c.key, _conflict_t.c.title, _conflict_t.c.summary,
                         _conflict_t.c.status, _conflict_t.c.resolution)
_MEMBER = _members.add(_member_t.c.id, _member_t.c.position)
_ACCOUNT = _members.add(_account_t.c.id, _account_t.c.key, _account_t.c.statement_id, _account_t.c.wording,
                        _account_t.c.stance, _account_t.c.note, _account_t.c.language,
                        _account_t.c.original_text, _account_t.c.translation_note, _account_t.c.translator)
_HAS_CHAIN = _members.add(exists().where(_hop_t.c.account_id == _account_t.c.id))
_NARRATOR = _members.add(*_speaker_columns(_narrator))
_ARTICLE = _members.add(*_article_columns(_article_t))
_OUTLET = _members.add(*_outlet_columns(_outlet_t))
_STATEMENT = _members.add(
    _statement_t.c.id, _statement_t.c.key, _statement_t.c.said_on, _statement_t.c.said_precision,
    _statement_t.c.said_note, _statement_t.c.wording, _statement_t.c.kind, _statement_t.c.language,
    _statement_t.c.original_text, _statement_t.c.translation_note, _statement_t.c.verdict,
    _statement_t.c.speaker_candidates)
_SPEAKER = _members.add(*_speaker_columns(_speaker_t))
_EVENT = _members.add(_event_t.c.id, _event_t.c.name, _event_t.c.place, _event_t.c.start_date,
                      _event_t.c.start_precision, _event_t.c.end_date, _event_t.c.end_precision)

_MEMBERS_QUERY: Select[Any] = (
    select(*_members.columns)
    .select_from(_conflict_t)
    .outerjoin(_member_t, _member_t.c.conflict_id == _conflict_t.c.id)
    .outerjoin(_account_t, _account_t.c.id == _member_t.c.account_id)
    .outerjoin(_narrator, _narrator.c.id == _account_t.c.narrator_id)
    .outerjoin(_article_t, _article_t.c.id == _account_t.c.article_id)
    .outerjoin(_outlet_t, _outlet_t.c.id == _article_t.c.outlet_id)
    .outerjoin(_statement_t, _statement_t.c.id == func.coalesce(_account_t.c.statement_id,
                                                                _member_t.c.statement_id))
    .outerjoin(_speaker_t, _speaker_t.c.id == _statement_t.c.speaker_id)
    .outerjoin(_event_t, _event_t.c.id == _statement_t.c.event_id)
    .where(_conflict_t.c.id == _CONFLICT_ID, _conflict_t.c.deleted_at.is_(None))
    .order_by(_member_t.c.position)
)

# The chains of the member accounts (read only when one of them has a chain).
_HOPS_QUERY: Select[Any] = (
    select(_hop_t.c.account_id, _hop_t.c.position, _hop_t.c.role, _hop_t.c.label,
           *_speaker_columns(_hop_speaker), *_outlet_columns(_hop_outlet))
    .select_from(_hop_t)
    .outerjoin(_hop_speaker, _hop_speaker.c.id == _hop_t.c.speaker_id)
    .outerjoin(_hop_outlet, _hop_outlet.c.id == _hop_t.c.outlet_id)
    .where(_hop_t.c.account_id.in_(select(_member_t.c.account_id)
                                   .where(_member_t.c.conflict_id == _CONFLICT_ID)))
    .order_by(_hop_t.c.account_id, _hop_t.c.position)
)

# Every live account of the member statements that an article carried, with that article.
_CARRIERS_QUERY: Select[Any] = (
    select(_account_t.c.statement_id, _account_t.c.id, *_article_columns(_article_t),
           *_outlet_columns(_outlet_t))
    .select_from(_account_t)
    .join(_article_t, _article_t.c.id == _account_t.c.article_id)
    .outerjoin(_outlet_t, _outlet_t.c.id == _article_t.c.outlet_id)
    .where(_account_t.c.statement_id.in_(select(_member_t.c.statement_id)
                                         .where(_member_t.c.conflict_id == _CONFLICT_ID)),
           _account_t.c.deleted_at.is_(None))
)

# The points in order, each with its claims (a point nobody has claimed anything on yet too).
_POINTS_QUERY: Select[Any] = (
    select(_point_t.c.id, _point_t.c.aspect, _claim_t.c.member_id, _claim_t.c.text)
    .select_from(_point_t)
    .outerjoin(_claim_t, _claim_t.c.point_id == _point_t.c.id)
    .where(_point_t.c.conflict_id == _CONFLICT_ID)
    .order_by(_point_t.c.position, _claim_t.c.id)
)

_TOPICS_QUERY: Select[Any] = (
    select(statement_topic.c.statement_id, _topic_t.c.name)
    .join(_topic_t, _topic_t.c.id == statement_topic.c.topic_id)
    .where(statement_topic.c.statement_id.in_(bindparam("statement_ids", expanding=True)))
    .order_by(_topic_t.c.name)
)


def _hops(connection: Connection, conflict_id: int) -> dict[int, tuple[HopRow, ...]]:
    chains: dict[int, list[HopRow]] = {}
    for row in connection.execute(_HOPS_QUERY, {"conflict_id": conflict_id}):
        chains.setdefault(row[0], []).append(
            HopRow(row[1], row[2], row[3], _speaker(row[4:7]), _outlet(row[7:10])))
    return {account_id: tuple(hops) for account_id, hops in chains.items()}


def _first_carriers(connection: Connection, conflict_id: int) -> dict[int, ArticleRow[OutletRef]]:
    """Per member statement, the article of its earliest published live account (undated
    articles last, then by account id)."""
    best: dict[int, tuple[tuple[date, int], ArticleRow[OutletRef]]] = {}
    for row in connection.execute(_CARRIERS_QUERY, {"conflict_id": conflict_id}):
        article = _article(row[2:9], row[9:12])
        assert article is not None
        order = (article.published_on or date.max, row[1])
        if row[0] not in best or order < best[row[0]][0]:
            best[row[0]] = (order, article)
    return {statement_id: article for statement_id, (_, article) in best.items()}


def _points(connection: Connection, conflict_id: int) -> tuple[PointClaims, ...]:
    points: dict[int, PointClaims] = {}
    for point_id, aspect, member_id, text in connection.execute(_POINTS_QUERY, {"conflict_id": conflict_id}):
        point = points.get(point_id)
        if point is None:
            point = points[point_id] = PointClaims(aspect, {})
        if member_id is not None:
            point.claims[member_id] = text
    return tuple(points.values())


def load_conflict(session: Session, conflict_id: int) -> ConflictRow | None:
    """A live conflict with what the comparison shows, or None; at most four queries."""
    connection = session.connection()
    rows = connection.execute(_MEMBERS_QUERY, {"conflict_id": conflict_id}).all()
    if not rows:
        return None
    has_chains = any(row[_HAS_CHAIN][0] for row in rows)
    has_statements = any(row[_MEMBER][0] is not None and row[_ACCOUNT][0] is None for row in rows)
    chains = _hops(connection, conflict_id) if has_chains else {}
    carriers = _first_carriers(connection, conflict_id) if has_statements else {}
    members = []
    for row in rows:
        if row[_MEMBER][0] is None:
            continue  # a conflict without members still has its one row
        speaker = _speaker(row[_SPEAKER])
        assert speaker is not None
        event = EventRow(*row[_EVENT]) if row[_EVENT][0] is not None else None
        statement = StatementRow(speaker, event, *row[_STATEMENT])
        account_values = row[_ACCOUNT]
        account = None
        if account_values[0] is not None:
            account = ChainedAccountRow(_speaker(row[_NARRATOR]), _article(row[_ARTICLE], row[_OUTLET]),
                                 chains.get(account_values[0], ()), *account_values)
        carried = None if account is not None else carriers.get(statement.id)
        members.append(MemberRow(account, statement, carried, *row[_MEMBER]))
    first = rows[0]
    return ConflictRow(tuple(members), _points(connection, conflict_id), *first[_CONFLICT])


def load_topics(session: Session, statement_ids: Iterable[int]) -> dict[int, list[str]]:
    """The topic names of each statement, alphabetically (statements without topics are absent)."""
    topics: dict[int, list[str]] = {}
    ids = sorted(set(statement_ids))
    if ids:
        for statement_id, name in session.connection().execute(_TOPICS_QUERY, {"statement_ids": ids}):
            topics.setdefault(statement_id, []).append(name)
    return topics
