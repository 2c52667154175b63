"""One person, one record: each source's own key for a speaker, stored once.

An import that finds a speaker by name (or Wikidata id) under another key used to find it the
same way on every later run, so a speaker an editor renamed, and stripped of the name the
source uses, came back as a duplicate. ``speaker_source`` maps the source's key (a LIAR slug,
a Quotebank ``wikidata:`` key, a seed key) to the speaker it was resolved to; the resolver
reads it right after the speaker's own key. Existing speakers get a row for their own key, so
the mapping starts complete for what is stored (a merged speaker's key maps to the speaker it
was merged into). The downgrade drops the table: the speakers' own keys still find them.

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('speaker_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('source_key', sa.String(length=200), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['speaker_id'], ['speaker.id'], name=op.f('fk_speaker_source_speaker_id_speaker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_source')),
    sa.UniqueConstraint('source_key', name=op.f('uq_speaker_source_source_key'))
    )
    op.create_index(op.f('ix_speaker_source_speaker_id'), 'speaker_source', ['speaker_id'], unique=False)
    # The stored speakers' own keys, the namespace before the first colon ("" without one).
    op.execute(sa.text(
        "INSERT INTO speaker_source (source, source_key, speaker_id, created_at) "
        "SELECT CASE WHEN instr(key, ':') > 0 THEN substr(key, 1, min(instr(key, ':') - 1, 32)) ELSE '' END, "
        "key, coalesce(merged_into_id, id), CURRENT_TIMESTAMP FROM speaker WHERE key IS NOT NULL"
        if op.get_bind().dialect.name == "sqlite" else
        "INSERT INTO speaker_source (source, source_key, speaker_id, created_at) "
        "SELECT CASE WHEN position(':' in key) > 0 "
        "THEN left(split_part(key, ':', 1), 32) ELSE '' END, "
        "key, coalesce(merged_into_id, id), CURRENT_TIMESTAMP FROM speaker WHERE key IS NOT NULL"))


def downgrade() -> None:
    op.drop_index(op.f('ix_speaker_source_speaker_id'), table_name='speaker_source')
    op.drop_table('speaker_source')
