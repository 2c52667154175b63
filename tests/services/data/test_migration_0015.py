"""Migration 0015: the import run tables come and go; records and their revisions stay."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.conftest import make_app
from tests.databases import Databases
from tests.services.data.test_migrations import table_names
from tracker.models import Revision, Statement
from tracker.services.data import migrations
from tracker.services.data.importers import run_import
from tracker.services.editing import created, edits
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TABLES = {"import_run", "import_run_range"}


def _history(url: str, tmp_path: Path, key: str) -> list[tuple[int, str, str | None]]:
    app = make_app(url, tmp_path)
    try:
        with app.app_context():
            session = get_session()
            statement_id = session.scalars(select(Statement.id).where(Statement.key == key)).one()
            return [(r.id, r.action, r.summary) for r in edits.revisions(session, "statement", statement_id)]
    finally:
        app.extensions["engine"].dispose()


def test_0015_up_and_down_keeps_records_and_revisions(databases: Databases, tmp_path: Path) -> None:
    url = databases.create()
    try:
        migrations.upgrade(url, "0014")
        assert not TABLES & table_names(url)
        migrations.upgrade(url, "0015")
        assert table_names(url) >= TABLES
        app = make_app(url, tmp_path)
        with app.app_context():
            session = get_session()
            run_import(session, FIXTURES / "liar_sample.tsv", "liar")
            statements = session.scalar(select(Statement.id).order_by(Statement.id.desc()).limit(1))
            stored = len(session.scalars(select(Revision.id)).all())
            key = session.scalars(select(Statement.key).where(Statement.key.like("liar:%"))).first()
        app.extensions["engine"].dispose()
        assert key is not None
        assert _history(url, tmp_path, key) == [(created.CREATED_BY_IMPORT, "create",
                                                 "imported from liar_sample.tsv")]

        migrations.downgrade(url, "0014")
        assert not TABLES & table_names(url)
        migrations.upgrade(url, "0015")  # the runs are gone: the records and revisions are not
        app = make_app(url, tmp_path)
        with app.app_context():
            session = get_session()
            assert session.scalar(select(Statement.id).order_by(Statement.id.desc()).limit(1)) == statements
            assert len(session.scalars(select(Revision.id)).all()) == stored
        app.extensions["engine"].dispose()
        assert _history(url, tmp_path, key) == []
    finally:
        databases.drop(url)
