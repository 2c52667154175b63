"""Import jobs: store an upload and its job row, cancel, and read them back for the pages."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from tracker.models import ImportJob, ImportRunRange, Speaker, Statement, User
from tracker.models.base import utcnow
from tracker.services.data.importers.run import ALL_FORMATS
from tracker.services.imports.progress import (
    cancel_requested,
    job_folder,
    read_live,
    request_cancel,
    runner_gone,
)

# The name endings an upload may have, longest first, and the format each implies.
EXTENSIONS: tuple[tuple[str, str], ...] = (
    (".jsonl.bz2", "quotebank"), (".json.bz2", "quotebank"), (".bz2", "quotebank"),
    (".zip", "quotebank"), (".jsonl", "quotebank"), (".tsv", "liar"), (".csv", "csv"),
    (".json", "json"),
)
FORMAT_LABELS = {
    "quotebank": "Quotebank (JSONL, .bz2, or its CSV in a .zip)",
    "liar": "LIAR fact-checks (TSV)",
    "csv": "The tracker's CSV",
    "json": "The tracker's JSON",
}
FINISHED = ("done", "failed", "cancelled")
STOPPED = ("The process running this import stopped (a restart?): its transaction was rolled back and "
           "nothing was imported. Upload the file again.")
CHUNK = 1024 * 1024
REJECTED_PER_PAGE = 100
NEWEST_STATEMENTS = 20


class UploadError(ValueError):
    """An upload that cannot be imported; ``field`` is the form field at fault."""

    def __init__(self, field: str, message: str, status: int = 400) -> None:
        self.field, self.message, self.status = field, message, status
        super().__init__(message)


def extension(file_name: str) -> str | None:
    """The ending of the name that says its kind (``.jsonl.bz2``…), or None if it is none we read."""
    lowered = file_name.lower()
    return next((ext for ext, _ in EXTENSIONS if lowered.endswith(ext)), None)


def detect_format(file_name: str) -> str | None:
    """The format a file's name implies, or None."""
    ext = extension(file_name)
    return dict(EXTENSIONS)[ext] if ext else None


def clean_name(file_name: str) -> str:
    """The name as shown: its last path part (some browsers send C:\\fakepath\\…), printable, bounded."""
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable())
    return name[-255:].strip()


def choose_format(file_name: str, chosen: str) -> str:
    """The format to import with: the one chosen, or (``auto``) the one the name implies."""
    if not file_name:
        raise UploadError("file", "Choose a file to import.")
    ext = extension(file_name)
    if ext is None:
        endings = ", ".join(sorted({e for e, _ in EXTENSIONS}))
        raise UploadError("file", f"“{file_name}” is not a file the tracker imports: its name should "
                                  f"end in one of {endings}.")
    if chosen == "auto":
        return dict(EXTENSIONS)[ext]
    if chosen not in ALL_FORMATS:
        raise UploadError("format", "Choose a format from the list.")
    return chosen


def store_upload(stream: BinaryIO, path: Path, limit: int) -> int:
    """Copy an upload to ``path`` in chunks; more than ``limit`` bytes is refused (nothing kept)."""
    size = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    if size > limit:
        path.unlink(missing_ok=True)
        raise UploadError("file", f"The file is larger than the limit of {megabytes(limit)}.", 413)
    if size == 0:
        path.unlink(missing_ok=True)
        raise UploadError("file", "The file is empty.")
    return size


def megabytes(size: int) -> str:
    """A size for people: ``8 MB``, ``1.5 GB``."""
    if size >= 1024 ** 3:
        return f"{size / 1024 ** 3:.1f} GB".replace(".0 ", " ")
    return f"{max(size / 1024 ** 2, 0.01):.2f} MB".replace(".00 ", " ")


@dataclass
class Incoming:
    """An upload stored under a temporary name, before its job exists."""

    path: Path
    file_name: str
    format: str
    size: int


def receive(upload_folder: Path, stream: BinaryIO, *, file_name: str, fmt: str, limit: int) -> Incoming:
    """Check the name and format and store the upload (before any database write: on SQLite a
    write holds the database's lock, and copying a large file takes a while)."""
    name = clean_name(file_name)
    chosen = choose_format(name, fmt)
    path = upload_folder / f"incoming-{uuid.uuid4().hex}{extension(name)}"
    size = store_upload(stream, path, limit)
    return Incoming(path, name, chosen, size)


def create_job(session: Session, upload_folder: Path, incoming: Incoming, *, skip_bad: bool,
               user_id: int | None) -> ImportJob:
    """Add the queued job of a received upload and move the file into the job's folder
    (flushed; the caller commits, and removes the folder if that fails)."""
    job = ImportJob(user_id=user_id, file_name=incoming.file_name, format=incoming.format,
                    skip_bad=skip_bad, status="queued", size=incoming.size, done=0, rejected_total=0,
                    cancel_requested=False)
    session.add(job)
    session.flush()
    folder = job_folder(upload_folder, job.id)
    # A folder of this number is left from a database since replaced: it belongs to no job.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / f"upload{extension(incoming.file_name)}"
    incoming.path.replace(path)
    job.stored_path = str(path)
    session.flush()
    return job


