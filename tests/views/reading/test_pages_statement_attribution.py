"""The statement page shows Quotebank's attribution confidence where there is one."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from tests.pages_helpers import page
from tracker.models import Statement
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _imported(app: Flask, runner: FlaskCliRunner) -> dict[str, int]:
    result = runner.invoke(args=["import", str(FIXTURES / "quotebank_sample.jsonl"), "--format", "quotebank"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return {key: sid for key, sid in get_session().execute(
            select(Statement.key, Statement.id).where(Statement.key.like("quotebank:%"))).tuples() if key}


def test_candidates_with_probabilities_most_likely_first(app: Flask, client: FlaskClient,
                                                         runner: FlaskCliRunner) -> None:
    ids = _imported(app, runner)
    lines = [json.loads(line) for line in (FIXTURES / "quotebank_sample.jsonl").read_text().splitlines()
             if line.strip()]
    checked = 0
    for quote in lines:
        sid = ids.get(f"quotebank:{quote['quoteID']}")
        if sid is None or not quote.get("probas"):
            continue
        section = page(client, f"/statements/{sid}").find("section", class_="attribution")
        rows = section.find("tbody").find_all("tr")
        expected = sorted(quote["probas"], key=lambda p: -float(p[1]))
        assert len(rows) == len(expected)
        for row, (name, probability) in zip(rows, expected, strict=True):
            cells = row.find_all("td")
            assert name in cells[0].text()
            assert f"{round(float(probability) * 100)}%" in cells[1].text()
        attributed = [row for row in rows if "attributed" in row.classes()]
        if quote["speaker"] != "None":
            assert len(attributed) == 1 and quote["speaker"].casefold() in attributed[0].text().casefold()
        else:
            assert not attributed and "Nobody likely" in rows[0].text()
        checked += 1
    assert checked >= 3


def test_no_section_without_candidates(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        seeded = get_session().scalars(select(Statement).order_by(Statement.id)).first()
        assert seeded is not None and not seeded.speaker_candidates  # the seeds carry none
        sid = seeded.id
    assert not page(client, f"/statements/{sid}").find_all("section", class_="attribution")
