"""Import runs: a bulk import records itself once, with the ids it created, instead of one
``create`` revision per record.

At 100k statements the per-record revisions were 355k rows and 200 MB of a 470 MB database,
each holding a document the record itself gives back. ``import_run`` is one row per
``run_import`` (file, format, who, when, summary); ``import_run_range`` the ids of each kind
it created, as runs of consecutive ids (indexed by (entity_type, last_id): which run created
record (kind, id) is one seek). A record's Created entry is rebuilt from them
(``services.editing.created``).

Nothing stored changes: create revisions written before 0015 stay, and coexist with runs.
The downgrade drops both tables, so the records imported since have no Created entry after it
(their later revisions, and the records themselves, stay).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_import_run_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_run'))
    )
    op.create_table('import_run_range',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_run_id', sa.Integer(), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('first_id', sa.Integer(), nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_run.id'], name=op.f('fk_import_run_range_import_run_id_import_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_run_range'))
    )
    op.create_index('ix_import_run_range_entity_type_last_id', 'import_run_range', ['entity_type', 'last_id'], unique=False)
    op.create_index(op.f('ix_import_run_range_import_run_id'), 'import_run_range', ['import_run_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_import_run_range_import_run_id'), table_name='import_run_range')
    op.drop_index('ix_import_run_range_entity_type_last_id', table_name='import_run_range')
    op.drop_table('import_run_range')
    op.drop_table('import_run')
