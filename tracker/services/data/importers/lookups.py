"""Reading what a batch refers to: consecutive slices, IN lists, keys no row has."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import ARRAY, ColumnElement, String, any_, bindparam, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from tracker.services.data.importers.base import BATCH_SIZE

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


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
