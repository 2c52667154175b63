"""Search documents numbered in date order (issue 6).

A search document's id becomes ``ordinal(said_on) << 41 | statement_id << 10 | seq``
(tracker/services/search_order.py), so SQLite's FTS5 reads matches newest first by rowid
without looking at the others: a page of results costs the same for any word. PostgreSQL's
column becomes BIGINT and loses its sequence (ids are always given), and the GIN index moves
from the expression ``to_tsvector('simple', text)`` to a stored generated column
``search_fts_vector``, so a scan in id order tests each row without re-tokenising it.

The upgrade renumbers existing documents in SQL: ``seq`` is 0 for a statement's own text and
1, 2, … for its account documents in account-id order, as search_index writes them; a
statement's 1,024th and later account documents are folded into its 1,023rd. On SQLite the
FTS5 triggers are set aside while the table is rewritten and the index is rebuilt once.
The downgrade numbers documents 1, 2, … again (in their current order).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 23:30:00
"""

from __future__ import annotations

from alembic import op

from tracker.services.search.order import DATE_SHIFT, MAX_SEQ, SEQ_BITS

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# The FTS5 triggers of migration 0002 (repeated: migrations must not import app models).
SQLITE_TRIGGERS = (
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_document BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
)
ORDINAL = {  # date.toordinal() in SQL
    "sqlite": "CAST(julianday(s.said_on) - julianday('0001-01-01') AS INTEGER) + 1",
    "postgresql": "(s.said_on - DATE '0001-01-01') + 1",
}
CONCAT = {"sqlite": "group_concat(text, ' ')", "postgresql": "string_agg(text, ' ' ORDER BY account_id)"}


def _renumbered(dialect: str) -> str:
    """SELECT (id, statement_id, account_id, text) of every document under its new id."""
    rank = "row_number() OVER (PARTITION BY d.statement_id, d.account_id IS NULL ORDER BY d.account_id)"
    seq = f"CASE WHEN d.account_id IS NULL THEN 0 WHEN {rank} > {MAX_SEQ} THEN {MAX_SEQ} ELSE {rank} END"
    # Only constants of this module are formatted in: no value from outside reaches the SQL.
    numbered = (f"SELECT d.statement_id, d.account_id, d.text, {seq} AS seq, "  # noqa: S608
                f"COALESCE({ORDINAL[dialect]}, 0) AS ordinal "
                "FROM search_document AS d JOIN statement AS s ON s.id = d.statement_id")
    key = (f"(CAST(ordinal AS BIGINT) * {1 << DATE_SHIFT}) + (CAST(statement_id AS BIGINT) * {1 << SEQ_BITS})"
           " + seq")
    return (f"SELECT {key} AS id, statement_id, min(account_id) AS account_id, "  # noqa: S608
            f"{CONCAT[dialect]} AS text FROM ({numbered}) AS n GROUP BY statement_id, seq, ordinal")


def _rewrite(select_sql: str) -> None:
    """Replace every document with what ``select_sql`` gives, keeping the index in step."""
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        for name in ("search_fts_ai", "search_fts_ad", "search_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("CREATE TEMPORARY TABLE search_document_renumbered AS " + select_sql)
    op.execute("DELETE FROM search_document")
    op.execute("INSERT INTO search_document (id, statement_id, account_id, text) "
               "SELECT id, statement_id, account_id, text FROM search_document_renumbered")
    op.execute("DROP TABLE search_document_renumbered")
    if sqlite:
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("ALTER TABLE search_document ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS search_document_id_seq")
        op.execute("ALTER TABLE search_document ALTER COLUMN id TYPE BIGINT")
        op.execute("DROP INDEX IF EXISTS search_fts_gin")
    _rewrite(_renumbered(dialect))
    if dialect == "postgresql":
        op.execute("ALTER TABLE search_document ADD COLUMN search_fts_vector tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED")
        op.execute("CREATE INDEX search_fts_gin ON search_document USING gin (search_fts_vector)")
        op.execute("ANALYZE search_document")


def downgrade() -> None:
    _rewrite("SELECT row_number() OVER (ORDER BY id) AS id, statement_id, account_id, text "
             "FROM search_document")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS search_fts_gin")
        op.execute("ALTER TABLE search_document DROP COLUMN search_fts_vector")
        op.execute("CREATE INDEX search_fts_gin ON search_document USING gin (to_tsvector('simple', text))")
        op.execute("ALTER TABLE search_document ALTER COLUMN id TYPE INTEGER")
        op.execute("CREATE SEQUENCE search_document_id_seq OWNED BY search_document.id")
        op.execute("SELECT setval('search_document_id_seq', COALESCE(max(id), 0) + 1, false) "
                   "FROM search_document")
        op.execute("ALTER TABLE search_document ALTER COLUMN id SET DEFAULT "
                   "nextval('search_document_id_seq')")
