"""Rows to insert held column by column, and the SQLite insert that takes them.

A bulk import inserts tens of thousands of rows per table.  Holding them as one list per
column (a constant column as one value) lets every conversion run once per column (or once per
constant) instead of once per cell, and hands SQLite ready-made tuples without a dict per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain, repeat
from typing import Any, cast

from sqlalchemy import JSON, Connection, Table, insert
from sqlalchemy.orm import Session

from tracker.services.data.importers.base import StatementIn

SQLITE_MAX_VARIABLES = 32_766  # SQLite >= 3.32


class Same:
    """A column whose every row holds the same value (converted once, not once per row)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


Column = Sequence[Any] | Same
Columns = Mapping[str, Column]


def python_defaults(table: Table, given: Iterable[str]) -> dict[str, Same] | None:
    """The Python-side defaults (timestamps, version) the ORM would fill in for columns not
    given, each computed once; None when a default can only be filled in by SQLAlchemy."""
    given = set(given)
    defaults: dict[str, Same] = {}
    for column in table.columns:
        default = column.default
        if default is None or column.primary_key or column.name in given:
            continue
        arg = getattr(default, "arg", None)
        if getattr(default, "is_callable", False):
            defaults[column.name] = Same(arg(None))  # type: ignore[misc]
        elif getattr(default, "is_scalar", False):
            defaults[column.name] = Same(arg)
        else:
            return None
    return defaults


def values_of(column: Column, count: int) -> Sequence[Any]:
    """A column as one value per row."""
    return [column.value] * count if isinstance(column, Same) else column


def sliced(columns: Columns, start: int, stop: int) -> dict[str, Column]:
    """Rows ``start:stop`` of the columns."""
    return {name: c if isinstance(c, Same) else list(c[start:stop]) for name, c in columns.items()}


def sqlite_insert(connection: Connection, table: Table, columns: Columns, count: int,
                  returning: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    """Insert the rows through the DB-API cursor: one executemany, or with ``returning`` multi-row
    INSERT … VALUES … RETURNING, as many rows per statement as SQLite allows.

    Values go through the bind processors SQLAlchemy would apply (enums, dates, JSON, timestamps),
    once per column value (once in all for a constant)."""
    names = list(columns)
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=names)
    processors = cast(Mapping[str, Callable[[Any], Any]], compiled._bind_processors)
    prepared: list[Iterable[Any]] = []
    for name in names:
        column = columns[name]
        process = processors.get(name)
        if isinstance(column, Same):
            prepared.append(repeat(column.value if process is None else process(column.value), count))
        elif process is None:
            prepared.append(column)
        else:
            prepared.append(converted(process, column, isinstance(table.c[name].type, JSON)))
    values = list(zip(*prepared, strict=False))
    quoted = ", ".join(f'"{name}"' for name in names)
    one = f"({', '.join('?' * len(names))})"
    cursor = connection.connection.cursor()
    try:
        if not returning:
            cursor.executemany(f'INSERT INTO "{table.name}" ({quoted}) VALUES {one}', values)  # noqa: S608
            return []
        out: list[tuple[Any, ...]] = []
        per_statement = max(1, SQLITE_MAX_VARIABLES // len(names))
        back = ", ".join(f'"{name}"' for name in returning)
        for start in range(0, len(values), per_statement):
            batch = values[start:start + per_statement]
            sql = (f'INSERT INTO "{table.name}" ({quoted}) VALUES {", ".join([one] * len(batch))} '  # noqa: S608
                   f"RETURNING {back}")
            cursor.execute(sql, tuple(chain.from_iterable(batch)))
            out.extend(cursor.fetchall())
        return out
    finally:
        cursor.close()


def converted(process: Callable[[Any], Any], column: Sequence[Any], is_json: bool) -> list[Any]:
    """The column through a bind processor, each distinct value once (enums, dates, flags repeat);
    JSON values (lists, maybe unhashable) each time."""
    if is_json:
        return list(map(process, column))
    memo: dict[tuple[type, Any], Any] = {}
    out = []
    for value in column:
        key = (type(value), value)  # 1, 1.0 and True are equal but may be stored differently
        if key in memo:
            out.append(memo[key])
        else:
            out.append(memo.setdefault(key, process(value)))
    return out


def generic_insert(session: Session, table: Table, columns: Columns, count: int,
                   returning: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    """Through SQLAlchemy (a backend without a fast path, or a default only it can fill in)."""
    names = list(columns)
    cells = []
    for name in names:
        cells.append(values_of(columns[name], count))
    rows = [dict(zip(names, row, strict=True)) for row in zip(*cells, strict=True)]
    statement = insert(table)
    if returning:
        return [tuple(r) for r in session.execute(
            statement.returning(*(table.c[name] for name in returning)), rows)]
    session.execute(statement, rows)
    return []


def statement_columns(new: list[StatementIn], speakers: dict[str, int],
                      events: dict[str, int]) -> dict[str, Column]:
    """The statement table's columns for new statements (``key`` first, as revisions list them)."""
    return {
        "key": [s.key for s in new],
        "speaker_id": [speakers[s.speaker_key] for s in new],
        "event_id": [events[s.event_key] if s.event_key else None for s in new],
        "said_on": [s.said.sort_day if s.said else None for s in new],
        "said_precision": [s.said.precision if s.said else None for s in new],
        "said_note": [s.said_note for s in new], "wording": [s.wording for s in new],
        "kind": [s.kind for s in new], "language": [s.language for s in new],
        "original_text": [s.original_text for s in new],
        "translation_note": [s.translation_note for s in new], "verdict": [s.verdict for s in new],
        "speaker_candidates": [s.speaker_candidates for s in new],
    }
