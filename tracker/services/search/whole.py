"""Every match of a search, in the order its pages show them, for the whole-list download.

A page of a search finds its hits by one of several plans (``query.search``: document-id
order, a walk of the date index, the exact query, the named speakers' statements first) and
stops counting at ``COUNT_CAP``; they all list matches in the order of ``query.ordered_ids``
(newest, oldest, or best first), after the statements of the speakers the query names. The
download runs those one or two ordered queries to the end, with no cap on the count, and
reads them in batches (``pages.whole``), so a search of a common word costs memory for one
batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from tracker.models import Statement
from tracker.services.input.parameters import ParameterError
from tracker.services.pages.whole import loaded
from tracker.services.search.query import (
    SORTS,
    Filters,
    filter_conditions,
    ordered_ids,
    parse_query,
    sort_order,
)
from tracker.services.search.speakers import NamedSpeaker, speakers_named, their_statements

R = TypeVar("R")


@dataclass
class Matches:
    """A search's parsed terms, the speakers it names, and the ordered queries of its matches."""

    query: str
    groups: list[tuple[str, ...]]
    sort: str
    filters: Filters
    speakers: list[NamedSpeaker] = field(default_factory=list)
    ids: list[Select[tuple[int]]] = field(default_factory=list)


def matches(session: Session, q: str | None, filters: Filters, sort: str) -> Matches:
    """Every match of the search, as the queries that list them in the pages' order (the
    parameters are checked here, before a download starts)."""
    if sort not in SORTS:
        raise ParameterError("sort", f"“{sort}” is not one of: {', '.join(SORTS)}")
    query_text, groups = parse_query(q)
    conditions = filter_conditions(filters)
    named = speakers_named(session, query_text) if groups else []
    found = Matches(query_text, groups, sort, filters, named)
    if named:
        by_date = sort_order("oldest" if sort == "oldest" else "newest")
        found.ids.append(their_statements(named, conditions, by_date, None))
        conditions = [*conditions, Statement.speaker_id.not_in([s.id for s in named])]
    found.ids.append(ordered_ids(session, groups, list(conditions), sort))
    return found


def batches(session: Session, found: Matches, load: Callable[[Session, Sequence[int]], list[R]],
            size: int | None = None) -> Iterator[list[R]]:
    """The matches read by ``load``, a batch at a time, in the pages' order."""
    for ids in found.ids:
        yield from loaded(session, ids, load, size)
