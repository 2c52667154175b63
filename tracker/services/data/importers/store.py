"""What the bulk writer stands on: batched lookups by column and column-wise INSERTs per backend."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import ARRAY, ColumnElement, String, Table, any_, bindparam, func, select, text
from sqlalchemy import Column as Column_
from sqlalchemy.orm import InstrumentedAttribute, Session

from tracker.models import Statement
from tracker.services.data.importers import pg
from tracker.services.data.importers.base import BATCH_SIZE
from tracker.services.data.importers.columns import (
    SQLITE_MAX_VARIABLES,
    Columns,
    generic_insert,
    python_defaults,
    sliced,
    sqlite_insert,
)

T = TypeVar("T")


class _Staged(Protocol):
    @property
    def key(self) -> str: ...


S = TypeVar("S", bound=_Staged)


def chunks(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def table_of(model: Any) -> Table:
    """The Core table of a model (or the table itself)."""
    table: Table = getattr(model, "__table__", model)
    return table


class Store:
    """Lookups and inserts on one session, the fastest way its backend offers."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    def lookup(self, column: InstrumentedAttribute[Any], values: Iterable[Any],
               id_column: InstrumentedAttribute[int]) -> dict[Any, int]:
        """value -> id for rows whose column is one of the values (one IN query per batch)."""
        wanted = sorted({v for v in values if v is not None})
        found: dict[Any, int] = {}
        if not wanted:
            return found
        if self.dialect == "sqlite":
            # Straight through the DB-API cursor: as many values per query as SQLite allows.
            value_column = cast(Column_[Any], column.expression)
            table, name = value_column.table.name, value_column.name
            id_name = cast(Column_[Any], id_column.expression).name
            cursor = self.session.connection().connection.cursor()
            try:
                for chunk in chunks(wanted, SQLITE_MAX_VARIABLES):
                    cursor.execute(f'SELECT "{id_name}", "{name}" FROM "{table}" '  # noqa: S608
                                   f'WHERE "{name}" IN ({", ".join("?" * len(chunk))})', tuple(chunk))
                    found.update((value, row_id) for row_id, value in cursor.fetchall())
            finally:
                cursor.close()
            return found
        for chunk in chunks(wanted):
            query = select(id_column, column).where(in_list(self.session, column, chunk))
            for row_id, value in self.session.execute(query):
                found[value] = row_id
        return found

    def insert(self, model: Any, columns: Columns, count: int,
               returning: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
        """Insert ``count`` rows given column by column; return the ``returning`` columns of each.

        PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per batch; SQLite: multi-row INSERT …
        RETURNING, or one executemany when nothing is read back."""
        if not count:
            return []
        table = table_of(model)
        if self.dialect == "postgresql" and not returning:
            pg.copy_columns(self.session, table, columns, count)
            return []
        if self.dialect == "postgresql":
            out: list[tuple[Any, ...]] = []
            for start in range(0, count, BATCH_SIZE):
                stop = min(count, start + BATCH_SIZE)
                out.extend(pg.insert_columns(self.session, table, sliced(columns, start, stop),
                                             stop - start, returning))
            return out
        defaults = python_defaults(table, columns)
        if self.dialect != "sqlite" or defaults is None:
            return generic_insert(self.session, table, columns, count, returning)
        return sqlite_insert(self.session.connection(), table, {**defaults, **columns}, count, returning)


def in_list(session: Session, column: InstrumentedAttribute[Any], values: Sequence[Any]) -> Any:
    """``column IN (…)``; on PostgreSQL ``column = ANY(array)``: one parameter, not thousands."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("values", list(values), type_=ARRAY(String())))
    return column.in_(values)


def missing_keys(session: Session, column: InstrumentedAttribute[Any], keys: Iterable[str],
                 extra: ColumnElement[bool] | None = None) -> set[str]:
    """The keys among ``keys`` that no row has (for references a file must not invent)."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    for chunk in chunks(wanted):
        query = select(column).where(in_list(session, column, chunk))
        if extra is not None:
            query = query.where(extra)
        found.update(session.scalars(query))
    return set(wanted) - found


# The tables a big load fills, each with the secondary indexes the import itself reads through
# (kept: near-duplicates look a speaker's statements up, re-indexing a statement's accounts and
# documents): the others are dropped for the load and built again, sorted, at its end.
DEFERRED_INDEXES: dict[str, tuple[str, ...]] = {
    "statement": ("ix_statement_speaker_id_said_on_id",),
    "account": ("ix_account_statement_id",),
    "article": (),
    "search_document": ("ix_search_document_statement_id",),
    "statement_topic": (),
}
DEFER_INDEXES_AT = 1_000  # statements: below this, building the indexes again costs more than it saves
SORT_CACHE_KIB = 16 * 1024  # SQLite's page cache, and so its sorter's memory, while it builds them


class DeferredIndexes:
    """For a load on SQLite that at least doubles the archive: the secondary indexes of the
    tables it fills dropped (``start``) and created again (``finish``), all inside the import's
    transaction: a rollback (a bad file, a cancel) puts them back as they were, and readers see
    them throughout. Each new row otherwise updates up to eight B-trees at random places; one
    CREATE INDEX sorts the whole column once. Elsewhere (PostgreSQL, where DROP INDEX would
    lock the table for every reader until the commit) a no-op."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dropped: list[str] = []  # the CREATE INDEX statements of the dropped indexes

    def pays(self, statements: int) -> bool:
        """Whether a load of about this many statements should build the indexes afresh."""
        return self.session.get_bind().dialect.name == "sqlite" and statements >= DEFER_INDEXES_AT and \
            statements >= (self.session.scalar(select(func.count()).select_from(Statement)) or 0)

    def start(self) -> None:
        """Drop the indexes the load does not read."""
        if self.dropped or self.session.get_bind().dialect.name != "sqlite":
            return
        rows = self.session.execute(text(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "ORDER BY name")).tuples().all()
        for name, table, sql in rows:
            kept = DEFERRED_INDEXES.get(table)
            if kept is not None and name not in kept and "UNIQUE" not in sql.upper():
                self.dropped.append(sql)
                self.session.execute(text(f'DROP INDEX "{name}"'))  # a name SQLite gave, not input

    def finish(self) -> None:
        """Create the dropped indexes again (before the commit), with SQLite's sorter held to
        SORT_CACHE_KIB: it may take as much memory as the page cache, beside it (at 1M
        statements the import's peak went from 360 to 450 MB); past that it sorts in files."""
        if not self.dropped:
            return
        previous = self.session.execute(text("PRAGMA cache_size")).scalar()
        self.session.execute(text(f"PRAGMA cache_size=-{SORT_CACHE_KIB}"))
        try:
            for sql in self.dropped:
                self.session.execute(text(sql))
        finally:
            self.session.execute(text(f"PRAGMA cache_size={int(previous or 0)}"))
        self.dropped = []
