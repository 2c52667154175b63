"""From article to statements in the HTML pages: text in, proposals reviewed, accepted."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.edit_helpers import editor, form_values, login, token
from tracker.models import Article, Statement
from tracker.web.database import get_session

__all__ = ["editor"]
TEXT = (
    "“We will stay <cautious>,” said Maria Lopez, a diplomat.\n\n"
    "Yin Xiyue told reporters that a new partnership would be signed in the second half of the year.\n"
)
PAGE = Path(__file__).resolve().parents[2] / "fixtures" / "saved_article.html"


def _first_form(html: str) -> dict[str, str]:
    """The fields of the first proposal's form (each proposal is a section with its own form)."""
    return form_values('<section class="proposal"' + html.split('<section class="proposal"')[1])


def _article_id(app: Flask) -> int:
    with app.app_context():
        article = get_session().scalars(select(Article).order_by(Article.id)).first()
        assert article is not None
        return article.id


def test_paste_review_accept_and_the_proposal_is_gone(app: Flask, client: FlaskClient, editor: str) -> None:
    article_id = _article_id(app)
    url = f"/articles/{article_id}/text"
    assert client.get(url).status_code == 302  # login first
    login(client, editor)
    empty = client.post(url, data={"csrf_token": token(client, url), "text": "  "})
    assert empty.status_code == 422 and "paste the article" in empty.get_data(as_text=True)
    saved = client.post(url, data={"csrf_token": token(client, url), "text": TEXT})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(
        f"/articles/{article_id}/proposals"
    )
    review = client.get(f"/articles/{article_id}/proposals")
    html = review.get_data(as_text=True)
    assert review.status_code == 200
    assert "&lt;cautious&gt;" in html and "<cautious>" not in html
    assert '<mark class="speaker">Maria Lopez</mark>' in html
    assert html.count('class="proposal"') == 2

    fields = _first_form(html)
    bad = client.post(f"/articles/{article_id}/proposals", data={**fields, "said": "June 29"})
    assert bad.status_code == 422
    bad_html = bad.get_data(as_text=True)
    assert "said:" in bad_html and 'value="June 29"' in bad_html
    with app.app_context():
        assert (
            get_session().scalars(select(Statement).where(Statement.wording.like("%stay%"))).first() is None
        )

    accepted = client.post(f"/articles/{article_id}/proposals", data=fields, follow_redirects=True)
    assert accepted.status_code == 200, accepted.status_code
    assert "Recorded: Maria Lopez" in accepted.get_data(as_text=True)
    assert accepted.get_data(as_text=True).count('class="proposal"') == 1
    with app.app_context():
        statement = (
            get_session()
            .scalars(select(Statement).where(Statement.wording == "We will stay <cautious>"))
            .one()
        )
        assert statement.speaker.name == "Maria Lopez"
        account = statement.accounts[0]
        assert (
            account.article_id == article_id
            and TEXT[account.anchor_start : account.anchor_end] == statement.wording
        )
        statement_id, account_id = statement.id, account.id
    article_page = client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert (
        f'<a id="passage-{account_id}" href="/statements/{statement_id}#account-{account_id}">'
        "<mark>We will stay &lt;cautious&gt;</mark></a>"
    ) in article_page
    statement_page = client.get(f"/statements/{statement_id}").get_data(as_text=True)
    assert f'href="/articles/{article_id}#passage-{account_id}"' in statement_page


def test_reject_hides_and_html_upload_fills_the_text(app: Flask, client: FlaskClient, editor: str) -> None:
    article_id = _article_id(app)
    login(client, editor)
    url = f"/articles/{article_id}/text"
    upload = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "text": "",
            "html": (io.BytesIO(PAGE.read_bytes()), "page.html"),
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    with app.app_context():
        article = get_session().get(Article, article_id)
        assert article is not None and article.text and "fishing agreement" in article.text
        assert "Cookie settings" not in article.text
    review = client.get(f"/articles/{article_id}/proposals").get_data(as_text=True)
    count = review.count('class="proposal"')
    start = _first_form(review)["start"]
    hidden = client.get(f"/articles/{article_id}/proposals?rejected={start}").get_data(as_text=True)
    assert hidden.count('class="proposal"') == count - 1


