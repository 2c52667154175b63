"""Accounts point into their article's text: a text-quote anchor (exact, prefix, suffix, offsets).

An editor now pastes an article (or uploads its saved HTML) and accepts the statements the
extractor proposes from it. Each account made that way records where its wording sits in the
article's text (``article.text``, which already exists): the exact passage, up to 200
characters either side (so the passage can be found again if the text is edited, as in the
W3C Web Annotation TextQuoteSelector), and the character offsets. The article page highlights
those passages and links them to their statements. Accounts recorded before have no anchor
(all null). An account's document (what its revisions store, services/editing/documents.py)
gains ``"anchor"``: the stored account documents get ``"anchor": null`` so every revision keeps
the one shape; the downgrade takes it out again. Adding and dropping nullable columns needs no
table copy on either database.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("anchor_exact", "anchor_prefix", "anchor_suffix", "anchor_start", "anchor_end")


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


def _add_anchor(document: dict[str, Any]) -> bool:
    if "anchor" in document or "wording" not in document:
        return False
    document["anchor"] = None
    return True


def _drop_anchor(document: dict[str, Any]) -> bool:
    if "anchor" not in document:
        return False
    del document["anchor"]
    return True


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("anchor_exact", sa.Text(), nullable=True))
        batch.add_column(sa.Column("anchor_prefix", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("anchor_suffix", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("anchor_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("anchor_end", sa.Integer(), nullable=True))
    _documents(_add_anchor)


def downgrade() -> None:
    _documents(_drop_anchor)
    # No table copy: SQLite (3.35+) drops a column in place, and copying ``account`` would trip
    # the foreign keys of account_hop and conflict_member that point at it.
    with op.batch_alter_table("account", recreate="never") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
