"""Read queries for the browsing pages (speakers, events, outlets, articles, timeline).

Each function answers one page with a fixed number of SQL statements, however many rows it
shows: related records are loaded with ``selectinload`` and counts come from grouped queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import Integer, ScalarSelect, Select, distinct, func, literal, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from tracker.models import (
    Account,
    AccountHop,
    Article,
    Conflict,
    ConflictMember,
    ConflictStatus,
    Event,
    Outlet,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    Statement,
    Topic,
)
from tracker.services.pages.pagination import Loader, Page, paginate, paginate_ids
from tracker.services.pages.queries import speaker_query

T = TypeVar("T")


def account_loads() -> list[object]:
    """Eager loads for showing accounts with their statement, narrator, article and chain."""
    return [
        selectinload(Account.statement).options(
            selectinload(Statement.speaker), selectinload(Statement.event)),
        selectinload(Account.narrator),
        selectinload(Account.article).selectinload(Article.outlet),
        selectinload(Account.hops).selectinload(AccountHop.speaker),
        selectinload(Account.hops).selectinload(AccountHop.outlet),
    ]


# -- home -----------------------------------------------------------------------------------


def home_counts(session: Session) -> dict[str, int]:
    """How many live speakers, statements, accounts and outlets there are, in one query."""
    def count(model: type[Speaker] | type[Statement] | type[Account] | type[Outlet]) -> ScalarSelect[int]:
        return select(func.count()).select_from(model).where(model.deleted_at.is_(None)).scalar_subquery()

    speakers = (select(func.count()).select_from(Speaker)
                .where(Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None)).scalar_subquery())
    row = session.execute(select(speakers, count(Statement), count(Account), count(Outlet))).one()
    return dict(zip(("speakers", "statements", "accounts", "outlets"), (int(v or 0) for v in row),
                    strict=True))


def open_conflicts(session: Session, limit: int = 10) -> list[Conflict]:
    """The newest open conflicts."""
    return list(session.scalars(
        select(Conflict)
        .where(Conflict.deleted_at.is_(None), Conflict.status == ConflictStatus.OPEN)
        .order_by(Conflict.created_at.desc(), Conflict.id.desc())
        .limit(limit)
        .options(selectinload(Conflict.members))
    ))


# -- speakers -------------------------------------------------------------------------------


def speaker_index(session: Session, page: int, per_page: int, *, q: str | None = None,
                  kind: SpeakerKind | None = None, country: str | None = None,
                  letter: str | None = None) -> Page[Speaker]:
    """Speakers A–Z, matched like the API's speaker search, optionally by first letter."""
    result = paginate(session, speaker_query(q=q, kind=kind, country=country, letter=letter), page, per_page)
    some_aliases(session, result.items)
    return result


ALIASES_LISTED = 8  # per speaker on the A–Z list; the speaker's own page has them all


def some_aliases(session: Session, speakers: list[Speaker]) -> None:
    """Give each speaker at most ``ALIASES_LISTED + 1`` of its other names (one more tells the
    list there are more), in one windowed query: the page stays small whatever one speaker holds.
    The page only reads them; they are set as loaded, so nothing is written back."""
    ids = [s.id for s in speakers]
    if not ids:
        return
    number = func.row_number().over(partition_by=SpeakerAlias.speaker_id, order_by=SpeakerAlias.id)
    ranked = (select(SpeakerAlias.id, number.label("n"))
              .where(SpeakerAlias.speaker_id.in_(ids), SpeakerAlias.is_canonical.is_(False))
              .subquery())
    rows = session.scalars(select(SpeakerAlias).join(ranked, ranked.c.id == SpeakerAlias.id)
                           .where(ranked.c.n <= ALIASES_LISTED + 1).order_by(SpeakerAlias.id))
    by_speaker: dict[int, list[SpeakerAlias]] = {i: [] for i in ids}
    for alias in rows:
        by_speaker[alias.speaker_id].append(alias)
    for speaker in speakers:
        set_committed_value(speaker, "aliases", by_speaker[speaker.id])


def speaker_letters(session: Session) -> list[str]:
    """The first letters of live speakers' sort names, for the A–Z jump links."""
    first = func.substr(Speaker.sort_name, 1, 1)
    rows = session.scalars(
        select(distinct(first)).where(Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None))
        .order_by(first))
    return [letter for letter in rows if letter]


