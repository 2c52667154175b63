"""Accepting a proposal writes statement, anchored account and new speaker together, or nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask import Flask
from sqlalchemy import func, select

from tracker.models import Account, Article, Revision, Speaker, Statement
from tracker.services.editing import edits
from tracker.services.extraction.accept import Accepted, accept, matching_statement
from tracker.services.extraction.known import SessionLexicon
from tracker.services.extraction.propose import propose
from tracker.services.input.records import RecordError
from tracker.web.database import get_session

TEXT = (
    "“We will stay cautious,” said Maria Lopez, a diplomat.\n\n"
    "Yin Xiyue told reporters that a new partnership would be signed in the second half of the year.\n"
)


def _article() -> Article:
    session = get_session()
    article = session.scalars(select(Article).order_by(Article.id)).first()
    assert article is not None
    saved: Article = edits.save(session, "article", {**edits.document(article), "text": TEXT}, obj=article)
    return saved


def _accepted(index: int) -> Accepted:
    proposal = propose(TEXT, None, SessionLexicon(get_session()))[index]
    return Accepted(
        proposal.speaker.id,
        proposal.speaker.name,
        proposal.speaker.kind.value,
        TEXT[proposal.content.start : proposal.content.end],
        proposal.kind,
        "2022-06-29",
        None,
        "note",
        proposal.content.start,
        proposal.content.end,
    )


def test_accept_creates_speaker_statement_and_anchored_account(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        article = _article()
        accepted = _accepted(0)
        assert accepted.speaker_id is None and accepted.speaker_name == "Maria Lopez"
        statement = accept(session, article, accepted, user_id=None)
        assert statement.speaker.name == "Maria Lopez" and statement.kind.value == "direct_quote"
        account = statement.accounts[0]
        assert account.article_id == article.id
        assert (
            TEXT[account.anchor_start : account.anchor_end] == account.anchor_exact == "We will stay cautious"
        )
        assert account.anchor_prefix == "“" and (account.anchor_suffix or "").startswith(",” said")
        kinds = set(session.scalars(select(Revision.entity_type).where(Revision.summary.like("%proposal%"))))
        assert kinds == {"speaker", "statement", "account"}


def test_a_known_speaker_is_used_and_a_near_same_statement_found(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        article = _article()
        accepted = _accepted(1)
        yoon = session.scalars(select(Speaker).where(Speaker.key == "yoon-suk-yeol")).one()
        assert accepted.speaker_id == yoon.id
        speakers = session.scalar(select(func.count()).select_from(Speaker))
        statement = accept(session, article, accepted, user_id=None)
        assert statement.speaker_id == yoon.id
        assert session.scalar(select(func.count()).select_from(Speaker)) == speakers
        again = matching_statement(session, yoon.id, accepted.wording + ".")
        assert again is not None and again.id == statement.id
        accept(session, article, accepted, user_id=None, add_to=again)
        session.refresh(again)
        assert len(again.accounts) == 2


def test_a_refused_part_leaves_nothing_written(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        article = _article()
        counts = [session.scalar(select(func.count()).select_from(m)) for m in (Speaker, Statement, Account)]
        with pytest.raises(RecordError) as raised:
            accept(session, article, replace(_accepted(0), said="June 29"), user_id=None)
        assert raised.value.field == "said"
        with pytest.raises(RecordError):
            accept(session, article, replace(_accepted(0), start=10, end=len(TEXT) + 5), user_id=None)
        assert [
            session.scalar(select(func.count()).select_from(m)) for m in (Speaker, Statement, Account)
        ] == counts
