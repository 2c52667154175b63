"""Full-text search over statements and their accounts, one interface over SQLite FTS5 and
PostgreSQL full-text search (the index itself: models/search.py, services/search_text.py).

Nothing here is proportional to how many statements match a common word:

- Newest or oldest first with no filter but the year, matching documents are read in id
  order, which is date order (documents are numbered by date and statement:
  services.search_order) — FTS5 by rowid on SQLite, the primary key beside the stored
  tsvector on PostgreSQL — until ``COUNT_CAP + 1`` statements are found: the page, a count
  that stops at "more than 1,000" and the facet sample, at the same cost for any word. The
  paths below serve relevance order and the speaker, kind and outlet filters.
- The number of matching *documents* is counted only up to ``WALK_THRESHOLD`` (an FTS-only
  count, a few milliseconds). Rare and middling terms (at most that many documents) take the
  exact path: the newest ``COUNT_CAP + 1`` matching statement ids in one query, which gives
  the page, a count that stops at "more than 1,000" and the facet sample.
- Common terms, newest first, *walk*: live statements in (said_on, id) index order (the
  speaker's index when a speaker is chosen), each probed for a match, until the page is
  full. The walk looks at no more than ``WALK_BUDGET`` candidates; if they do not hold the
  page (a common word, but rare under these filters) the exact path answers instead.
- Facets are counted over a sample of at most ``FACET_SAMPLE`` matching statements (the
  newest ones on the exact path, those of the most recently indexed documents on a walk) and
  the page says so; the count is then a lower bound.
Only ``sort=relevance`` scores matches (all of them: not bounded).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Float,
    Integer,
    Select,
    and_,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from tracker.models import Account, Article, SearchDocument, Statement, StatementKind
from tracker.services.input.parameters import ParameterError
from tracker.services.pages.page_rows import statements_in_full
from tracker.services.pages.pagination import Loader, Page
from tracker.services.search.facets import FacetValue, facets
from tracker.services.search.order import DATED_FLOOR, MAX_DOCUMENT_ID, statement_id_of, year_bounds
from tracker.services.search.speakers import NamedSpeaker, speakers_named, their_statements
from tracker.services.search.text import query_groups

SORTS = ("newest", "oldest", "relevance")
MAX_QUERY_LENGTH = 500
COUNT_CAP = 1_000  # counts stop here: "more than 1,000 statements"
# Facets count at most this many matching statements (the newest): at 1M statements 500
# cost 9 ms a search, 200 cost 4 ms (reading their accounts' articles dominates).
FACET_SAMPLE = 200
WALK_THRESHOLD = 50_000  # matching documents above which newest-first walks the date index
WALK_BUDGET = 4_000  # statements a walk may probe before the exact path takes over
SAMPLE_DOCUMENTS = 4_000  # recently indexed documents a walk's facet sample is drawn from


@dataclass(frozen=True)
class Filters:
    """Facet selections that narrow a search."""

    speaker_id: int | None = None
    outlet_id: int | None = None
    year: int | None = None
    kind: StatementKind | None = None

    def any(self) -> bool:
        """Whether any filter is set."""
        return any(v is not None for v in (self.speaker_id, self.outlet_id, self.year, self.kind))


@dataclass
class SearchResult:
    """A page of matching statements (as the search's ``load`` read them: models or rows), the
    parsed terms and the facet counts."""

    query: str
    groups: list[tuple[str, ...]]
    sort: str
    filters: Filters
    page: Page[Any]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    # None: facets count every match; otherwise which matches they were counted over.
    facets_sample: str | None = None
    plan: str = "exact"  # "exact", "index", "walk" or "speaker" (how the page was found)
    # Speakers the query names (services.search.speakers): their statements come first.
    speakers: list[NamedSpeaker] = field(default_factory=list)


# -- the two backends ---------------------------------------------------------------------

def _fts5_query(groups: list[tuple[str, ...]]) -> str:
    # Tokens hold only letters and digits, so quoting them as FTS5 strings is safe.
    return " AND ".join('"' + " ".join(group) + '"' for group in groups)


def _tsquery(groups: list[tuple[str, ...]]) -> str:
    return " & ".join("(" + " <-> ".join(f"'{token}'" for token in group) + ")" for group in groups)


def _pg_vector() -> ColumnElement[Any]:
    # The stored to_tsvector('simple', text) column that search_fts_gin indexes (migration 0005).
    return literal_column("search_document.search_fts_vector")


def _hits(session: Session, groups: list[tuple[str, ...]], scored: bool) -> Any:
    """A subquery of matching documents: doc_id (and score, lower is better, when asked)."""
    if session.get_bind().dialect.name == "sqlite":
        columns = "rowid AS doc_id" + (", rank AS score" if scored else "")
        clause: TextClause = text(f"SELECT {columns} FROM search_fts WHERE search_fts MATCH :fts")  # noqa: S608
        typed = clause.bindparams(fts=_fts5_query(groups))
        if scored:
            return typed.columns(doc_id=Integer, score=Float).subquery("hits")
        return typed.columns(doc_id=Integer).subquery("hits")
    query = func.to_tsquery(literal_column("'simple'"), _tsquery(groups))
    match = _pg_vector().op("@@")(query)
    if scored:
        score = (-func.ts_rank(_pg_vector(), query)).label("score")
        return select(SearchDocument.id.label("doc_id"), score).where(match).subquery("hits")
    return select(SearchDocument.id.label("doc_id")).where(match).subquery("hits")


def matching_statement_ids(session: Session, groups: list[tuple[str, ...]]) -> Select[tuple[int]]:
    """Ids of statements whose wording, original text or any account matches every group."""
    hits = _hits(session, groups, scored=False)
    return select(SearchDocument.statement_id).where(SearchDocument.id.in_(select(hits.c.doc_id)))


def _matches_statement(session: Session, groups: list[tuple[str, ...]]) -> ColumnElement[bool]:
    """A per-statement probe: does one of this statement's documents match? (for walks)"""
    if session.get_bind().dialect.name == "sqlite":
        return text(
            "EXISTS (SELECT 1 FROM search_document AS sd JOIN search_fts ON search_fts.rowid = sd.id "
            "WHERE sd.statement_id = statement.id AND search_fts MATCH :walk_fts)"
        ).bindparams(walk_fts=_fts5_query(groups))  # type: ignore[return-value]
    query = func.to_tsquery(literal_column("'simple'"), _tsquery(groups))
    return select(SearchDocument.id).where(
        SearchDocument.statement_id == Statement.id, _pg_vector().op("@@")(query)).exists()


def _document_count(session: Session, groups: list[tuple[str, ...]], cap: int) -> int:
    """How many documents match, counting no further than ``cap``."""
    hits = _hits(session, groups, scored=False)
    limited = select(literal(1)).select_from(hits).limit(cap).subquery()
    return session.scalar(select(func.count()).select_from(limited)) or 0


def _recent_statement_ids(session: Session, groups: list[tuple[str, ...]]) -> Select[tuple[int]]:
    """Statements of the most recently indexed matching documents (a cheap sample)."""
    hits = _hits(session, groups, scored=False)
    recent = select(hits.c.doc_id).order_by(hits.c.doc_id.desc()).limit(SAMPLE_DOCUMENTS)
    return select(SearchDocument.statement_id).where(SearchDocument.id.in_(recent))


# -- the search -----------------------------------------------------------------------------

def parse_query(q: str | None) -> tuple[str, list[tuple[str, ...]]]:
    """The trimmed query and its phrases; ParameterError when it cannot be searched."""
    query = (q or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise ParameterError("q", f"is too long; use at most {MAX_QUERY_LENGTH} characters")
    groups = query_groups(query)
    if query and not groups:
        raise ParameterError("q", "needs at least one letter, digit or character to search for")
    return query, groups


def filter_conditions(filters: Filters) -> list[Any]:
    conditions: list[Any] = [Statement.deleted_at.is_(None)]
    if filters.speaker_id is not None:
        conditions.append(Statement.speaker_id == filters.speaker_id)
    if filters.kind is not None:
        conditions.append(Statement.kind == filters.kind)
    if filters.year is not None:
        conditions.append(and_(Statement.said_on >= date(filters.year, 1, 1),
                               Statement.said_on < date(filters.year + 1, 1, 1)))
    if filters.outlet_id is not None:
        conditions.append(Statement.accounts.any(and_(
            Account.deleted_at.is_(None),
            Account.article.has(Article.outlet_id == filters.outlet_id))))
    return conditions


def sort_order(sort: str) -> list[Any]:
    if sort == "oldest":
        return [Statement.said_on.asc().nulls_last(), Statement.id]
    return [Statement.said_on.desc().nulls_last(), Statement.id.desc()]


def _walk(session: Session, groups: list[tuple[str, ...]], conditions: list[Any],
          need: int) -> tuple[list[int], bool] | None:
    """The newest ``need`` matching statement ids, found by probing live statements in date
    order, and whether they are all there are; None when the newest ``WALK_BUDGET``
    candidates do not hold ``need`` matches (the caller then takes the exact path)."""
    order = sort_order("newest")
    edge = session.execute(select(Statement.said_on, Statement.id).where(*conditions)
                           .order_by(*order).offset(WALK_BUDGET - 1).limit(1)).first()
    window = list(conditions)
    if edge is not None:  # stop at the budget's last candidate (undated ones come last)
        said_on, last_id = edge
        window.append(or_(Statement.said_on.is_not(None), Statement.id >= last_id) if said_on is None
                      else tuple_(Statement.said_on, Statement.id) >= tuple_(literal(said_on, Date),
                                                                            literal(last_id, Integer)))
    ids = list(session.scalars(select(Statement.id).where(*window, _matches_statement(session, groups))
                               .order_by(*order).limit(need)))
    if len(ids) < need and edge is not None:
        return None
    return ids, len(ids) < need


def search(session: Session, q: str | None, filters: Filters, sort: str, page: int, per_page: int,
           load: Loader[Any] = statements_in_full) -> SearchResult:
    """Statements matching the query and filters, one page read by ``load`` (rows with every
    account and chain unless a page asks for fewer), with (sampled) facet counts."""
    if sort not in SORTS:
        raise ParameterError("sort", f"“{sort}” is not one of: {', '.join(SORTS)}")
    query_text, groups = parse_query(q)
    conditions = filter_conditions(filters)
    offset = (page - 1) * per_page
    need = max(COUNT_CAP, offset + per_page) + 1
    named = speakers_named(session, query_text) if groups else []
    if named:
        # The speakers' own statements first (newest or oldest first; by date under relevance
        # too), then every full-text hit not among them, in the order asked for.
        first = list(session.scalars(their_statements(
            named, conditions, sort_order("oldest" if sort == "oldest" else "newest"), need)))
        seen = set(first)
        text_ids = _in_index_order(session, groups, filters, sort, need)
        if text_ids is None:
            text_ids = _exact_ids(session, groups, list(conditions), sort, need)
        ids = (first + [i for i in text_ids if i not in seen])[:need]
        result = _exact_result(session, query_text, groups, sort, filters, ids, need, page, per_page,
                               load, "speaker")
        result.speakers = named
        return result
    indexed = _in_index_order(session, groups, filters, sort, need) if groups else None
    if indexed is not None:
        return _exact_result(session, query_text, groups, sort, filters, indexed, need, page, per_page,
                             load, "index")
    if sort == "newest" and groups and _document_count(session, groups, WALK_THRESHOLD + 1) > WALK_THRESHOLD:
        walked = _walk(session, groups, conditions, offset + per_page + 1)
        if walked is not None:
            return _walk_result(session, query_text, groups, filters, conditions, walked, page, per_page,
                                load)
    ids = _exact_ids(session, groups, conditions, sort, need)
    return _exact_result(session, query_text, groups, sort, filters, ids, need, page, per_page, load)


def _exact_ids(session: Session, groups: list[tuple[str, ...]], conditions: list[Any], sort: str,
               need: int) -> list[int]:
    """The first ``need`` ids of statements matching every group and the conditions (which
    this extends), in the order asked for."""
    return list(session.scalars(ordered_ids(session, groups, conditions, sort).limit(need)))


def ordered_ids(session: Session, groups: list[tuple[str, ...]], conditions: list[Any],
                sort: str) -> Select[tuple[int]]:
    """Ids of every statement matching every group and the conditions (which this extends),
    in the order asked for: the order of every plan's pages (services.search.whole)."""
    if groups:
        conditions.append(Statement.id.in_(matching_statement_ids(session, groups)))
    if sort == "relevance" and groups:
        hits = _hits(session, groups, scored=True)
        scores = (select(SearchDocument.statement_id, func.min(hits.c.score).label("score"))
                  .join(hits, hits.c.doc_id == SearchDocument.id)
                  .group_by(SearchDocument.statement_id).subquery("scores"))
        ordered = (select(Statement.id).where(*conditions)
                   .join(scores, scores.c.statement_id == Statement.id)
                   .order_by(scores.c.score, *sort_order("newest")))
    else:
        ordered = select(Statement.id).where(*conditions).order_by(*sort_order(sort))
    return ordered


def _exact_result(session: Session, query_text: str, groups: list[tuple[str, ...]], sort: str,
                  filters: Filters, ids: list[int], need: int, page: int, per_page: int,
                  load: Loader[Any], plan: str = "exact") -> SearchResult:
    """A page from the first ``need`` matching statement ids in order (fewer: all there are)."""
    offset = (page - 1) * per_page
    exact = len(ids) < need
    total = len(ids) if exact else len(ids) - 1
    result_page = Page(load(session, ids[offset:offset + per_page]), page, per_page, total, exact,
                       len(ids) > offset + per_page)
    sample = ids[:FACET_SAMPLE]
    sampled = None if len(ids) <= FACET_SAMPLE else (
        f"the {FACET_SAMPLE:,} best matches" if sort == "relevance"
        else f"the {FACET_SAMPLE:,} {sort} matches")
    return SearchResult(query_text, groups, sort, filters, result_page, facets(session, sample), sampled,
                        plan)


def _in_index_order(session: Session, groups: list[tuple[str, ...]], filters: Filters, sort: str,
                    need: int) -> list[int] | None:
    """Newest or oldest first, filtered by year at most: the first ``need`` matching statement
    ids, read from the index in document-id order, which is date order (services.search_order):
    FTS5 by rowid on SQLite, the primary key with the stored vector on PostgreSQL. The cost is
    that of ``need`` statements' documents, whatever the word. None when another path must
    answer."""
    if sort not in ("newest", "oldest") or any(
            value is not None for value in (filters.speaker_id, filters.outlet_id, filters.kind)):
        return None
    if filters.year is not None:
        ranges = [year_bounds(filters.year)]
    elif sort == "newest":
        ranges = [(0, MAX_DOCUMENT_ID)]  # undated statements (the smallest ids) come last
    else:
        ranges = [(DATED_FLOOR, MAX_DOCUMENT_ID), (0, DATED_FLOOR - 1)]
    ids: list[int] = []
    seen: set[int] = set()
    for low, high in ranges:
        for doc_id in _documents_in_order(session, groups, low, high, sort == "newest", need):
            statement_id = statement_id_of(doc_id)
            if statement_id not in seen:
                seen.add(statement_id)
                ids.append(statement_id)
                if len(ids) == need:
                    return ids
    return ids


def _documents_in_order(session: Session, groups: list[tuple[str, ...]], low: int, high: int,
                        descending: bool, need: int) -> Iterator[int]:
    """Ids of matching documents between ``low`` and ``high``, in id order, fetched in growing
    chunks (a statement usually has one to three documents) so a stop early costs little."""
    direction = "DESC" if descending else "ASC"
    if session.get_bind().dialect.name == "sqlite":
        query = text("SELECT rowid FROM search_fts WHERE search_fts MATCH :q "  # noqa: S608
                     f"AND rowid BETWEEN :low AND :high ORDER BY rowid {direction} LIMIT :n")
        terms = _fts5_query(groups)
    else:
        query = text("SELECT id FROM search_document WHERE search_fts_vector @@ "  # noqa: S608
                     "to_tsquery('simple', :q) AND id BETWEEN :low AND :high "
                     f"ORDER BY id {direction} LIMIT :n")
        terms = _tsquery(groups)
    chunk = 3 * need
    while True:
        found = list(session.scalars(query, {"q": terms, "low": low, "high": high, "n": chunk}))
        yield from found
        if len(found) < chunk:
            return
        if descending:
            high = found[-1] - 1
        else:
            low = found[-1] + 1
        chunk *= 2


def _walk_result(session: Session, query_text: str, groups: list[tuple[str, ...]], filters: Filters,
                 conditions: list[Any], walked: tuple[list[int], bool], page: int,
                 per_page: int, load: Loader[Any]) -> SearchResult:
    """A walked page; unless the walk saw every match, the count is a lower bound and the
    facets come from the statements of the most recently indexed matching documents."""
    ids, complete = walked
    offset = (page - 1) * per_page
    sample = list(session.scalars(
        select(Statement.id).where(Statement.id.in_(_recent_statement_ids(session, groups)), *conditions)
        .order_by(Statement.id.desc()).limit(COUNT_CAP + 1)))
    items = load(session, ids[offset:offset + per_page])
    more = len(ids) > offset + per_page
    if complete:
        result_page = Page(items, page, per_page, len(ids), True, more)
        return SearchResult(query_text, groups, "newest", filters, result_page, facets(session, ids),
                            None, "walk")
    result_page = Page(items, page, per_page, max(len(sample), len(ids)) - 1, False, more)
    label = f"{min(len(sample), FACET_SAMPLE):,} recently indexed matches"
    return SearchResult(query_text, groups, "newest", filters, result_page,
                        facets(session, sample[:FACET_SAMPLE]), label, "walk")
