"""Whole lists for the downloads (``?all=1`` on a list's ``.csv`` or ``.json``): every row
of a list, read in bounded batches, never all at once.

Each list's download runs the ordered query its pages page through (one query feeds both),
once, through a server-side cursor (``yield_per``): it hands over ``BATCH`` records at a
time, and each batch is completed (aliases, counts, accounts) by a fixed number of queries
whatever its size. After a batch is written the session forgets its records (``expunge``), so
memory holds one batch, however long the list. ``begin_snapshot`` makes the download one
read transaction: on PostgreSQL a read-only REPEATABLE READ snapshot, on SQLite (WAL) the
deferred transaction's own snapshot, which lasts until the session closes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from tracker.models import Account, Conflict, ConflictStatus, Outlet, Speaker, SpeakerKind
from tracker.services.pages import browse, queries, speaker_page
from tracker.services.pages.browse import OutletRow, TimelineFilter
from tracker.services.pages.speaker_page import SpeakerFilter

T = TypeVar("T")
R = TypeVar("R")
BATCH = 1_000


def begin_snapshot(session: Session) -> None:
    """Start the session's transaction as one consistent read (before its first query)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ",
                                              "postgresql_readonly": True})
    else:
        session.connection()


def batches(session: Session, query: Select[tuple[T]], size: int | None = None) -> Iterator[list[T]]:
    """The query's rows, ``size`` at a time, from one execution (a server-side cursor); the
    session forgets each batch's records once the caller has it written."""
    size = size or BATCH  # read when called, so a test can make batches small
    result = session.scalars(query.execution_options(yield_per=size))
    for part in result.partitions(size):
        yield list(part)
        # Forget every record read so far, one by one: ``expunge_all`` would swap the
        # identity map the running ORM result still loads into.
        for record in list(session.identity_map.values()):
            if record in session:  # not already gone with a parent (cascades)
                session.expunge(record)


def loaded(session: Session, ids: Select[tuple[int]], load: Callable[[Session, Sequence[int]], list[R]],
           size: int | None = None) -> Iterator[list[R]]:
    """Batches of ids from an ordered query, each read by ``load`` (``page_rows.statements``...)."""
    for part in batches(session, ids, size):
        yield load(session, part)


# -- the lists ------------------------------------------------------------------------------


def speakers(session: Session, *, q: str | None = None, kind: SpeakerKind | None = None,
             country: str | None = None, letter: str | None = None,
             size: int | None = None) -> Iterator[list[tuple[Speaker, int]]]:
    """Every speaker of the A–Z list (its filters), with some aliases and a statement count."""
    for part in batches(session, queries.speaker_query(q=q, kind=kind, country=country, letter=letter), size):
        browse.some_aliases(session, part)
        counts = queries.statement_counts(session, [s.id for s in part])
        yield [(s, counts.get(s.id, 0)) for s in part]


def outlets(session: Session, size: int | None = None) -> Iterator[list[OutletRow]]:
    """Every live outlet A–Z with its article and account counts."""
    query: Select[tuple[Outlet]] = browse.outlet_query()
    for part in batches(session, query, size):
        yield browse.outlet_rows(session, part)


def conflicts(session: Session, status: ConflictStatus | None = None,
              size: int | None = None) -> Iterator[list[Conflict]]:
    """Every live conflict, newest first, optionally of one status."""
    yield from batches(session, queries.conflict_query(status), size)


def timeline(session: Session, filters: TimelineFilter, load: Callable[[Session, Sequence[int]], list[R]],
             size: int | None = None) -> Iterator[list[R]]:
    """Every statement of the timeline (or an event's statements) under its filters."""
    yield from loaded(session, browse.timeline_ids(filters), load, size)


def speaker_statements(session: Session, speaker_id: int, filters: SpeakerFilter,
                       load: Callable[[Session, Sequence[int]], list[R]],
                       size: int | None = None) -> Iterator[list[R]]:
    """Every statement of a speaker's page under its filters, in the page's order."""
    yield from loaded(session, speaker_page.statement_ids(speaker_id, filters), load, size)


def outlet_accounts(session: Session, outlet_id: int, size: int | None = None) -> Iterator[list[Account]]:
    """Every account an outlet carried, in the order the words were said."""
    yield from batches(session, browse.outlet_accounts_query(outlet_id), size)


def article_accounts(session: Session, article_id: int, size: int | None = None) -> Iterator[list[Account]]:
    """Every live account an article carried, in the order the words were said."""
    yield from batches(session, browse.article_accounts_query(article_id), size)

