"""Fixtures: a migrated, seeded template database per run; a fresh copy of it per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.databases import Databases
from tracker import create_app
from tracker.services.access import users
from tracker.services.data import migrations, seeding
from tracker.web.database import get_session

# argon2id at the app's cost (3 passes over 64 MiB in 4 lanes: ~0.2 s of CPU, up to 0.5 s on this
# busy machine) would be paid by every user a test makes and every login it does, hundreds per run.
# The tests check what is done with passwords, not the cost: the same algorithm at a low cost runs
# the same code (a known, unknown or deactivated account still costs one verification). The live
# servers of the browser and fault tests run the app's own hasher.
users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

# The browser fixtures (a live gunicorn, Chromium, pages): started only by the tests that ask.
pytest_plugins = ["tests.browser.harness", "tests.browser.steps"]


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """The backend under test (SQLite, or PostgreSQL when TEST_DATABASE_URL is set)."""
    dbs = Databases(tmp_path_factory.mktemp("db"))
    yield dbs
    dbs.drop_all()


def make_app(database_url: str, tmp_path: Path, **config: object) -> Flask:
    """An app on the given database, for tests."""
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test",
                       "WTF_CSRF_ENABLED": True, "UPLOAD_FOLDER": str(tmp_path / "uploads"), **config})


@pytest.fixture(scope="session")
def seeded_template(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated to head and loaded with the seeds, copied for each test."""
    url = databases.create()
    migrations.upgrade(url)
    app = make_app(url, tmp_path_factory.mktemp("tpl"))
    with app.app_context():
        seeding.load_files(get_session(), seeding.seed_files())
    app.extensions["engine"].dispose()
    return url


@pytest.fixture
def database_url(databases: Databases, seeded_template: str) -> Iterator[str]:
    """A fresh copy of the seeded database for one test."""
    url = databases.create(template=seeded_template)
    yield url
    databases.drop(url)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app on a fresh seeded database."""
    application = make_app(database_url, tmp_path)
    yield application
    application.extensions["engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner."""
    return app.test_cli_runner()
