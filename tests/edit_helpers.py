"""Helpers for the editing tests: users, logging in, CSRF tokens, parsing pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tracker.models import Revision, Speaker, Statement, User, UserRole
from tracker.services.access.users import create_user
from tracker.web.database import get_session

PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def make_user(app: Flask, email: str, role: UserRole = UserRole.EDITOR) -> int:
    """Create a user with the shared test password."""
    with app.app_context():
        session = get_session()
        user = create_user(session, email, PASSWORD, role)
        session.commit()
        return user.id


def load_user(app: Flask, email: str) -> User:
    """A user by email, detached from the session (its attributes stay readable)."""
    with app.app_context():
        user = get_session().scalar(select(User).where(User.email == email))
        assert user is not None
        get_session().expunge(user)
        return user


@pytest.fixture
def editor(app: Flask) -> str:
    """An editor's email."""
    make_user(app, "editor@example.org")
    return "editor@example.org"


@pytest.fixture
def admin(app: Flask) -> str:
    """An admin's email."""
    make_user(app, "admin@example.org", UserRole.ADMIN)
    return "admin@example.org"


def token(client: FlaskClient, url: str = "/login") -> str:
    """A CSRF token from a page's form."""
    page = client.get(url)
    match = _TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1) or match.group(2)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    """Log in through the form."""
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token(client)})


def post_form(client: FlaskClient, url: str, data: dict[str, Any], follow: bool = False) -> Any:
    """GET the form (for its token and version), then POST the data."""
    return client.post(url, data={"csrf_token": token(client, url), **data}, follow_redirects=follow)


def form_values(html: str) -> dict[str, str]:
    """Every named input/textarea/select value in a page (first one wins)."""
    parser = _FormParser()
    parser.feed(html)
    return parser.values


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("checkbox", "radio", "submit"):
            self.values.setdefault(name, a.get("value") or "")
        elif tag == "input" and name and "checked" in a:
            self.values.setdefault(name, a.get("value") or "y")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, a.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def edit_form(client: FlaskClient, url: str, **changes: str) -> Any:
    """Open an edit form, change some fields, submit everything else as shown."""
    values = form_values(client.get(url).get_data(as_text=True))
    values.pop("q", None)
    return client.post(url, data={**values, **changes})


def latest_id(app: Flask, model: Any) -> int:
    """The newest record of a model."""
    with app.app_context():
        found = get_session().scalar(select(model.id).order_by(model.id.desc()).limit(1))
        assert found is not None
        return int(found)


def revisions_of(app: Flask, kind: str, record_id: int) -> list[SimpleNamespace]:
    """A record's revisions, oldest first (plain copies, usable after the app context)."""
    with app.app_context():
        rows = get_session().scalars(select(Revision).where(
            Revision.entity_type == kind, Revision.entity_id == record_id).order_by(Revision.id))
        return [SimpleNamespace(id=r.id, action=r.action, user_id=r.user_id, before=r.before,
                                after=r.after, summary=r.summary) for r in rows]


def add_statement(client: FlaskClient, speaker: str, wording: str, **extra: str) -> Any:
    """Add a statement through the form (a new speaker is confirmed when asked)."""
    data = {"speaker": speaker, "wording": wording, "kind": "direct_quote", **extra}
    response = post_form(client, "/statements/new", data)
    if response.status_code == 400 and 'name="speaker_choice"' in response.get_data(as_text=True):
        response = post_form(client, "/statements/new", {**data, "speaker_choice": "new"})
    return response


__all__ = ["Speaker", "Statement"]