def test_a_near_same_statement_offers_an_account_instead(
    app: Flask, client: FlaskClient, editor: str
) -> None:
    with app.app_context():
        first, second = [a.id for a in get_session().scalars(select(Article).order_by(Article.id).limit(2))]
    login(client, editor)
    for article_id in (first, second):
        url = f"/articles/{article_id}/text"
        assert client.post(url, data={"csrf_token": token(client, url), "text": TEXT}).status_code == 302
    fields = _first_form(client.get(f"/articles/{first}/proposals").get_data(as_text=True))
    assert client.post(f"/articles/{first}/proposals", data=fields).status_code == 302
    html = client.get(f"/articles/{second}/proposals").get_data(as_text=True)
    offer = _first_form(html)
    assert "Add an account to “We will stay &lt;cautious&gt;”" in html
    with app.app_context():
        statement = (
            get_session()
            .scalars(select(Statement).where(Statement.wording == "We will stay <cautious>"))
            .one()
        )
        assert offer["speaker_id"] == str(statement.speaker_id)
        statement_id = statement.id
    gone = client.post(f"/articles/{second}/proposals", data={**offer, "add_to": "999999"})
    assert gone.status_code == 422 and "add_to" in gone.get_data(as_text=True)
    added = client.post(f"/articles/{second}/proposals", data={**offer, "add_to": str(statement_id)})
    assert added.status_code == 302
    assert "differs" not in added.headers["Location"]  # the same words: nothing to disagree on
    with app.app_context():
        kept = get_session().get(Statement, statement_id)
        assert kept is not None
        assert sorted(a.article_id or 0 for a in kept.accounts) == [first, second]
        same_words = select(Statement.id).where(Statement.wording == "We will stay <cautious>")
        assert get_session().scalars(same_words).all() == [statement_id]


def test_an_account_in_other_words_offers_to_open_a_conflict(
    app: Flask, client: FlaskClient, editor: str
) -> None:
    with app.app_context():
        first, second = [a.id for a in get_session().scalars(select(Article).order_by(Article.id).limit(2))]
    login(client, editor)
    for article_id in (first, second):
        url = f"/articles/{article_id}/text"
        assert client.post(url, data={"csrf_token": token(client, url), "text": TEXT}).status_code == 302
    fields = _first_form(client.get(f"/articles/{first}/proposals").get_data(as_text=True))
    assert client.post(f"/articles/{first}/proposals", data=fields).status_code == 302
    offer = _first_form(client.get(f"/articles/{second}/proposals").get_data(as_text=True))
    with app.app_context():
        statement_id = get_session().scalars(
            select(Statement.id).where(Statement.wording == "We will stay <cautious>")).one()
    other_words = {**offer, "wording": "We will stay cautious for now", "add_to": str(statement_id)}
    added = client.post(f"/articles/{second}/proposals", data=other_words)
    assert added.status_code == 302 and f"differs={statement_id}" in added.headers["Location"]
    html = client.get(added.headers["Location"]).get_data(as_text=True)
    link = f"/conflicts/new?statement={statement_id}"
    assert f'href="{link}"' in html and "Open a conflict between them" in html
    form = client.get(link).get_data(as_text=True)  # the conflict form offers both accounts
    assert "We will stay &lt;cautious&gt;" in form and "We will stay cautious for now" in form
    # Once one of them is gone the accounts agree again and the offer is not made.
    with app.app_context():
        session = get_session()
        statement = session.get(Statement, statement_id)
        assert statement is not None
        max(statement.accounts, key=lambda a: a.id).deleted_at = datetime.now(UTC)
        session.commit()
    assert "Open a conflict" not in client.get(added.headers["Location"]).get_data(as_text=True)
