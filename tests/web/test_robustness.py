"""Nasty input never reaches a 500: ids too large for the database, digits int() rejects ("²"),
and the conflict form's candidates load in a fixed number of queries however many are named."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from tests.api.test_api_write import auth, make_token
from tests.edit_helpers import admin, editor, login, post_form, token
from tracker.services.input.records import MAX_ID, whole_number

__all__ = ["admin", "editor"]

HUGE = "9" * 30
JUST_OVER = str(MAX_ID + 1)


def test_whole_number_takes_ascii_digits_that_fit_an_id() -> None:
    assert whole_number("42") == 42 and whole_number(" 7 ") == 7 and whole_number("0") == 0
    assert whole_number(MAX_ID) == MAX_ID
    for bad in ("²", "١", "-1", "1.5", "", None, JUST_OVER, HUGE, "9" * 5000):
        assert whole_number(bad) is None, bad
    assert whole_number("50", high=49) is None


@pytest.mark.parametrize("query", [f"speaker={HUGE}", f"speaker={JUST_OVER}", f"topic={HUGE}",
                                   f"event={JUST_OVER}", f"outlet={JUST_OVER}"])
def test_timeline_ids_too_large_are_a_400(client: FlaskClient, query: str) -> None:
    response = client.get(f"/timeline?{query}")
    assert response.status_code == 400, response.status_code
    assert "there is no record" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [f"/conflicts/new?statement={HUGE}", "/conflicts/new?statement=%C2%B2"])
def test_new_conflict_ignores_ids_it_cannot_use(client: FlaskClient, editor: str, path: str) -> None:
    login(client, editor)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("data", [{"point_rows": "²"}, {"candidate_statement": HUGE},
                                  {"extra": f"statement {HUGE} account {HUGE}"}])
def test_conflict_form_with_odd_numbers_is_not_a_500(client: FlaskClient, editor: str,
                                                      data: dict[str, str]) -> None:
    login(client, editor)
    assert post_form(client, "/conflicts/new", data).status_code in (200, 400)


@pytest.mark.parametrize("version", ["²", HUGE])
def test_delete_with_an_odd_version_is_not_a_500(client: FlaskClient, editor: str, version: str) -> None:
    login(client, editor)
    response = client.post("/speakers/1/delete",
                           data={"version": version, "csrf_token": token(client, "/speakers/1/edit")})
    assert response.status_code == 400
    assert "version" in response.get_data(as_text=True)


@pytest.mark.parametrize("keep", ["²", HUGE])
def test_merge_into_an_odd_number_says_so(client: FlaskClient, admin: str, keep: str) -> None:
    login(client, admin)
    response = post_form(client, "/speakers/2/merge", {"keep": keep})
    assert response.status_code == 400
    assert "There is no speaker" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["speaker_choice", "speaker_id"])
@pytest.mark.parametrize("value", ["²", HUGE])
def test_new_statement_with_an_odd_speaker_number_is_not_a_500(client: FlaskClient, editor: str,
                                                                field: str, value: str) -> None:
    login(client, editor)
    response = post_form(client, "/statements/new",
                         {"speaker": "Nobody Known Yet", field: value, "wording": "Words."})
    assert response.status_code in (200, 302, 400), response.status_code


def test_api_if_match_with_a_digit_int_rejects_is_a_400(app: Flask, client: FlaskClient) -> None:
    headers = {**auth(make_token(app)), "If-Match": '"²"'}
    response = client.patch("/api/v1/speakers/1", json={"name": "X"}, headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "If-Match"


def test_conflict_candidates_load_in_a_fixed_number_of_queries(app: Flask, client: FlaskClient,
                                                                editor: str) -> None:
    login(client, editor)
    counted: list[str] = []
    engine = app.extensions["engine"]

    def count(*args: object) -> None:
        counted.append(str(args[2]))

    def queries(path: str) -> int:
        counted.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(counted)

    few = queries("/conflicts/new?statement=1&statement=2")
    many = queries("/conflicts/new?" + "&".join(f"statement={i}" for i in range(1, 21)))
    assert many == few, f"{few} queries for 2 statements, {many} for 20"

