"""The full-text search index: one document per statement and per account.

``search_document.text`` holds pre-tokenised text (services.search_text) so both backends
see the same words. The backend-specific machinery around it is named ``search_fts*`` and
lives outside this metadata, created by migrations 0002 and 0005 (or by ``create_all``
through the DDL hooks below): on SQLite an FTS5 external-content table kept in sync by
triggers, on PostgreSQL a stored ``search_fts_vector`` column (``to_tsvector('simple',
text)``) with a GIN index. Schema comparisons skip those names (``include_name``/
``include_object``).

Any commit that touches statements or accounts refreshes their documents (see the session
hooks at the bottom), whichever write path made the change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DDL, BigInteger, ForeignKey, Integer, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base

FTS_PREFIX = "search_fts"

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_document', "
    "content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_document BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
)
POSTGRESQL_DDL = (
    # Stored, so neither a match nor a date-ordered scan recomputes to_tsvector per row.
    "ALTER TABLE search_document ADD COLUMN search_fts_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "CREATE INDEX search_fts_gin ON search_document USING gin (search_fts_vector)",
)


class SearchDocument(Base):
    """The searchable words of one statement (account_id NULL) or one of its accounts."""

    __tablename__ = "search_document"

    # Numbered in date order (services.search_order), so 64-bit; on SQLite INTEGER PRIMARY KEY
    # (the rowid, already 64-bit) keeps the FTS5 external-content table's content_rowid cheap.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
                                    autoincrement=False)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)


for _dialect, _statements in (("sqlite", SQLITE_DDL), ("postgresql", POSTGRESQL_DDL)):
    for _sql in _statements:
        _ddl = DDL(_sql)  # type: ignore[no-untyped-call]
        event.listen(SearchDocument.__table__, "after_create", _ddl.execute_if(dialect=_dialect))


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic filter: the backend-specific full-text objects are not part of the metadata."""
    return not (name or "").startswith(FTS_PREFIX)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic filter (object form of ``include_name``)."""
    return not (name or "").startswith(FTS_PREFIX)


# -- keeping the index current ------------------------------------------------------------

_PENDING = "search_pending_statements"


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context: Any) -> None:
    from .statement import Account, Statement

    pending: set[int] = session.info.setdefault(_PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Statement) and obj.id is not None:
            pending.add(obj.id)
        elif isinstance(obj, Account) and obj.statement_id is not None:
            pending.add(obj.statement_id)


@event.listens_for(Session, "before_commit")
def _reindex(session: Session) -> None:
    session.flush()
    pending: set[int] = session.info.pop(_PENDING, set())
    if pending:
        from ..services.search_index import reindex_statements

        reindex_statements(session, sorted(pending))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
