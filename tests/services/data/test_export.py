"""`flask export`: the JSON dump round-trips exactly; CSV, JSON-LD and TimelineJS exports."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from tests.conftest import make_app
from tests.databases import Databases
from tests.services.data.importers.test_import import FIXTURES, run_import
from tracker.models import Account, Speaker, Statement, StatementKind
from tracker.services.data import migrations
from tracker.web.database import get_session


def export(runner: FlaskCliRunner, path: Path, *extra: str) -> str:
    """Run `export` and return the file's text."""
    result = runner.invoke(args=["export", str(path), *extra])
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


def _fill(app: Flask, runner: FlaskCliRunner) -> None:
    """Seeds plus every import format, plus one record without a key."""
    for name, fmt in (("quotebank_sample.jsonl", "quotebank"), ("liar_sample.tsv", "liar"),
                      ("tracker_sample.csv", "csv")):
        assert run_import(runner, FIXTURES / name, fmt).exit_code == 0
    with app.app_context():
        session = get_session()
        speaker = session.query(Speaker).filter_by(key="fumio-kishida").one()
        session.add(Statement(speaker=speaker, wording="Typed in by an editor, no key.",
                              kind=StatementKind.PARAPHRASE))
        account = session.scalars(select(Account).order_by(Account.id)).first()
        assert account is not None
        account.language, account.original_text = "ko", "두 정상은 짧게 인사를 나눴다"
        account.translator, account.translation_note = "Desk", "Our translation."
        session.commit()


def test_json_dump_round_trips_exactly(app: Flask, runner: FlaskCliRunner, databases: Databases,
                                       tmp_path: Path) -> None:
    _fill(app, runner)
    first = export(runner, tmp_path / "first.json")
    data = json.loads(first)
    assert "id" not in data["statements"][0] and "created_at" not in data["statements"][0]
    keys = [s["key"] for s in data["statements"]]
    assert keys == sorted(keys)
    assert any(k.startswith("statement:") for k in keys)  # the keyless record got a stable key
    assert next(s for s in data["statements"] if s["key"] == "quotebank:2020-03-01-000001")[
        "speaker_candidates"] == [["Jane Example", 0.8123], ["None", 0.1877]]
    assert export(runner, tmp_path / "again.json") == first  # deterministic
    told = [a for s in data["statements"] for a in s["accounts"] if a["language"]]
    assert [(a["language"], a["original_text"], a["translator"]) for a in told] == [
        ("ko", "두 정상은 짧게 인사를 나눴다", "Desk")]

    empty = databases.create()
    try:
        migrations.upgrade(empty)
        other = make_app(empty, tmp_path)
        other_runner = other.test_cli_runner()
        result = other_runner.invoke(args=["import", str(tmp_path / "first.json"), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert export(other_runner, tmp_path / "second.json") == first
        # Importing the dump again changes nothing.
        result = other_runner.invoke(args=["import", str(tmp_path / "first.json"), "--format", "json"])
        assert "created: nothing" in result.stdout
        assert "updated (each with a revision): nothing" in result.stdout
        other.extensions["engine"].dispose()
    finally:
        databases.drop(empty)


def test_csv_export_escapes_formulas_and_reimports(app: Flask, runner: FlaskCliRunner,
                                                   tmp_path: Path) -> None:
    _fill(app, runner)
    path = tmp_path / "all.zip"
    result = runner.invoke(args=["export", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as archive:
        assert {"speakers.csv", "statements.csv", "accounts.csv", "outlets.csv", "articles.csv",
                "events.csv", "topics.csv", "conflicts.csv"} <= set(archive.namelist())
        statements = archive.read("statements.csv").decode()
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(statements))}
    assert rows["csv-two"]["wording"] == "'=the formula stays text"
    (tmp_path / "statements.csv").write_text(statements, encoding="utf-8")
    again = run_import(runner, tmp_path / "statements.csv", "csv")
    assert again.exit_code == 0, again.output
    # Only the record that had no key comes back as new (under its generated key).
    assert "created: 1 statement\n" in again.stdout


def test_jsonld_has_quotations_and_claim_reviews(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    _fill(app, runner)
    doc = json.loads(export(runner, tmp_path / "ld.json", "--format", "jsonld"))
    assert doc["@context"] == "https://schema.org"
    quotes = [n for n in doc["@graph"] if n["@type"] == "Quotation"]
    reviews = [n for n in doc["@graph"] if n["@type"] == "ClaimReview"]
    assert len(reviews) == 5  # four LIAR verdicts and one in the CSV
    with app.app_context():  # nodes are named by their page (services/pages/structured.py)
        ids = dict(get_session().execute(select(Statement.key, Statement.id)).tuples().all())
    liar = next(r for r in reviews if r["url"] == f"/statements/{ids['liar:1001']}")
    assert liar["reviewRating"]["alternateName"] == "false"
    assert liar["author"]["name"] == "PolitiFact"
    jane = next(q for q in quotes if q["@id"] == f"/statements/{ids['quotebank:2020-03-01-000001']}")
    assert jane["spokenByCharacter"]["sameAs"] == "https://www.wikidata.org/wiki/Q1000001"
    assert len(jane["citation"]) == 3
    versions = [v for q in quotes for v in q.get("workExample", [])]
    assert [(v["inLanguage"], v["text"], v["workTranslation"]["translator"]["name"]) for v in versions] == [
        ("ko", "두 정상은 짧게 인사를 나눴다", "Desk")]


def test_timelinejs(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    doc = json.loads(export(runner, tmp_path / "t.json", "--format", "timelinejs",
                            "--timeline", "speaker:fumio-kishida"))
    assert doc["title"]["text"]["headline"] == "Fumio Kishida"
    assert doc["events"] and all(e["text"]["headline"] == "Fumio Kishida" for e in doc["events"])
    assert doc["events"][0]["start_date"]["year"] == 2022
    event = json.loads(export(runner, tmp_path / "e.json", "--format", "timelinejs",
                              "--timeline", "event:nato-summit-2022"))
    assert event["events"]
    result = runner.invoke(args=["export", str(tmp_path / "x.json"), "--format", "timelinejs",
                                 "--timeline", "speaker:nobody"])
    assert result.exit_code == 1 and "no speaker with the key “nobody”" in result.output
