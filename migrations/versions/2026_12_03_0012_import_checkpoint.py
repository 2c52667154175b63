"""Resumable imports: where an import run with --commit-every stopped in a file.

A new table keyed by the file's sha256 and format; nothing stored changes, and the downgrade
drops it (an interrupted import then starts from the beginning, re-finding what it stored).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('first_statement_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_checkpoint')),
    sa.UniqueConstraint('sha256', 'format', name=op.f('uq_import_checkpoint_sha256_format')),
    )


def downgrade() -> None:
    op.drop_table('import_checkpoint')
