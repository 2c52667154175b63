"""Configuration and the users command."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select, text

from tracker.config import _secret_key, normalize_database_url
from tracker.db import make_engine
from tracker.models import User, UserRole
from tracker.services.access.users import check_password
from tracker.web.database import get_session, write_session


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = _secret_key(tmp_path)
    assert len(first) == 64
    assert _secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert _secret_key(tmp_path) == "from-env"


@pytest.mark.parametrize(("given", "expected"), [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
])
def test_database_urls_use_psycopg3(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


def test_sqlite_connections_have_foreign_keys_wal_and_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert (connection.execute(text("PRAGMA busy_timeout")).scalar() or 0) >= 5000
    engine.dispose()


def test_users_create_reads_password_from_stdin(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["users", "create", "Editor@Example.org", "--role", "admin"],
                           input="correct horse battery staple\n")
    assert result.exit_code == 0, result.output
    assert "Created admin editor@example.org" in result.output
    with app.app_context():
        user = get_session().scalars(select(User).where(User.email == "editor@example.org")).one()
        assert user.role is UserRole.ADMIN
        assert user.password_hash.startswith("$argon2id$")
        assert check_password(user, "correct horse battery staple")
        assert not check_password(user, "wrong password")


@pytest.mark.parametrize(("email", "password", "message"), [
    ("not-an-email", "long enough password", "is not an email address"),
    ("a@example.org", "short", "at least 8 characters"),
    ("a@example.org", "x" * 2000, "at most 1024"),
])
def test_users_create_rejects_bad_input_clearly(runner: FlaskCliRunner, email: str, password: str,
                                                message: str) -> None:
    result = runner.invoke(args=["users", "create", email], input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output


def test_users_create_refuses_a_duplicate(runner: FlaskCliRunner) -> None:
    args = ["users", "create", "dup@example.org"]
    assert runner.invoke(args=args, input="password one\n").exit_code == 0
    second = runner.invoke(args=args, input="password two\n")
    assert second.exit_code != 0 and "already exists" in second.output


def test_concurrent_sqlite_writers_queue_instead_of_failing(app: Flask) -> None:
    """Read-then-write transactions from several threads: BEGIN IMMEDIATE avoids 'database is locked'."""
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with app.app_context():
                session = write_session()
                session.execute(text("SELECT count(*) FROM user_account")).scalar()
                session.add(User(email=f"w{n}@example.org", password_hash="x", role=UserRole.EDITOR))
                session.commit()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert len(get_session().scalars(select(User)).all()) == 8
