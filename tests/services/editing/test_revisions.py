"""One revision shape (services/editing/history.py): every write stores the record's document,
and every side of every revision restores, for seeded, imported, edited and merged records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from tracker.models import Revision, Speaker, Statement, Topic
from tracker.services.data.importers import run_import
from tracker.services.editing import documents, edits, merge
from tracker.services.editing.created import CREATED_BY_IMPORT
from tracker.services.editing.edits import MODELS
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
IMPORTS = (("quotebank_sample.jsonl", "quotebank"), ("quotebank_sample.csv", "quotebank"),
           ("liar_sample.tsv", "liar"), ("tracker_sample.csv", "csv"))


def _import_fixtures(app: Flask) -> None:
    with app.app_context():
        for name, fmt in IMPORTS:
            run_import(get_session(), FIXTURES / name, fmt)


def _record_revisions(app: Flask) -> list[tuple[int, str, int]]:
    """Every history entry of every record, as (revision id, kind, record id): the stored
    revisions and the Created entries of what imports made (id 0)."""
    with app.app_context():
        session = get_session()
        return [(r.id, kind, record_id) for kind, model in MODELS.items()
                for record_id in session.scalars(select(model.id).order_by(model.id))
                for r in reversed(edits.revisions(session, kind, record_id))]


def test_every_record_starts_with_the_document_of_what_was_created(app: Flask) -> None:
    """Seeds (the Loader, a stored create revision) and every import format (the bulk path, the
    Created entry its import run stands for): a record's history starts with the record's
    document, field for field what ``documents.document`` gives of the stored record."""
    _import_fixtures(app)
    with app.app_context():
        session = get_session()
        kinds: set[tuple[str, str | None, bool]] = set()
        kinds_and_models: dict[str, type[Any]] = {**MODELS, "topic": Topic}
        for kind, model in kinds_and_models.items():
            for obj in session.scalars(select(model)):
                entries = edits.revisions(session, kind, obj.id)
                created, later = entries[-1], entries[-2] if len(entries) > 1 else None
                assert (created.action, created.before) == ("create", None), (kind, obj.id)
                # what was created is what the next change started from (a later import may add a
                # name or role to a speaker it finds by name), or the record as it is
                expected = later.before if later is not None else documents.document(obj)
                assert created.after == expected, (kind, created.summary)
                assert created.after is not None
                assert list(created.after) == list(documents.FIELDS[kind])
                kinds.add((kind, created.summary, created.id == CREATED_BY_IMPORT))
        # Imports stored no create revision: each record's Created entry is its import run's.
        assert not session.scalars(select(Revision).where(Revision.summary.like("imported from %"),
                                                          Revision.action == "create")).first()
    imported = {summary for _, summary, by_run in kinds if by_run}
    assert imported == {f"imported from {name}" for name, _ in IMPORTS}
    assert all(s and s.startswith("loaded from") for _, s, by_run in kinds if not by_run)  # the seeds
    assert {"speaker", "outlet", "article", "statement", "account", "topic"} <= {k for k, _, by_run in kinds
                                                                                 if by_run}


def _restore_every_side(app: Flask) -> int:
    """Restore both sides of every revision offered for restoring, each in a savepoint rolled
    back afterwards; returns how many were restored. Fails on the first refusal."""
    restored = 0
    with app.app_context():
        session = get_session()
        for revision_id, kind, record_id in _record_revisions(app):
            revision = edits.revision_of(session, kind, record_id, revision_id)
            assert revision is not None
            for side in ("after", "before"):
                if not edits.restorable(revision, side):
                    assert (revision.after if side == "after" else revision.before) is None
                    continue
                savepoint = session.begin_nested()
                obj = edits.get_record(session, kind, record_id)
                saved = edits.restore(session, obj, revision, side, user_id=None, version=None)
                stored = revision.after if side == "after" else revision.before
                wanted = documents.record_fields(kind, stored or {})
                if kind == "statement":  # a merged speaker's key names the one it was merged into
                    wanted["speaker"] = _kept(session, wanted["speaker"])
                assert documents.document(saved) == wanted, (kind, record_id, side, revision.action)
                savepoint.rollback()
                session.expire_all()
                restored += 1
    return restored


def _kept(session: Any, key: str) -> str:
    speaker = session.scalars(select(Speaker).where(Speaker.key == key)).one()
    return str(session.get(Speaker, speaker.merged_into_id).key if speaker.merged_into_id else key)


def test_every_side_of_every_revision_restores(app: Flask) -> None:
    """The history page offers restoring any side that holds a record; none of them fails and
    each gives back exactly that version: seeded records, imported ones of every format, edited
    ones, deleted ones and both speakers of a merge."""
    _import_fixtures(app)
    with app.app_context():
        session = get_session()
        statement = session.scalars(select(Statement).where(Statement.key.like("quotebank:%"))
                                    .order_by(Statement.id)).first()
        assert statement is not None
        edits.save(session, "statement", {**edits.document(statement), "wording": "Edited words."},
                   obj=statement, user_id=None)
        edits.delete(session, statement, user_id=None)
        jane, harrow = (session.scalars(select(Speaker).where(Speaker.key == key)).one()
                        for key in ("wikidata:q1000001", "quotebank:speaker:chris-harrow"))
        merge.merge(session, jane, harrow, user_id=None)
        session.commit()
    actions = {a for _, a in _actions(app)}
    assert {"create", "update", "delete", "merge"} <= actions
    entries = _record_revisions(app)
    assert {kind for revision_id, kind, _ in entries if revision_id == CREATED_BY_IMPORT} >= {
        "speaker", "outlet", "article", "statement", "account"}  # created by imports: restored too
    assert _restore_every_side(app) > len(entries)  # updates restore on both sides


def _actions(app: Flask) -> set[tuple[str, str]]:
    with app.app_context():
        return set(get_session().execute(select(Revision.entity_type, Revision.action)).tuples())


def test_restore_refuses_what_is_not_a_record(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        statement = session.scalars(select(Statement).order_by(Statement.id)).first()
        assert statement is not None
        edits.delete(session, statement, user_id=None)
        deletion = session.scalars(select(Revision).where(Revision.action == "delete")).one()
        assert edits.restorable(deletion, "before") and not edits.restorable(deletion, "after")
        with pytest.raises(edits.EditError):
            edits.restore(session, statement, deletion, "after", user_id=None, version=None)


def test_a_password_change_records_the_users_document_on_both_sides(app: Flask) -> None:
    from tracker.models import UserRole
    from tracker.services.access import users

    with app.app_context():
        session = get_session()
        user = users.create_user(session, "pw@example.org", "first password", UserRole.EDITOR)
        users.change_password(session, user, "first password", "second password")
        session.flush()
        revision = session.scalars(select(Revision).where(Revision.entity_type == "user_account")).one()
        assert revision.before == revision.after == {"email": "pw@example.org", "display_name": None,
                                                     "role": "editor", "active": True}
        assert revision.summary == "changed their password"


def test_a_bulk_import_and_the_loader_write_the_same_revision(app: Flask, runner: FlaskCliRunner,
                                                              tmp_path: Path) -> None:
    """One CSV row and the same statement as JSON: created by either road, the revision is the
    same document (the statement and its source account)."""
    csv_path = tmp_path / "one.csv"
    csv_path.write_text("key,speaker,speaker_name,said,wording,kind,language,topics,source_url\n"
                        "road-csv,road-speaker,Road Person,2021-05,Same words.,denial,en,road-topic,"
                        "https://road.example.org/a\n", encoding="utf-8")
    assert runner.invoke(args=["import", str(csv_path), "--format", "csv"]).exit_code == 0
    with app.app_context():
        session = get_session()
        by_csv = session.scalars(select(Statement).where(Statement.key == "road-csv")).one()
        created = edits.revisions(session, "statement", by_csv.id)[-1]  # the import run's entry
        assert (created.id, created.action, created.summary) == (CREATED_BY_IMPORT, "create",
                                                                 "imported from one.csv")
        assert created.after is not None and created.after["topics"] == ["road-topic"]
        json_doc: dict[str, Any] = {**created.after, "key": "road-json"}
        csv_fields = list(created.after)
    json_path = tmp_path / "one.json"
    json_path.write_text(json.dumps({"statements": [json_doc]}), encoding="utf-8")
    result = runner.invoke(args=["import", str(json_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        by_json = get_session().scalars(select(Revision).where(Revision.entity_type == "statement")
                                        .order_by(Revision.id.desc())).first()
        assert by_json is not None and by_json.after == json_doc
        assert list(by_json.after) == csv_fields
