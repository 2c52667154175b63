"""One 404 loader per record type (tracker/web/records.py): pages and the API answer a missing
record alike, and a merged speaker's URL moves in one way decided in one place."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.pages_helpers import get_json, page, speaker_id
from tracker.models import Speaker, SpeakerAlias
from tracker.services.input.text import fold, name_key
from tracker.web import records
from tracker.web.database import get_session


def _merged_into(app: Flask, keep: int) -> int:
    with app.app_context():
        session = get_session()
        speaker = Speaker(name="Yoon Twice", sort_name=fold("Yoon Twice"), merged_into_id=keep)
        speaker.aliases.append(SpeakerAlias(name="Yoon Twice", name_key=name_key("Yoon Twice"),
                                            is_canonical=True))
        session.add(speaker)
        session.commit()
        return speaker.id


def test_a_merged_speaker_moves_for_pages_and_the_api(app: Flask, client: FlaskClient) -> None:
    yoon = speaker_id(client, "Yoon")
    merged = _merged_into(app, yoon)
    for path, status, target in (
            (f"/speakers/{merged}?from=2022", 301, f"/speakers/{yoon}?from=2022"),
            (f"/speakers/{merged}.json", 301, f"/speakers/{yoon}.json"),
            (f"/api/v1/speakers/{merged}?per_page=2", 308, f"/api/v1/speakers/{yoon}?per_page=2")):
        response = client.get(path)
        assert response.status_code == status, path
        assert response.headers["Location"].endswith(target)
        assert response.headers["Cache-Control"] == "no-store"  # a merge can be undone


def test_the_way_a_merged_speaker_moves_is_decided_in_one_place(app: Flask, client: FlaskClient,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    merged = _merged_into(app, speaker_id(client, "Yoon"))
    monkeypatch.setitem(records.MOVED, "page", 302)
    monkeypatch.setitem(records.MOVED, "api", 307)
    assert client.get(f"/speakers/{merged}").status_code == 302
    assert client.get(f"/speakers/{merged}.json").status_code == 302
    assert client.get(f"/api/v1/speakers/{merged}").status_code == 307


@pytest.mark.parametrize("kind", ["speaker", "statement", "conflict", "event", "outlet", "article"])
def test_a_missing_record_is_the_same_404_on_its_page_its_twin_and_the_api(client: FlaskClient,
                                                                            kind: str) -> None:
    message = f"There is no {kind} 999999."
    assert message in page(client, f"/{kind}s/999999", 404).find("main").text()
    assert get_json(client, f"/{kind}s/999999.json", 404)["error"]["message"] == message
    assert get_json(client, f"/api/v1/{kind}s/999999", 404)["error"]["message"] == message


def test_a_deleted_record_is_missing_everywhere(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        from tracker.models import Account
        from tracker.models.base import utcnow

        session = get_session()
        account = session.scalars(select(Account).order_by(Account.id)).first()
        assert account is not None
        account_id, statement_id = account.id, account.statement_id
        assert client.get(f"/api/v1/accounts/{account_id}").status_code == 200
        account.statement.deleted_at = utcnow()
        session.commit()
    message = f"There is no statement {statement_id}."
    assert message in page(client, f"/statements/{statement_id}", 404).find("main").text()
    assert get_json(client, f"/api/v1/statements/{statement_id}", 404)["error"]["message"] == message
    # an account of a deleted statement is gone with it
    assert get_json(client, f"/api/v1/accounts/{account_id}", 404)["error"]["message"] == (
        f"There is no account {account_id}.")
