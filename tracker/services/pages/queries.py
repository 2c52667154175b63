"""Read queries: one query per view, feeding HTML, JSON and CSV alike."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import (
    Account,
    AccountHop,
    Article,
    Conflict,
    ConflictMember,
    ConflictPoint,
    ConflictStatus,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    Statement,
)
from tracker.services.input.names import name_orders
from tracker.services.input.parameters import ParameterError
from tracker.services.input.text import escape_like
from tracker.services.pages.pagination import Page, paginate


def _account_loads() -> list[object]:
    # Many-to-one relations are joined into the query that loads their rows; only
    # collections cost a query of their own (fewer queries, much less ORM work per page).
    return [
        joinedload(Account.narrator),
        joinedload(Account.article).joinedload(Article.outlet),
        selectinload(Account.hops).options(joinedload(AccountHop.speaker), joinedload(AccountHop.outlet)),
    ]


def _statement_own_loads() -> list[object]:
    return [joinedload(Statement.speaker), joinedload(Statement.event), selectinload(Statement.topics)]


def statement_loads() -> list[object]:
    """Eager loads for showing statements with their accounts (no N+1)."""
    return [
        *_statement_own_loads(),
        selectinload(Statement.accounts).options(*_account_loads()),  # type: ignore[arg-type]
    ]


def speakers_matching(name: str) -> Select[tuple[int]]:
    """Ids of speakers with a name or alias containing the folded search term."""
    keys = name_orders(name)  # "Kishida Fumio" finds Fumio Kishida
    if not keys:
        raise ParameterError("q", "needs at least one letter or digit to search for")
    return select(SpeakerAlias.speaker_id).where(or_(*(
        SpeakerAlias.name_key.like(f"%{escape_like(key)}%", escape="\\") for key in keys)))


def filter_speakers(query: Select[tuple[Speaker]], q: str | None = None,
                    kind: SpeakerKind | None = None, country: str | None = None) -> Select[tuple[Speaker]]:
    """Live (not deleted, not merged) speakers matching a name/alias, kind and country."""
    query = query.where(Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None))
    if q:
        query = query.where(Speaker.id.in_(speakers_matching(q)))
    if kind:
        query = query.where(Speaker.kind == kind)
    if country:
        query = query.where(Speaker.country == country.upper())
    return query


def speaker_query(*, q: str | None = None, kind: SpeakerKind | None = None, country: str | None = None,
                  letter: str | None = None) -> Select[tuple[Speaker]]:
    """The A–Z list's speakers in order, optionally by first letter (its pages and its
    whole-list download)."""
    query = filter_speakers(select(Speaker), q, kind, country)
    if letter:
        query = query.where(func.substr(Speaker.sort_name, 1, 1) == letter.casefold())
    return query.order_by(Speaker.sort_name, Speaker.id)


def speaker_list(session: Session, page: int, per_page: int, q: str | None = None,
                 kind: SpeakerKind | None = None, country: str | None = None) -> Page[Speaker]:
    """Live speakers in A–Z order, filtered by name/alias, kind and country."""
    query = (filter_speakers(select(Speaker), q, kind, country)
             .options(selectinload(Speaker.aliases)).order_by(Speaker.sort_name, Speaker.id))
    return paginate(session, query, page, per_page)


def statement_counts(session: Session, speaker_ids: list[int]) -> dict[int, int]:
    """How many live statements each speaker has, in one query."""
    if not speaker_ids:
        return {}
    rows = session.execute(
        select(Statement.speaker_id, func.count())
        .where(Statement.speaker_id.in_(speaker_ids), Statement.deleted_at.is_(None))
        .group_by(Statement.speaker_id)
    )
    return {speaker_id: count for speaker_id, count in rows.tuples()}


def statement_models(session: Session, ids: Sequence[int]) -> list[Statement]:
    """The statements with these ids as models, in that order (missing ones left out), with
    everything ``serialize.statement`` reads (the JSON twins of pages that list statements)."""
    if not ids:
        return []
    found = {s.id: s for s in session.scalars(
        select(Statement).where(Statement.id.in_(ids)).options(*statement_loads()))}  # type: ignore[arg-type]
    return [found[i] for i in ids if i in found]


def recent_statement_ids(session: Session, limit: int) -> list[int]:
    """The newest live statements' ids, newest first (same-day ones by id, highest first)."""
    return list(session.scalars(select(Statement.id).where(Statement.deleted_at.is_(None))
                                .order_by(Statement.said_on.desc(), Statement.id.desc()).limit(limit)))


def get_statement(session: Session, statement_id: int) -> Statement | None:
    """A live statement with every account and its chain."""
    return session.scalar(
        select(Statement)
        .where(Statement.id == statement_id, Statement.deleted_at.is_(None))
        .options(*statement_loads())  # type: ignore[arg-type]
    )


def get_account(session: Session, account_id: int) -> Account | None:
    """A live account of a live statement, with its narrator, article and chain."""
    return session.scalar(
        select(Account).join(Statement, Statement.id == Account.statement_id)
        .where(Account.id == account_id, Account.deleted_at.is_(None), Statement.deleted_at.is_(None))
        .options(*_account_loads()))  # type: ignore[arg-type]


def _conflict_loads() -> list[object]:
    return [
        selectinload(Conflict.members).selectinload(ConflictMember.account).options(
            selectinload(Account.statement).selectinload(Statement.speaker),
            *_account_loads(),  # type: ignore[arg-type]
        ),
        selectinload(Conflict.members).selectinload(ConflictMember.statement).options(
            *statement_loads()  # type: ignore[arg-type]
        ),
        selectinload(Conflict.points).selectinload(ConflictPoint.claims),
    ]


def conflict_list(session: Session, page: int, per_page: int,
                  status: ConflictStatus | None = None) -> Page[Conflict]:
    """Live conflicts, newest first."""
    return paginate(session, conflict_query(status), page, per_page)


def conflict_query(status: ConflictStatus | None = None) -> Select[tuple[Conflict]]:
    """Live conflicts newest first, with their members (the list's pages and whole list)."""
    query = select(Conflict).where(Conflict.deleted_at.is_(None))
    if status:
        query = query.where(Conflict.status == status)
    return query.order_by(Conflict.created_at.desc(), Conflict.id.desc()).options(
        selectinload(Conflict.members))


def get_conflict(session: Session, conflict_id: int) -> Conflict | None:
    """A live conflict with its members, their accounts or statements, and its points."""
    return session.scalar(
        select(Conflict)
        .where(Conflict.id == conflict_id, Conflict.deleted_at.is_(None))
        .options(*_conflict_loads())  # type: ignore[arg-type]
    )


def edit_loads(kind: str) -> list[object]:
    """Eager loads for a record's edit form (what its document and form read), so the
    number of queries stays the same however many members, accounts, hops or names it has."""
    if kind == "conflict":
        return [
            selectinload(Conflict.members).options(joinedload(ConflictMember.account),
                                                   joinedload(ConflictMember.statement)),
            selectinload(Conflict.points).selectinload(ConflictPoint.claims),
        ]
    if kind == "statement":
        return _statement_own_loads()
    if kind == "account":
        return [joinedload(Account.statement), *_account_loads()]
    if kind == "speaker":
        return [selectinload(Speaker.aliases), selectinload(Speaker.roles)]
    return []
