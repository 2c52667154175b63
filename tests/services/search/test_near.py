"""Near-duplicate statements: the same words by one speaker, retyped with small changes."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from tests.edit_helpers import editor, login, post_form
from tracker.models import Speaker, Statement
from tracker.services.data.importers import run_import
from tracker.services.search import near
from tracker.web.database import get_session

__all__ = ["editor"]

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


def test_an_import_lists_statements_that_nearly_repeat_older_ones(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    line = ("{id}.json\tfalse\t{words}\teconomy\tfumio-kishida\tPrime Minister\t\tnone"
            "\t0\t0\t0\t0\t0\ta speech\n")
    with app.app_context():
        stored = get_session().scalars(select(Statement).join(Speaker).where(
            Speaker.key == "fumio-kishida", func.length(Statement.wording) > 40)
            .order_by(Statement.id)).first()
        assert stored is not None
        older_key, words = stored.key, stored.wording
    path = tmp_path / "liar.tsv"
    path.write_text(line.format(id=9300, words=words.replace(" the ", " a ", 1))
                    + line.format(id=9301, words="Something else entirely, said at another time and place."),
                    encoding="utf-8")
    output = runner.invoke(args=["import", str(path), "--format", "liar"]).output
    assert "nearly repeat an older one of the same speaker: 1" in output
    assert f"liar:9300 ~ {older_key}" in output and "liar:9301" not in output


def test_the_form_offers_an_account_instead_of_a_repeated_statement(
        app: Flask, client: FlaskClient, editor: str) -> None:
    login(client, editor)
    with app.app_context():
        stored = get_session().scalars(select(Statement).join(Speaker).where(
            Speaker.key == "fumio-kishida", func.length(Statement.wording) > 40)
            .order_by(Statement.id)).first()
        assert stored is not None
        stored_id, words, count = stored.id, stored.wording, _count(app)
    retyped = words.replace(" the ", " a ", 1) + " "
    asked = post_form(client, "/statements/new", {"speaker": "Kishida Fumio", "wording": retyped,
                                                  "kind": "direct_quote"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 400 and f"/statements/{stored_id}/accounts/new" in page
    assert "Add an account to this statement" in page and _count(app) == count  # nothing saved
    assert retyped.strip() in page  # the form keeps what was typed
    saved = post_form(client, "/statements/new", {"speaker": "Kishida Fumio", "wording": retyped,
                                                  "kind": "direct_quote", "near_ok": "1"})
    assert saved.status_code == 302 and _count(app) == count + 1


def _count(app: Flask) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(Statement)) or 0


def test_an_import_compares_a_statement_with_its_speakers_window_before_it_only(
        app: Flask, tmp_path: Path) -> None:
    """A speaker with more statements in one file than the window: a repeat of the statement just
    before the window is not compared (the work per statement stays bounded), one inside it is."""
    first = "The committee will publish every letter it received about the bridge before June."
    fillers = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(near.IMPORT_WINDOW)]
    inside = fillers[-1]
    rows = [first, *fillers, first.replace("every", "each"), inside.replace("a", "b", 1)]
    path = tmp_path / "window.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["key", "speaker", "speaker_name", "wording"])
        for number, wording in enumerate(rows):
            writer.writerow([f"window-{number:04d}", "window-speaker", "Window Speaker", wording])
    with app.app_context():
        result = run_import(get_session(), path, "csv")
    repeats = {(new, old) for new, old, _ in result.near_duplicates}
    last = len(rows) - 1
    assert (f"window-{last:04d}", f"window-{last - 2:04d}") in repeats  # inside the window
    assert not any(new == f"window-{last - 1:04d}" for new, _ in repeats)  # its original is 201 back
