"""One write engine: an import of a stored record updates it as a form save would (the fields
its format gives, a revision, the version up); re-importing changes nothing; JSON and the bulk
formats give the same records and revisions (services/editing/rules.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import make_app
from tests.databases import Databases
from tests.pages_helpers import count_queries
from tracker.models import Account, Revision, Speaker, Statement
from tracker.services.data import migrations, seeding
from tracker.services.data.exporters import export_file
from tracker.services.data.importers import run_import, updates
from tracker.services.data.importers.base import ImportResult
from tracker.services.editing import documents, edits, merge, rules
from tracker.services.input.records import RecordError
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
SAMPLES = (("quotebank_sample.jsonl", "quotebank"), ("quotebank_sample.csv", "quotebank"),
           ("liar_sample.tsv", "liar"), ("tracker_sample.csv", "csv"))


def _import(app: Flask, path: Path, fmt: str) -> ImportResult:
    with app.app_context():
        return run_import(get_session(), path, fmt)


def _csv(app: Flask, tmp_path: Path, name: str, rows: str) -> ImportResult:
    """Import CSV rows of key, speaker, speaker_name and wording, written to ``name``."""
    path = tmp_path / name
    path.write_text("key,speaker,speaker_name,wording\n" + rows, encoding="utf-8")
    return _import(app, path, "csv")


@contextmanager
def _other_app(databases: Databases, tmp_path: Path) -> Iterator[Flask]:
    """An app on a second database, migrated and seeded; dropped afterwards."""
    url = databases.create()
    try:
        migrations.upgrade(url)
        other = make_app(url, tmp_path)
        with other.app_context():
            seeding.load_files(get_session(), seeding.seed_files())
        yield other
        other.extensions["engine"].dispose()
    finally:
        databases.drop(url)


def _state(app: Flask) -> tuple[int, dict[tuple[str, str], tuple[int, dict[str, Any]]]]:
    """How many revisions there are, and every keyed record's version and document."""
    with app.app_context():
        session = get_session()
        records = {}
        for kind, model in edits.MODELS.items():
            for obj in session.scalars(select(model)):
                records[(kind, obj.key)] = (obj.version, documents.document(obj))
        return session.scalar(select(func.count()).select_from(Revision)) or 0, records


def _statement(app: Flask, key: str) -> Statement:
    with app.app_context():
        found = get_session().scalars(select(Statement).where(Statement.key == key)).one()
        get_session().expunge(found)
        return found


def _last_revision(app: Flask, kind: str, record_id: int) -> Revision:
    with app.app_context():
        found = get_session().scalars(select(Revision).where(
            Revision.entity_type == kind, Revision.entity_id == record_id)
            .order_by(Revision.id.desc())).first()
        assert found is not None
        get_session().expunge(found)
        return found


@pytest.mark.parametrize(("name", "fmt"), SAMPLES)
def test_reimporting_a_file_changes_nothing(app: Flask, name: str, fmt: str) -> None:
    _import(app, FIXTURES / name, fmt)
    before = _state(app)
    again = _import(app, FIXTURES / name, fmt)
    assert not again.created and not again.updated
    assert _state(app) == before  # no revision, no version, no field


def test_an_import_of_a_stored_record_updates_it_like_a_form_save(app: Flask, tmp_path: Path) -> None:
    """A changed quotation: its statement and account change, each with a revision holding the
    whole document before and after and the version up; what the format does not hold (an
    editor's verdict and topic) stays."""
    _import(app, FIXTURES / "quotebank_sample.jsonl", "quotebank")
    key = "quotebank:2020-03-02-000002"
    with app.app_context():
        session = get_session()
        statement = session.scalars(select(Statement).where(Statement.key == key)).one()
        edits.save(session, "statement", {**edits.document(statement), "verdict": "misleading",
                                          "topics": ["japan-korea-relations"]}, obj=statement)
        session.commit()
    edited = _statement(app, key)
    changed = tmp_path / "changed.jsonl"
    lines = (FIXTURES / "quotebank_sample.jsonl").read_text(encoding="utf-8").splitlines()
    changed.write_text("\n".join(line.replace("simply not what happened", "not at all what happened")
                                 for line in lines) + "\n", encoding="utf-8")
    result = _import(app, changed, "quotebank")
    assert result.updated == {"statement": 1, "account": 1}
    assert "updated (each with a revision): 1 account, 1 statement" in "\n".join(result.lines())
    assert not result.created
    now = _statement(app, key)
    assert now.wording == "That is not at all what happened in the room."
    assert now.version == edited.version + 1
    assert now.verdict == "misleading"  # Quotebank has no verdict: the editor's stays
    revision = _last_revision(app, "statement", now.id)
    assert (revision.action, revision.summary) == ("update", "imported from changed.jsonl")
    assert revision.before is not None and revision.after is not None
    assert revision.before["wording"] == edited.wording and revision.after["wording"] == now.wording
    assert revision.after["topics"] == ["japan-korea-relations"]
    assert {k for k in revision.after if revision.after[k] != revision.before[k]} == {"wording"}
    with app.app_context():
        account = get_session().scalars(select(Account).where(Account.statement_id == now.id)).one()
        assert account.wording == now.wording and account.version == 2
    assert _import(app, changed, "quotebank").updated == {}  # and once more: nothing


