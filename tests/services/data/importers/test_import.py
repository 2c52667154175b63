"""`flask import`: Quotebank, LIAR and the tracker's CSV, through the command line."""

from __future__ import annotations

import bz2
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from tracker.models import (
    Account,
    Article,
    ImportRun,
    ImportRunRange,
    Outlet,
    Revision,
    Speaker,
    SpeakerKind,
    Statement,
    StatementKind,
)
from tracker.services.editing import edits
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def run_import(runner: FlaskCliRunner, path: Path, fmt: str, *extra: str) -> Result:
    """Run `import` and return the click result."""
    return runner.invoke(args=["import", str(path), "--format", fmt, *extra])


def count(app: Flask, model: Any, *where: Any) -> int:
    """How many rows of a model match."""
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(model).where(*where)) or 0


def statement(app: Flask, key: str) -> dict[str, Any]:
    """A statement's fields, with its speaker and accounts, as plain data."""
    with app.app_context():
        s = get_session().scalars(select(Statement).where(Statement.key == key)).one()
        return {"speaker": s.speaker.key, "wikidata_id": s.speaker.wikidata_id, "wording": s.wording,
                "kind": s.kind, "said": s.said_on.isoformat() if s.said_on else None,
                "precision": s.said_precision.value if s.said_precision else None, "note": s.said_note,
                "verdict": s.verdict, "candidates": s.speaker_candidates,
                "topics": [t.key for t in s.topics], "event": s.event.key if s.event else None,
                "accounts": sorted((a.article.url if a.article else None, a.note,
                                    a.article.outlet.domain if a.article and a.article.outlet else None)
                                   for a in s.accounts),
                "hops": [[h.role.value for h in a.hops] for a in s.accounts]}


def created_by(app: Flask, kind: str, *where: Any) -> Counter[str | None]:
    """How many records of a kind each Created entry's summary names (their histories' oldest)."""
    model = edits.MODELS[kind]
    with app.app_context():
        session = get_session()
        return Counter(edits.revisions(session, kind, record_id)[-1].summary
                       for record_id in session.scalars(select(model.id).where(*where)))


def aliases(app: Flask, key: str) -> list[str]:
    """A speaker's names, canonical first."""
    with app.app_context():
        s = get_session().scalars(select(Speaker).where(Speaker.key == key)).one()
        return [a.name for a in sorted(s.aliases, key=lambda a: (not a.is_canonical, a.id))]


def test_quotebank_jsonl_merges_speakers_urls_and_duplicates(app: Flask, runner: FlaskCliRunner) -> None:
    result = run_import(runner, FIXTURES / "quotebank_sample.jsonl", "quotebank")
    assert result.exit_code == 0, result.output
    assert "read 5 records" in result.stdout
    assert "rows/s" in result.stdout
    assert "repeated in the file (merged into the first): 1" in result.stdout
    assert "Reading quotebank_sample.jsonl" in result.stderr  # the progress bar

    first = statement(app, "quotebank:2020-03-01-000001")
    assert first["speaker"] == "wikidata:q1000001" and first["wikidata_id"] == "Q1000001"
    assert first["kind"] == StatementKind.DIRECT_QUOTE
    assert (first["said"], first["precision"]) == ("2020-03-01", "approximate")
    assert "quoted 3 times" in first["note"]
    assert first["candidates"] == [["Jane Example", 0.8123], ["None", 0.1877]]
    # The duplicate quote id added its one new URL; the shared URL was not doubled.
    assert [a[0] for a in first["accounts"]] == [
        "https://daily.example.org/a/1", "https://third.example.net/x",
        "https://www.example-news.com/2020/03/01/story"]
    assert [a[2] for a in first["accounts"]] == ["daily.example.org", "third.example.net", "example-news.com"]
    # Same Wikidata id, other spelling: one speaker, an alias.
    assert statement(app, "quotebank:2020-03-02-000002")["speaker"] == "wikidata:q1000001"
    assert aliases(app, "wikidata:q1000001") == ["Jane Example", "JANE EXAMPLE"]
    # Speaker "None" goes to the unattributed group, keeping the candidates.
    unattributed = statement(app, "quotebank:2020-03-03-000003")
    assert unattributed["speaker"] == "quotebank:unattributed"
    assert unattributed["candidates"][1] == ["John Sample", 0.3]
    assert count(app, Speaker, Speaker.key == "quotebank:unattributed",
                 Speaker.kind == SpeakerKind.GROUP) == 1
    # Several candidate Wikidata ids: the name stays unresolved.
    harrow = statement(app, "quotebank:2020-03-04-000004")
    assert (harrow["speaker"], harrow["wikidata_id"]) == ("quotebank:speaker:chris-harrow", None)
    assert count(app, Outlet, Outlet.domain == "example-news.com") == 1
    assert created_by(app, "statement", Statement.key.like("quotebank:2020-03-%")) == {
        "imported from quotebank_sample.jsonl": 4}
    assert count(app, Revision, Revision.summary == "imported from quotebank_sample.jsonl") == 0

    models = (Statement, Account, Article, Outlet, Speaker, Revision, ImportRun, ImportRunRange)
    before = {m.__name__: count(app, m) for m in models}
    again = run_import(runner, FIXTURES / "quotebank_sample.jsonl", "quotebank")
    assert again.exit_code == 0, again.output
    assert "created: nothing" in again.stdout
    assert "unchanged (already imported): 4" in again.stdout
    assert before == {m.__name__: count(app, m) for m in models}


