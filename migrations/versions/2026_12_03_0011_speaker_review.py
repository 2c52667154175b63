"""One person, one record: the review queue of speakers that may be the same person.

Every import now resolves a speaker by Wikidata id, then by name (in any script and name
order), then by the source's own key. A sure match reuses the stored speaker; an unsure one
(a name shared by several speakers, a match by alias only, a one-word name, a person named
like an organization) creates the new speaker and a row here, which an editor's review queue
lists with the evidence, to merge (undoable through the speaker merge) or keep apart.
A new table, so nothing stored changes; the downgrade drops it (open questions are lost).
Batch mode is not needed for a create table, which works the same on SQLite and PostgreSQL.

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('speaker_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['speaker_id'], ['speaker.id'], name=op.f('fk_speaker_review_speaker_id_speaker'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['candidate_id'], ['speaker.id'], name=op.f('fk_speaker_review_candidate_id_speaker'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_speaker_review_decided_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_review')),
    sa.UniqueConstraint('speaker_id', 'candidate_id', name='uq_speaker_review_pair')
    )
    op.create_index(op.f('ix_speaker_review_candidate_id'), 'speaker_review', ['candidate_id'], unique=False)
    op.create_index(op.f('ix_speaker_review_status'), 'speaker_review', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_speaker_review_status'), table_name='speaker_review')
    op.drop_index(op.f('ix_speaker_review_candidate_id'), table_name='speaker_review')
    op.drop_table('speaker_review')
