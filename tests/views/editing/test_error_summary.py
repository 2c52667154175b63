"""Every form's errors are summarised at its top: an alert, focused, each error a link to its field."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.edit_helpers import add_statement, editor, latest_id, login, post_form, token
from tests.pages_helpers import Node, parse
from tracker.models import Statement

__all__ = ["editor"]


def _summary(html: str) -> tuple[Node, list[tuple[str, str]], Node]:
    doc = parse(html)
    summary = doc.find("div", class_="error-summary")
    links = [(a.attrs["href"], a.text()) for a in summary.find_all("a")]
    return summary, links, doc


def test_a_long_forms_errors_are_summarised_and_linked(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    assert add_statement(client, "Summary Testspeaker", "Words.").status_code == 302
    statement_id = latest_id(app, Statement)
    response = post_form(client, f"/statements/{statement_id}/accounts/new", {
        "wording": "A version.", "stance": "affirms", "published": "the 31st of Smarch",
        "chain-0-role": "intermediary", "chain-0-label": "x" * 301})
    assert response.status_code == 400
    summary, links, doc = _summary(response.get_data(as_text=True))
    assert summary.attrs["role"] == "alert" and summary.attrs["tabindex"] == "-1"
    assert "autofocus" in summary.attrs
    # The summary is the first thing in the main content, before the form.
    main = doc.find("main")
    assert next(n for n in main.iter()
                if n.tag == "form" or "error-summary" in n.classes()) is summary
    hrefs = [href for href, _ in links]
    assert hrefs == ["#published"], links  # the chain row is checked once the fields are readable
    assert links[0][1].startswith("Published on: ")
    assert doc.find(id="published").attrs.get("aria-invalid") == "true"

    response = post_form(client, f"/statements/{statement_id}/accounts/new", {
        "wording": "A version.", "stance": "affirms",
        "chain-0-role": "intermediary", "chain-0-label": "x" * 301})
    _, links, doc = _summary(response.get_data(as_text=True))
    assert [href for href, _ in links] == ["#chain-0-label"]
    assert links[0][1].startswith("Chain of attribution, row 1, Or a description: ")
    doc.find(id="chain-0-label")


def test_the_login_form_has_the_summary_too(client: FlaskClient) -> None:
    response = client.post("/login", data={"email": "nobody@example.org", "password": "wrong",
                                           "csrf_token": token(client)})
    summary, _, _ = _summary(response.get_data(as_text=True))
    assert summary.attrs["role"] == "alert"
