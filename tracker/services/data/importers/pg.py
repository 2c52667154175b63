"""PostgreSQL fast paths: one INSERT … SELECT FROM unnest(arrays) per batch, one array per column,
for rows read back (RETURNING); COPY for the rest.

psycopg splits every query text to find its placeholders, so a multi-row INSERT with tens of
thousands of parameters spends most of its time there; column arrays keep each statement to a
handful of parameters whatever the batch size.  The arrays go in psycopg's binary format: as
text, an array of long strings (JSON documents above all) costs more to write out and for the
server to parse than the INSERT itself.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from itertools import repeat
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from tracker.services.data.importers.columns import Columns, Same, generic_insert, python_defaults

_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]


def _value(value: Any, is_json: bool) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if is_json and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


def insert_columns(session: Session, table: Table, columns: Columns, count: int,
                   returning: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Insert rows given column by column (missing defaults filled in); return ``returning``."""
    defaults = python_defaults(table, columns)
    if defaults is None:
        return generic_insert(session, table, columns, count, returning)
    columns = {**defaults, **columns}
    names = list(columns)
    selects, arrays, params = [], [], {}
    for position, name in enumerate(names):
        column = table.c[name]
        is_json = isinstance(column.type, JSON)
        sql_type = "text" if is_json else column.type.compile(dialect=_DIALECT).lower()
        arrays.append(f"CAST(%(p{position})b AS {sql_type}[])")
        selects.append(f"CAST(u.c{position} AS json)" if is_json else f"u.c{position}")
        values = columns[name]
        if isinstance(values, Same):
            params[f"p{position}"] = [_value(values.value, is_json)] * count
        else:
            params[f"p{position}"] = [_value(value, is_json) for value in values]
    # Straight through psycopg, with binary parameters (%b).
    sql = (f'INSERT INTO "{table.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '  # noqa: S608
           f"SELECT {', '.join(selects)} FROM unnest({', '.join(arrays)}) "
           f"AS u({', '.join(f'c{i}' for i in range(len(names)))})"
           + (f" RETURNING {', '.join(returning)}" if returning else ""))
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()] if returning else []


def copy_columns(session: Session, table: Table, columns: Columns, count: int) -> None:
    """Insert rows nobody reads back with COPY … FROM STDIN (text format): for hundreds of
    thousands of rows several times faster than an INSERT per batch."""
    defaults = python_defaults(table, columns)
    if defaults is None:
        generic_insert(session, table, columns, count)
        return
    columns = {**defaults, **columns}
    names = list(columns)
    cells: list[Iterable[Any]] = []
    for name in names:
        is_json = isinstance(table.c[name].type, JSON)
        values = columns[name]
        if isinstance(values, Same):
            cells.append(repeat(_value(values.value, is_json), count))
        else:
            cells.append([_value(value, is_json) for value in values])
    raw = session.connection().connection.driver_connection
    assert raw is not None
    quoted = ", ".join(f'"{n}"' for n in names)
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in zip(*cells, strict=False):
            copy.write_row(row)
