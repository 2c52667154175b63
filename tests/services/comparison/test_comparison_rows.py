"""The comparison page reads plain rows, not model objects: the JSON twin still matches the
shared serializers, the inlined links still match the shared macros, the query count does not
follow the number of members, and the remembered word diff follows an edited wording."""

from __future__ import annotations

from typing import Any

from flask import Flask, get_template_attribute
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tests.pages_helpers import get_json, page, queries_for
from tests.views.reading.test_pages_conflicts import KISHIDA_YOON, conflict_id
from tracker.models import Account, Conflict, ConflictMember
from tracker.services.comparison.diff import DIFF_CACHE_SIZE, compare_wordings
from tracker.services.editing.loader import Loader
from tracker.services.pages import serialize
from tracker.web.database import get_session


def _orm_conflicts(app: Flask) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    with app.app_context():
        conflicts = get_session().scalars(
            select(Conflict).where(Conflict.deleted_at.is_(None)).order_by(Conflict.id)
            .options(selectinload(Conflict.members))).all()
        return [(serialize.conflict_summary(c), [serialize.conflict_member(m) for m in c.members])
                for c in conflicts]


def test_json_twin_matches_the_shared_serializers(app: Flask, client: FlaskClient) -> None:
    expected = _orm_conflicts(app)
    assert len(expected) >= 4
    for summary, members in expected:
        data = get_json(client, f"/conflicts/{summary['id']}.json")
        assert list(data)[:6] == list(summary)
        assert {k: data[k] for k in summary} == summary
        assert len(data["columns"]) == len(members)
        for column, member in zip(data["columns"], members, strict=True):
            assert {k: column[k] for k in member} == member
            assert list(column)[:len(member)] == list(member)


def test_inlined_links_match_the_shared_macros(app: Flask, client: FlaskClient) -> None:
    cid = conflict_id(app, KISHIDA_YOON)
    html = client.get(f"/conflicts/{cid}").get_data(as_text=True)
    with app.test_request_context(f"/conflicts/{cid}"):
        members = get_session().scalars(
            select(ConflictMember).where(ConflictMember.conflict_id == cid)).all()
        macro = {name: get_template_attribute("_macros.html", name)
                 for name in ("speaker_link", "outlet_link", "article_link", "chain", "when", "label")}
        fragments = []
        for member in members:
            if member.account is not None:
                account = member.account
                assert account.hops and account.article and account.article.outlet
                fragments += [macro["speaker_link"](account.narrator),
                              macro["speaker_link"](account.statement.speaker),
                              macro["outlet_link"](account.article.outlet),
                              macro["article_link"](account.article),
                              macro["chain"](account)]
            else:
                assert member.statement is not None
                fragments += [macro["speaker_link"](member.statement.speaker),
                              macro["label"](member.statement.kind)]
    for fragment in fragments:
        assert str(fragment).strip() in html


def test_links_follow_the_application_root(app: Flask, client: FlaskClient) -> None:
    cid = conflict_id(app, KISHIDA_YOON)
    response = client.get(f"/conflicts/{cid}", base_url="http://localhost/tracker")
    assert response.status_code == 200
    columns = page(client, f"/conflicts/{cid}").find("ol", class_="compare-columns")
    hrefs = [a.attrs["href"] for a in columns.find_all("a") if a.attrs.get("rel") != "noopener"]
    assert hrefs and all(h.startswith("/") for h in hrefs)
    html = response.get_data(as_text=True)
    for href in hrefs:
        assert f'href="/tracker{href}"' in html


def _mixed_conflict(session: Any, key: str, size: int) -> None:
    """A conflict of ``size`` accounts (each with a chain and an article) and ``size``
    statements (each carried by an article)."""
    speakers = [{"key": f"{key}-sp{i}", "name": f"Speaker {i}"} for i in range(size)]
    outlets = [{"key": f"{key}-out", "name": "An outlet", "kind": "newspaper"}]
    articles = [{"key": f"{key}-art{i}", "outlet": f"{key}-out", "title": f"Article {i}",
                 "published": f"2022-07-{i + 1:02d}"} for i in range(size)]
    statements = []
    for i in range(size):
        chain = [{"speaker": f"{key}-sp{i}", "role": "speaker"},
                 {"outlet": f"{key}-out", "role": "outlet"}]
        statements.append({
            "key": f"{key}-told{i}", "speaker": f"{key}-sp{i}", "said": "2022-06-28",
            "wording": f"words number {i} as said",
            "accounts": [{"key": f"{key}-acc{i}", "narrator": f"{key}-sp{(i + 1) % size}",
                          "article": f"{key}-art{i}", "wording": f"words number {i} as told",
                          "chain": chain}]})
        statements.append({
            "key": f"{key}-own{i}", "speaker": f"{key}-sp{i}", "said": "2022-06-28",
            "wording": f"other words {i}",
            "accounts": [{"key": f"{key}-carry{i}", "article": f"{key}-art{i}", "wording": "carried"}]})
    members = [{"account": f"{key}-acc{i}"} for i in range(size)]
    members += [{"statement": f"{key}-own{i}"} for i in range(size)]
    Loader(session).load("test", {
        "speakers": speakers, "outlets": outlets, "articles": articles, "statements": statements,
        "conflicts": [{"key": key, "title": f"Conflict {key}", "members": members,
                       "points": [{"aspect": "What was said",
                                   "claims": {f"{key}-own0": "Other words."}}]}],
    })