def test_speakers_gain_the_names_and_roles_an_import_gives(app: Flask, tmp_path: Path) -> None:
    _import(app, FIXTURES / "liar_sample.tsv", "liar")
    with app.app_context():
        session = get_session()
        jane = session.scalars(select(Speaker).where(Speaker.key == "politifact:jane-example")).one()
        edits.save(session, "speaker", {**edits.document(jane), "name": "Jane Q. Example",
                                        "roles": []}, obj=jane)
        session.commit()
    result = _import(app, FIXTURES / "liar_sample.tsv", "liar")
    assert result.updated == {"speaker": 1}
    with app.app_context():
        jane = get_session().scalars(select(Speaker).where(Speaker.key == "politifact:jane-example")).one()
        assert jane.name == "Jane Q. Example"  # the editor's name stays; the file's is an alias
        assert [a.name for a in jane.aliases] == ["Jane Q. Example", "Jane Example"]
        assert [r.title for r in jane.roles] == ["Governor"]
        revision = _last_revision(app, "speaker", jane.id)
        assert revision.after == documents.document(jane)


def test_a_merged_speaker_stays_merged_when_its_file_comes_again(app: Flask) -> None:
    _import(app, FIXTURES / "quotebank_sample.jsonl", "quotebank")
    with app.app_context():
        session = get_session()
        jane, harrow = (session.scalars(select(Speaker).where(Speaker.key == key)).one()
                        for key in ("wikidata:q1000001", "quotebank:speaker:chris-harrow"))
        merge.merge(session, jane, harrow, user_id=None)
        session.commit()
    before = _state(app)
    assert _import(app, FIXTURES / "quotebank_sample.jsonl", "quotebank").updated == {}
    assert _state(app) == before
    assert _statement(app, "quotebank:2020-03-04-000004").speaker_id == jane.id


def _documents_of(app: Flask, prefix: str) -> dict[tuple[str, str], dict[str, Any]]:
    with app.app_context():
        found = {}
        for kind, model in edits.MODELS.items():
            for obj in get_session().scalars(select(model).where(model.key.like(f"{prefix}%"))):
                found[(kind, obj.key)] = documents.document(obj)
        return found


def _creates(app: Flask) -> dict[tuple[str, Any], Any]:
    """Every record's Created entry (a stored create revision, or its import run's), by key."""
    with app.app_context():
        session = get_session()
        found = {}
        for kind, model in edits.MODELS.items():
            for obj in session.scalars(select(model)):
                created = edits.revisions(session, kind, obj.id)[-1]
                assert created.action == "create", (kind, obj.key)
                found[(kind, obj.key)] = created.after
        return found


def test_json_and_the_bulk_formats_give_the_same_records_and_revisions(
        app: Flask, databases: Databases, tmp_path: Path) -> None:
    """Every sample imported by its format into one database, then exported and imported as
    JSON into another: the same documents and the same create revisions; then the same change
    by CSV and by JSON gives the same update revision."""
    for name, fmt in SAMPLES:
        _import(app, FIXTURES / name, fmt)
    dump = tmp_path / "dump.json"
    with app.app_context():
        export_file(get_session(), dump, "json")
    with _other_app(databases, tmp_path) as other:
        _import(other, dump, "json")
        for prefix in ("quotebank:", "liar:", "politifact:", "csv-", "domain:", "url:", "wikidata:"):
            mine = _documents_of(app, prefix)
            assert mine and mine == _documents_of(other, prefix), prefix
        by_bulk, by_json = _creates(app), _creates(other)
        imported = [k for k in by_bulk if k[1] and k[1].startswith(("quotebank:", "liar:", "csv-"))]
        assert imported and all(by_bulk[k] == by_json[k] for k in imported)

        row = ("key,speaker,wording,kind,language\n"
               "csv-one,csv-speaker-a,We never agreed to that date.,denial,en\n")
        (tmp_path / "change.csv").write_text(row, encoding="utf-8")
        assert _import(app, tmp_path / "change.csv", "csv").updated == {"statement": 1}
        doc = _documents_of(other, "csv-one")[("statement", "csv-one")]
        (tmp_path / "change.json").write_text(json.dumps({"statements": [{
            **doc, "wording": "We never agreed to that date."}]}), encoding="utf-8")
        assert _import(other, tmp_path / "change.json", "json").updated == {"statement": 1}
        sides = []
        for application in (app, other):
            statement = _statement(application, "csv-one")
            revision = _last_revision(application, "statement", statement.id)
            sides.append((revision.action, revision.before, revision.after, statement.version))
        assert sides[0] == sides[1]


