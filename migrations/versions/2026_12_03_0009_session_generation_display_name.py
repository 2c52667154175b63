"""A per-user session generation, so that logging out ends every copy of a session, and a
display name, so that readers see who edited a record without learning their email (issue 17).

Sessions are signed cookies. Until now the server checked only the user id and a fingerprint of
the password hash, so a cookie copied before logout still worked afterwards. Each session now
carries the user's generation too (inside the fingerprint); logging out, changing or resetting
the password and deactivating raise it, which ends every session of that user at its next
request. Existing users start at 0, which keeps the sessions open now valid.

History pages showed every editor's email address to anonymous readers; readers now see the
editor's display name (empty for existing users until they set one: "an editor").

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('session_generation', sa.Integer(), server_default='0',
                                   nullable=False))
        batch.add_column(sa.Column('display_name', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('display_name')
        batch.drop_column('session_generation')
