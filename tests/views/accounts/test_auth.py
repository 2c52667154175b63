"""Logging in and out: roles, session rotation, rate limits shared through Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app
from tests.edit_helpers import PASSWORD, admin, editor, login, make_user, token

__all__ = ["admin", "editor"]

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def _session_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def test_login_rotates_the_session_and_logout_ends_it(client: FlaskClient, editor: str) -> None:
    client.get("/login")
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
        old_csrf = before.get("csrf_token")
    response = login(client, editor)
    assert response.status_code == 302
    with client.session_transaction() as after:
        assert "planted" not in after  # nothing from before login survives
        assert after.get("_user_id", "").startswith("1:") or after.get("_user_id")
        sid = after["sid"]
        assert after.get("csrf_token") != old_csrf
    assert "Log out editor@example.org" in client.get("/login").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": token(client)})
    with client.session_transaction() as out:
        assert "_user_id" not in out
        assert out["sid"] != sid
    assert client.get("/speakers/new").status_code == 302


def test_wrong_password_is_refused_with_a_message(client: FlaskClient, editor: str) -> None:
    response = login(client, editor, "not the password")
    assert response.status_code == 401
    assert "do not match" in response.get_data(as_text=True)
    with client.session_transaction() as state:
        assert "_user_id" not in state


def test_long_and_unicode_passwords_work(app: Flask, client: FlaskClient) -> None:
    from tracker.models import UserRole
    from tracker.services.access.users import create_user
    from tracker.web.database import get_session

    password = "pässwörd 密码 " * 10
    with app.app_context():
        create_user(get_session(), "long@example.org", password, UserRole.EDITOR)
        get_session().commit()
    assert login(client, "long@example.org", password).status_code == 302


# Each is a trick a browser turns into another host: tabs and newlines dropped anywhere,
# leading spaces and controls stripped, backslashes read as slashes, schemes without slashes.
REDIRECT_TRICKS = [
    "//evil.example/", "/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example",
    "%09//evil.example", "%20//evil.example", "%00//evil.example", "/%5Cevil.example",
    "/%5C/evil.example", "%5C%5Cevil.example", "https://evil.example", "https:evil.example",
    "http:/evil.example", "javascript:alert(1)", "/%E3%80%80/evil.example", "///evil.example",
    "evil.example", "/%7F/evil.example",
]


# NUL, newlines and DEL never reach the login view (a 400 naming the parameter).
REFUSED_IN_ANY_PARAMETER = ("%00", "%0a", "%0d", "%7F")


def _login_to(client: FlaskClient, editor: str, target: str) -> Any:
    return client.post(f"/login?next={target}", data={
        "email": editor, "password": PASSWORD, "csrf_token": token(client)})


@pytest.mark.parametrize("target", [t for t in REDIRECT_TRICKS
                                    if not any(c in t for c in REFUSED_IN_ANY_PARAMETER)])
def test_open_redirect_after_login_is_refused(client: FlaskClient, editor: str, target: str) -> None:
    response = _login_to(client, editor, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", [t for t in REDIRECT_TRICKS
                                    if any(c in t for c in REFUSED_IN_ANY_PARAMETER)])
def test_control_characters_in_next_never_reach_the_login(client: FlaskClient, editor: str,
                                                          target: str) -> None:
    # web/guard.py refuses these characters in every query parameter before a view runs
    response = _login_to(client, editor, target)
    assert response.status_code == 400 and "Location" not in response.headers
    assert "next" in response.get_data(as_text=True)


def test_a_local_next_page_is_kept(client: FlaskClient, editor: str) -> None:
    response = client.post("/login?next=/speakers%3Fq%3D%25EC%259C%25A4", data={
        "email": editor, "password": PASSWORD, "csrf_token": token(client)})
    assert response.headers["Location"] == "/speakers?q=%EC%9C%A4"


def test_password_change_ends_other_sessions(app: Flask, client: FlaskClient, editor: str) -> None:
    from sqlalchemy import select

    from tracker.models import User
    from tracker.web.database import get_session

    login(client, editor)
    assert client.get("/speakers/new").status_code == 200
    with app.app_context():
        user = get_session().scalar(select(User).where(User.email == editor))
        assert user is not None
        user.password_hash = user.password_hash + "x"
        get_session().commit()
    assert client.get("/speakers/new").status_code == 302


def test_login_attempts_are_limited(app: Flask, client: FlaskClient, editor: str) -> None:
    app.config["LOGIN_ATTEMPTS"] = 3
    from tracker.web import ratelimit

    ratelimit.init_app(app)  # the in-process counter, as with no REDIS_URL
    for _ in range(3):
        assert login(client, editor, "wrong password").status_code == 401
    response = login(client, editor)  # even the right password waits
    assert response.status_code == 429
    assert "Too many login attempts" in response.get_data(as_text=True)


def test_only_failed_logins_count_towards_the_limit(app: Flask, client: FlaskClient, editor: str) -> None:
    app.config["LOGIN_ATTEMPTS"] = 3
    from tracker.web import ratelimit

    ratelimit.init_app(app)
    make_user(app, "colleague@example.org")
    for _ in range(5):  # a newsroom behind one address logs in and out all day
        for email in (editor, "colleague@example.org"):
            assert login(client, email).status_code == 302
            client.post("/logout", data={"csrf_token": token(client)})
    assert login(client, editor, "wrong password").status_code == 401
    assert login(client, editor).status_code == 302  # the right one still works
    client.post("/logout", data={"csrf_token": token(client)})
    for _ in range(2):
        assert login(client, "nobody@example.org", "guess").status_code == 401
    # three failures from this address: now the address waits, whatever the account
    assert login(client, "colleague@example.org").status_code == 429


def test_every_login_costs_one_password_check(monkeypatch: pytest.MonkeyPatch, app: Flask,
                                              client: FlaskClient, editor: str) -> None:
    """Unknown, deactivated and known accounts take the same argon2 verification, so timing
    does not tell which emails have accounts."""
    from argon2 import PasswordHasher

    from tracker.models import User
    from tracker.web.database import get_session

    checks: list[str] = []
    verify = PasswordHasher.verify

    def counted(self: PasswordHasher, hash_: str | bytes, password: str | bytes) -> bool:
        checks.append(str(hash_)[:9])
        return verify(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    make_user(app, "gone@example.org")
    with app.app_context():
        gone = get_session().scalar(__import__("sqlalchemy").select(User).where(
            User.email == "gone@example.org"))
        assert gone is not None
        gone.active = False
        get_session().commit()
    for email, password in ((editor, "wrong password"), ("nobody@example.org", "wrong password"),
                            ("gone@example.org", PASSWORD), ("nobody@example.org", "x" * 5000)):
        checks.clear()
        assert login(client, email, password).status_code == 401, email
        assert checks == ["$argon2id"], email


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of our own in the test Redis database, removed afterwards."""
    prefix = f"tracker-test:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(REDIS_TEST_URL)
    for key in client.scan_iter(match=prefix + "*"):
        client.delete(key)