def test_json_finds_a_speaker_by_wikidata_id_under_another_key(app: Flask, tmp_path: Path) -> None:
    _import(app, FIXTURES / "quotebank_sample.jsonl", "quotebank")
    path = tmp_path / "other-key.json"
    path.write_text(json.dumps({"speakers": [{"key": "jane-example", "name": "Jane Example",
                                              "wikidata_id": "Q1000001",
                                              "aliases": [{"name": "JANE EXAMPLE"}]}],
                                "statements": [{"key": "json-jane", "speaker": "jane-example",
                                                "wording": "Said by the same Jane."}]}), encoding="utf-8")
    result = _import(app, path, "json")
    assert result.created == {"statement": 1}
    statement = _statement(app, "json-jane")
    with app.app_context():
        speaker = get_session().get(Speaker, statement.speaker_id)
        assert speaker is not None and speaker.key == "wikidata:q1000001"


def _gain_names(app: Flask, tmp_path: Path) -> None:
    """Stored speakers gain, by later files, spellings that refile them (an alias that is the
    family name alone, written first), a name in another script, and the roles an editor took
    away."""
    _import(app, FIXTURES / "liar_sample.tsv", "liar")
    _csv(app, tmp_path, "first.csv", "ito-1,ito,Ito Hiro,The first words.\n")
    with app.app_context():
        session = get_session()
        jane = session.scalars(select(Speaker).where(Speaker.key == "politifact:jane-example")).one()
        edits.save(session, "speaker", {**edits.document(jane), "name": "Jane Q. Example", "roles": [],
                                        "aliases": [{"name": "J. Example", "language": "en"}]}, obj=jane)
        session.commit()
    _csv(app, tmp_path, "later.csv", "ito-2,ito,Ito,The second words.\nito-3,ito,伊藤博,The third words.\n")
    _import(app, FIXTURES / "liar_sample.tsv", "liar")


def _speakers_and_histories(app: Flask) -> dict[str | None, Any]:
    with app.app_context():
        session = get_session()
        return {s.key: (s.version, s.sort_name, documents.document(s),
                        [(r.action, r.summary, r.before, r.after)
                         for r in edits.revisions(session, "speaker", s.id)])
                for s in session.scalars(select(Speaker))}


def test_a_speaker_gaining_names_in_bulk_ends_as_the_loader_would_write_it(
        app: Flask, databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Names and roles added in bulk (updates._add_names) against the same files with every
    change written by the Loader: the same speakers, sort names, versions and revisions."""
    _gain_names(app, tmp_path)
    with _other_app(databases, tmp_path) as other:
        monkeypatch.setattr(updates, "ADDITIONS", frozenset())  # no change is only additions
        _gain_names(other, tmp_path)
        bulk, loader = _speakers_and_histories(app), _speakers_and_histories(other)
        assert bulk == loader
        version, sort_name, doc, history = bulk["ito"]
        assert sort_name == "ito hiro"  # refiled: "Ito" alone says the family name comes first
        assert [a["name"] for a in doc["aliases"]] == ["Ito", "伊藤博"] and version == 2
        assert [h[0] for h in history] == ["update", "create"]
        jane = bulk["politifact:jane-example"][2]
        assert [a["name"] for a in jane["aliases"]] == ["J. Example", "Jane Example"]
        assert jane["aliases"][0]["language"] == "en" and [r["title"] for r in jane["roles"]] == ["Governor"]


def test_speakers_gaining_names_cost_the_same_queries_however_many(app: Flask, tmp_path: Path) -> None:
    """Each speaker gaining a spelling is not a round of queries of its own: 3 or 30, the same."""
    counts = []
    for count in (3, 30):
        keys = [f"{count}-{i}" for i in range(count)]  # and names: none is found by another's name
        _csv(app, tmp_path, "first.csv", "".join(f"said-{k},speaker-{k},Person Number{k},Words {k}.\n"
                                                 for k in keys))
        rows = "".join(f"again-{k},speaker-{k},P. Number{k},Again {k}.\n" for k in keys)
        with count_queries(app) as statements:
            assert _csv(app, tmp_path, "later.csv", rows).updated == {"speaker": count}
        # Less the near-duplicate check's one read per speaker of its newest statements, which is
        # by design (search.near.among: a LIMIT per speaker keeps a speaker of 100k quotes linear).
        counts.append(sum("ORDER BY statement.id DESC" not in s for s in statements))
    assert counts[0] == counts[1]


def test_a_speaker_past_the_names_limit_is_refused_as_the_loader_refuses_it(
        app: Flask, tmp_path: Path) -> None:
    _csv(app, tmp_path, "first.csv", "many-1,many,Many Names,The first words.\n")
    with app.app_context():
        session = get_session()
        many = session.scalars(select(Speaker).where(Speaker.key == "many")).one()
        edits.save(session, "speaker", {**edits.document(many), "aliases": [
            {"name": f"Name {i}"} for i in range(rules.MAX_CHILDREN["aliases"])]}, obj=many)
        session.commit()
    before = _state(app)
    refused = r"“many”\), field “aliases”: at most 500 names are allowed; this gives 501"
    with pytest.raises(RecordError, match=refused):
        _csv(app, tmp_path, "later.csv", "many-2,many,Another Spelling,The later words.\n")
    assert _state(app) == before
