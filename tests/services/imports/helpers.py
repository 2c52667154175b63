"""Helpers for the import-job tests: queue a job from bytes, and a fingerprint of every table."""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path

from flask import Flask
from sqlalchemy import select, text

from tracker.models import Base, ImportJob
from tracker.services.imports import jobs
from tracker.services.imports.runner import run_job
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CSV_HEADER = "key,speaker,speaker_name,event,said,wording,kind\n"


def csv_rows(count: int, prefix: str = "job", bad_every: int = 0) -> bytes:
    """A tracker CSV of ``count`` statements by two speakers; every ``bad_every``-th has a bad key."""
    lines = [CSV_HEADER]
    for i in range(1, count + 1):
        key = f"Bad Key {i}" if bad_every and i % bad_every == 0 else f"{prefix}-{i}"
        lines.append(f"{key},{prefix}-speaker-{i % 2},Speaker {prefix.title()} {i % 2},,2021,"
                     f"\"Words number {i} of {prefix}.\",direct_quote\n")
    return "".join(lines).encode()


def queue_job(app: Flask, data: bytes, file_name: str, fmt: str = "auto", skip_bad: bool = False) -> int:
    """Store an upload and its queued job, as the upload page does; the job's id."""
    with app.app_context():
        folder = Path(app.config["UPLOAD_FOLDER"])
        incoming = jobs.receive(folder, io.BytesIO(data), file_name=file_name, fmt=fmt, limit=10**8)
        session = get_session()
        job = jobs.create_job(session, folder, incoming, skip_bad=skip_bad, user_id=None)
        session.commit()
        return job.id


def load_job(app: Flask, job_id: int) -> ImportJob:
    """The job's row as stored now."""
    with app.app_context():
        job = get_session().scalar(select(ImportJob).where(ImportJob.id == job_id))
        assert job is not None
        get_session().expunge(job)
        return job


def fingerprint(app: Flask) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row, per table (but the jobs' own)."""
    found: dict[str, tuple[int, str]] = {}
    with app.app_context():
        session = get_session()
        for table in Base.metadata.sorted_tables:
            if table.name == "import_job":
                continue
            order = ", ".join(c.name for c in table.primary_key.columns) or "1"
            rows = session.execute(text(f"SELECT * FROM {table.name} ORDER BY {order}")).all()
            found[table.name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


def sample_import(app: Flask) -> int:
    """A finished import with rejected rows and a stored statement, for the page checks (run
    here, through the function the worker runs; the file goes to a temporary folder)."""
    with app.app_context():
        session = get_session()
        folder = Path(tempfile.mkdtemp(prefix="sample-import-"))
        data = (FIXTURES / "tracker_bad.csv").read_bytes()
        incoming = jobs.receive(folder, io.BytesIO(data), file_name="取材メモ.csv", fmt="auto", limit=10**6)
        job = jobs.create_job(session, folder, incoming, skip_bad=True, user_id=None)
        session.commit()
        run_job(app.extensions["sessionmaker"], folder, job.id)
        return job.id
