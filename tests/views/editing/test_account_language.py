"""An account in its own words: language, original text, translation note and translator,
entered through the form and read back everywhere (pages, comparison, search, API, JSON-LD)."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api_helpers import get_json
from tests.edit_helpers import add_statement, editor, form_values, latest_id, login, post_form, revisions_of
from tests.pages_helpers import Node, parse
from tracker.models import Account, Conflict, Statement
from tracker.web.database import get_session

__all__ = ["editor"]

CHINESE = "双方谈到鳄鱼保护，中方坚决反对所谓台独"
ENGLISH = "Both sides discussed crocodile protection; China firmly opposes so-called Taiwan independence."


def _statement(app: Flask, client: FlaskClient) -> int:
    response = add_statement(client, "Readout Testspeaker", "The two leaders met.", said="2022-06-28")
    assert response.status_code == 302, response.get_data(as_text=True)
    return latest_id(app, Statement)


def _account(client: FlaskClient, statement_id: int, **fields: str) -> object:
    return post_form(client, f"/statements/{statement_id}/accounts/new", {
        "narrator": "", "outlet": "", "wording": ENGLISH, "stance": "differs", **fields})


def test_an_account_keeps_its_own_words_through_the_form(app: Flask, client: FlaskClient,
                                                           editor: str) -> None:
    login(client, editor)
    statement_id = _statement(app, client)
    response = _account(client, statement_id, language="zh", original_text=CHINESE,
                        translator="Tracker desk", translation_note="Machine draft, checked by hand.")
    assert response.status_code == 302, response.get_data(as_text=True)  # type: ignore[attr-defined]
    account_id = latest_id(app, Account)
    with app.app_context():
        account = get_session().get(Account, account_id)
        assert account is not None
        assert (account.language, account.original_text, account.translator, account.translation_note) == (
            "zh", CHINESE, "Tracker desk", "Machine draft, checked by hand.")
    created = revisions_of(app, "account", account_id)[0]
    assert created.after["original_text"] == CHINESE and created.after["language"] == "zh"

    # The edit form shows what was stored (a textarea starts with a newline HTML drops).
    values = form_values(client.get(f"/accounts/{account_id}/edit").get_data(as_text=True))
    assert values["original_text"].strip() == CHINESE and values["language"] == "zh"
    assert values["translator"] == "Tracker desk"

    # The statement page shows the original in its language beside the English.
    doc = parse(client.get(f"/statements/{statement_id}").get_data(as_text=True))
    originals = doc.find_all("p", class_="original")
    assert [(p.attrs.get("lang"), p.text()) for p in originals] == [("zh", CHINESE)]
    assert "Translated by Tracker desk." in doc.text()
    ld = json.loads(doc.find("script", type="application/ld+json").text())
    assert ld["workExample"] == [{
        "@type": "Quotation", "text": CHINESE, "inLanguage": "zh",
        "workTranslation": {"@type": "Quotation", "text": ENGLISH, "inLanguage": "en",
                            "translator": {"@type": "Person", "name": "Tracker desk"},
                            "description": "Machine draft, checked by hand."}}]

    # A reader searching in the account's own language finds the statement.
    found = get_json(client, "/search.json", q="鳄鱼")
    assert [i["id"] for i in found["items"]] == [statement_id]
    api = get_json(client, f"/api/v1/statements/{statement_id}")
    assert [(a["language"], a["original_text"]) for a in api["accounts"]] == [("zh", CHINESE)]


def test_a_bad_language_is_refused_naming_the_field(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    statement_id = _statement(app, client)
    before = latest_id(app, Account)
    response = _account(client, statement_id, language="Chinese (simplified)", original_text=CHINESE)
    assert response.status_code == 400  # type: ignore[attr-defined]
    doc = parse(response.get_data(as_text=True))  # type: ignore[attr-defined]
    assert "not a language code" in doc.find(id="language-error").text()
    assert doc.find("textarea", name="original_text").text().strip() == CHINESE
    assert latest_id(app, Account) == before


def test_the_api_takes_and_checks_an_accounts_language(app: Flask, client: FlaskClient) -> None:
    from tests.api.test_api_write import auth, make_token

    token = make_token(app)
    body = {"speaker": "fumio-kishida", "wording": "The two leaders met.",
            "accounts": [{"key": "api-zh-readout", "wording": ENGLISH, "language": "zh",
                          "original_text": CHINESE, "translator": "Desk"}]}
    created = client.post("/api/v1/statements", json=body, headers=auth(token))
    assert created.status_code == 201, created.get_json()
    statement_id = created.get_json()["id"]
    read = get_json(client, f"/api/v1/statements/{statement_id}")
    assert read["accounts"][0]["original_text"] == CHINESE and read["accounts"][0]["translator"] == "Desk"
    bad = client.post("/api/v1/statements", headers=auth(token),
                      json={**body, "accounts": [{"key": "api-bad", "wording": ENGLISH, "language": "中文"}]})
    assert bad.status_code in (400, 422)
    assert "language" in json.dumps(bad.get_json())


def test_the_comparison_shows_each_version_in_its_own_words(app: Flask, client: FlaskClient,
                                                              editor: str) -> None:
    login(client, editor)
    statement_id = _statement(app, client)
    assert _account(client, statement_id, language="zh", original_text=CHINESE).status_code == 302  # type: ignore[attr-defined]
    korean = "두 정상은 짧게 인사를 나눴다"
    assert _account(client, statement_id, wording="The two leaders briefly greeted each other.",
                    language="ko", original_text=korean).status_code == 302  # type: ignore[attr-defined]
    with app.app_context():
        keys = [a.key for a in get_session().scalars(
            select(Account).where(Account.statement_id == statement_id).order_by(Account.id))]
    response = post_form(client, f"/conflicts/new?statement={statement_id}", {
        "title": "Two readouts", "status": "open", "candidate_statement": str(statement_id),
        "members": [f"account:{k}" for k in keys], "point_rows": "0"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        conflict_id = get_session().scalar(select(Conflict.id).order_by(Conflict.id.desc()).limit(1))

    def shown(words: str | None) -> tuple[list[tuple[str | None, str]], list[str]]:
        url = f"/conflicts/{conflict_id}" + (f"?words={words}" if words else "")
        doc = parse(client.get(url).get_data(as_text=True))
        versions: list[Node] = doc.find_all("article", class_="version")
        originals = [(p.attrs.get("lang"), p.text())
                     for v in versions for p in v.find_all("p", class_="original")]
        english = [q.text() for v in versions for q in v.find_all("blockquote", class_="version-wording")]
        return originals, english

    originals, english = shown(None)
    assert originals == [("zh", CHINESE), ("ko", korean)]
    assert english == [ENGLISH, "The two leaders briefly greeted each other."]
    assert shown("original") == (originals, [])
    assert shown("english") == ([], english)
    assert client.get(f"/conflicts/{conflict_id}?words=klingon").status_code == 400
    twin = get_json(client, f"/conflicts/{conflict_id}.json")
    assert [c["original"]["language"] for c in twin["columns"]] == ["zh", "ko"]
