"""Seeds: complete, idempotent, all-or-nothing, with errors that name file, record and field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from tests.conftest import make_app
from tests.databases import Databases
from tracker.models import Account, Conflict, Revision, Speaker, Statement
from tracker.services.data import migrations, seeding
from tracker.web.database import get_session


def _counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        session = get_session()
        return {model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Speaker, Statement, Account, Conflict, Revision)}


def test_seeds_hold_every_statement_and_the_conflicts(app: Flask) -> None:
    counts = _counts(app)
    assert counts["Statement"] >= 25
    assert counts["Conflict"] >= 2
    assert counts["Account"] >= counts["Statement"]


def test_second_seed_run_changes_nothing(app: Flask, runner: FlaskCliRunner) -> None:
    before = _counts(app)
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert " 0 created, 0 updated" in result.output
    assert _counts(app) == before


def test_seed_if_empty_leaves_a_populated_database_alone(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed", "--if-empty"])
    assert result.exit_code == 0
    assert "not seeding" in result.output


@pytest.fixture
def empty_app(databases: Databases, tmp_path: Path) -> Flask:
    url = databases.create()
    migrations.upgrade(url)
    return make_app(url, tmp_path)


def _seed_dir_with(tmp_path: Path, name: str, content: str) -> Path:
    directory = tmp_path / "seeds"
    directory.mkdir()
    for path in seeding.seed_files():
        shutil.copy(path, directory / path.name)
    (directory / name).write_text(content, encoding="utf-8")
    return directory


def test_malformed_seed_file_loads_nothing_and_names_file_record_field(
        empty_app: Flask, tmp_path: Path) -> None:
    bad = {"statements": [{"key": "bad-date", "speaker": "yoon-suk-yeol", "wording": "x",
                           "said": "2022-13-45"}]}
    directory = _seed_dir_with(tmp_path, "99-bad.json", json.dumps(bad))
    result = empty_app.test_cli_runner().invoke(args=["seed", "--directory", str(directory)])
    assert result.exit_code != 0
    assert "99-bad.json" in result.output
    assert "statements[0]" in result.output and "bad-date" in result.output
    assert "said" in result.output and "month" in result.output
    assert "Nothing was loaded" in result.output
    assert set(_counts(empty_app).values()) == {0}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "line 1, column 2"),
        ('{"statements": [{"key": "x", "speaker": "nobody", "wording": "w"}]}', "“nobody”"),
        ('{"speakers": [{"key": "Bad Key", "name": "n"}]}', "not a valid key"),
        ('{"speakers": [{"key": "k", "name": "n", "kind": "robot"}]}', "“robot” is not one of"),
        ('{"speakers": [{"key": "k"}]}', "field “name”: is required"),
        ('{"outlets": [{"key": "o", "name": "n", "url": "javascript:alert(1)"}]}', "not a web address"),
        ('{"statments": []}', "not a known section"),
        ('[1, 2]', "expected a JSON object"),
    ],
)
def test_each_kind_of_bad_seed_is_explained(empty_app: Flask, tmp_path: Path, content: str,
                                            expected: str) -> None:
    directory = _seed_dir_with(tmp_path, "99-bad.json", content)
    result = empty_app.test_cli_runner().invoke(args=["seed", "--directory", str(directory)])
    assert result.exit_code != 0
    assert expected in result.output, result.output
    assert _counts(empty_app)["Speaker"] == 0


def test_changed_seed_updates_in_place_and_records_a_revision(app: Flask, tmp_path: Path) -> None:
    directory = tmp_path / "seeds"
    directory.mkdir()
    for path in seeding.seed_files():
        document = json.loads(path.read_text(encoding="utf-8"))
        for speaker in document.get("speakers", []):
            if speaker["key"] == "yoon-suk-yeol":
                speaker["description"] = "Changed for the test."
        (directory / path.name).write_text(json.dumps(document), encoding="utf-8")
    before = _counts(app)
    result = app.test_cli_runner().invoke(args=["seed", "--directory", str(directory)])
    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated" in result.output
    after = _counts(app)
    assert after["Revision"] == before["Revision"] + 1
    assert after["Speaker"] == before["Speaker"]