def speaker_countries(session: Session) -> list[str]:
    """The countries live speakers belong to, for the filter form."""
    rows = session.scalars(
        select(distinct(Speaker.country))
        .where(Speaker.deleted_at.is_(None), Speaker.country.is_not(None)).order_by(Speaker.country))
    return [c for c in rows if c]


# -- timeline -------------------------------------------------------------------------------


@dataclass
class TimelineFilter:
    """What the timeline (and a speaker's timeline) is narrowed to."""

    speaker_ids: list[int] = field(default_factory=list)
    event_id: int | None = None
    topic_id: int | None = None
    outlet_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def carried_by(outlet_id: int) -> Select[tuple[int]]:
    """Ids of live accounts an outlet carried: published in its articles or passed along a hop."""
    in_articles = select(Article.id).where(Article.outlet_id == outlet_id, Article.deleted_at.is_(None))
    via_hop = select(AccountHop.account_id).where(AccountHop.outlet_id == outlet_id)
    return select(Account.id).where(
        Account.deleted_at.is_(None), or_(Account.article_id.in_(in_articles), Account.id.in_(via_hop)))


def timeline(session: Session, page: int, per_page: int, filters: TimelineFilter,
             load: Loader[T]) -> Page[T]:
    """A page of the timeline's ids and a count, then ``load`` reads them (models or rows)."""
    return paginate_ids(session, timeline_ids(filters), page, per_page, load)


