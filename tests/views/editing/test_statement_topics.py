"""Topics and a fact-checker's verdict, typed in the statement form."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.edit_helpers import add_statement, editor, form_values, latest_id, login, post_form
from tracker.models import Revision, Statement, Topic
from tracker.web.database import get_session

__all__ = ["editor"]


def _topics(app: Flask, statement_id: int) -> list[str]:
    with app.app_context():
        statement = get_session().get(Statement, statement_id)
        assert statement is not None
        return [t.name for t in statement.topics]


def _topic_count(app: Flask) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(Topic)) or 0


def test_typed_topics_are_found_or_made_and_shown_again(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    assert add_statement(client, "Topicspeaker Example", "We talked about the alliance.",
                         topics="Alliances").status_code == 302
    before = _topic_count(app)
    response = add_statement(client, "Topicspeaker Example", "Trade came up as well, and energy.",
                             topics="alliances, 무역、エネルギー， Alliances ;", verdict="mostly true")
    assert response.status_code == 302, response.get_data(as_text=True)
    statement_id = latest_id(app, Statement)
    # "alliances" is the stored "Alliances" (case ignored), once; the two new names are new topics
    assert sorted(_topics(app, statement_id)) == sorted(["Alliances", "무역", "エネルギー"])
    assert _topic_count(app) == before + 2
    with app.app_context():
        session = get_session()
        made = session.scalars(select(Revision.summary).where(Revision.entity_type == "topic")
                               .order_by(Revision.id.desc()).limit(2)).all()
        assert made == ["created while editing a statement"] * 2
        statement = session.get(Statement, statement_id)
        assert statement is not None and statement.verdict == "mostly true"
    page = client.get(f"/statements/{statement_id}/edit").get_data(as_text=True)
    values = form_values(page)
    assert set(values["topics"].split(", ")) == {"Alliances", "무역", "エネルギー"}
    assert values["verdict"] == "mostly true"
    # saving the edit form unchanged keeps them; emptying the field removes them from the statement
    data = {**values, "topics": ""}
    assert post_form(client, f"/statements/{statement_id}/edit", data).status_code == 302
    assert _topics(app, statement_id) == []
    assert _topic_count(app) == before + 2  # the topics themselves stay


def test_a_topic_is_found_whatever_the_case_of_its_letters(app: Flask, client: FlaskClient,
                                                            editor: str) -> None:
    login(client, editor)
    response = add_statement(client, "Topicspeaker Example", "On the economy.", topics="Économie")
    assert response.status_code == 302
    before = _topic_count(app)
    assert add_statement(client, "Topicspeaker Example", "The economy again, in other words.",
                         topics="économie, ÉCONOMIE").status_code == 302
    assert _topics(app, latest_id(app, Statement)) == ["Économie"]
    assert _topic_count(app) == before


def test_a_refused_statement_makes_no_topic(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    before = _topic_count(app)
    response = add_statement(client, "Topicspeaker Example", "", topics="Brand new topic")
    assert response.status_code == 400
    assert _topic_count(app) == before
    assert 'value="Brand new topic"' in response.get_data(as_text=True)  # what was typed is kept


def test_too_many_or_too_long_topics_name_the_field(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    before = _topic_count(app)
    many = ", ".join(f"topic {i}" for i in range(51))
    response = add_statement(client, "Topicspeaker Example", "Words.", topics=many)
    assert response.status_code == 400
    assert "at most 50 topics are allowed; this gives 51" in response.get_data(as_text=True)
    response = add_statement(client, "Topicspeaker Example", "Words.", topics="fine, " + "x" * 201)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert f"“{'x' * 40}…” is 201 characters long; the limit is 200" in text
    assert 'href="#topics"' in text  # summarised at the top, linked to the field
    assert _topic_count(app) == before
