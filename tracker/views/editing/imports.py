"""Imports from the browser (editors): upload a file, watch its progress, read its summary, cancel.

``POST /imports`` stores the file and queues its job (services.imports, run by web.imports on
RQ or a thread); ``/imports/<id>`` shows the progress bar (its ``.json`` twin is what the page
polls), then the counts, every rejected row and the newest statements it stored.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from tracker.forms.imports import ImportForm
from tracker.services.imports import jobs
from tracker.views.params import int_arg
from tracker.web.auth import current_user_id, editor_required
from tracker.web.database import get_session, write_session
from tracker.web.imports import QueueUnavailableError, start, upload_folder

bp = Blueprint("imports", __name__)
QUEUE_DOWN = ("The import queue (Redis) cannot be reached, so the file was not imported. "
              "Try again in a minute.")


def _limit() -> int:
    """The largest upload, in bytes (``UPLOAD_MAX_BYTES``)."""
    return int(current_app.config["UPLOAD_MAX_BYTES"])


def _upload_page(form: ImportForm, status: int = 200, problem: str | None = None) -> tuple[str, int]:
    if problem:
        form.form_errors = [*form.form_errors, problem]
    return render_template("imports/index.html", form=form, jobs=jobs.recent(get_session()),
                           limit=jobs.megabytes(_limit())), status


@bp.get("/imports")
@editor_required
def index() -> tuple[str, int]:
    """The upload form and the latest imports."""
    return _upload_page(ImportForm())


@bp.post("/imports")
@editor_required
def create() -> Response | tuple[str, int]:
    """Store the upload, queue its import and go to its page; a bad upload is the form again."""
    form = ImportForm()
    if not form.validate():
        return _upload_page(form, 400)
    upload = form.file.data
    folder = upload_folder()
    try:
        incoming = jobs.receive(folder, upload.stream if upload else io.BytesIO(),
                                file_name=(upload.filename or "") if upload else "",
                                fmt=form.format.data or "auto",
                                limit=_limit())
    except jobs.UploadError as exc:
        form[exc.field].errors = [exc.message]
        return _upload_page(form, exc.status)
    session = write_session()
    job_id: int | None = None
    try:
        job = jobs.create_job(session, folder, incoming, skip_bad=bool(form.skip_bad.data),
                              user_id=current_user_id())
        job_id = job.id
        session.commit()
    except BaseException:
        session.rollback()
        jobs.discard(folder, incoming, job_id)
        raise
    try:
        start(job.id)
    except QueueUnavailableError:
        jobs.fail(session, job, QUEUE_DOWN)
        session.commit()
        return _upload_page(form, 503, problem=QUEUE_DOWN)
    flash(f"“{job.file_name}” is stored and its import has started.", "info")
    return redirect(url_for("imports.detail", job_id=job.id), 303)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc: RequestEntityTooLarge) -> tuple[str, int]:
    """A body far over the limit is refused before it is read: the form again, with the limit."""
    form = ImportForm(formdata=None)
    form.file.errors = [f"The file is larger than the limit of {jobs.megabytes(_limit())}."]
    return _upload_page(form, 413)


@bp.get("/imports/<int:job_id>", defaults={"fmt": None})
@bp.get("/imports/<int:job_id>.<fmt>")
@editor_required
def detail(job_id: int, fmt: str | None) -> Any:
    """The job's progress, or once it ended its summary; ``.json`` is the state alone."""
    if fmt not in (None, "json"):
        abort(404)
    session = get_session()
    job = jobs.get(session, job_id)
    if job is None:
        abort(404, "There is no import with that number.")
    state = jobs.state(job, upload_folder())
    if fmt == "json":
        return jsonify(state)
    rejected = jobs.rejected_page(job, int_arg("page") or 1)
    return render_template("imports/job.html", job=job, state=state, rejected=rejected,
                           statements=jobs.created_statements(session, job))


@bp.post("/imports/<int:job_id>/cancel")
@editor_required
def cancel(job_id: int) -> Response:
    """Stop a job; nothing it read is stored. A job that already ended is left as it is."""
    session = get_session()
    job = jobs.get(session, job_id)
    if job is None:
        abort(404, "There is no import with that number.")
    if jobs.cancel(session, job, upload_folder()):
        session.commit()
        flash({"cancelled": "Cancelled.", "failed": "Closed: the process running it had stopped."}.get(
            job.status, "Cancelling: the import stops at its next step and stores nothing."), "info")
    else:
        flash(f"This import had already ended ({job.status}); nothing was changed.", "info")
    return redirect(url_for("imports.detail", job_id=job_id), 303)

