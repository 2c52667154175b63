"""Writing the search index: one document per live statement and per live account."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..models import Account, SearchDocument, Statement
from .search_text import index_text

BATCH = 500


def _documents(session: Session, ids: list[int]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    statements = session.execute(
        select(Statement.id, Statement.wording, Statement.original_text)
        .where(Statement.id.in_(ids), Statement.deleted_at.is_(None))
    ).tuples()
    for statement_id, wording, original in statements:
        rows.append({"statement_id": statement_id, "account_id": None,
                     "text": index_text(wording, original)})
    accounts = session.execute(
        select(Account.id, Account.statement_id, Account.wording)
        .join(Statement, Statement.id == Account.statement_id)
        .where(Account.statement_id.in_(ids), Account.deleted_at.is_(None),
               Statement.deleted_at.is_(None))
    ).tuples()
    for account_id, statement_id, wording in accounts:
        rows.append({"statement_id": statement_id, "account_id": account_id,
                     "text": index_text(wording)})
    return rows


def reindex_statements(session: Session, ids: Iterable[int]) -> int:
    """Rebuild the documents of these statements (and their accounts); returns how many."""
    wanted = sorted(set(ids))
    written = 0
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start:start + BATCH]
        session.execute(delete(SearchDocument).where(SearchDocument.statement_id.in_(batch)))
        rows = [row for row in _documents(session, batch) if row["text"]]
        if rows:
            session.execute(insert(SearchDocument), rows)
        written += len(rows)
    return written


def reindex_all(session: Session) -> int:
    """Rebuild the whole index (after a bulk change made outside the app)."""
    session.execute(delete(SearchDocument))
    ids = list(session.scalars(select(Statement.id).where(Statement.deleted_at.is_(None))))
    return reindex_statements(session, ids)
