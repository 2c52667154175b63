"""One quote in several places: statements whose words nearly repeat are grouped, not merged,
and each statement page lists the others of its group."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from tests.edit_helpers import editor, login, post_form
from tests.pages_helpers import get_json, page, queries_for
from tracker.models import Speaker, Statement, StatementCluster
from tracker.services.search import clusters
from tracker.web.database import get_session

__all__ = ["editor"]

LINE = "{id}.json\tfalse\t{words}\teconomy\tfumio-kishida\tPrime Minister\t\tnone\t0\t0\t0\t0\t0\ta speech\n"
WORDS = "Japan and Korea will restore their extremely severe relationship to a healthy state."


def _stored(app: Flask) -> tuple[int, str]:
    with app.app_context():
        stored = get_session().scalars(select(Statement).join(Speaker).where(
            Speaker.key == "fumio-kishida", func.length(Statement.wording) > 40)
            .order_by(Statement.id)).first()
        assert stored is not None
        return stored.id, stored.wording


def _ids(app: Flask, *keys: str) -> list[int]:
    with app.app_context():
        found = dict(get_session().execute(select(Statement.key, Statement.id).where(Statement.key.in_(keys)))
                     .tuples().all())
        return [found[k] for k in keys]


def test_an_import_groups_a_repeat_with_the_stored_quote_and_both_pages_show_it(
        app: Flask, client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path) -> None:
    stored_id, words = _stored(app)
    path = tmp_path / "liar.tsv"
    path.write_text(LINE.format(id=9300, words=words.replace(" the ", " a ", 1))
                    + LINE.format(id=9301, words="Something else entirely, said at another time and place."),
                    encoding="utf-8")
    assert runner.invoke(args=["import", str(path), "--format", "liar"]).exit_code == 0
    repeat, other = _ids(app, "liar:9300", "liar:9301")
    with app.app_context():
        rows = get_session().execute(select(StatementCluster.statement_id, StatementCluster.cluster_id)).all()
        assert [tuple(r) for r in rows] == [(repeat, stored_id)]  # the other words stay alone
    html = page(client, f"/statements/{repeat}")
    section = html.find("section", class_="also-reported")
    assert section.find("a", href=f"/statements/{stored_id}").text().startswith("“")
    twin = get_json(client, f"/statements/{stored_id}.json")["also_reported_as"]
    assert [a["id"] for a in twin] == [repeat] and twin[0]["url"] == f"/statements/{repeat}"
    assert get_json(client, f"/statements/{other}.json")["also_reported_as"] == []
    assert page(client, f"/statements/{other}").find_all("h2", id="also-heading") == []
    # Three queries whatever the group's size (the members, their accounts and outlets).
    assert queries_for(app, client, f"/statements/{stored_id}") - queries_for(
        app, client, f"/statements/{other}") <= 2


def test_a_chain_of_repeats_in_one_import_is_one_group(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "liar.tsv"
    second_words = WORDS.replace("extremely", "very")
    path.write_text(LINE.format(id=9400, words=WORDS) + LINE.format(id=9401, words=second_words)
                    + LINE.format(id=9402, words=second_words.replace("healthy", "fine")), encoding="utf-8")
    assert runner.invoke(args=["import", str(path), "--format", "liar"]).exit_code == 0
    first, second, third = _ids(app, "liar:9400", "liar:9401", "liar:9402")
    with app.app_context():
        session = get_session()
        assert dict(session.execute(select(StatementCluster.statement_id, StatementCluster.cluster_id))
                    .tuples().all()) == {second: first, third: first}
        assert [a.id for a in clusters.also_reported(session, third)] == [first, second]
        assert clusters.join(session, [(third, second, 90.0)]) == 0  # grouped once


def test_a_repeat_the_editor_keeps_as_its_own_statement_is_grouped(
        app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    stored_id, words = _stored(app)
    retyped = words.replace(" the ", " a ", 1)
    saved = post_form(client, "/statements/new", {"speaker": "Kishida Fumio", "kind": "direct_quote",
                                                  "wording": retyped, "near_ok": "1"})
    assert saved.status_code == 302
    new_id = int(saved.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    also = get_json(client, f"/statements/{new_id}.json")["also_reported_as"]
    assert [a["id"] for a in also] == [stored_id]