def discard(upload_folder: Path, incoming: Incoming, job_id: int | None) -> None:
    """Remove what an upload that was not queued left on disk."""
    incoming.path.unlink(missing_ok=True)
    if job_id is not None:
        shutil.rmtree(job_folder(upload_folder, job_id), ignore_errors=True)


def cancel(session: Session, job: ImportJob, upload_folder: Path) -> bool:
    """Ask a job to stop; a queued one is cancelled at once. False when it had already finished.

    A running job is only told through its folder (its run records the outcome): on SQLite its
    import holds the write lock, and writing the row now would wait for the whole import. One
    whose process has stopped is marked failed (its transaction went with it)."""
    if job.status in FINISHED:
        return False
    folder = job_folder(upload_folder, job.id)
    request_cancel(folder)
    if job.status == "running" and runner_gone(read_live(folder)):
        job.status, job.error, job.finished_at = "failed", STOPPED, utcnow()
        session.flush()
    elif job.status == "queued":
        job.status, job.cancel_requested = "cancelled", True
        job.error = "Cancelled before it started; nothing was imported."
        job.finished_at = utcnow()
        session.flush()
    return True


def fail(session: Session, job: ImportJob, reason: str) -> None:
    """A job that will never run (its queue could not take it): failed, with the reason."""
    job.status, job.error, job.finished_at = "failed", reason, utcnow()
    session.flush()


def recent(session: Session, limit: int = 20) -> list[tuple[ImportJob, str | None]]:
    """The newest jobs with the email of whoever uploaded each."""
    rows = session.execute(select(ImportJob, User.email).outerjoin(User, User.id == ImportJob.user_id)
                           .order_by(ImportJob.id.desc()).limit(limit))
    return [(job, email) for job, email in rows.tuples()]


def get(session: Session, job_id: int) -> ImportJob | None:
    """One job, or None."""
    return session.get(ImportJob, job_id)


def state(job: ImportJob, upload_folder: Path) -> dict[str, Any]:
    """Where a job is, for its page and its JSON twin: status, progress, and once done its counts."""
    folder = job_folder(upload_folder, job.id)
    live = read_live(folder) if job.status == "running" else None
    stopped = runner_gone(live)
    total = live.get("total") if live else job.total
    done = int(live.get("done") or 0) if live else job.done
    percent: int | None = None
    if job.status == "done":
        percent = 100
    elif isinstance(total, int) and total > 0:
        percent = min(100, done * 100 // total)
    summary = dict(job.summary or {})
    summary.pop("rejected", None)
    return {
        "id": job.id, "file_name": job.file_name, "format": job.format, "skip_bad": job.skip_bad,
        "status": job.status, "finished": job.status in FINISHED,
        "phase": (live or {}).get("phase") if job.status == "running" else None,
        "total": total, "done": done, "percent": percent, "size": job.size,
        "cancel_requested": job.cancel_requested or (job.status not in FINISHED and cancel_requested(folder)),
        "stopped": stopped, "error": STOPPED if stopped else job.error,
        "rejected_total": job.rejected_total, "summary": summary or None,
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


@dataclass
class RejectedPage:
    """One page of a job's rejected rows."""

    rows: list[dict[str, Any]]
    page: int
    pages: int
    stored: int


def rejected_page(job: ImportJob, page: int, per_page: int = REJECTED_PER_PAGE) -> RejectedPage:
    """The rejected rows on page ``page`` (from 1; past the end gives the last page)."""
    rows: list[dict[str, Any]] = list((job.summary or {}).get("rejected") or [])
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(page, 1), pages)
    return RejectedPage(rows[(page - 1) * per_page:page * per_page], page, pages, len(rows))


def created_statements(session: Session, job: ImportJob,
                       limit: int = NEWEST_STATEMENTS) -> list[tuple[int, str, str]]:
    """The newest live statements stored by a finished import: (id, wording, speaker name).

    A bulk format's import names its ``import_run``, whose ranges hold exactly the ids it
    created. A JSON import (and a job from before 0015) only recorded the highest statement id
    before and after it wrote: the ids between are its own, except, on PostgreSQL, a statement
    an editor saved while it ran."""
    summary = job.summary or {}
    if job.status != "done":
        return []
    query = select(Statement.id, Statement.wording, Speaker.name).join(
        Speaker, Speaker.id == Statement.speaker_id).where(Statement.deleted_at.is_(None))
    run_id = summary.get("import_run")
    if isinstance(run_id, int) and not isinstance(run_id, bool):
        query = query.join(ImportRunRange, and_(
            ImportRunRange.import_run_id == run_id, ImportRunRange.entity_type == "statement",
            Statement.id.between(ImportRunRange.first_id, ImportRunRange.last_id)))
    else:
        span = summary.get("statement_ids") or {}
        low, high = span.get("after_id"), span.get("upto_id")
        if not isinstance(low, int) or not isinstance(high, int) or high <= low:
            return []
        query = query.where(Statement.id > low, Statement.id <= high)
    rows = session.execute(query.order_by(Statement.id.desc()).limit(limit))
    return [(i, wording, name) for i, wording, name in rows.tuples()]
