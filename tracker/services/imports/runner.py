"""Run one import job to its end: the function the web process's thread and the RQ worker call.

The import runs in a session of its own through ``run_import`` (all-or-nothing: it commits at
its end, and any exception rolls everything back). Progress goes to the job's folder as it
comes; the job's row is written only in short transactions before and after. A cancel is the
``ImportCancelled`` raised from the progress callback once the cancel file appears: the import
rolls back, so nothing it read is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from tracker.models import ImportJob, Statement
from tracker.models.base import utcnow
from tracker.services.data.importers.base import ImportResult
from tracker.services.data.importers.run import ImportRejectedError, run_import
from tracker.services.imports.progress import LiveProgress, cancel_requested, job_folder, one_at_a_time
from tracker.services.input.records import RecordError

MAX_REJECTED_STORED = 1_000
MAX_NEAR_STORED = 100
log = logging.getLogger(__name__)


class ImportCancelled(Exception):  # noqa: N818 (a request, not an error)
    """Raised from the progress callback when the job was cancelled: the import rolls back."""


Observer = Callable[[LiveProgress], None]


def run_job(sessions: sessionmaker[Session], upload_folder: Path, job_id: int, *,
            observe: Observer | None = None) -> str:
    """Run a queued job and record how it ended; returns its final status. ``observe`` is
    called with the progress at every report, before the cancel check (tests cancel from it).

    Jobs run one at a time (``progress.one_at_a_time``); a job waiting for the lock is still
    queued, and can be cancelled. A job that is not queued (already run, cancelled before it
    started, unknown) is left as it is, so a job delivered twice runs once."""
    folder = job_folder(upload_folder, job_id)
    with one_at_a_time(upload_folder):
        claimed = _claim(sessions, job_id, folder)
        if isinstance(claimed, str):
            return claimed
        live = LiveProgress(folder)
        live.flush()  # says at once which process runs it (services.imports.jobs.state)
        status, summary, error = _run(sessions, live, folder, claimed, observe)
        with sessions() as session:
            job = session.get(ImportJob, job_id)
            assert job is not None
            job.total, job.done = live.total, live.done
            _finish(job, status, summary, error)
            session.commit()
    return status


Claimed = tuple[Path, str, bool, int | None, str]  # stored file, format, skip_bad, user, file name


def _claim(sessions: sessionmaker[Session], job_id: int, folder: Path) -> Claimed | str:
    """Mark a queued job running and return what its run needs, or the status it keeps."""
    with sessions() as session:
        job = session.get(ImportJob, job_id)
        if job is None:
            return "missing"
        if job.status == "queued" and cancel_requested(folder):
            _finish(job, "cancelled", None, "Cancelled before it started; nothing was imported.")
            session.commit()
            return job.status
        # Claimed in one UPDATE, so two workers handed the same job never both run it.
        claim = update(ImportJob).where(ImportJob.id == job_id, ImportJob.status == "queued")
        claimed = session.execute(claim.values(status="running", started_at=utcnow()))
        session.commit()
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            session.refresh(job)
            return job.status
        return Path(job.stored_path), job.format, job.skip_bad, job.user_id, job.file_name


def _run(sessions: sessionmaker[Session], live: LiveProgress, folder: Path, what: Claimed,
         observe: Observer | None) -> tuple[str, dict[str, Any] | None, str | None]:
    """The import itself, in a session of its own: (status, summary, error)."""
    path, fmt, skip_bad, user_id, name = what
    session = sessions()
    committed = False

    def after_commit(_session: Session) -> None:
        nonlocal committed
        committed = True

    # Once the import has committed it is whole: a cancel arriving after that changes nothing.
    event.listen(session, "after_commit", after_commit)

    def progress(step: int) -> None:
        live.add(step)
        if observe:
            observe(live)
        if not committed and cancel_requested(folder):
            raise ImportCancelled

    try:
        before = session.scalar(select(func.max(Statement.id))) or 0
        session.rollback()  # no read transaction held open while the file is read
        result = run_import(session, path, fmt, skip_bad=skip_bad, user_id=user_id, progress=progress,
                            on_total=live.start, on_write=live.writing)
        summary = summarize(result, name)
        summary["statement_ids"] = {"after_id": before,
                                    "upto_id": session.scalar(select(func.max(Statement.id))) or 0}
        if result.import_run_id is not None:  # the bulk formats: exactly what it created
            summary["import_run"] = result.import_run_id
        return "done", summary, None
    except ImportCancelled:
        return "cancelled", None, "Cancelled; nothing was imported."
    except ImportRejectedError as exc:
        bad = exc.result.rejected_count
        return "failed", summarize(exc.result, name), (
            f"{bad:,} bad record(s); nothing was imported. Fix them, or import again with "
            "“skip bad records” to store the rest.")
    except RecordError as exc:
        return "failed", None, f"Nothing was imported: {str(exc).replace(path.name, name, 1)}"
    except Exception:
        log.exception("import of %s (%s) failed", path, fmt)
        return "failed", None, "The import stopped on an unexpected error; nothing was imported."
    finally:
        session.rollback()
        session.close()
        live.flush()


def summarize(result: ImportResult, file_name: str) -> dict[str, Any]:
    """An import's summary as JSON for the job's row; at most MAX_REJECTED_STORED rejected rows
    (``rejected_total`` counts them all), each with the uploaded file's own name."""
    return {
        "read": result.read,
        "created": dict(sorted(result.created.items())),
        "updated": dict(sorted(result.updated.items())),
        "duplicates": result.duplicates,
        "unchanged": result.unchanged,
        "speakers_matched": result.speakers_matched,
        "speakers_queued": result.speakers_queued,
        "near_duplicates": [list(n) for n in result.near_duplicates[:MAX_NEAR_STORED]],
        "near_duplicates_total": len(result.near_duplicates),
        "skipped_bad": result.skipped_bad,
        "seconds": round(result.seconds, 3),
        "rejected_total": result.rejected_count,
        "rejected": [{"file": file_name, "line": e.record, "field": e.field, "reason": e.message}
                     for e in result.rejected[:MAX_REJECTED_STORED]],
    }


def _finish(job: ImportJob, status: str, summary: dict[str, Any] | None, error: str | None) -> None:
    job.status, job.summary, job.error, job.finished_at = status, summary, error, utcnow()
    job.rejected_total = int((summary or {}).get("rejected_total") or 0)
    job.cancel_requested = job.cancel_requested or status == "cancelled"