def timeline_ids(filters: TimelineFilter) -> Select[tuple[int]]:
    """Ids of live statements in (said_on, id) order, narrowed by speakers, event, topic,
    outlet and dates (the timeline's pages and its whole-list download)."""
    query = select(Statement.id).where(Statement.deleted_at.is_(None))
    if filters.speaker_ids:
        query = query.where(Statement.speaker_id.in_(filters.speaker_ids))
    if filters.event_id is not None:  # the event and the events nested in it (summit > dinner)
        query = query.where(Statement.event_id.in_(event_and_nested(filters.event_id)))
    if filters.topic_id is not None:
        query = query.where(Statement.topics.any(Topic.id == filters.topic_id))
    if filters.outlet_id is not None:
        query = query.where(Statement.id.in_(
            select(Account.statement_id).where(Account.id.in_(carried_by(filters.outlet_id)))))
    if filters.date_from is not None:
        query = query.where(Statement.said_on >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(Statement.said_on <= filters.date_to)
    return query.order_by(Statement.said_on, Statement.id)


def speakers_with_statements(session: Session) -> list[Speaker]:
    """Live speakers who have at least one live statement, A–Z (the timeline's speaker choice)."""
    said = select(Statement.speaker_id).where(Statement.deleted_at.is_(None))
    return list(session.scalars(
        select(Speaker).where(Speaker.deleted_at.is_(None), Speaker.id.in_(said))
        .order_by(Speaker.sort_name, Speaker.id)))


def all_topics(session: Session) -> list[Topic]:
    """Every topic, by name."""
    return list(session.scalars(select(Topic).order_by(Topic.name)))


def all_outlets(session: Session) -> list[Outlet]:
    """Live outlets, A–Z."""
    return list(session.scalars(
        select(Outlet).where(Outlet.deleted_at.is_(None)).order_by(Outlet.sort_name, Outlet.id)))


def find_many(session: Session, model: type[Speaker] | type[Event] | type[Topic] | type[Outlet],
              ids: Iterable[int]) -> dict[int, object]:
    """Records of one model by id (live ones where the model can be deleted), in one query."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = select(model).where(model.id.in_(wanted))
    if model is not Topic:
        query = query.where(model.deleted_at.is_(None))  # type: ignore[union-attr]
    return {row.id: row for row in session.scalars(query)}  # type: ignore[attr-defined]


# -- events ---------------------------------------------------------------------------------


@dataclass
class EventNode:
    """An event in the tree with its statement count and its children."""

    event: Event
    count: int
    children: list[EventNode] = field(default_factory=list)


def event_counts(session: Session, event_ids: list[int] | None = None) -> dict[int, int]:
    """How many live statements each event has, in one query."""
    query = (select(Statement.event_id, func.count())
             .where(Statement.deleted_at.is_(None), Statement.event_id.is_not(None))
             .group_by(Statement.event_id))
    if event_ids is not None:
        if not event_ids:
            return {}
        query = query.where(Statement.event_id.in_(event_ids))
    return {event_id: n for event_id, n in session.execute(query).tuples() if event_id is not None}


def event_tree(session: Session) -> list[EventNode]:
    """Every live event nested under its parent, by start date, with statement counts."""
    events = list(session.scalars(
        select(Event).where(Event.deleted_at.is_(None)).order_by(Event.start_date, Event.name, Event.id)))
    counts = event_counts(session)
    nodes = {e.id: EventNode(e, counts.get(e.id, 0)) for e in events}
    roots: list[EventNode] = []
    for node in nodes.values():
        parent = nodes.get(node.event.parent_id) if node.event.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def event_list(session: Session, page: int, per_page: int) -> Page[Event]:
    """Live events by start date (undated last), then name: a page of them (the API's list)."""
    return paginate(session, select(Event).where(Event.deleted_at.is_(None))
                    .order_by(Event.start_date.is_(None), Event.start_date, Event.name, Event.id),
                    page, per_page)


def events_by_name(session: Session) -> list[Event]:
    """Live events A–Z (an edit form's choice of event)."""
    return list(session.scalars(select(Event).where(Event.deleted_at.is_(None)).order_by(Event.name)))


def get_event(session: Session, event_id: int) -> Event | None:
    """A live event."""
    return session.scalar(select(Event).where(Event.id == event_id, Event.deleted_at.is_(None)))


def event_and_nested(event_id: int) -> Select[tuple[int]]:
    """Ids of the event and every event nested in it, at any depth (one recursive query)."""
    tree = select(Event.id, literal(0, Integer).label("depth")).where(Event.id == event_id).cte(
        "nested", recursive=True)
    tree = tree.union_all(select(Event.id, (tree.c.depth + 1).label("depth"))
                          .join(tree, Event.parent_id == tree.c.id).where(tree.c.depth < 50))
    return select(tree.c.id)


def event_ancestors(session: Session, event: Event) -> list[Event]:
    """The event's parents, outermost first (one recursive query)."""
    if event.parent_id is None:
        return []
    chain = select(Event.id, Event.parent_id, literal(1, Integer).label("depth")).where(
        Event.id == event.parent_id).cte("chain", recursive=True)
    chain = chain.union_all(
        select(Event.id, Event.parent_id, (chain.c.depth + 1).label("depth"))
        .join(chain, Event.id == chain.c.parent_id).where(chain.c.depth < 50))
    rows = session.execute(select(chain.c.id, chain.c.depth)).tuples().all()
    depth = {event_id: d for event_id, d in rows}
    found = session.scalars(select(Event).where(Event.id.in_(depth), Event.deleted_at.is_(None)))
    return sorted(found, key=lambda e: -depth[e.id])


def event_children(session: Session, event_id: int) -> list[Event]:
    """Live child events by start date."""
    return list(session.scalars(
        select(Event).where(Event.parent_id == event_id, Event.deleted_at.is_(None))
        .order_by(Event.start_date, Event.name, Event.id)))


# -- outlets and articles -------------------------------------------------------------------


@dataclass
class OutletRow:
    """An outlet with how many articles and accounts it carried."""

    outlet: Outlet
    articles: int
    accounts: int


def outlet_index(session: Session, page: int, per_page: int) -> Page[OutletRow]:
    """Live outlets A–Z with article and account counts (three queries)."""
    result = paginate(session, outlet_query(), page, per_page)
    return Page(outlet_rows(session, result.items), result.page, result.per_page, result.total)


def outlet_query() -> Select[tuple[Outlet]]:
    """Live outlets A–Z (the list's pages and its whole-list download)."""
    return select(Outlet).where(Outlet.deleted_at.is_(None)).order_by(Outlet.sort_name, Outlet.id)


def outlet_rows(session: Session, outlets: list[Outlet]) -> list[OutletRow]:
    """The outlets with their article and account counts (two queries)."""
    ids, articles, accounts = [o.id for o in outlets], dict[int, int](), dict[int, int]()
    if ids:
        articles = {oid: n for oid, n in session.execute(
            select(Article.outlet_id, func.count()).where(
                Article.outlet_id.in_(ids), Article.deleted_at.is_(None)).group_by(Article.outlet_id)
        ).tuples() if oid is not None}
        # An account counts once per outlet, whether it arrived by article or by hop.
        pairs = select(Article.outlet_id.label("outlet_id"), Account.id.label("account_id")).join(
            Account, Account.article_id == Article.id).where(
            Article.outlet_id.in_(ids), Account.deleted_at.is_(None)).union(
            select(AccountHop.outlet_id, AccountHop.account_id).join(
                Account, Account.id == AccountHop.account_id).where(
                AccountHop.outlet_id.in_(ids), Account.deleted_at.is_(None))).subquery()
        accounts = {oid: n for oid, n in session.execute(
            select(pairs.c.outlet_id, func.count()).group_by(pairs.c.outlet_id)).tuples()
            if oid is not None}
    return [OutletRow(o, articles.get(o.id, 0), accounts.get(o.id, 0)) for o in outlets]


def outlet_list(session: Session, page: int, per_page: int) -> Page[Outlet]:
    """Live outlets A–Z, a page of them (the API's list)."""
    return paginate(session, select(Outlet).where(Outlet.deleted_at.is_(None))
                    .order_by(Outlet.sort_name, Outlet.id), page, per_page)


def get_outlet(session: Session, outlet_id: int) -> Outlet | None:
    """A live outlet."""
    return session.scalar(select(Outlet).where(Outlet.id == outlet_id, Outlet.deleted_at.is_(None)))


def outlet_articles(session: Session, outlet_id: int) -> list[Article]:
    """An outlet's live articles, newest first."""
    return list(session.scalars(
        select(Article).where(Article.outlet_id == outlet_id, Article.deleted_at.is_(None))
        .order_by(Article.published_on.desc(), Article.id.desc())))


def _accounts_in_order(query: Select[tuple[Account]]) -> Select[tuple[Account]]:
    return (query.join(Statement, Statement.id == Account.statement_id)
            .where(Account.deleted_at.is_(None), Statement.deleted_at.is_(None))
            .order_by(Statement.said_on, Statement.id, Account.id)
            .options(*account_loads()))  # type: ignore[arg-type]


def outlet_accounts(session: Session, outlet_id: int, page: int, per_page: int) -> Page[Account]:
    """What an outlet reported: the accounts it carried, in the order the words were said."""
    return paginate(session, outlet_accounts_query(outlet_id), page, per_page)


def outlet_accounts_query(outlet_id: int) -> Select[tuple[Account]]:
    """The accounts an outlet carried, in order, with what a list shows of them."""
    return _accounts_in_order(select(Account).where(Account.id.in_(carried_by(outlet_id))))


def get_article(session: Session, article_id: int) -> Article | None:
    """A live article with its outlet."""
    return session.scalar(select(Article).where(Article.id == article_id, Article.deleted_at.is_(None))
                          .options(selectinload(Article.outlet)))


def article_accounts(session: Session, article_id: int) -> list[Account]:
    """Every live account an article carried, in the order the words were said."""
    return list(session.scalars(article_accounts_query(article_id)))


def article_accounts_query(article_id: int) -> Select[tuple[Account]]:
    """An article's live accounts, in order, with what a list shows of them."""
    return _accounts_in_order(select(Account).where(Account.article_id == article_id))


# -- statements -----------------------------------------------------------------------------


def statement_conflicts(session: Session, statement: Statement) -> list[Conflict]:
    """Live conflicts in which this statement or one of its accounts is a member."""
    account_ids = [a.id for a in statement.accounts]
    member = or_(ConflictMember.statement_id == statement.id, ConflictMember.account_id.in_(account_ids))
    return list(session.scalars(
        select(Conflict).where(Conflict.deleted_at.is_(None),
                               Conflict.id.in_(select(ConflictMember.conflict_id).where(member)))
        .order_by(Conflict.id).options(selectinload(Conflict.members))))