def test_query_count_does_not_follow_the_number_of_members(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        session = get_session()
        _mixed_conflict(session, "small-mix", 2)
        _mixed_conflict(session, "large-mix", 6)
        session.commit()
    small, large = conflict_id(app, "small-mix"), conflict_id(app, "large-mix")
    doc = page(client, f"/conflicts/{large}")
    assert len(doc.find("ol", class_="compare-columns").find_all("article", class_="version")) == 12
    assert len(doc.find_all("ol", class_="chain")) == 6
    for suffix in ("", ".json"):
        assert (queries_for(app, client, f"/conflicts/{large}{suffix}")
                == queries_for(app, client, f"/conflicts/{small}{suffix}"))
    # A member statement shows the article that first carried it; a point claims on one member.
    data = get_json(client, f"/conflicts/{large}.json")
    assert data["columns"][6]["article"]["title"] == "Article 0"
    assert [c["text"] for c in data["points"][0]["claims"]] == [None] * 6 + ["Other words."] + [None] * 5


def test_remembered_diff_follows_an_edited_wording(app: Flask, client: FlaskClient) -> None:
    cid = conflict_id(app, KISHIDA_YOON)
    before = get_json(client, f"/conflicts/{cid}.json")["diff"]
    assert "working hard" in " ".join(s["text"] for s in before["segments"] if s["op"] == "delete")
    with app.app_context():
        session = get_session()
        account = session.scalars(select(Account).where(
            Account.key == "acct-kishida-working-hard-kr-office")).one()
        account.wording = "He said to Yin Xiyue that he respects the quixotic plan"
        session.commit()
    after = get_json(client, f"/conflicts/{cid}.json")["diff"]
    deleted = " ".join(s["text"] for s in after["segments"] if s["op"] == "delete")
    assert "quixotic" in deleted and "working hard" not in deleted
    assert after["similarity"] != before["similarity"]
    html = client.get(f"/conflicts/{cid}").get_data(as_text=True)
    assert "<del>" in html and "quixotic" in html


def test_diff_cache_is_bounded_and_keyed_by_the_texts() -> None:
    first = compare_wordings("a historic meeting", "a brief meeting")
    assert compare_wordings("a historic meeting", "a brief meeting") is first
    assert compare_wordings("a historic meeting", "a long meeting") is not first
    assert compare_wordings.cache_info().maxsize == DIFF_CACHE_SIZE


def test_original_text_carries_its_language(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        session = get_session()
        Loader(session).load("test", {
            "speakers": [{"key": "orig-speaker", "name": "Kishida Wenxiong"}],
            "statements": [
                {"key": "orig-ja", "speaker": "orig-speaker", "wording": "Prime Minister Kishida said",
                 "language": "ja", "original_text": "岸田首相は言った"},
                {"key": "orig-en", "speaker": "orig-speaker", "wording": "Kishida said",
                 "language": "en", "original_text": "Kishida said so"},
            ],
            "conflicts": [{"key": "orig-conflict", "title": "Originals",
                           "members": [{"statement": "orig-ja"}, {"statement": "orig-en"}]}],
        })
        session.commit()
    html = client.get(f"/conflicts/{conflict_id(app, 'orig-conflict')}").get_data(as_text=True)
    with app.test_request_context("/"):
        lang = get_template_attribute("_macros.html", "lang")
        assert f'<p class="original"{lang("ja")}>岸田首相は言った</p>' in html
        assert f'<p class="original"{lang("en")}>Kishida said so</p>' in html
    assert '<p class="original" lang="ja">' in html and '<p class="original">Kishida said so' in html
