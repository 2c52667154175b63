"""Search by any of a speaker's names, in any script: their statements first, then word hits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Speaker, Statement
from tracker.services.editing.loader import Loader
from tracker.services.search.query import Filters, search
from tracker.web.database import get_session

DOCUMENT = {
    "speakers": [{"key": "t-commentator", "name": "Test Commentator"}],
    "statements": [
        # Newer than any of Biden's and naming him by his Chinese name: a word hit, listed after
        # his own statements all the same.
        {"key": "t-mentions-biden", "speaker": "t-commentator", "said": "2030-01-01",
         "wording": "拜登 was late again", "kind": "paraphrase"},
    ],
}


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """The seeded database (Joe Biden goes by 拜登, Fumio Kishida by 岸田, Yoon by 윤석열)."""
    with app.app_context():
        s = get_session()
        Loader(s).load("test", DOCUMENT)
        s.commit()
        yield s


def _speaker_statements(session: Session, key: str) -> list[int]:
    """A seed speaker's live statements, newest first (as the search lists them)."""
    return list(session.scalars(
        select(Statement.id).join(Speaker, Speaker.id == Statement.speaker_id)
        .where(Speaker.key == key, Statement.deleted_at.is_(None))
        .order_by(Statement.said_on.desc().nulls_last(), Statement.id.desc())))


@pytest.mark.parametrize(("query", "key"), [("拜登", "joe-biden"), ("岸田", "fumio-kishida"),
                                             ("윤석열", "yoon-suk-yeol"), ("yin xiyue", "yoon-suk-yeol"),
                                             ("Joseph R. Biden Jr.", "joe-biden")])
def test_a_name_in_any_script_finds_the_speakers_statements_first(session: Session, query: str,
                                                                   key: str) -> None:
    own = _speaker_statements(session, key)
    assert own, f"the seeds give {key} statements"
    result = search(session, query, Filters(), "newest", 1, 100)
    name = session.scalar(select(Speaker.name).where(Speaker.key == key))
    assert [s.name for s in result.speakers] == [name]
    ids = [s.id for s in result.page.items]
    assert ids[:len(own)] == own
    assert len(ids) == len(set(ids))  # a statement that is both comes once


def test_word_hits_follow_the_speakers_own_statements(session: Session) -> None:
    own = _speaker_statements(session, "joe-biden")
    ids = [s.key for s in search(session, "拜登", Filters(), "newest", 1, 100).page.items]
    assert ids[len(own):] == ["t-mentions-biden"]
    relevance = search(session, "拜登", Filters(), "relevance", 1, 100)
    assert [s.key for s in relevance.page.items][-1] == "t-mentions-biden"


def test_pages_and_filters_apply_to_the_speakers_statements(session: Session) -> None:
    everything = [s.id for s in search(session, "岸田", Filters(), "newest", 1, 100).page.items]
    paged = [s.id for page in (1, 2, 3)
             for s in search(session, "岸田", Filters(), "newest", page, 2).page.items]
    assert paged == everything[:6]
    assert search(session, "岸田", Filters(), "newest", 1, 2).page.total == len(everything)
    oldest = [s.id for s in search(session, "岸田", Filters(), "oldest", 1, 100).page.items]
    own = _speaker_statements(session, "fumio-kishida")
    assert oldest[:len(own)] == list(reversed(own))
    assert search(session, "拜登", Filters(year=1990), "newest", 1, 10).page.total == 0


def test_no_speaker_for_one_letter_or_a_deleted_speaker(session: Session) -> None:
    assert search(session, "岸", Filters(), "newest", 1, 10).speakers == []
    biden = session.scalars(select(Speaker).where(Speaker.key == "joe-biden")).one()
    biden.deleted_at = func.now()
    session.flush()
    assert search(session, "拜登", Filters(), "newest", 1, 10).speakers == []
