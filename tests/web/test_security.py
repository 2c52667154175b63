"""Every write needs a login and a CSRF token; bad input gives clear errors, never a 500 or raw HTML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.routing import Rule

from tests.conftest import make_app
from tests.edit_helpers import editor, form_values, latest_id, login, post_form, token
from tracker.models import Outlet, Revision, Speaker
from tracker.web.database import get_session

__all__ = ["editor"]

PUBLIC_POSTS = {"auth.login", "auth.logout"}  # logging in needs no login; logging out is harmless
SCRIPT = "<script>alert(1)</script>"


def _url(rule: Rule) -> str:
    values: dict[str, Any] = {}
    for name, converter in rule._converters.items():
        items = getattr(converter, "items", None)
        values[name] = sorted(items)[0] if items else (1 if "Integer" in type(converter).__name__ else "x")
    path = rule.build(values)
    assert path is not None
    return path[1]


def post_rules(app: Flask) -> list[Rule]:
    """Every rule that accepts POST: new routes are covered without touching this test."""
    return [rule for rule in app.url_map.iter_rules() if "POST" in (rule.methods or set())]


def _count_revisions(app: Flask) -> int:
    with app.app_context():
        return int(get_session().scalar(select(func.count()).select_from(Revision)) or 0)


def test_there_are_post_routes_to_check(app: Flask) -> None:
    assert len(post_rules(app)) >= 10


def test_every_post_route_rejects_anonymous_users(app: Flask, client: FlaskClient) -> None:
    csrf = token(client)
    before = _count_revisions(app)
    for rule in post_rules(app):
        if rule.endpoint in PUBLIC_POSTS:
            continue
        response = client.post(_url(rule), data={"csrf_token": csrf, "name": "x", "wording": "x"})
        assert response.status_code in (302, 401, 403), (rule.rule, response.status_code)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], rule.rule
    assert _count_revisions(app) == before


def _csrf_exempt(app: Flask, rule: Rule) -> bool:
    """Routes exempt from CSRF (the bearer-token API) must not accept the login cookie instead."""
    from tracker.web.auth import csrf

    blueprint = rule.endpoint.rpartition(".")[0]
    view = app.view_functions[rule.endpoint]
    location = f"{view.__module__}.{view.__name__}"
    return blueprint in {bp.name for bp in csrf._exempt_blueprints} or location in csrf._exempt_views


def test_every_post_route_rejects_a_missing_or_wrong_csrf_token(app: Flask, client: FlaskClient,
                                                                 editor: str) -> None:
    login(client, editor)
    before = _count_revisions(app)
    for rule in post_rules(app):
        expected = (401, 403) if _csrf_exempt(app, rule) else (400,)
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(_url(rule), data={**data, "name": "x", "wording": "x"})
            assert response.status_code in expected, (rule.rule, response.status_code)
    assert _count_revisions(app) == before


def test_an_expired_token_keeps_what_was_typed(client: FlaskClient, editor: str) -> None:
    login(client, editor)
    response = client.post("/statements/new", data={
        "csrf_token": "expired-over-lunch", "speaker": "Someone", "wording": "A long careful transcription"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was saved" in page and "Your changes are still here" in page
    assert "A long careful transcription" in page
    values = form_values(page)
    assert values["csrf_token"] and values["speaker"] == "Someone"


def _errors(page: str) -> str:
    return page.split("<form", 1)[1] if "<form" in page else page


@pytest.mark.parametrize(("data", "message"), [
    ({"wording": ""}, "is required and may not be empty"),
    ({"wording": "x", "said": "2022-13-45"}, "there is no month 13"),
    ({"wording": "x", "said": "2022-02-30"}, "has no day 30"),
    ({"wording": "x" * 100_000}, "is 100,000 characters long; the limit is 20,000"),
])
def test_bad_statement_input_is_explained_next_to_the_field(app: Flask, client: FlaskClient, editor: str,
                                                            data: dict[str, str], message: str) -> None:
    login(client, editor)
    post_form(client, "/speakers/new", {"name": "Bad Input Quuxspeaker", "kind": "person"})
    response = post_form(client, "/statements/new",
                         {"speaker": "Bad Input Quuxspeaker", "kind": "direct_quote", **data})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert 'aria-invalid="true"' in page
    field = "said" if "said" in data else "wording"
    assert f'id="{field}-error"' in page  # the message sits next to its field


def test_bad_urls_and_countries_are_refused(client: FlaskClient, editor: str) -> None:
    login(client, editor)
    response = post_form(client, "/outlets/new", {"name": "Quux Outlet", "url": "javascript:alert(1)",
                                                  "kind": "other"})
    assert response.status_code == 400
    assert "is not a web address starting with http:// or https://" in response.get_data(as_text=True)


def test_script_in_every_field_is_stored_as_text_and_shown_escaped(app: Flask, client: FlaskClient,
                                                                   editor: str) -> None:
    login(client, editor)
    response = post_form(client, "/speakers/new", {
        "name": SCRIPT, "kind": "person", "description": SCRIPT, "aliases-0-name": SCRIPT + " alias",
        "aliases-0-note": SCRIPT, "roles-0-title": SCRIPT, "roles-0-organization": SCRIPT,
        "different_person": "yes"})
    assert response.status_code == 302, response.get_data(as_text=True)
    speaker_id = latest_id(app, Speaker)
    with app.app_context():
        speaker = get_session().get(Speaker, speaker_id)
        assert speaker is not None and speaker.name == SCRIPT and speaker.description == SCRIPT
    for url in (f"/speakers/{speaker_id}/edit", f"/speakers/{speaker_id}/history"):
        page = client.get(url).get_data(as_text=True)
        assert SCRIPT not in page, url
        assert "&lt;script&gt;" in page, url
    response = post_form(client, "/outlets/new", {"name": SCRIPT, "kind": "other", "language": "en"})
    assert response.status_code == 302
    page = client.get(f"/outlets/{latest_id(app, Outlet)}/edit").get_data(as_text=True)
    assert SCRIPT not in page


def test_too_much_data_is_a_413_page_with_a_message(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    csrf = token(client, "/outlets/new")
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = client.post("/outlets/new", data={"csrf_token": csrf, "name": "x" * 50_000})
    assert response.status_code == 413
    assert "Nothing was saved" in response.get_data(as_text=True)


def test_security_headers_on_edit_pages(client: FlaskClient, editor: str) -> None:
    login(client, editor)
    response = client.get("/statements/new")
    assert "object-src 'none'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_when_cookies_are_for_https_only(database_url: str, tmp_path: Path,
                                                      client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers  # plain HTTP development
    secure = make_app(database_url, tmp_path, SESSION_COOKIE_SECURE=True)
    try:
        for url in ("/", "/speakers", "/login", "/no-such-page"):
            header = secure.test_client().get(url).headers.get("Strict-Transport-Security", "")
            assert header.startswith("max-age=") and int(header[8:].split(";")[0]) >= 180 * 24 * 3600
    finally:
        secure.extensions["engine"].dispose()


@pytest.mark.parametrize(("method", "url"), [("put", "/speakers"), ("post", "/speakers/1"),
                                             ("delete", "/login"), ("put", "/api/v1/speakers/1")])
def test_405_says_which_methods_are_allowed(client: FlaskClient, method: str, url: str) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers.get("Allow", "").split(",")}
    assert "GET" in allowed and method.upper() not in allowed


def _failed_logins_from(app: Flask, addresses: list[str]) -> list[int]:
    client = app.test_client()
    statuses: list[int] = []
    for address in addresses:
        page = client.get("/login")
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
                          page.get_data(as_text=True))
        assert found
        statuses.append(client.post("/login", headers={"X-Forwarded-For": address}, data={
            "email": f"nobody-{len(statuses)}@example.org", "password": "wrong password",
            "csrf_token": found.group(1)}).status_code)
    return statuses


def test_the_address_comes_from_a_trusted_proxy_only(database_url: str, tmp_path: Path) -> None:
    addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]
    behind = make_app(database_url, tmp_path, PROXY_HOPS=1, LOGIN_ATTEMPTS=2)
    alone = make_app(database_url, tmp_path, LOGIN_ATTEMPTS=2)
    try:
        assert _failed_logins_from(behind, addresses) == [401] * 4  # four readers, four addresses
        assert _failed_logins_from(alone, addresses) == [401, 401, 429, 429]  # the header is ignored
    finally:
        behind.extensions["engine"].dispose()
        alone.extensions["engine"].dispose()
