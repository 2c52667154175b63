"""Where an import job runs: on RQ when REDIS_URL is set, else on a thread of this process.

Both call ``services.imports.runner.run_job``. With RQ, ``flask --app tracker imports worker``
(any number of them, on any host that sees UPLOAD_FOLDER and the database) runs ``perform``
inside the app. Without Redis, one daemon thread per web process runs its uploads one after
another; a job queued by a process that then stopped stays queued (cancel it, upload again).
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path

from flask import Flask, Request, current_app
from sqlalchemy.orm import Session, sessionmaker

from tracker.services.imports.runner import run_job

log = logging.getLogger(__name__)


class QueueUnavailableError(Exception):
    """The RQ queue (Redis) cannot be reached, so the job cannot be handed to a worker."""


def upload_folder(app: Flask | None = None) -> Path:
    """The folder uploads are stored in (created on first use)."""
    folder = Path((app or current_app).config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start(job_id: int) -> str:
    """Queue a committed job: ``rq`` or ``thread``, whichever runs it."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config.get("REDIS_URL")
    if url:
        import redis

        try:
            import_queue(app, url).enqueue(perform, job_id, job_timeout=app.config["IMPORT_JOB_TIMEOUT"],
                                           result_ttl=3600, failure_ttl=7 * 86400)
        except redis.RedisError as error:
            raise QueueUnavailableError(str(error)) from error
        return "rq"
    worker: ThreadWorker | None = app.extensions.get("import_worker")
    if worker is None:
        worker = app.extensions["import_worker"] = ThreadWorker(app.extensions["sessionmaker"],
                                                                upload_folder(app))
    worker.submit(job_id)
    return "thread"


def import_queue(app: Flask, url: str):  # type: ignore[no-untyped-def]
    """The RQ queue imports go to (named by IMPORT_QUEUE)."""
    import redis
    from rq import Queue

    return Queue(app.config["IMPORT_QUEUE"],
                 connection=redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5))


def perform(job_id: int) -> str:
    """The RQ job: run one import inside the worker's app."""
    return run_job(current_app.extensions["sessionmaker"], upload_folder(), job_id)


class ThreadWorker:
    """One daemon thread that runs this process's jobs in the order they were uploaded."""

    def __init__(self, sessions: sessionmaker[Session], folder: Path) -> None:
        self.sessions, self.folder = sessions, folder
        self.jobs: queue.Queue[int] = queue.Queue()
        self.thread = threading.Thread(target=self._loop, name="tracker-imports", daemon=True)
        self.thread.start()

    def submit(self, job_id: int) -> None:
        """Run the job after those already waiting."""
        self.jobs.put(job_id)

    def _loop(self) -> None:
        while True:
            job_id = self.jobs.get()
            try:
                run_job(self.sessions, self.folder, job_id)
            except Exception:  # the job's row says failed where it could be written; keep serving
                log.exception("import job %s", job_id)
            finally:
                self.jobs.task_done()


UPLOAD_ENDPOINTS = frozenset({"imports.create"})
FORM_MARGIN = 64 * 1024  # the form's other fields and the multipart framing around the file


class UploadRequest(Request):
    """A request whose body may be as large as UPLOAD_MAX_BYTES on the upload page (plus the
    form around the file) and MAX_CONTENT_LENGTH everywhere else. Decided by endpoint, before
    the CSRF and character checks read the form."""

    @property
    def max_content_length(self) -> int | None:
        """UPLOAD_MAX_BYTES (and a margin) for an upload, else Flask's MAX_CONTENT_LENGTH."""
        if self._max_content_length is None and current_app and self.endpoint in UPLOAD_ENDPOINTS:
            return int(current_app.config["UPLOAD_MAX_BYTES"]) + FORM_MARGIN
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def init_app(app: Flask) -> None:
    """Let the upload page take files up to UPLOAD_MAX_BYTES."""
    app.request_class = UploadRequest
