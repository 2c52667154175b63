"""One person, one record: each source's own key for a speaker, stored once; names' variants.

An import that finds a speaker by name (or Wikidata id) under another key used to find it the
same way on every later run, so a speaker an editor renamed, and stripped of the name the
source uses, came back as a duplicate. ``speaker_source`` maps the source's key (a LIAR slug,
a Quotebank ``wikidata:`` key, a seed key) to the speaker it was resolved to; the resolver
reads it right after the speaker's own key. Existing speakers get a row for their own key, so
the mapping starts complete for what is stored (a merged speaker's key maps to the speaker it
was merged into). The downgrade drops the table: the speakers' own keys still find them.

``speaker_alias.variant_key`` is each name without titles, suffixes, honorifics or middle
names (``names.name_variant``: "President Joseph R. Biden Jr." -> "joseph biden"), indexed, so
the resolver can queue "Hillary Clinton" against a stored "Hillary Rodham Clinton" for review
(never merge them). Filled here from the stored names with the same pure function the app
uses; the downgrade drops the column (batch mode, for SQLite).

``statement_cluster`` groups the statements of one speaker whose words nearly repeat an
earlier one (another outlet's rendering of the same quote): each stays its own statement, and
the statement page lists the others. New statements are grouped as they are made; the stored
ones are not grouped here (the import's matcher is not a migration's work), so the table
starts empty and the downgrade drops it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.services.input.variants import name_variant

BATCH = 1000

revision = '0014'
down_revision = '0013'
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
    with op.batch_alter_table('speaker_alias', schema=None) as batch_op:
        batch_op.add_column(sa.Column('variant_key', sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f('ix_speaker_alias_variant_key'), ['variant_key'], unique=False)
    bind = op.get_bind()
    rows = [{"id": i, "variant_key": name_variant(name) or None}
            for i, name in bind.execute(sa.text("SELECT id, name FROM speaker_alias ORDER BY id"))]
    for start in range(0, len(rows), BATCH):
        bind.execute(sa.text("UPDATE speaker_alias SET variant_key = :variant_key WHERE id = :id"),
                     rows[start:start + BATCH])


    op.create_table('statement_cluster',
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['statement.id'], name=op.f('fk_statement_cluster_cluster_id_statement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_statement_cluster_statement_id_statement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('statement_id', name=op.f('pk_statement_cluster'))
    )
    op.create_index(op.f('ix_statement_cluster_cluster_id'), 'statement_cluster', ['cluster_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_statement_cluster_cluster_id'), table_name='statement_cluster')
    op.drop_table('statement_cluster')
    with op.batch_alter_table('speaker_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaker_alias_variant_key'))
        batch_op.drop_column('variant_key')
    op.drop_index(op.f('ix_speaker_source_speaker_id'), table_name='speaker_source')
    op.drop_table('speaker_source')
