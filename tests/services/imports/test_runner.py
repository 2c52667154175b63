"""Import jobs run through the same function the worker thread and RQ call: summaries with
their rejected rows, cancels that leave nothing, and jobs that run once."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask

from tests.services.imports.helpers import FIXTURES, csv_rows, fingerprint, load_job, queue_job
from tracker.services.imports import jobs
from tracker.services.imports.progress import (
    LiveProgress,
    job_folder,
    one_at_a_time,
    read_live,
    request_cancel,
)
from tracker.services.imports.runner import MAX_REJECTED_STORED, run_job


def _run(app: Flask, job_id: int, **kwargs: object) -> str:
    return run_job(app.extensions["sessionmaker"], Path(app.config["UPLOAD_FOLDER"]), job_id,
                   **kwargs)  # type: ignore[arg-type]


def test_a_job_runs_and_keeps_its_summary_with_every_rejected_row(app: Flask) -> None:
    job_id = queue_job(app, (FIXTURES / "tracker_bad.csv").read_bytes(), "報告 sheet.csv", skip_bad=True)
    assert _run(app, job_id) == "done"
    job = load_job(app, job_id)
    assert job.status == "done" and job.started_at and job.finished_at and job.error is None
    assert job.summary and job.summary["created"]["statement"] == 1
    assert job.rejected_total == 4
    rows = job.summary["rejected"]
    assert {r["line"] for r in rows} >= {"line 3", "line 6"} or len(rows) == 4
    assert all(r["file"] == "報告 sheet.csv" and r["reason"] for r in rows)
    assert {r["field"] for r in rows} >= {"speaker", "event"}
    with app.app_context():
        from tracker.web.database import get_session
        made = jobs.created_statements(get_session(), job)
    assert [wording for _, wording, _ in made] == ["A fine row."]


def test_a_job_lists_what_its_import_run_created_not_every_id_of_its_span(app: Flask) -> None:
    job_id = queue_job(app, csv_rows(3, prefix="run"), "run.csv")
    assert _run(app, job_id) == "done"
    with app.app_context():
        from tracker.services.editing.loader import Loader
        from tracker.web.database import get_session
        session = get_session()
        Loader(session).load("test", {"statements": [{
            "key": "saved-meanwhile", "speaker": "run-speaker-0", "wording": "Saved by an editor."}]})
        session.commit()
        job = jobs.get(session, job_id)
        assert job is not None and isinstance(job.summary, dict)
        # On PostgreSQL an editor's statement saved while the import ran gets an id inside the
        # span the job records; here the span is widened to it after the fact.
        span = job.summary["statement_ids"]
        newest = max(i for i, _, _ in jobs.created_statements(session, job)) + 1
        job.summary = {**job.summary, "statement_ids": {**span, "upto_id": newest}}
        assert [wording for _, wording, _ in jobs.created_statements(session, job)] == [
            "Words number 3 of run.", "Words number 2 of run.", "Words number 1 of run."]
        legacy = {k: v for k, v in job.summary.items() if k != "import_run"}  # a job from before 0015
        job.summary = legacy
        assert "Saved by an editor." in [wording for _, wording, _ in jobs.created_statements(session, job)]
        session.rollback()


def test_bad_rows_without_skip_bad_store_nothing_and_are_all_listed(app: Flask) -> None:
    before = fingerprint(app)
    job_id = queue_job(app, (FIXTURES / "tracker_bad.csv").read_bytes(), "bad.csv")
    assert _run(app, job_id) == "failed"
    job = load_job(app, job_id)
    assert job.error and "nothing was imported" in job.error and job.rejected_total == 4
    assert len(job.summary["rejected"]) == 4  # type: ignore[index]
    assert fingerprint(app) == before


def test_cancel_while_reading_leaves_nothing(app: Flask) -> None:
    before = fingerprint(app)
    job_id = queue_job(app, csv_rows(1_200), "many.csv")
    folder = job_folder(Path(app.config["UPLOAD_FOLDER"]), job_id)
    seen: list[int] = []

    def cancel_once_started(live: LiveProgress) -> None:
        seen.append(live.done)
        if live.done > 0:
            request_cancel(folder)

    assert _run(app, job_id, observe=cancel_once_started) == "cancelled"
    job = load_job(app, job_id)
    assert job.status == "cancelled" and job.cancel_requested and job.summary is None
    assert seen and 0 < job.done < 2 * 1_200 * 1_000  # stopped at its first report
    assert fingerprint(app) == before


def test_cancel_while_writing_is_all_or_nothing(app: Flask) -> None:
    before = fingerprint(app)
    job_id = queue_job(app, csv_rows(600, prefix="late"), "late.csv")
    folder = job_folder(Path(app.config["UPLOAD_FOLDER"]), job_id)

    def cancel_when_writing(live: LiveProgress) -> None:
        if live.phase == "writing":
            request_cancel(folder)

    # run_import reports progress after every batch it writes, so a cancel while writing is seen
    assert _run(app, job_id, observe=cancel_when_writing) == "cancelled"
    assert fingerprint(app) == before


def test_a_cancelled_queued_job_never_runs_and_a_job_runs_once(app: Flask) -> None:
    first = queue_job(app, csv_rows(3, prefix="once"), "once.csv")
    second = queue_job(app, csv_rows(3, prefix="never"), "never.csv")
    with app.app_context():
        from tracker.web.database import get_session
        session = get_session()
        job = jobs.get(session, second)
        assert job is not None and jobs.cancel(session, job, Path(app.config["UPLOAD_FOLDER"]))
        session.commit()
    before = fingerprint(app)
    assert _run(app, second) == "cancelled"
    assert fingerprint(app) == before
    assert _run(app, first) == "done"
    after = fingerprint(app)
    assert _run(app, first) == "done"  # delivered twice: the second delivery changes nothing
    assert fingerprint(app) == after and after["statement"][0] == before["statement"][0] + 3


def test_rejected_rows_are_bounded_and_paged(app: Flask) -> None:
    job_id = queue_job(app, csv_rows(MAX_REJECTED_STORED + 5, prefix="bad", bad_every=1), "all-bad.csv",
                       skip_bad=True)
    assert _run(app, job_id) == "done"
    job = load_job(app, job_id)
    assert job.rejected_total == MAX_REJECTED_STORED + 5
    assert len(job.summary["rejected"]) == MAX_REJECTED_STORED  # type: ignore[index]
    page = jobs.rejected_page(job, 2)
    assert (page.page, page.pages, page.stored) == (2, 10, MAX_REJECTED_STORED)
    assert page.rows[0]["line"] == job.summary["rejected"][100]["line"]  # type: ignore[index]
    assert jobs.rejected_page(job, 99).page == 10


def test_live_progress_is_throttled_and_read_back(tmp_path: Path) -> None:
    now = [0.0]
    live = LiveProgress(tmp_path, every=0.5, clock=lambda: now[0])
    live.start(100)
    assert read_live(tmp_path) == {**read_live(tmp_path), "total": 100, "done": 0}  # type: ignore[dict-item]
    live.add(10)  # 0 s after the last write: kept for later
    assert read_live(tmp_path)["done"] == 0  # type: ignore[index]
    now[0] = 0.6
    live.add(5)
    assert read_live(tmp_path)["done"] == 15  # type: ignore[index]
    live.writing()
    assert read_live(tmp_path)["phase"] == "writing"  # type: ignore[index]
    (tmp_path / "progress.json").write_text("{half")
    assert read_live(tmp_path) is None


def test_formats_are_told_from_the_name() -> None:
    assert [jobs.detect_format(n) for n in ("q.jsonl.bz2", "Q.BZ2", "q.zip", "q.jsonl", "train.tsv",
                                             "s.csv", "d.json", "notes.txt", "csv")] == [
        "quotebank", "quotebank", "quotebank", "quotebank", "liar", "csv", "json", None, None]
    assert jobs.clean_name("C:\\fakepath\\報告.csv") == "報告.csv"
    assert jobs.choose_format("x.csv", "liar") == "liar"
    for name, fmt, field in (("", "auto", "file"), ("x.txt", "auto", "file"), ("x.csv", "xml", "format")):
        try:
            jobs.choose_format(name, fmt)
        except jobs.UploadError as exc:
            assert exc.field == field
        else:
            raise AssertionError(f"{name!r} as {fmt} was accepted")


JSON_DOCUMENT = '{"speakers": [{"key": "json-job-speaker", "name": "김대중", "kind": "person"}]}'.encode()


def test_the_trackers_json_runs_and_cancels_like_the_others(app: Flask) -> None:
    before = fingerprint(app)
    cancelled = queue_job(app, JSON_DOCUMENT, "dump.json")
    folder = job_folder(Path(app.config["UPLOAD_FOLDER"]), cancelled)
    assert _run(app, cancelled, observe=lambda live: request_cancel(folder)) == "cancelled"
    assert fingerprint(app) == before
    done = queue_job(app, JSON_DOCUMENT, "dump.json")
    assert _run(app, done) == "done"
    job = load_job(app, done)
    assert job.format == "json" and job.summary and job.summary["created"] == {"speaker": 1}
    assert fingerprint(app)["speaker"][0] == before["speaker"][0] + 1


def test_imports_run_one_at_a_time_and_a_waiting_one_can_be_cancelled(app: Flask) -> None:
    folder = Path(app.config["UPLOAD_FOLDER"])
    first = queue_job(app, csv_rows(3, prefix="first"), "first.csv")
    second = queue_job(app, csv_rows(3, prefix="second"), "second.csv")
    outcome: dict[int, str] = {}
    threads = [threading.Thread(target=lambda i=i: outcome.update({i: _run(app, i)}))
               for i in (first, second)]
    with one_at_a_time(folder):  # another process's import holds the lock
        for thread in threads:
            thread.start()
        threads[0].join(timeout=1.0)  # three rows take a few milliseconds: it waits for the lock
        assert threads[0].is_alive() and load_job(app, first).status == "queued"
        with app.app_context():
            from tracker.web.database import get_session
            session = get_session()
            waiting = jobs.get(session, second)
            assert waiting is not None and jobs.cancel(session, waiting, folder)
            session.commit()
    for thread in threads:
        thread.join()
    assert outcome == {first: "done", second: "cancelled"}
