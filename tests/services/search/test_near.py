"""Near-duplicate statements: the same words by one speaker, retyped with small changes."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from tracker.models import Statement
from tracker.services.search import near
from tracker.web.database import get_session

SAID = "We will restore the extremely severe relationship between our countries to a healthy state."


def test_small_changes_match_and_other_words_do_not() -> None:
    assert near.similarity(SAID, SAID.upper().replace(".", "!")) == 100
    two_words = SAID.replace("extremely", "very").replace("healthy", "good")
    assert near.similarity(SAID, two_words) >= near.THRESHOLD
    assert near.similarity(SAID, "Our alliance is stronger than it has ever been, and it will stay so.") \
        < near.THRESHOLD
    assert near.similarity("Thank you.", "Thank you!") == 0  # too short to call a duplicate
    japanese = "岸田首相は両国の関係を健全な状態に戻したいと述べた。"
    assert near.similarity(japanese, japanese.replace("述べた", "述べました")) >= near.THRESHOLD


def test_near_duplicates_are_the_same_speakers_statements(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        stored = session.scalars(select(Statement).where(Statement.deleted_at.is_(None))
                                 .order_by(Statement.id)).first()
        assert stored is not None
        retyped = stored.wording[:-1] + " "  # a character lost and a space added
        found = near.near_duplicates(session, stored.speaker_id, retyped)
        assert [f.statement_id for f in found][:1] == [stored.id]
        others = session.scalars(select(Statement.speaker_id).where(Statement.speaker_id != stored.speaker_id)
                                 .limit(1)).first()
        assert others is not None
        assert all(f.statement_id != stored.id for f in near.near_duplicates(session, others, retyped))
        left = near.near_duplicates(session, stored.speaker_id, retyped, exclude=[stored.id])
        assert all(f.statement_id != stored.id for f in left)
