"""The benchmark harness (bench/) works end to end on a small archive; no timing is asserted.

The real run (1M statements, wrk, Datasette, PostgreSQL) is documented in bench/RESULTS.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench import imports
from bench.generate import Scale, Targets, csv_rows, load
from bench.run import datasette_pages, parse_wrk, summarize_profile, tracker_pages
from tracker import create_app

STATEMENTS = 1_000

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:5000
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.12ms    1.01ms  20.00ms   90.00%
  Latency Distribution
     50%    4.90ms
     75%    5.50ms
     90%    6.10ms
     99%    1.20s
  1600 requests in 2.00s, 10.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    800.50
Transfer/sec:      5.00MB
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Targets, dict[str, object]]]:
    """A small archive loaded through the CSV bulk import path into a temporary SQLite file."""
    path = tmp_path_factory.mktemp("bench") / "bench.sqlite"
    url = f"sqlite:///{path}"
    report, targets = load(url, STATEMENTS, log=False)
    yield url, targets, report.summary()


def test_an_account_with_its_statements_words_has_no_search_document(
        archive: tuple[str, Targets, dict[str, object]]) -> None:
    engine = create_engine(archive[0])
    try:
        with engine.connect() as connection:
            same, other, indexed_same, indexed_other = connection.execute(text(
                "SELECT sum(a.wording = s.wording), sum(a.wording != s.wording), "
                "sum(a.wording = s.wording AND d.id IS NOT NULL), "
                "sum(a.wording != s.wording AND d.id IS NOT NULL) "
                "FROM account a JOIN statement s ON s.id = a.statement_id "
                "LEFT JOIN search_document d ON d.account_id = a.id "
                "WHERE a.original_text IS NULL")).one()  # the statement's may have one: found in its document
            own = connection.scalar(text("SELECT count(*) FROM search_document WHERE account_id IS NULL"))
    finally:
        engine.dispose()
    assert same > 100 and other > 100  # the generator makes both
    assert indexed_same == 0
    assert indexed_other == other
    assert own == STATEMENTS


def test_generator_is_deterministic() -> None:
    scale = Scale.for_statements(200)
    first = list(csv_rows(scale, seed=7))
    assert first == list(csv_rows(scale, seed=7))
    assert first != list(csv_rows(scale, seed=8))
    assert len(first) == 2 * 200
    text = " ".join(" ".join(row) for row in first)
    assert any("\uac00" <= c <= "\ud7af" for c in text)  # Korean (Hangul)
    assert any("\u3040" <= c <= "\u309f" for c in text)  # Japanese (hiragana)
    assert "的" in text or "我们" in text  # Chinese


def test_load_counts(archive: tuple[str, Targets, dict[str, object]]) -> None:
    _, targets, summary = archive
    rows = summary["rows"]
    assert isinstance(rows, dict)
    scale = Scale.for_statements(STATEMENTS)
    assert rows["statement"] == STATEMENTS
    assert rows["account"] == 2 * STATEMENTS
    assert rows["speaker"] <= scale.speakers
    assert rows["speaker_alias"] > rows["speaker"]  # every canonical name, and some other spellings
    # A document per statement, and per account whose words are not its statement's.
    assert STATEMENTS < rows["search_document"] < 3 * STATEMENTS
    assert rows["conflict"] == scale.conflicts
    assert targets.top_speaker_statements > STATEMENTS // scale.speakers  # Zipf: a busy speaker
    assert len(targets.statements) == 16


def test_tracker_serves_the_benchmark_pages(archive: tuple[str, Targets, dict[str, object]],
                                             tmp_path: Path) -> None:
    url, targets, _ = archive
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench"})
    client = app.test_client()
    try:
        pages = tracker_pages(targets.__dict__)
        assert {"speaker", "speaker_top", "statement", "comparison", "search_common_en",
                "search_common_cjk", "search_rare"} <= set(pages)
        for name, paths in pages.items():
            for path in paths[:4]:
                response = client.get(path)
                assert response.status_code == 200, (name, path)
        found = client.get(pages["search_common_cjk"][0]).get_data(as_text=True)
        assert "<mark>政府</mark>" in found
    finally:
        app.extensions["engine"].dispose()


def test_datasette_pages_and_wrk_parsing() -> None:
    targets = {"speakers": [3], "top_speaker": 1, "statements": [5], "terms": {"common_en": "the"}}
    pages = datasette_pages(targets, "bench")
    assert pages["speaker"] == ["/bench/statement?speaker_id=3&_sort=said_on"]
    assert pages["search_common_en"] == ["/bench/search_document?_search=the"]
    sample = parse_wrk(WRK_OUTPUT)
    assert (sample.requests_per_second, sample.p50_ms, sample.p99_ms) == (800.5, 4.9, 1200.0)
    assert (sample.requests, sample.errors) == (1600, 3)
    summary = summarize_profile("main (app.py:1);handler (views/x.py:2) 3\nmain (app.py:1) 1\n")
    assert "4 samples" in summary
    assert "75.0  handler (views/x.py:2)" in summary


def test_the_import_bench_writes_every_stored_row_again(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "imports.sqlite"
    assert imports.main(["--statements", "300", "--kinds", "import", "stored",
                         "--database-url", f"sqlite:///{database}"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["kind"] for line in lines] == ["import", "stored"]
    engine = create_engine(f"sqlite:///{database}")  # what the stored run wrote
    try:
        with engine.connect() as connection:
            tables = connection.scalars(text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts%' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")).all()
            counts = {t: connection.scalar(text(f'SELECT count(*) FROM "{t}"')) for t in tables}
            found = connection.scalar(text("SELECT count(*) FROM search_fts"))
            indexes = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'index'")))
    finally:
        engine.dispose()
    assert counts["statement"] == 300 and counts["account"] == 600
    assert lines[1]["rows_written"] == sum(counts.values())
    assert found == counts["search_document"]  # the FTS table was built again
    assert {"ix_statement_said_on_id", "ix_account_article_id"} <= indexes  # and the deferred indexes
    assert not (tmp_path / "imports.sqlite.imported").exists()


def test_the_import_bench_refuses_stored_without_an_import_before_it() -> None:
    with pytest.raises(SystemExit):
        imports.main(["--statements", "10", "--kinds", "stored", "import", "--database-url", "sqlite:///x"])


def test_the_import_bench_stages_every_row_and_prices_handing_its_batches_over(
        capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["--statements", "300", "--kinds", "staging", "--database-url", "sqlite:///unused"]
    assert imports.main(arguments) == 0
    (line,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert line["kind"] == "staging"
    assert line["rows_staged"] == line["csv_rows"] == sum(1 for _ in csv_rows(Scale.for_statements(300)))
    assert line["pickled_mb"] > 0 and line["pickle_out_seconds"] >= 0 and line["pickle_in_seconds"] >= 0
    assert 0 < line["imports_rss_mb"] <= line["peak_rss_mb"]