def test_rate_limit_is_shared_by_workers_through_redis(database_url: str, tmp_path: Path,
                                                       redis_prefix: str) -> None:
    try:
        redis.Redis.from_url(REDIS_TEST_URL).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    config = {"REDIS_URL": REDIS_TEST_URL, "RATELIMIT_PREFIX": redis_prefix, "LOGIN_ATTEMPTS": 4}
    # Two apps stand for two gunicorn workers: each has its own process state, one Redis.
    worker_a = make_app(database_url, tmp_path, **config)
    worker_b = make_app(database_url, tmp_path, **config)
    try:
        make_user(worker_a, "shared@example.org")
        a, b = worker_a.test_client(), worker_b.test_client()
        assert login(a, "shared@example.org", "wrong 1").status_code == 401
        assert login(b, "shared@example.org", "wrong 2").status_code == 401
        assert login(a, "shared@example.org", "wrong 3").status_code == 401
        assert login(b, "shared@example.org", "wrong 4").status_code == 401
        assert login(a, "shared@example.org").status_code == 429
        assert login(b, "shared@example.org").status_code == 429
        keys = list(redis.Redis.from_url(REDIS_TEST_URL).scan_iter(match=redis_prefix + "*"))
        assert keys
    finally:
        worker_a.extensions["engine"].dispose()
        worker_b.extensions["engine"].dispose()


def test_editors_cannot_merge(client: FlaskClient, editor: str, admin: str) -> None:
    login(client, editor)
    assert client.get("/speakers/1/merge").status_code in (403, 404)


def test_login_says_so_when_the_shared_counters_are_unreachable(database_url: str, tmp_path: Path) -> None:
    # Port 9 (discard) on loopback has no Redis: every counter call fails at once.
    app = make_app(database_url, tmp_path, REDIS_URL="redis://127.0.0.1:9/0")
    try:
        make_user(app, "noredis@example.org")
        response = login(app.test_client(), "noredis@example.org", PASSWORD)
        assert response.status_code == 503
        assert "Logging in is unavailable for a moment" in response.get_data(as_text=True)
    finally:
        app.extensions["engine"].dispose()
