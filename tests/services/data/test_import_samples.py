"""The real samples in ../shared/datasets (skipped where that folder is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.services.data.test_import import count, run_import
from tracker.models import Speaker, Statement

DATASETS = Path(__file__).resolve().parents[3] / ".." / "shared" / "datasets"
BIDEN = DATASETS / "quotebank" / "sars_biden_2020.csv.zip"
LIAR = DATASETS / "liar" / "train.tsv"


@pytest.mark.skipif(not BIDEN.exists(), reason="the Quotebank sample is not here")
def test_quotebank_biden_sample(app: Flask, runner: FlaskCliRunner) -> None:
    result = run_import(runner, BIDEN, "quotebank")
    assert result.exit_code == 0, result.output
    assert "read 2,733 records" in result.stdout
    # 27 quote ids repeat; every distinct quote is one statement.
    assert count(app, Statement, Statement.key.like("quotebank:%")) == 2733 - 28
    assert count(app, Speaker, Speaker.wikidata_id == "Q6279") == 1  # "Joe Biden" and "JOE BIDEN"
    again = run_import(runner, BIDEN, "quotebank")
    assert "created: nothing" in again.stdout


@pytest.mark.skipif(not LIAR.exists(), reason="the LIAR sample is not here")
def test_liar_train_sample(app: Flask, runner: FlaskCliRunner) -> None:
    result = run_import(runner, LIAR, "liar")
    assert result.exit_code == 0, result.output
    assert count(app, Statement, Statement.key.like("liar:%")) == 10_269
    assert "created: nothing" in run_import(runner, LIAR, "liar").stdout
