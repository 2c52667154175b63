"""Imports from the upload page: one row per uploaded file and its background run.

The upload page stores the file, queues its import (RQ on Redis, or a thread of the web
process) and shows its progress and then its summary from this row. A new table, so nothing
stored changes; the downgrade drops it (the record of past uploads is lost, the files stay in
UPLOAD_FOLDER). No batch mode is needed for a create table.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('stored_path', sa.String(length=1000), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('skip_bad', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=True),
    sa.Column('done', sa.BigInteger(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.Column('rejected_total', sa.BigInteger(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('cancel_requested', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_import_job_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_job'))
    )
    op.create_index(op.f('ix_import_job_status'), 'import_job', ['status'], unique=False)
    op.create_index(op.f('ix_import_job_user_id'), 'import_job', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_import_job_user_id'), table_name='import_job')
    op.drop_index(op.f('ix_import_job_status'), table_name='import_job')
    op.drop_table('import_job')
