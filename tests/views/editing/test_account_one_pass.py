"""The account form in one pass: a chosen narrator survives another field's error, and a chain
row's new name is made a speaker in the same submit."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.edit_helpers import add_statement, editor, form_values, latest_id, login, post_form
from tracker.models import Account, Speaker, Statement
from tracker.web.database import get_session

__all__ = ["editor"]


def test_a_chosen_narrator_is_kept_and_chain_names_are_made(app: Flask, client: FlaskClient,
                                                            editor: str) -> None:
    login(client, editor)
    assert add_statement(client, "One Pass Speaker", "Words.").status_code == 302
    statement_id = latest_id(app, Statement)
    url = f"/statements/{statement_id}/accounts/new"
    with app.app_context():
        kishida = get_session().scalars(select(Speaker).where(Speaker.key == "fumio-kishida")).one()
        kishida_id, kishida_name = kishida.id, kishida.name
    base = {"narrator": "PM Kishida", "wording": "A version.", "stance": "affirms",
            "chain-0-role": "intermediary", "chain-0-speaker": "Brand New Chain Person"}
    asked = post_form(client, url, base)
    assert asked.status_code == 400 and 'name="narrator_choice"' in asked.get_data(as_text=True)
    # The editor picks Kishida, but the date is wrong: the choice must survive.
    response = post_form(client, url, {**base, "narrator_choice": str(kishida_id), "published": "01/02/2022"})
    assert response.status_code == 400
    values = form_values(response.get_data(as_text=True))
    assert (values["narrator"], values["narrator_id"]) == (kishida_name, str(kishida_id))
    assert 'name="narrator_choice"' not in response.get_data(as_text=True)
    # Resubmitting the form as shown, date fixed, saves in one more pass.
    values.pop("q", None)
    response = client.post(url, data={**values, "published": "1 Feb 2022"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        account = get_session().get(Account, latest_id(app, Account))
        assert account is not None and account.narrator_id == kishida_id
        assert [h.speaker.name for h in account.hops if h.speaker] == ["Brand New Chain Person"]


def test_create_new_stays_chosen_across_an_error(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    assert add_statement(client, "One Pass Speaker Two", "Words.").status_code == 302
    statement_id = latest_id(app, Statement)
    url = f"/statements/{statement_id}/accounts/new"
    base = {"narrator": "Kishida Office Testers", "wording": "A version.", "stance": "affirms"}
    asked = post_form(client, url, base)
    assert 'name="narrator_choice"' in asked.get_data(as_text=True)
    response = post_form(client, url, {**base, "narrator_choice": "new", "published": "smarch",
                                       "narrator_choice_name": "Kishida Office Testers"})
    assert response.status_code == 400
    values = form_values(response.get_data(as_text=True))
    assert values["narrator_choice"] == "new"
    values.pop("q", None)
    assert client.post(url, data={**values, "published": "2022"}).status_code == 302
    with app.app_context():
        account = get_session().get(Account, latest_id(app, Account))
        assert account is not None and account.narrator is not None
        assert account.narrator.name == "Kishida Office Testers"
