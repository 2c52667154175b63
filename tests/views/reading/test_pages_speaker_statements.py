"""The statement list that a speaker's page, an event's page, the timeline and the home page
share (``templates/_statement_list.html``: plain rows from ``page_rows``, links built once by
``id_link``): the rows hold what the models hold, every variant of a statement and its
accounts shows as readers expect, and the pages cost a fixed number of queries (issue 6)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import product
from typing import Any

from flask import Flask, render_template, url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.pages_helpers import Node, page, parse, queries_for
from tracker.models import Account, Article, DatePrecision, Outlet, Stance, Statement
from tracker.services.input.dates import format_partial, human_date
from tracker.services.pages import page_rows, queries, serialize
from tracker.services.pages.rows import Ref
from tracker.views.links import id_link, record_links
from tracker.views.template_helpers import lang_tag
from tracker.web.database import get_session


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
        statements[6].said_note = "said <b>that</b> day"
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


def _account(a: Any) -> tuple[object, ...]:
    """What the list shows of an account, from a model or a row (same attribute names)."""
    article = a.article
    return (a.id, a.narrator and (a.narrator.id, a.narrator.name), a.wording, a.stance, a.note,
            article and (article.id, article.title, article.url, article.published_on,
                         article.published_precision, article.published_note,
                         article.outlet and (article.outlet.id, article.outlet.name)))


def test_rows_hold_what_the_models_hold(app: Flask) -> None:
    _every_variant(app)
    with app.app_context():
        session = get_session()
        ordered = select(Statement.id).order_by(Statement.said_on, Statement.id.desc())
        ids = [*session.scalars(ordered), 987654321]
        models = queries.statement_models(session, ids)
        rows = page_rows.statements(session, ids)
        assert [r.id for r in rows] == [m.id for m in models] == ids[:-1]  # in order, missing left out
        for row, model in zip(rows, models, strict=True):
            fields = ("said_on", "said_precision", "said_note", "wording", "kind", "language",
                      "original_text")
            assert [getattr(row, f) for f in fields] == [getattr(model, f) for f in fields]
            assert (row.speaker.id, row.speaker.name) == (model.speaker.id, model.speaker.name)
            assert (row.event and (row.event.id, row.event.name)) == (
                model.event and (model.event.id, model.event.name))
            assert row.topics == tuple(Ref(t.id, t.name) for t in model.topics)
            live = [a for a in model.accounts if a.deleted_at is None]
            assert [_account(a) for a in row.accounts] == [_account(a) for a in live]
        # The JSON twins and the API write these rows: field for field what the models give.
        full = page_rows.statements_in_full(session, ids)
        assert [serialize.statement(r) for r in full] == [serialize.statement(m) for m in models]
        assert any(a.hops for r in full for a in r.accounts)
        assert all(not a.hops for r in rows for a in r.accounts)  # the lists read no chain
        assert any(len(r.accounts) > 1 for r in rows) and any(r.topics for r in rows)
        cards, hits = page_rows.statement_cards(session, ids), page_rows.search_hits(session, ids)
        assert [(c.id, c.topics, c.accounts) for c in cards] == [(r.id, r.topics, ()) for r in rows]
        assert [(h.id, h.topics, h.accounts) for h in hits] == [(r.id, (), r.accounts) for r in rows]
        assert page_rows.statements(session, []) == []


def _check_date(parent: Node, value: date | None, precision: DatePrecision | None, note: str | None) -> None:
    times = parent.find_all("time")
    if value is None:
        assert not times and "date unknown" in parent.text()
        return
    time = times[0]
    assert time.attrs["datetime"] == format_partial(value, precision)
    assert time.attrs["data-precision"] == (precision.value if precision else "day")
    assert time.attrs.get("title") == note
    assert time.text() == human_date(value, precision)
    partial = precision is not None and precision.value in ("month", "year")
    shown = [n.text() for n in parent.find_all("span", class_="precision")]
    assert shown == ([f"({precision.value})"] if precision and partial else [])


def _check_account(item: Node, a: Account) -> None:
    box = item.find("div", class_="account")
    assert box.classes() == {"account", f"stance-{a.stance.value}"}
    source = box.find("p", class_="account-source")
    assert source.find("span", class_="stance").text() == a.stance.value
    links = {n.attrs["href"]: n.text() for n in source.find_all("a")}
    if a.narrator:
        assert links.pop(url_for("speakers.detail", speaker_id=a.narrator.id)) == a.narrator.name
    else:
        assert source.text().startswith(f"{a.stance.value} unattributed")
    article = a.article
    wording = box.find("blockquote", class_="account-wording")
    if article:
        title = links.pop(url_for("articles.detail", article_id=article.id))
        assert title == (article.title or "Untitled article")
        if article.outlet:
            assert links.pop(url_for("outlets.detail", outlet_id=article.outlet.id)) == article.outlet.name
            if article.published_on:
                _check_date(source, article.published_on, article.published_precision, article.published_note)
        assert wording.attrs.get("cite") == (article.url or None)
    assert not links and (", in " in source.text()) == (article is not None)
    assert wording.text() == " ".join(a.wording.split())
    assert [n.text() for n in box.find_all("p", class_="note")] == ([a.note] if a.note else [])


def _check_card(card: Node, s: Statement, show_speaker: bool, show_accounts: bool) -> None:
    meta = card.find("p", class_="statement-meta")
    _check_date(meta, s.said_on, s.said_precision, s.said_note)
    links = [(n.attrs["href"], n.text()) for n in meta.find_all("a")]
    speaker = [(url_for("speakers.detail", speaker_id=s.speaker.id), s.speaker.name)] if show_speaker else []
    event = [(url_for("events.detail", event_id=s.event.id), s.event.name)] if s.event else []
    assert links == speaker + event
    assert meta.find("span", class_="kind").text() == s.kind.value.replace("_", " ")
    notes = [n.text() for n in card.find_all("p", class_="note") if n.parent is card]
    assert notes == ([f"Date: {s.said_note}"] if s.said_note else [])
    wording = card.find("blockquote", class_="wording")
    assert wording.attrs.get("lang") == lang_tag(s.language)
    assert wording.find("a").attrs["href"] == url_for("statements.detail", statement_id=s.id)
    assert wording.text() == " ".join(s.wording.split())
    original = card.find_all("p", class_="original")
    assert [o.text() for o in original] == ([f"Original: {s.original_text}"] if s.original_text else [])
    if s.original_text:
        assert original[0].find("span").attrs.get("lang") == lang_tag(s.language)
    topics = [t.text() for t in card.find_all("p", class_="topics")]
    assert topics == ([f"Topics: {', '.join(t.name for t in s.topics)}"] if s.topics else [])
    live = [a for a in s.accounts if a.deleted_at is None]
    boxes = card.find_all("div", class_="accounts")
    if not (show_accounts and live):
        assert not boxes
        return
    title = boxes[0].find("p", class_="accounts-title").text()
    assert title == f"{len(live)} account{'' if len(live) == 1 else 's'}:"
    items = boxes[0].find("ul").find_all("li")
    assert len(items) == len(live)
    for item, account in zip(items, live, strict=True):
        _check_account(item, account)


def test_the_list_shows_every_variant(app: Flask) -> None:
    _every_variant(app)
    with app.test_request_context("/"):
        session = get_session()
        ids = list(session.scalars(select(Statement.id).order_by(Statement.id)))
        models, rows = queries.statement_models(session, ids), page_rows.statements(session, ids)
        links = record_links()
        for show_speaker, show_accounts in product((True, False), repeat=2):
            html = render_template("_statement_list.html", items=rows, show_speaker=show_speaker,
                                   show_accounts=show_accounts, **links)
            for raw in ("<i>", "<b>", "<note>", "<2>"):
                assert raw not in html
            cards = parse(f'<ol class="statements">{html}</ol>').find_all("li", class_="statement")
            assert [c.attrs["id"] for c in cards] == [f"statement-{i}" for i in ids]
            for card, model in zip(cards, models, strict=True):
                _check_card(card, model, show_speaker, show_accounts)
            if show_speaker and show_accounts:  # the defaults
                assert render_template("_statement_list.html", items=rows, **links) == html
        assert render_template("_statement_list.html", items=[], **links) == ""


def test_the_pages_show_the_list(app: Flask, client: FlaskClient) -> None:
    _every_variant(app)
    with app.app_context():
        session = get_session()
        first = session.scalars(select(Statement).order_by(Statement.id)).first()
        assert first is not None and first.event_id is not None
        noted = session.scalars(select(Statement.speaker_id).join(Account)
                                .where(Account.note == "A <note> & more")).one()
        speaker, event = first.speaker_id, first.event_id
    html = client.get(f"/speakers/{speaker}?per_page=200").get_data(as_text=True)
    assert "No accounts at all" in html and "date unknown" in html
    html = client.get(f"/speakers/{noted}?per_page=200").get_data(as_text=True)
    assert "<note>" not in html and "A &lt;note&gt; &amp; more" in html
    for path, by_speaker, with_accounts in ((f"/speakers/{noted}?per_page=200", False, True),
                                            (f"/events/{event}", True, True),
                                            ("/timeline?per_page=100", True, True), ("/", True, False)):
        cards = page(client, path).find("ol", class_="statements").find_all("li", class_="statement")
        assert cards, path
        metas = [c.find("p", class_="statement-meta") for c in cards]
        speaker_links = [a for m in metas for a in m.find_all("a") if "/speakers/" in a.attrs["href"]]
        assert bool(speaker_links) == by_speaker, path
        assert any(c.find_all("div", class_="accounts") for c in cards) == with_accounts, path


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
        assert statement is not None and statement.event_id is not None
        statement_id, speaker, event = statement.id, statement.speaker_id, statement.event_id
    paths = [f"/speakers/{speaker}?per_page=200", f"/events/{event}", "/timeline?per_page=200",
             "/timeline.csv?per_page=200", "/"]
    before = [queries_for(app, client, path) for path in paths]
    with app.app_context():
        session = get_session()
        article = session.scalars(select(Article)).first()
        for n in range(5):
            session.add(Account(statement_id=statement_id, narrator_id=speaker, article=article,
                                wording=f"Again {n}", stance=Stance.DIFFERS))
            session.add(Statement(speaker_id=speaker, event_id=event, wording=f"Once more {n}",
                                  said_on=date(2030, 1, 1 + n)))
        session.commit()
    assert [queries_for(app, client, path) for path in paths] == before