def test_quotebank_bz2_and_zipped_csv(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    packed = tmp_path / "quotes.jsonl.bz2"
    packed.write_bytes(bz2.compress((FIXTURES / "quotebank_sample.jsonl").read_bytes()))
    assert run_import(runner, packed, "quotebank").exit_code == 0
    assert count(app, Statement, Statement.key.like("quotebank:2020-03-%")) == 4

    archive = tmp_path / "quotes.csv.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(FIXTURES / "quotebank_sample.csv", "quotes.csv")
    result = run_import(runner, archive, "quotebank")
    assert result.exit_code == 0, result.output
    assert "read 3 records" in result.stdout
    win = statement(app, "quotebank:2020-05-01-000010")
    assert win["speaker"] == "wikidata:q1000001"  # the same person as in the JSONL file
    assert win["candidates"] == [["Jane Example", 0.7], ["None", 0.3]]
    assert len(win["accounts"]) == 3
    assert statement(app, "quotebank:2020-05-02-000011")["wording"].startswith("=SUM(A1:A2)")


def test_a_bad_record_imports_nothing_unless_skip_bad(app: Flask, runner: FlaskCliRunner) -> None:
    bad = FIXTURES / "quotebank_bad.jsonl"
    result = run_import(runner, bad, "quotebank")
    assert result.exit_code == 1
    assert "Nothing was imported: 3 bad record(s)" in result.output
    assert "quotebank_bad.jsonl: line 2, field “quotation”: is required" in result.stderr
    assert "quotebank_bad.jsonl: line 3: not valid JSON" in result.stderr
    assert "line 4, field “probas[0]”: 1.5 is not between 0 and 1" in result.stderr
    assert count(app, Statement, Statement.key.like("quotebank:2020-04-%")) == 0

    result = run_import(runner, bad, "quotebank", "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "skipped: 3" in result.stdout
    for line in ("line 2", "line 3", "line 4"):
        assert f"quotebank_bad.jsonl: {line}" in result.stdout
    assert count(app, Statement, Statement.key.like("quotebank:2020-04-%")) == 2


def test_liar(app: Flask, runner: FlaskCliRunner) -> None:
    result = run_import(runner, FIXTURES / "liar_sample.tsv", "liar")
    assert result.exit_code == 0, result.output
    first = statement(app, "liar:1001")
    assert first["verdict"] == "false" and first["kind"] == StatementKind.PARAPHRASE
    assert first["speaker"] == "politifact:jane-example"
    assert first["topics"] == ["subject:economy", "subject:transportation"]
    assert first["accounts"] == [(None, "Context given by PolitiFact: a campaign mailer", None)]
    assert first["hops"] == [["speaker", "outlet"]]
    with app.app_context():
        jane = get_session().scalars(select(Speaker).where(Speaker.key == "politifact:jane-example")).one()
        assert (jane.name, [r.title for r in jane.roles]) == ("Jane Example", ["Governor"])
        assert jane.description == "PolitiFact: democrat, Exampleland"
        committee = get_session().scalars(
            select(Speaker).where(Speaker.key == "politifact:example-party-committee")).one()
        assert committee.kind == SpeakerKind.ORGANIZATION
    again = run_import(runner, FIXTURES / "liar_sample.tsv", "liar")
    assert "created: nothing" in again.stdout and "unchanged (already imported): 4" in again.stdout

    bad = run_import(runner, FIXTURES / "liar_bad.tsv", "liar")
    assert bad.exit_code == 1
    assert "line 2, field “label”: “sort-of-true” is not one of" in bad.stderr
    assert "line 3: expected 14 tab-separated columns, found 3" in bad.stderr
    assert count(app, Statement, Statement.key == "liar:2001") == 0


def test_tracker_csv(app: Flask, runner: FlaskCliRunner) -> None:
    result = run_import(runner, FIXTURES / "tracker_sample.csv", "csv")
    assert result.exit_code == 0, result.output
    one = statement(app, "csv-one")
    # A month is stored (and sorts) on its last day: after every day in it.
    assert (one["said"], one["precision"], one["kind"]) == ("2021-05-31", "month", StatementKind.DENIAL)
    assert one["topics"] == ["csv-topic-a", "csv-topic-b"]
    assert one["accounts"][0][2] == "example-news.com"
    two = statement(app, "csv-two")
    assert two["wording"] == "=the formula stays text"  # the export's escaping is undone
    assert (two["precision"], two["note"], two["verdict"]) == ("approximate", "'early June', per the article",
                                                               "false")
    three = statement(app, "csv-three")
    assert (three["speaker"], three["event"]) == ("fumio-kishida", "nato-summit-2022-dinner")
    assert "created: nothing" in run_import(runner, FIXTURES / "tracker_sample.csv", "csv").stdout

    bad = run_import(runner, FIXTURES / "tracker_bad.csv", "csv", "--skip-bad")
    assert bad.exit_code == 0, bad.output
    assert "skipped: 4" in bad.stdout
    assert "line 3, field “speaker”: refers to speaker “nobody-known”" in bad.stdout
    assert "line 4, field “event”: refers to event “no-such-event”" in bad.stdout
    assert "line 5, field “said”" in bad.stdout
    assert "line 6, field “key”" in bad.stdout
    assert count(app, Statement, Statement.key.like("csv-%")) == 4


def test_csv_with_an_unknown_column_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("key,speaker,wording,colour\nx,y,z,red\n", encoding="utf-8")
    result = run_import(runner, path, "csv")
    assert result.exit_code == 1
    assert "unknown column “colour”" in result.stderr


def test_imported_statements_are_searchable(client: Any, runner: FlaskCliRunner) -> None:
    assert run_import(runner, FIXTURES / "liar_sample.tsv", "liar").exit_code == 0
    with client.application.app_context():
        from tracker.models import SearchDocument

        assert get_session().scalar(select(func.count()).select_from(SearchDocument).where(
            SearchDocument.text.like("%parking%"))) == 1  # its account has the same words: no document
