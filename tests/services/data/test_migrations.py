"""Migrations: head matches the models, and every revision goes up, down and up again."""

from __future__ import annotations

import enum
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from tests.conftest import make_app
from tests.databases import Databases
from tracker.db import make_engine
from tracker.models import Base, Conflict, ImportRunRange, Revision, Speaker, Topic
from tracker.models.search import include_name
from tracker.services.data import migrations, seeding
from tracker.services.data.importers import run_import
from tracker.services.editing import documents, edits
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                  "include_name": include_name})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    """The tables of the database at ``url`` (its own engine, disposed)."""
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
        assert {t.name for t in Base.metadata.sorted_tables} <= table_names(url)
        engine = make_engine(url)
        with engine.connect() as connection:
            speakers = connection.execute(text("SELECT count(*) FROM speaker")).scalar()
        engine.dispose()
        assert speakers == (0 if len(revisions) == 1 else seeded_speakers)
        migrations.downgrade(url, "base")
        assert table_names(url) <= {"alembic_version"}
    finally:
        databases.drop(url)


def _old_snapshot(session: Any, kind: str, record_id: int, *, with_id: bool,
                  before_flush: bool) -> dict[str, Any]:
    """A record's columns as the code before 0006 stored them in a revision: the Loader's
    snapshot (``with_id``; taken before a flush, its id and foreign keys were still None) or the
    bulk import's column values (no id)."""
    table = Base.metadata.tables[kind]
    row = session.execute(select(table).where(table.c.id == record_id)).mappings().one()
    data: dict[str, Any] = {}
    for name, value in row.items():
        if name in ("created_at", "updated_at", "version") or (name in ("id", "deleted_at") and not with_id):
            continue
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, date | datetime):
            value = value.isoformat()
        if before_flush and (name == "id" or table.c[name].foreign_keys):
            value = None
        data[name] = value
    return data


def _later_columns(url: str, added: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """Add the nullable columns and the tables the models have and the database lacks (those of
    migrations after the one it is at), so today's code can write it; given ``added``, drop
    those again."""
    engine = make_engine(url)
    done: list[tuple[str, str]] = []
    try:
        with engine.begin() as connection:
            if added is not None:
                for table_name, name in reversed(added):
                    connection.execute(text(f'ALTER TABLE {table_name} DROP COLUMN "{name}"' if name
                                            else f"DROP TABLE {table_name}"))
                return added
            present = inspect(connection)
            for table in Base.metadata.sorted_tables:
                if not present.has_table(table.name):  # a later migration's table (speaker_review)
                    table.create(connection)
                    done.append((table.name, ""))
                    continue
                have = {c["name"] for c in present.get_columns(table.name)}
                for column in table.columns:
                    if column.name in have:
                        continue
                    default = getattr(column.server_default, "arg", None)
                    assert column.nullable or isinstance(default, str), \
                        f"{table.name}.{column.name}: only nullable columns or ones with a default"
                    kind = column.type.compile(dialect=connection.dialect)
                    if not column.nullable:
                        kind += f" NOT NULL DEFAULT '{default}'"
                    connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
                    done.append((table.name, column.name))
    finally:
        engine.dispose()
    return done


def test_0006_turns_every_stored_shape_into_documents(databases: Databases, tmp_path: Path) -> None:
    """Revisions as the Loader (seeds), the bulk import (LIAR) and a Loader update stored them
    before 0006, a password change with nothing on either side, and a record without a key:
    afterwards every side is the record's document (services/editing/history.py)."""
    url = databases.create()
    try:
        migrations.upgrade(url, "0005")
        added = _later_columns(url)  # 0006 changes no table: today's code writes a 0005 database
        app = make_app(url, tmp_path)
        with app.app_context():
            session = get_session()
            seeding.load_files(session, seeding.seed_files())
            run_import(session, FIXTURES / "liar_sample.tsv", "liar")
            # Before 0015 the bulk import wrote a create revision per record (its shape below).
            for kind, first, last in session.execute(select(
                    ImportRunRange.entity_type, ImportRunRange.first_id, ImportRunRange.last_id)).tuples():
                session.add_all(Revision(entity_type=kind, entity_id=record_id, action="create", before=None,
                                         summary="imported from liar_sample.tsv")
                                for record_id in range(first, last + 1))
            # In SQL: the User model has columns added after 0006 (the session generation).
            session.execute(text("INSERT INTO user_account (email, password_hash, role, active, "
                                 "created_at) VALUES ('old@example.org', 'x', 'editor', :yes, :now)"),
                            {"yes": True, "now": datetime(2026, 11, 30)})
            user_id = session.scalar(text("SELECT id FROM user_account WHERE email = 'old@example.org'"))
            session.add(Revision(entity_type="user_account", entity_id=user_id, action="update",
                                 before=None, after=None, summary="changed their password"))
            conflict = session.scalars(select(Conflict).order_by(Conflict.id)).first()
            assert conflict is not None
            conflict.key = None
            session.flush()
            for revision in session.scalars(select(Revision).where(Revision.action == "create")):
                bulk = (revision.summary or "").startswith("imported from")
                revision.after = _old_snapshot(session, revision.entity_type, revision.entity_id,
                                               with_id=not bulk, before_flush=not bulk)
            # An update the Loader recorded: a flushed ``before`` and an ``after`` taken before the flush.
            speaker = session.scalars(select(Speaker).order_by(Speaker.id)).first()
            assert speaker is not None
            old = _old_snapshot(session, "speaker", speaker.id, with_id=True, before_flush=False)
            speaker.description = "Changed by a second seed file."
            session.flush()
            session.add(Revision(entity_type="speaker", entity_id=speaker.id, action="update", before=old,
                                 after=_old_snapshot(session, "speaker", speaker.id, with_id=True,
                                                     before_flush=True), summary="loaded from 2.json"))
            session.commit()
            speaker_id, conflict_id = speaker.id, conflict.id
            old_description = old["description"]
        app.extensions["engine"].dispose()

        _later_columns(url, added)
        migrations.upgrade(url, "head")  # 0006, and what later migrations do to documents
        app = make_app(url, tmp_path)
        with app.app_context():
            session = get_session()
            conflict = session.get(Conflict, conflict_id)
            assert conflict is not None and conflict.key == f"conflict:{conflict_id}"
            update = session.scalars(select(Revision).where(Revision.entity_type == "speaker",
                                                            Revision.action == "update")).one()
            speaker = session.get(Speaker, speaker_id)
            assert speaker is not None and update.after == documents.document(speaker)
            assert update.before == {**documents.document(speaker), "description": old_description}
            creates = 0
            for revision in session.scalars(select(Revision).where(Revision.action == "create")):
                obj = session.get(edits.MODELS.get(revision.entity_type) or Topic, revision.entity_id)
                assert obj is not None
                # what was created is what the next change started from, or the record as it is
                later = update.before if obj is speaker else documents.document(obj)
                assert revision.after == later, revision.entity_type
                creates += 1
            assert creates > 100
            assert session.scalars(select(Revision).where(Revision.summary == "imported from liar_sample.tsv",
                                                          Revision.entity_type == "statement")).first()
            password = session.scalars(select(Revision).where(Revision.entity_type == "user_account")).one()
            assert password.before == password.after == {"email": "old@example.org", "role": "editor",
                                                          "active": True}
            assert password.entity_id == user_id
        app.extensions["engine"].dispose()
    finally:
        databases.drop(url)
