"""Full-text search on SQLite FTS5 and PostgreSQL: CJK, Hangul, Latin, accents, sync."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tracker.models import Account, SearchDocument, Statement
from tracker.services.editing.loader import Loader
from tracker.services.search.index import tokenised
from tracker.services.search.query import Filters, parse_query, search
from tracker.services.search.text import highlight, index_text, query_groups, units
from tracker.web.database import get_session

DOCUMENT = {
    "speakers": [
        {"key": "t-kishida", "name": "Test Kishida", "aliases": [{"name": "岸田文雄"}]},
        {"key": "t-yoon", "name": "Test Yoon"},
        {"key": "t-cafe", "name": "Test Café Owner"},
    ],
    "statements": [
        {"key": "t-ja", "speaker": "t-kishida", "said": "2023-05-01", "wording": "Kishida on Taiwan",
         "language": "ja", "original_text": "岸田文雄首相は台独に反対した", "kind": "paraphrase"},
        {"key": "t-ko", "speaker": "t-yoon", "said": "2023-06-01", "wording": "Yoon on relations",
         "language": "ko", "original_text": "윤석열 대통령은 관계 개선을 말했다",
         "accounts": [{"key": "t-ko-acct", "wording": "岸田 met 윤석열 over dinner"}]},
        {"key": "t-fr", "speaker": "t-cafe", "said": "2021", "wording": "A NAÏVE Café policy, Ärger"},
        {"key": "t-zh-only-account", "speaker": "t-cafe", "said": "2019-01-01", "wording": "Plain words",
         "accounts": [{"key": "t-zh-acct", "wording": "他批评了所谓台独势力"}]},
    ],
}


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session on the seeded database plus the test document above."""
    with app.app_context():
        s = get_session()
        Loader(s).load("test", DOCUMENT)
        s.commit()
        yield s


def _keys(session: Session, q: str, **filters: object) -> list[str]:
    """The keys of the statements whose words match, in order: the seeds' own Kishida and Yoon
    go by 岸田 and 윤석열 too, and their statements (listed first) are left out."""
    result = search(session, q, Filters(**filters), "newest", 1, 50)  # type: ignore[arg-type]
    named = {n.id for n in result.speakers}
    return [s.key or "" for s in result.page.items
            if s.speaker.id not in named or (s.key or "").startswith("t-")]


def test_two_character_cjk_words_are_found(session: Session) -> None:
    assert _keys(session, "岸田") == ["t-ko", "t-ja"]  # the account of t-ko names 岸田 too
    assert _keys(session, "台独") == ["t-ja", "t-zh-only-account"]
    assert _keys(session, "岸田文雄") == ["t-ja"]
    assert _keys(session, "岸") == ["t-ko", "t-ja"]
    assert _keys(session, "台湾") == []
    assert _keys(session, "文岸") == []


def test_korean_names_are_found_inside_words(session: Session) -> None:
    assert _keys(session, "윤석열") == ["t-ko"]
    assert _keys(session, "대통령") == ["t-ko"]  # inside 대통령은
    assert _keys(session, "열대") == []  # across a space: not a word


def test_latin_words_case_and_accents(session: Session) -> None:
    assert "white-house-historic-meeting" in _keys(session, "historic")
    assert _keys(session, "HISTORIC") == _keys(session, "historic")
    assert _keys(session, "naive cafe") == ["t-fr"]
    assert _keys(session, "Naïve") == ["t-fr"]
    assert _keys(session, "arger") == ["t-fr"]
    assert _keys(session, "naive nonexistentword") == []  # every word must match


def test_phrases_need_consecutive_words(session: Session) -> None:
    assert "white-house-historic-meeting" in _keys(session, '"historic meeting"')
    assert _keys(session, '"meeting historic"') == []


def test_newest_first_and_other_orders(session: Session) -> None:
    newest = [s.key for s in search(session, "岸", Filters(), "newest", 1, 10).page.items]
    oldest = [s.key for s in search(session, "岸", Filters(), "oldest", 1, 10).page.items]
    assert newest == list(reversed(oldest))
    relevance = search(session, "岸", Filters(), "relevance", 1, 10)
    assert {s.key for s in relevance.page.items} == {"t-ja", "t-ko"}


def test_filters_and_bounded_facets(session: Session) -> None:
    result = search(session, "岸", Filters(), "newest", 1, 10)  # one character: no speaker's name
    assert {f.label: f.count for f in result.facets["year"]} == {"2023": 2}
    assert {f.label for f in result.facets["speaker"]} == {"Test Kishida", "Test Yoon"}
    assert {f.value: f.count for f in result.facets["kind"]} == {"paraphrase": 1, "direct_quote": 1}
    speaker_id = session.scalar(select(Statement.speaker_id).where(Statement.key == "t-ja"))
    assert _keys(session, "岸", speaker_id=speaker_id) == ["t-ja"]
    assert _keys(session, "岸", year=2022) == []
    china = search(session, "china", Filters(), "newest", 1, 5)
    assert china.page.total > 5
    assert all(len(values) <= 10 for values in china.facets.values())
    outlet = china.facets["outlet"][0]
    assert search(session, "china", Filters(outlet_id=int(outlet.value)), "newest", 1, 5
                  ).page.total == outlet.count


def test_edits_and_deletes_update_the_index(session: Session) -> None:
    statement = session.scalars(select(Statement).where(Statement.key == "t-fr")).one()
    statement.wording = "Entirely different sentence about 台独"
    session.commit()
    assert _keys(session, "naive") == []
    assert "t-fr" in _keys(session, "台独")
    statement.deleted_at = statement.updated_at
    session.commit()
    assert "t-fr" not in _keys(session, "台独")
    left = select(SearchDocument.id).where(SearchDocument.statement_id == statement.id)
    assert session.scalar(left) is None


