"""The disk is full under SQLite: a save answers 503 "the database has run out of disk space",
the editor's form comes back with what they typed, reading keeps working, and nothing is half
written (the tables' content hash is as before). Once there is room again, the same save works.

A real full disk is not available to a test, so SQLite's own limit stands in for it: with
``PRAGMA max_page_count`` at the file's current size, any write that needs one more page fails
with SQLITE_FULL, exactly the error a full disk gives. The database is an SQLite file of this
test's own (whichever backend the pass is for).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select

from tests.api.test_api_write import auth, make_token
from tests.conftest import make_app
from tests.databases import content_hash
from tests.edit_helpers import form_values, login, make_user, token
from tracker.models import Statement
from tracker.services.data import migrations, seeding
from tracker.web.database import get_session

FULL = ("The database has run out of disk space, so your change was not saved. Reading still works. "
        "Tell whoever runs this server, then save again.")
# Long enough to need new pages (overflow pages for the text, its search documents).
WORDING = "岸田文雄は「今日のウクライナは明日の東アジアかもしれない」と述べた。 " * 300


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("full") / "seeded.sqlite"
    migrations.upgrade(f"sqlite:///{path}")
    app = make_app(f"sqlite:///{path}", path.parent)
    with app.app_context():
        seeding.load_files(get_session(), seeding.seed_files())
    app.extensions["engine"].dispose()
    return path


@pytest.fixture
def full_app(seeded_sqlite: Path, tmp_path: Path) -> Iterator[tuple[Flask, str, Any]]:
    """An app on a copy of the seeded file, an editor, and a switch that fills the disk."""
    path = tmp_path / "archive.sqlite"
    shutil.copyfile(seeded_sqlite, path)
    url = f"sqlite:///{path}"
    app = make_app(url, tmp_path)
    make_user(app, "editor@example.org")
    engine = app.extensions["engine"]

    def fill_the_disk(full: bool) -> None:
        """From now on (or no longer), the file cannot grow by a single page."""
        engine.dispose()
        if not full:
            event.remove(engine, "connect", limit)
            engine.dispose()
            return
        with sqlite3.connect(path) as connection:
            connection.execute("VACUUM")  # no free pages left inside the file either
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        event.listen(engine, "connect", limit)

    def limit(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {int(pages)}")

    yield app, url, fill_the_disk
    engine.dispose()


def test_a_save_on_a_full_disk_keeps_the_form_and_loses_nothing(full_app: tuple[Flask, str, Any]) -> None:
    app, url, fill_the_disk = full_app
    client = app.test_client()
    login(client, "editor@example.org")
    typed = {"speaker": "Fumio Kishida", "wording": WORDING, "kind": "direct_quote", "said": "2022-06-29",
             "said_note": "the day after the dinner", "language": "ja"}
    csrf = token(client, "/statements/new")
    api_token = make_token(app)
    fill_the_disk(True)
    before = content_hash(url)

    response = client.post("/statements/new", data={"csrf_token": csrf, **typed})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Nothing was saved: the database has run out of disk space" in page
    assert "Your changes are still here." in page
    shown = form_values(page)
    assert shown["wording"].strip() == WORDING.strip()
    assert shown["said_note"] == typed["said_note"] and shown["said"] == typed["said"]
    assert content_hash(url) == before

    api = client.post("/api/v1/statements", headers=auth(api_token),
                      json={"speaker": "fumio-kishida", "wording": WORDING})
    assert api.status_code == 503
    assert api.get_json()["error"] == {"status": 503, "title": "The database is full", "message": FULL}
    assert "Retry-After" not in api.headers  # waiting does not free a disk
    assert content_hash(url) == before

    for path in ("/", "/speakers/1", "/search?q=Kishida", "/statements/1.json"):
        assert client.get(path).status_code == 200, path  # reading still works

    fill_the_disk(False)  # room again: the same form, sent again, saves
    response = client.post("/statements/new", data={"csrf_token": csrf, **typed})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        saved = get_session().scalar(select(Statement).order_by(Statement.id.desc()).limit(1))
        assert saved is not None and saved.wording.strip() == WORDING.strip()

