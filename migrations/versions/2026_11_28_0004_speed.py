"""Speed at one million statements (issue 6): partial indexes over live statements.

``ix_statement_live_speaker`` (speaker_id, said_on, id, event_id) serves a speaker's page in
keyset order, its bounded count and its events list from the index alone;
``ix_statement_live_said_on_id`` serves newest-first walks over every live statement.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.create_index('ix_statement_live_speaker', 'statement', ['speaker_id', 'said_on', 'id', 'event_id'],
                    unique=False, sqlite_where=_LIVE, postgresql_where=_LIVE)
    op.create_index('ix_statement_live_said_on_id', 'statement', ['said_on', 'id'],
                    unique=False, sqlite_where=_LIVE, postgresql_where=_LIVE)


def downgrade() -> None:
    op.drop_index('ix_statement_live_said_on_id', table_name='statement')
    op.drop_index('ix_statement_live_speaker', table_name='statement')