def test_an_account_gets_a_document_only_when_its_words_are_its_own(session: Session) -> None:
    Loader(session).load("test", {"statements": [{
        "key": "t-echo", "speaker": "t-cafe", "said": "2020-01-01", "wording": "Echoed lighthouse words",
        "accounts": [{"key": "t-echo-same", "wording": "Echoed lighthouse words"},
                     {"key": "t-echo-case", "wording": "ECHOED lighthouse, words!"},
                     {"key": "t-echo-other", "wording": "A lighthouse keeper told it"}]}]})
    session.commit()

    def documents(key: str) -> list[str | None]:
        statement_id = select(Statement.id).where(Statement.key == key)
        return [key for (key,) in session.execute(
            text("SELECT a.key FROM search_document d LEFT JOIN account a ON a.id = d.account_id "
                 "WHERE d.statement_id = :s ORDER BY d.id"), {"s": session.scalar(statement_id)})]

    assert documents("t-echo") == [None, "t-echo-other"]  # the same words, folded, are indexed once
    assert _keys(session, "keeper") == ["t-echo"]
    assert _keys(session, "echoed") == ["t-echo"]
    Loader(session).load("test", {"statements": [{
        "key": "t-both", "speaker": "t-cafe", "said": "2020-01-02", "wording": "Harbour lights at dusk",
        "language": "ko", "original_text": "해질녘 항구의 불빛",
        "accounts": [{"key": "t-both-english", "wording": "Harbour lights at dusk"},
                     {"key": "t-both-part", "wording": "lights at dusk"},
                     {"key": "t-both-reordered", "wording": "Dusk lights at harbour"}]}]})
    session.commit()
    # Words that run, in order, inside the statement's document (its English and Korean) add nothing.
    assert documents("t-both") == [None, "t-both-reordered"]
    assert _keys(session, '"lights at dusk"') == ["t-both"]
    assert _keys(session, '"dusk lights"') == ["t-both"]
    same = session.scalars(select(Account).where(Account.key == "t-echo-same")).one()
    same.wording = "Echoed by a harbour pilot"
    session.commit()
    assert documents("t-echo") == [None, "t-echo-same", "t-echo-other"]
    assert _keys(session, "pilot") == ["t-echo"]


def test_backend_objects_exist(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        rows = session.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"岸田\"'"))
        assert rows.scalar() == 2
    else:
        name = session.scalar(text("SELECT indexname FROM pg_indexes WHERE indexname = 'search_fts_gin'"))
        assert name == "search_fts_gin"


def test_query_parsing_and_highlighting() -> None:
    assert query_groups('岸田 "South Korea" 윤석열 台') == [("岸田",), ("south", "korea"), ("윤석", "석열"),
                                                          ("台",)]
    assert index_text("岸田文雄") == "岸田 田文 文雄 岸 田 文 雄"
    marked = highlight("<b>岸田</b> and Naïve", query_groups("岸田 naive"))
    assert str(marked) == "&lt;b&gt;<mark>岸田</mark>&lt;/b&gt; and <mark>Naïve</mark>"
    assert parse_query("  ")[1] == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
       st.text(alphabet=st.characters(max_codepoint=0x9FFF), max_size=12))
def test_the_indexed_words_of_ascii_text_are_the_units_words(ascii_text: str, any_text: str) -> None:
    """index_text's fast paths (ASCII through a translation table; each pair tokenised once) give
    the tokens units() finds, the path queries and highlighting use."""
    assert index_text(ascii_text) == " ".join(token for unit in units(ascii_text) for token in unit.tokens)
    assert tokenised([(ascii_text, None), (ascii_text, None), (any_text, ascii_text)]) == [
        index_text(ascii_text), index_text(ascii_text), index_text(any_text, ascii_text)]


def test_a_big_reindex_rebuilds_the_full_text_table_once_and_indexes_by_trigger_after(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.services.search import index

    monkeypatch.setattr(index, "REBUILD_AT", 2)  # every statement of the archive counts as big
    trigger = text("SELECT count(*) FROM sqlite_master WHERE name = 'search_fts_ai'")
    assert index.reindex_all(session) == session.scalar(select(func.count()).select_from(SearchDocument))
    assert _keys(session, "naive cafe") == ["t-fr"]
    assert _keys(session, "윤석열") == ["t-ko"]
    if session.get_bind().dialect.name == "sqlite":
        assert session.scalar(trigger) == 1  # put back after the one rebuild
    statement = session.scalars(select(Statement).where(Statement.key == "t-fr")).one()
    statement.wording = "A quixotic policy"
    session.commit()  # indexed row by row again
    assert _keys(session, "quixotic") == ["t-fr"]
    assert _keys(session, "naive cafe") == []


def test_a_big_reindex_that_fails_leaves_the_index_as_it_was(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.services.search import index

    monkeypatch.setattr(index, "REBUILD_AT", 2)
    session.commit()

    def broken(_session: Session, _ids: list[int]) -> list[dict[str, object]]:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(index, "_documents", broken)
    with pytest.raises(RuntimeError):
        index.reindex_all(session)
    session.rollback()
    assert _keys(session, "naive cafe") == ["t-fr"]
    if session.get_bind().dialect.name == "sqlite":
        trigger = text("SELECT count(*) FROM sqlite_master WHERE name = 'search_fts_ai'")
        assert session.scalar(trigger) == 1
