"""The full-text search index: one document per statement and per account with other words.

``search_document.text`` holds pre-tokenised text (services.search_text) so both backends
see the same words. The backend-specific machinery around it is named ``search_fts*`` and
lives outside this metadata, created by migrations 0002 and 0005 (or by ``create_all``
through the DDL hooks below): on SQLite an FTS5 external-content table kept in sync by
triggers, on PostgreSQL a stored ``search_fts_vector`` column (``to_tsvector('simple',
text)``) with a GIN index. Schema comparisons skip those names (``include_name``/
``include_object``).

The documents are kept current by the services layer (``services.search.index`` registers
the session hooks), whichever write path made the change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DDL, BigInteger, ForeignKey, Integer, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base

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
