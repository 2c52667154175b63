"""Migration 0014: every stored speaker's key is mapped (a merged one's to its keeper) and every
stored name gets its variant."""

from __future__ import annotations

from sqlalchemy import text

from tests.databases import Databases
from tracker.db import make_engine
from tracker.services.data import migrations

NOW = "2026-12-01 10:00:00"
SPEAKERS = (("politifact:hillary-clinton", "Hillary Rodham Clinton"), ("plain", "윤석열 대통령"))


def test_0014_maps_the_stored_keys_and_fills_the_variants(databases: Databases) -> None:
    url = databases.create()
    try:
        migrations.upgrade(url, "0011")
        engine = make_engine(url)
        with engine.begin() as connection:
            for key, name in SPEAKERS:
                connection.execute(text(
                    "INSERT INTO speaker (key, kind, name, sort_name, created_at, updated_at, version) "
                    "VALUES (:key, 'person', :name, :name, :now, :now, 1)"),
                    {"key": key, "name": name, "now": NOW})
            keep, other = connection.execute(text("SELECT id FROM speaker ORDER BY id")).scalars().all()
            connection.execute(text("UPDATE speaker SET merged_into_id = :keep WHERE id = :other"),
                               {"keep": keep, "other": other})
            for sid, (_, name) in zip((keep, other), SPEAKERS, strict=True):
                connection.execute(text(
                    "INSERT INTO speaker_alias (speaker_id, name, name_key, is_canonical) "
                    "VALUES (:sid, :name, 'k', true)"), {"sid": sid, "name": name})
        migrations.upgrade(url, "0014")
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT source_key, speaker_id FROM speaker_source"))
            mapped = dict(rows.tuples().all())
            sources = set(connection.execute(text("SELECT source FROM speaker_source")).scalars())
            variants = set(connection.execute(text("SELECT variant_key FROM speaker_alias")).scalars())
        assert mapped == {"politifact:hillary-clinton": keep, "plain": keep}  # the merged key: its keeper
        assert sources == {"politifact", ""}
        assert variants == {"hillary clinton", "윤석열"}
        migrations.downgrade(url, "0011")
        with engine.connect() as connection:
            columns = connection.execute(text("SELECT * FROM speaker_alias")).keys()
        assert "variant_key" not in columns
        engine.dispose()
    finally:
        databases.drop(url)
