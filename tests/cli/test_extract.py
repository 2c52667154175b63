"""`flask extract FILE --published … --format json`: the API's document on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner

from tests.api.test_api_extract import TEXT


def test_extract_prints_proposals_with_offsets_into_the_file(runner: FlaskCliRunner, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(args=["extract", str(article), "--published", "2022-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    proposals = json.loads(result.output)["proposals"]
    text = article.read_text(encoding="utf-8")
    assert proposals and all(
        text[p["content"]["start"] : p["content"]["end"]] == p["content"]["text"] for p in proposals
    )
    assert "Yoon Suk-yeol" in {p["speaker"]["name"] for p in proposals}


def test_extract_refuses_a_bad_date_and_non_utf8(runner: FlaskCliRunner, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(args=["extract", str(article), "--published", "June 30"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    article.write_bytes("Kishida said “é”".encode("latin-1", errors="replace") + b"\xff\xfe")
    result = runner.invoke(args=["extract", str(article)])
    assert result.exit_code == 1 and "not UTF-8" in result.output
