"""Every version in its own words: an account's language, original text, translation, translator.

Until now only a statement had a language and an original-language text, so when two
governments gave their readouts of one meeting in two languages, the second readout's own
words had nowhere to go (editors put them in the account's note, where search and the
comparison page never saw them). An account now carries ``language``, ``original_text``,
``translation_note`` and ``translator``; for that version they override the statement's.

All four are nullable and start empty, so nothing needs reindexing; the stored account
documents in ``revision`` gain the four fields as null, so every revision keeps the one shape
of services/editing/history.py (as 0008 does for the anchor).
Batch mode adds the columns with ALTER TABLE on both backends (SQLite does not copy the table
for an added nullable column). The downgrade drops them (their content is lost, as a downgrade
of a new column must) with ALTER TABLE ... DROP COLUMN (``recreate='never'``; SQLite 3.35 or
later): copying the table instead would drop ``account`` while ``search_document`` and
``conflict_member`` point at it, which SQLite's foreign keys refuse.

Revision ID: 0007
Revises: 0008
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0008'
branch_labels = None
depends_on = None

COLUMNS = ("language", "original_text", "translation_note", "translator")


def _documents(change: Callable[[dict[str, Any]], bool]) -> None:
    """Apply ``change`` to both sides of every account revision; write back those it changed."""
    bind = op.get_bind()
    rows = bind.execute(sa.text('SELECT id, "before", "after" FROM revision WHERE entity_type = :kind'),
                        {"kind": "account"})
    for revision_id, *sides in rows.fetchall():
        values = [json.loads(side) if isinstance(side, str) else side for side in sides]
        changed = [isinstance(value, dict) and change(value) for value in values]
        if any(changed):
            bind.execute(sa.text('UPDATE revision SET "before" = :before, "after" = :after WHERE id = :id')
                         .bindparams(sa.bindparam("before", type_=sa.JSON),
                                     sa.bindparam("after", type_=sa.JSON)),
                         {"before": values[0], "after": values[1], "id": revision_id})


def _add_words(document: dict[str, Any]) -> bool:
    if "wording" not in document or all(name in document for name in COLUMNS):
        return False
    for name in COLUMNS:
        document.setdefault(name, None)
    return True


def _drop_words(document: dict[str, Any]) -> bool:
    present = [name for name in COLUMNS if name in document]
    for name in present:
        del document[name]
    return bool(present)


def upgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('original_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('translation_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('translator', sa.String(length=300), nullable=True))
    _documents(_add_words)


def downgrade() -> None:
    _documents(_drop_words)
    with op.batch_alter_table('account', schema=None, recreate='never') as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
