"""Migrations: head matches the models, and every revision goes up, down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from tracker.db import get_session, make_engine
from tracker.models import Base
from tracker.services import migrations, seeding

from .conftest import make_app
from .databases import Databases


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_head_schema_equals_models(databases: Databases) -> None:
    url = databases.create()
    try:
        migrations.upgrade(url)
        assert _diff(url) == []
        assert migrations.current(url) == ScriptDirectory.from_config(
            migrations.alembic_config(url)).get_current_head()
    finally:
        databases.drop(url)


def test_every_revision_survives_down_and_up_with_data(databases: Databases, tmp_path: Path) -> None:
    url = databases.create()
    try:
        script = ScriptDirectory.from_config(migrations.alembic_config(url))
        revisions = list(reversed(list(script.walk_revisions())))
        assert revisions, "no migrations found"
        for revision in revisions:
            migrations.upgrade(url, revision.revision)
            if revision.revision == script.get_current_head():
                app = make_app(url, tmp_path)
                with app.app_context():
                    seeding.load_files(get_session(), seeding.seed_files())
                app.extensions["engine"].dispose()
            migrations.downgrade(url, revision.down_revision or "base")  # type: ignore[arg-type]
            migrations.upgrade(url, revision.revision)
        assert _diff(url) == []
        # A full round trip with data in the tables ends with an empty but complete schema.
        assert {t.name for t in Base.metadata.sorted_tables} <= _tables(url)
        engine = make_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM speaker")).scalar() == 0
        engine.dispose()
        migrations.downgrade(url, "base")
        assert _tables(url) <= {"alembic_version"}
    finally:
        databases.drop(url)
