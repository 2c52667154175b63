"""Search index: search_document plus the backend's full-text machinery (issue 3).

Why: full-text search over statement and account wording in every script. SQLite 3.40's
FTS5 tokenizers cannot find two-character Chinese/Japanese words, and PostgreSQL's parsers
do not split CJK text at all, so the app stores pre-tokenised text (Latin words folded,
CJK/Hangul/kana split into bigrams; tracker/services/search_text.py) in search_document and
each backend indexes that text with its plainest tokenizer:

- SQLite: an FTS5 external-content table ``search_fts`` over search_document, kept in sync
  by triggers.
- PostgreSQL: a GIN index ``search_fts_gin`` over ``to_tsvector('simple', text)``.

Names starting with ``search_fts`` are skipped by schema comparisons (migrations/env.py).
The upgrade backfills the index from existing statements with plain SQL; it imports only
the pure tokenizer, never app models.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.services.search.text import index_text

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

SQLITE_UP = (
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
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
)
POSTGRESQL_UP = ("CREATE INDEX search_fts_gin ON search_document USING gin (to_tsvector('simple', text))",)
POSTGRESQL_DOWN = ("DROP INDEX IF EXISTS search_fts_gin",)


def upgrade() -> None:
    op.create_table('search_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_search_document_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_search_document_statement_id_statement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document'))
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_document_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_document_statement_id'), ['statement_id'], unique=False)

    bind = op.get_bind()
    for sql in {"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}.get(bind.dialect.name, ()):
        op.execute(sql)
    _backfill(bind)


def _backfill(bind: sa.engine.Connection) -> None:
    rows = [
        {"statement_id": sid, "account_id": None, "text": index_text(wording, original)}
        for sid, wording, original in bind.execute(sa.text(
            "SELECT id, wording, original_text FROM statement WHERE deleted_at IS NULL"))
    ]
    rows += [
        {"statement_id": sid, "account_id": aid, "text": index_text(wording)}
        for aid, sid, wording in bind.execute(sa.text(
            "SELECT a.id, a.statement_id, a.wording FROM account a JOIN statement s "
            "ON s.id = a.statement_id WHERE a.deleted_at IS NULL AND s.deleted_at IS NULL"))
    ]
    rows = [row for row in rows if row["text"]]
    if rows:
        bind.execute(sa.text("INSERT INTO search_document (statement_id, account_id, text) "
                             "VALUES (:statement_id, :account_id, :text)"), rows)


def downgrade() -> None:
    bind = op.get_bind()
    for sql in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN}.get(bind.dialect.name, ()):
        op.execute(sql)
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_statement_id'))
        batch_op.drop_index(batch_op.f('ix_search_document_account_id'))

    op.drop_table('search_document')
