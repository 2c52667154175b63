"""Property tests of the editing forms and the login form: whatever a browser (or something posing
as one) posts is answered without a 5xx, and a form that does not save leaves the database
exactly as it was (``tests/hostile.py``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from tests.edit_helpers import login, make_user, token
from tests.hostile import HOSTILE, Watcher, form_value

_ALIAS = ("aliases-0-name", "aliases-0-language", "aliases-0-script", "aliases-1-name")
_ROLE = ("roles-0-title", "roles-0-organization", "roles-0-start", "roles-0-end")
_HOP = ("chain-0-role", "chain-0-speaker", "chain-0-outlet", "chain-0-label", "chain-1-role")
# form URL -> the fields it reads (FieldList rows spelled as the browser sends them)
FORMS: dict[str, tuple[str, ...]] = {
    "/speakers/new": ("name", "kind", "wikidata_id", "country", "description", "version", *_ALIAS, *_ROLE),
    "/outlets/new": ("name", "kind", "country", "language", "url", "domain", "version"),
    "/events/new": ("name", "place", "start", "start_approximate", "end", "end_approximate", "parent",
                    "description", "version"),
    "/statements/new": ("speaker", "speaker_id", "event", "said", "said_approximate", "said_note",
                        "wording", "kind", "language", "original_text", "translation_note", "topics",
                        "verdict", "version"),
    "/statements/1/accounts/new": ("narrator", "narrator_id", "outlet", "article_url", "article_title",
                                   "published", "published_approximate", "wording", "stance", "note",
                                   "version", *_HOP),
    "/conflicts/new": ("title", "summary", "status", "resolution", "members", "candidate_statement",
                       "extra_members", "point_rows", "points-0-aspect", "points-0-claim-xi-righteous-act",
                       "version"),
}
_REQUIRED = {"name", "title", "wording", "speaker", "members"}
_MEMBERS = st.sampled_from(["statement:xi-righteous-act", "account:acct-xi-righteous-act",
                            "statement:kr-office-readout-kishida-initiated", "statement:", "x:y"])


def _field(name: str, hostile: bool) -> st.SearchStrategy[Any]:
    base = name.rsplit("-", 1)[-1]
    if name == "members":
        return st.lists(_MEMBERS, max_size=3)
    return form_value(base, hostile)


def _form(fields: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """Half the time plausible fields only (so forms save), half the time hostile ones."""
    required = [name for name in fields if name in _REQUIRED]
    clean = st.fixed_dictionaries({name: _field(name, False) for name in required},
                                  optional={name: _field(name, False) for name in fields
                                            if name not in required})
    hostile = st.fixed_dictionaries({}, optional={name: _field(name, True) for name in fields})
    return st.one_of(clean, hostile)


@pytest.mark.parametrize("url", list(FORMS))
def test_any_form_post_is_answered_without_a_5xx(app: Flask, client: FlaskClient, database_url: str,
                                                 url: str) -> None:
    make_user(app, "hostile@example.org")
    login(client, "hostile@example.org")
    csrf = token(client, url)
    watcher = Watcher(database_url)

    @HOSTILE
    @given(data=_form(FORMS[url]))
    def post(data: dict[str, Any]) -> None:
        response = _post(client, url, {**data, "csrf_token": csrf})
        assert response.status_code < 500, (response.status_code, data)
        if response.status_code in (302, 303):
            watcher.written()
        else:
            watcher.assert_unchanged(data)

    try:
        post()
        watcher.assert_every_example_ran()
    finally:
        watcher.close()


def test_any_login_is_answered_without_a_5xx(app: Flask, client: FlaskClient, database_url: str) -> None:
    app.config["LOGIN_LIMIT"] = 10**9  # the limiter is tested elsewhere; here every attempt is read
    csrf = token(client, "/login")
    watcher = Watcher(database_url)

    @HOSTILE
    @given(email=form_value("email"), password=form_value("password"),
           next_url=st.one_of(st.none(), form_value("next")))
    def attempt(email: Any, password: Any, next_url: Any) -> None:
        url = "/login" if next_url is None else "/login?" + _query("next", next_url)
        response = _post(client, url, {"email": email, "password": password, "csrf_token": csrf})
        assert response.status_code < 500, (response.status_code, email, password, next_url)
        watcher.assert_unchanged((email, password))

    try:
        attempt()
        watcher.assert_every_example_ran()
    finally:
        watcher.close()


def _query(name: str, value: Any) -> str:
    """The field as a URL-encoded query: a lone surrogate is sent as the bytes that spell it in
    UTF-8 (invalid UTF-8), as a client that is not a browser can."""
    values = value if isinstance(value, list) else [value]
    return urlencode([(name, v.encode("utf-8", "surrogatepass")) for v in values])


def _post(client: FlaskClient, url: str, data: dict[str, Any]) -> Any:
    body = "&".join(_query(name, value) for name, value in data.items())
    return client.post(url, data=body, content_type="application/x-www-form-urlencoded")
