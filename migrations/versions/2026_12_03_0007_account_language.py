"""Every version in its own words: an account's language, original text, translation, translator.

Until now only a statement had a language and an original-language text, so when two
governments gave their readouts of one meeting in two languages, the second readout's own
words had nowhere to go (editors put them in the account's note, where search and the
comparison page never saw them). An account now carries ``language``, ``original_text``,
``translation_note`` and ``translator``; for that version they override the statement's.

All four are nullable and start empty, so no data is moved and nothing needs reindexing.
Batch mode adds the columns with ALTER TABLE on both backends (SQLite does not copy the table
for an added nullable column). The downgrade drops them (their content is lost, as a downgrade
of a new column must) with ALTER TABLE ... DROP COLUMN (``recreate='never'``; SQLite 3.35 or
later): copying the table instead would drop ``account`` while ``search_document`` and
``conflict_member`` point at it, which SQLite's foreign keys refuse.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

COLUMNS = ("language", "original_text", "translation_note", "translator")


def upgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('original_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('translation_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('translator', sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('account', schema=None, recreate='never') as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
