"""A running import's page and its cancel never wait for the import's write lock, and an import
whose process stopped is shown as stopped and can be closed."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text, update

from tests.edit_helpers import editor, login, token  # noqa: F401 (fixture)
from tests.services.imports.helpers import csv_rows, load_job, queue_job
from tracker.models import ImportJob
from tracker.services.imports.jobs import STOPPED
from tracker.services.imports.progress import LiveProgress, cancel_requested, job_folder
from tracker.web.database import get_session


def _running(app: Flask, job_id: int) -> Path:
    with app.app_context():
        session = get_session()
        session.execute(update(ImportJob).where(ImportJob.id == job_id).values(status="running"))
        session.commit()
    return job_folder(Path(app.config["UPLOAD_FOLDER"]), job_id)


@contextmanager
def _writer_holding_the_lock(app: Flask, job_id: int) -> Iterator[None]:
    """Another connection in the middle of a write, as an import is: on SQLite it holds the
    database's write lock, on PostgreSQL the job's row."""
    engine = app.extensions["engine"]
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":  # a write takes the lock until the rollback
            connection.execute(text("UPDATE speaker SET version = version WHERE id = 1"))
        else:
            connection.execute(text("SELECT id FROM import_job WHERE id = :id FOR UPDATE"), {"id": job_id})
        yield
        connection.rollback()


def test_the_page_and_cancel_of_a_running_import_do_not_wait_for_its_lock(
        app: Flask, client: FlaskClient, editor: str) -> None:  # noqa: F811
    login(client, editor)
    job_id = queue_job(app, csv_rows(3, prefix="lock"), "lock.csv")
    folder = _running(app, job_id)
    live = LiveProgress(folder)
    live.start(400)
    live.add(100)
    live.flush()  # the add came within 0.5 s of the start: written only now
    page_token = token(client, f"/imports/{job_id}")
    with _writer_holding_the_lock(app, job_id):
        state = client.get(f"/imports/{job_id}.json").get_json()
        seen = (state["status"], state["percent"], state["phase"], state["stopped"])
        assert seen == ("running", 25, "reading", False)
        html = client.get(f"/imports/{job_id}").get_data(as_text=True)
        assert 'value="25"' in html and "Cancel the import" in html
        # A write would wait 15 s for the lock and then answer 503: the cancel only leaves a file.
        response = client.post(f"/imports/{job_id}/cancel", data={"csrf_token": page_token})
        assert response.status_code == 303
        assert cancel_requested(folder)
        assert client.get(f"/imports/{job_id}.json").get_json()["cancel_requested"] is True
    assert load_job(app, job_id).status == "running"  # its run records the outcome


def test_an_import_whose_process_stopped_is_shown_and_can_be_closed(
        app: Flask, client: FlaskClient, editor: str) -> None:  # noqa: F811
    login(client, editor)
    job_id = queue_job(app, csv_rows(3, prefix="gone"), "gone.csv")
    folder = _running(app, job_id)
    dead = subprocess.Popen(["true"])
    dead.wait()
    LiveProgress(folder).start(10)
    state_file = folder / "progress.json"
    state_file.write_text(state_file.read_text().replace(f'"pid": {os.getpid()}', f'"pid": {dead.pid}'))
    state = client.get(f"/imports/{job_id}.json").get_json()
    assert state["stopped"] is True and state["error"] == STOPPED
    assert "Close this import" in client.get(f"/imports/{job_id}").get_data(as_text=True)
    page_token = token(client, f"/imports/{job_id}")
    response = client.post(f"/imports/{job_id}/cancel", data={"csrf_token": page_token},
                           follow_redirects=True)
    assert "Closed: the process running it had stopped." in response.get_data(as_text=True)
    job = load_job(app, job_id)
    assert job.status == "failed" and job.error == STOPPED and job.finished_at
