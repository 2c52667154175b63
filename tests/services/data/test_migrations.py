"""Migrations: head matches the models, and every revision goes up, down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from tests.conftest import make_app
from tests.databases import Databases
from tracker.db import make_engine
from tracker.models import Base
from tracker.models.search import include_name
from tracker.services.data import migrations, seeding
from tracker.web.database import get_session


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                  "include_name": include_name})
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
        seeded_speakers = 0
        assert revisions, "no migrations found"
        for revision in revisions:
            migrations.upgrade(url, revision.revision)
            if revision.revision == script.get_current_head():
                app = make_app(url, tmp_path)
                with app.app_context():
                    seeded_speakers = seeding.load_files(get_session(), seeding.seed_files())[
                        "speaker created"]
                app.extensions["engine"].dispose()
            migrations.downgrade(url, revision.down_revision or "base")  # type: ignore[arg-type]
            migrations.upgrade(url, revision.revision)
        assert _diff(url) == []
        # The head's round trip kept the data loaded at head (earlier tables are not dropped).
        assert {t.name for t in Base.metadata.sorted_tables} <= _tables(url)
        engine = make_engine(url)
        with engine.connect() as connection:
            speakers = connection.execute(text("SELECT count(*) FROM speaker")).scalar()
        engine.dispose()
        assert speakers == (0 if len(revisions) == 1 else seeded_speakers)
        migrations.downgrade(url, "base")
        assert _tables(url) <= {"alembic_version"}
    finally:
        databases.drop(url)
