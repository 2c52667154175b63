"""The speaker page's flat statement list (plain rows, links built once) renders exactly what
the shared ``_statement.html`` renders from the models (issue 6)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Flask, render_template, render_template_string, url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from tracker.db import get_session
from tracker.models import Account, Article, DatePrecision, Outlet, Speaker, Stance, Statement
from tracker.services import page_rows, speaker_page
from tracker.services.speaker_page import SpeakerFilter
from tracker.views.links import id_link, record_links

from .pages_helpers import queries_for

SHARED = ('{% for s in items %}{% with show_speaker=false %}{% include "_statement.html" %}'
          "{% endwith %}{% endfor %}")


def _every_variant(app: Flask) -> None:
    """Give the seeds what they lack: undated, approximate and yearly statements, original
    text, a deleted account, accounts without narrator or article, articles without outlet,
    title or URL, and a partial publication date with a note that needs escaping."""
    with app.app_context():
        session = get_session()
        statements = list(session.scalars(select(Statement).order_by(Statement.id)))
        statements[1].said_on, statements[1].said_precision = None, None
        statements[2].said_precision = DatePrecision.APPROXIMATE
        statements[3].said_precision = DatePrecision.YEAR
        statements[4].original_text, statements[4].language = "원문 <i>", "ko"
        statements[5].said_note = None
        accounts = list(session.scalars(select(Account).order_by(Account.id)))
        accounts[0].deleted_at = datetime.now(UTC)
        accounts[1].narrator = None
        accounts[2].article = None
        accounts[3].note = "A <note> & more"
        accounts[4].stance = Stance.DENIES
        outlet = session.scalars(select(Outlet).order_by(Outlet.id)).first()
        for account, article in zip(accounts[5:10], [
                Article(outlet=outlet, title=None, url=None),
                Article(outlet=None, title="No outlet", url="https://example.org/a?x=1&y=<2>"),
                Article(outlet=outlet, title="Monthly", published_on=date(2022, 6, 1),
                        published_precision=DatePrecision.MONTH, published_note="per <b>desk</b>"),
                Article(outlet=outlet, title="Daily", published_on=date(2022, 6, 3)),
                Article(outlet=outlet, title="Yearly", published_on=date(2021, 1, 1),
                        published_precision=DatePrecision.YEAR)], strict=True):
            account.article = article
        session.add(Statement(speaker_id=statements[0].speaker_id, wording="No accounts at all"))
        session.commit()


def test_flat_list_renders_what_the_shared_include_renders(app: Flask) -> None:
    _every_variant(app)
    with app.test_request_context("/"):
        session = get_session()
        speakers = session.scalars(select(Speaker.id).where(Speaker.statements.any())).all()
        assert len(speakers) > 5
        for speaker in speakers:
            models = speaker_page.speaker_statements(session, speaker, SpeakerFilter(), 500,
                                                     speaker_page.statement_models)
            rows = speaker_page.speaker_statements(session, speaker, SpeakerFilter(), 500,
                                                   page_rows.statements)
            assert [r.id for r in rows.items] == [m.id for m in models.items]
            flat = render_template("speakers/_statement_list.html", statements=rows, **record_links())
            assert flat == render_template_string(SHARED, items=models.items)


def test_the_page_shows_the_variants(app: Flask, client: FlaskClient) -> None:
    _every_variant(app)
    with app.app_context():
        session = get_session()
        first = session.scalars(select(Statement.speaker_id).order_by(Statement.id)).first()
        noted = session.scalars(select(Statement.speaker_id).join(Account)
                                .where(Account.note == "A <note> & more")).one()
    html = client.get(f"/speakers/{first}?per_page=200").get_data(as_text=True)
    assert "No accounts at all" in html and "date unknown" in html
    html = client.get(f"/speakers/{noted}?per_page=200").get_data(as_text=True)
    assert "<note>" not in html and "A &lt;note&gt; &amp; more" in html


def test_id_link_is_url_for_under_any_root(app: Flask) -> None:
    endpoints = {"statements.detail": "statement_id", "events.detail": "event_id",
                 "speakers.detail": "speaker_id", "articles.detail": "article_id",
                 "outlets.detail": "outlet_id"}
    for root in ("", "/tracker", "/a/b"):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
            for endpoint, key in endpoints.items():
                for record in (1, 42, 987654321):
                    values: dict[str, Any] = {key: record}
                    assert id_link(endpoint, key)(record) == url_for(endpoint, **values)
                    assert id_link(endpoint, key)(record).startswith(f"{root}/")


def test_html_page_queries_do_not_grow_with_accounts(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        session = get_session()
        statement = session.scalars(select(Statement).order_by(Statement.id)).first()
        assert statement is not None
        statement_id, speaker = statement.id, statement.speaker_id
    path = f"/speakers/{speaker}?per_page=200"
    before = queries_for(app, client, path)
    with app.app_context():
        session = get_session()
        article = session.scalars(select(Article)).first()
        for n in range(5):
            session.add(Account(statement_id=statement_id, narrator_id=speaker, article=article,
                                wording=f"Again {n}", stance=Stance.DIFFERS))
        session.commit()
    assert queries_for(app, client, path) == before
