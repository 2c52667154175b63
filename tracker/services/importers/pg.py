"""PostgreSQL fast path: one INSERT … SELECT FROM unnest(arrays) per batch, one array per column.

psycopg splits every query text to find its placeholders, so a multi-row INSERT with tens of
thousands of parameters spends most of its time there; column arrays keep each statement to a
handful of parameters whatever the batch size.
"""

from __future__ import annotations

import enum
import json
from typing import Any

from sqlalchemy import JSON, Table, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]


def _value(value: Any, is_json: bool) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if is_json and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


def with_defaults(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill in the Python-side column defaults (timestamps, version) the ORM would have added."""
    defaults: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if default is None or column.primary_key:
            continue
        arg = getattr(default, "arg", None)
        if getattr(default, "is_callable", False):
            defaults[column.name] = arg(None)  # type: ignore[misc]
        elif getattr(default, "is_scalar", False):
            defaults[column.name] = arg
    return [{**defaults, **row} for row in rows]


def insert_unnest(session: Session, table: Table, rows: list[dict[str, Any]],
                  returning: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Insert rows (all with the same columns) and return the ``returning`` columns of each."""
    rows = with_defaults(table, rows)
    names = list(rows[0])
    selects, arrays, params = [], [], {}
    for position, name in enumerate(names):
        column = table.c[name]
        is_json = isinstance(column.type, JSON)
        sql_type = "text" if is_json else column.type.compile(dialect=_DIALECT).lower()
        arrays.append(f"CAST(:p{position} AS {sql_type}[])")
        selects.append(f"CAST(u.c{position} AS json)" if is_json else f"u.c{position}")
        params[f"p{position}"] = [_value(row[name], is_json) for row in rows]
    statement = text(
        f'INSERT INTO "{table.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '  # noqa: S608
        f"SELECT {', '.join(selects)} FROM unnest({', '.join(arrays)}) "
        f"AS u({', '.join(f'c{i}' for i in range(len(names)))})"
        + (f" RETURNING {', '.join(returning)}" if returning else "")
    ).bindparams(*(bindparam(k) for k in params))
    result = session.execute(statement, params)
    return [tuple(row) for row in result] if returning else []
