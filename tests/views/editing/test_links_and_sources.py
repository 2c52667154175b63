"""Create and edit links where an editor looks; the article and topic forms; new speakers and
outlets made inside another form get the kind and country the editor gave."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.edit_helpers import add_statement, edit_form, editor, latest_id, login, post_form
from tests.pages_helpers import parse
from tracker.models import (
    Article,
    Conflict,
    DatePrecision,
    Event,
    Outlet,
    OutletKind,
    Speaker,
    SpeakerKind,
    Statement,
    Topic,
)
from tracker.web.database import get_session

__all__ = ["editor"]


def test_every_create_and_edit_link_leads_to_a_form(app: Flask, client: FlaskClient, editor: str) -> None:
    assert "editor-bar" not in client.get("/").get_data(as_text=True)  # readers see no forms
    login(client, editor)
    bar = parse(client.get("/").get_data(as_text=True)).find("nav", class_="editor-bar")
    adds = [a.attrs["href"] for a in bar.find_all("a")]
    assert adds == ["/statements/new", "/speakers/new", "/outlets/new", "/articles/new", "/events/new",
                    "/topics/new", "/conflicts/new", "/review/speakers", "/imports"]
    with app.app_context():
        session = get_session()
        pages = {f"/events/{session.scalar(select(Event.id).limit(1))}": "/edit",
                 f"/outlets/{session.scalar(select(Outlet.id).limit(1))}": "/edit",
                 f"/articles/{session.scalar(select(Article.id).limit(1))}": "/edit",
                 f"/conflicts/{session.scalar(select(Conflict.id).limit(1))}": "/edit",
                 f"/statements/{session.scalar(select(Statement.id).limit(1))}": "/accounts/"}
    for url in adds:
        assert client.get(url).status_code == 200, url
    for url, edit in pages.items():
        html = client.get(url).get_data(as_text=True)
        links = [href for href in re.findall(r'href="([^"]+)"', html)
                 if edit in href and href.endswith("/edit")]
        assert links, url
        assert client.get(links[0]).status_code == 200, links[0]


def test_the_article_form_keeps_what_it_does_not_show(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    with app.app_context():
        outlet_key = get_session().scalar(select(Outlet.key).where(Outlet.key.is_not(None)).limit(1))
    response = post_form(client, "/articles/new", {
        "outlet": outlet_key, "url": "https://example.org/editorial", "title": "Why so?",
        "authors": "Sword smile\nDao Dao sister", "published": "October 24, 2020",
        "language": "en"})
    assert response.status_code == 302, response.get_data(as_text=True)
    article_id = latest_id(app, Article)
    with app.app_context():
        session = get_session()
        article = session.get(Article, article_id)
        assert article is not None
        assert article.authors == ["Sword smile", "Dao Dao sister"] and article.outlet is not None
        assert (article.published_on, article.published_precision) == (date(2020, 10, 24), DatePrecision.DAY)
        article.text = "The article's own text, added by another road."
        session.commit()
    response = edit_form(client, f"/articles/{article_id}/edit", title="Why so, Korea?")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        article = get_session().get(Article, article_id)
        assert article is not None and article.title == "Why so, Korea?"
        assert article.text == "The article's own text, added by another road."


def test_the_topic_form(app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    response = post_form(client, "/topics/new", {"name": "Readouts in two languages"})
    assert response.status_code == 302, response.get_data(as_text=True)
    topic_id = latest_id(app, Topic)
    assert f"topic={topic_id}" in response.headers["Location"]
    assert post_form(client, f"/topics/{topic_id}/edit", {"name": "日韓関係"}).status_code == 302
    with app.app_context():
        topic = get_session().get(Topic, topic_id)
        assert topic is not None and topic.name == "日韓関係"
    assert post_form(client, "/topics/new", {"name": ""}).status_code == 400
    assert client.get("/topics/999999/edit").status_code == 404


def test_new_speakers_and_outlets_get_the_kind_and_country_given(app: Flask, client: FlaskClient,
                                                                 editor: str) -> None:
    login(client, editor)
    response = add_statement(client, "Ministry of Testing Affairs", "We deny it.",
                             speaker_kind="organization", speaker_country="kr")
    assert response.status_code == 302, response.get_data(as_text=True)
    statement_id = latest_id(app, Statement)
    response = post_form(client, f"/statements/{statement_id}/accounts/new", {
        "narrator": "Testing Presidential Office", "narrator_choice": "new", "narrator_kind": "organization",
        "narrator_country": "KR", "outlet": "Test Agency Wire", "outlet_kind": "news_agency",
        "outlet_country": "KR", "wording": "They deny it.", "stance": "affirms"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        session = get_session()
        made = {s.name: (s.kind, s.country) for s in session.scalars(select(Speaker).where(
            Speaker.name.in_(["Ministry of Testing Affairs", "Testing Presidential Office"])))}
        assert made == {"Ministry of Testing Affairs": (SpeakerKind.ORGANIZATION, "KR"),
                        "Testing Presidential Office": (SpeakerKind.ORGANIZATION, "KR")}
        outlet = session.scalars(select(Outlet).where(Outlet.name == "Test Agency Wire")).one()
        assert (outlet.kind, outlet.country) == (OutletKind.NEWS_AGENCY, "KR")
    response = add_statement(client, "Another Testing Body", "Words.", speaker_country="Korea")
    assert response.status_code == 400
    assert parse(response.get_data(as_text=True)).find(id="speaker_country-error")
