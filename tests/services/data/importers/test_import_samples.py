"""The real samples in the shared datasets folder, read in place (never copied here).

The folder sits beside the checkout (``../shared/datasets``); a clone elsewhere on this machine
finds it at /work/shared, or wherever ``TRACKER_SHARED`` says. These tests do not skip: a
missing folder fails them with a message saying where it was looked for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.services.data.importers.test_import import count, run_import
from tracker.models import Speaker, Statement

_PLACES = [Path(p) for p in (os.environ.get("TRACKER_SHARED"),) if p] + [
    Path(__file__).resolve().parents[4].parent / "shared", Path("/work/shared")]


def _sample(*parts: str) -> Path:
    for place in _PLACES:
        if (found := place.joinpath("datasets", *parts)).exists():
            return found
    pytest.fail(f"datasets/{'/'.join(parts)} is in none of {[str(p) for p in _PLACES]}: set TRACKER_SHARED")


BIDEN = ("quotebank", "sars_biden_2020.csv.zip")
LIAR = ("liar", "train.tsv")


def test_quotebank_biden_sample(app: Flask, runner: FlaskCliRunner) -> None:
    result = run_import(runner, _sample(*BIDEN), "quotebank")
    assert result.exit_code == 0, result.output
    assert "read 2,733 records" in result.stdout
    # 27 quote ids repeat; every distinct quote is one statement.
    assert count(app, Statement, Statement.key.like("quotebank:%")) == 2733 - 28
    assert count(app, Speaker, Speaker.wikidata_id == "Q6279") == 1  # "Joe Biden" and "JOE BIDEN"
    again = run_import(runner, _sample(*BIDEN), "quotebank")
    assert "created: nothing" in again.stdout


def test_liar_train_sample(app: Flask, runner: FlaskCliRunner) -> None:
    result = run_import(runner, _sample(*LIAR), "liar")
    assert result.exit_code == 0, result.output
    assert count(app, Statement, Statement.key.like("liar:%")) == 10_269
    assert "created: nothing" in run_import(runner, _sample(*LIAR), "liar").stdout
