"""Full-text search over statements and their accounts, one interface over SQLite FTS5 and
PostgreSQL full-text search (the index itself: models/search.py, services/search_text.py).

Results are statements, newest first by default: the text match yields a set of statement
ids and the page is read in (said_on, id) order with LIMIT, so common terms are never ranked
as a whole; only ``sort=relevance`` scores matches. Facet counts are bounded (top ten each).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    distinct,
    extract,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from ..errors import ParameterError
from ..models import Account, Article, Outlet, SearchDocument, Speaker, Statement, StatementKind
from .pagination import Page, paginate
from .queries import statement_loads
from .search_text import query_groups

SORTS = ("newest", "oldest", "relevance")
FACET_LIMIT = 10
MAX_QUERY_LENGTH = 500


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


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with how many matching statements have it."""

    value: str
    label: str
    count: int


@dataclass
class SearchResult:
    """A page of matching statements, the parsed terms and the facet counts."""

    query: str
    groups: list[tuple[str, ...]]
    sort: str
    filters: Filters
    page: Page[Statement]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


# -- the two backends ---------------------------------------------------------------------

def _fts5_query(groups: list[tuple[str, ...]]) -> str:
    # Tokens hold only letters and digits, so quoting them as FTS5 strings is safe.
    return " AND ".join('"' + " ".join(group) + '"' for group in groups)


def _tsquery(groups: list[tuple[str, ...]]) -> str:
    return " & ".join("(" + " <-> ".join(f"'{token}'" for token in group) + ")" for group in groups)


def _pg_vector() -> ColumnElement[Any]:
    # Must match the expression of the search_fts_gin index exactly.
    return func.to_tsvector(literal_column("'simple'"), SearchDocument.text)


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


def _conditions(session: Session, groups: list[tuple[str, ...]], filters: Filters) -> list[Any]:
    conditions: list[Any] = [Statement.deleted_at.is_(None)]
    if groups:
        conditions.append(Statement.id.in_(matching_statement_ids(session, groups)))
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


def search(session: Session, q: str | None, filters: Filters, sort: str, page: int,
           per_page: int) -> SearchResult:
    """Statements matching the query and filters, one page, with facet counts."""
    if sort not in SORTS:
        raise ParameterError("sort", f"“{sort}” is not one of: {', '.join(SORTS)}")
    query_text, groups = parse_query(q)
    conditions = _conditions(session, groups, filters)
    statements = select(Statement).where(*conditions)
    if sort == "relevance" and groups:
        hits = _hits(session, groups, scored=True)
        scores = (select(SearchDocument.statement_id, func.min(hits.c.score).label("score"))
                  .join(hits, hits.c.doc_id == SearchDocument.id)
                  .group_by(SearchDocument.statement_id).subquery("scores"))
        statements = statements.join(scores, scores.c.statement_id == Statement.id).order_by(
            scores.c.score, Statement.said_on.desc().nulls_last(), Statement.id.desc())
    elif sort == "oldest":
        statements = statements.order_by(Statement.said_on.asc().nulls_last(), Statement.id)
    else:
        statements = statements.order_by(Statement.said_on.desc().nulls_last(), Statement.id.desc())
    result_page = paginate(session, statements.options(*statement_loads()),  # type: ignore[arg-type]
                           page, per_page)
    ids = select(Statement.id).where(*conditions)
    return SearchResult(query_text, groups, sort, filters, result_page, facets(session, ids))


def facets(session: Session, ids: Select[tuple[int]]) -> dict[str, list[FacetValue]]:
    """Top values of speaker, outlet, year and kind among the matching statements."""
    count = func.count(Statement.id)
    speakers = session.execute(
        select(Speaker.id, Speaker.name, count).join(Statement, Statement.speaker_id == Speaker.id)
        .where(Statement.id.in_(ids)).group_by(Speaker.id, Speaker.name)
        .order_by(count.desc(), Speaker.name).limit(FACET_LIMIT)).tuples()
    statement_count = func.count(distinct(Account.statement_id))
    outlets = session.execute(
        select(Outlet.id, Outlet.name, statement_count)
        .join(Article, Article.outlet_id == Outlet.id).join(Account, Account.article_id == Article.id)
        .where(Account.statement_id.in_(ids), Account.deleted_at.is_(None))
        .group_by(Outlet.id, Outlet.name).order_by(statement_count.desc(), Outlet.name)
        .limit(FACET_LIMIT)).tuples()
    year = extract("year", Statement.said_on)
    years = session.execute(
        select(year, count).where(Statement.id.in_(ids), Statement.said_on.is_not(None))
        .group_by(year).order_by(count.desc(), year.desc()).limit(FACET_LIMIT)).tuples()
    kinds = session.execute(
        select(Statement.kind, count).where(Statement.id.in_(ids)).group_by(Statement.kind)
        .order_by(count.desc()).limit(FACET_LIMIT)).tuples()
    return {
        "speaker": [FacetValue(str(i), name, n) for i, name, n in speakers],
        "outlet": [FacetValue(str(i), name, n) for i, name, n in outlets],
        "year": sorted((FacetValue(str(int(y)), str(int(y)), n) for y, n in years),
                       key=lambda f: f.value, reverse=True),
        "kind": [FacetValue(k.value, k.value.replace("_", " "), n) for k, n in kinds],
    }
