"""Imports on RQ (REDIS_URL set): the upload is queued on the real Redis at 127.0.0.1:6379 and a
real RQ worker runs it, in-process (SimpleWorker) and through ``flask imports worker``.
Each test has a queue of its own, deleted afterwards."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from rq import Queue, SimpleWorker

from tests.conftest import make_app
from tests.edit_helpers import PASSWORD, make_user, token
from tests.services.imports.helpers import FIXTURES, csv_rows, fingerprint, load_job
from tracker.services.imports.progress import job_folder, request_cancel

REDIS_URL = "redis://127.0.0.1:6379/14"  # a db of its own (RQ keeps worker keys besides the queue)


@pytest.fixture
def rq_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app with REDIS_URL and a queue no other test uses."""
    application = make_app(database_url, tmp_path, REDIS_URL=REDIS_URL,
                           IMPORT_QUEUE=f"test-imports-{uuid.uuid4().hex}")
    yield application
    _forget(Queue(application.config["IMPORT_QUEUE"], connection=redis.Redis.from_url(REDIS_URL)))
    application.extensions["engine"].dispose()


def _forget(queue: Queue) -> None:
    """Remove the queue, its jobs and their results, and its registries from Redis."""
    registries = (queue.finished_job_registry, queue.failed_job_registry, queue.started_job_registry)
    for registry in registries:
        for job_id in registry.get_job_ids():
            queue.connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
        queue.connection.delete(registry.key)
    queue.delete(delete_jobs=True)


def _upload(app: Flask, data: bytes, name: str, **fields: str) -> int:
    client = app.test_client()
    make_user(app, "rq-editor@example.org")
    client.post("/login", data={"email": "rq-editor@example.org", "password": PASSWORD,
                                "csrf_token": token(client)})
    response = client.post("/imports", data={"csrf_token": token(client, "/imports"), "format": "auto",
                                             "file": (io.BytesIO(data), name), **fields},
                           content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    match = re.search(r"/imports/(\d+)$", response.headers["Location"])
    assert match
    return int(match.group(1))


def _queue(app: Flask) -> Queue:
    return Queue(app.config["IMPORT_QUEUE"], connection=redis.Redis.from_url(REDIS_URL))


def test_an_upload_is_queued_on_rq_and_a_worker_runs_it(rq_app: Flask) -> None:
    job_id = _upload(rq_app, (FIXTURES / "liar_sample.tsv").read_bytes(), "train.tsv")
    queue = _queue(rq_app)
    assert queue.count == 1 and load_job(rq_app, job_id).status == "queued"
    assert "import_worker" not in rq_app.extensions  # no thread in this process
    with rq_app.app_context():
        assert SimpleWorker([queue], connection=queue.connection).work(burst=True)
    job = load_job(rq_app, job_id)
    assert job.status == "done" and job.format == "liar"
    assert job.summary and sum(job.summary["created"].values()) > 0 and job.total
    assert queue.count == 0


def test_a_cancel_reaches_the_rq_worker_and_nothing_is_stored(rq_app: Flask) -> None:
    job_id = _upload(rq_app, csv_rows(50, prefix="rqcancel"), "cancel.csv")
    before = fingerprint(rq_app)
    # Cancelled while queued, through the folder only, as for a running job: the worker sees it.
    request_cancel(job_folder(Path(rq_app.config["UPLOAD_FOLDER"]), job_id))
    queue = _queue(rq_app)
    with rq_app.app_context():
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert load_job(rq_app, job_id).status == "cancelled"
    assert fingerprint(rq_app) == before


def test_the_worker_command_runs_the_queue(rq_app: Flask) -> None:
    job_id = _upload(rq_app, csv_rows(4, prefix="rqcli"), "cli.csv")
    result = rq_app.test_cli_runner().invoke(args=["imports", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert load_job(rq_app, job_id).status == "done"


def test_the_worker_command_needs_redis(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["imports", "worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output


def test_an_upload_when_redis_is_down_is_a_503_and_the_job_never_runs(database_url: str,
                                                                     tmp_path: Path) -> None:
    app = make_app(database_url, tmp_path, REDIS_URL=REDIS_URL)
    try:
        client = app.test_client()
        make_user(app, "down-editor@example.org")
        client.post("/login", data={"email": "down-editor@example.org", "password": PASSWORD,
                                    "csrf_token": token(client)})
        app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # the queue's Redis is gone: nothing listens there
        response = client.post("/imports", data={"csrf_token": token(client, "/imports"), "format": "liar",
                                                 "file": (io.BytesIO(b"a\tb\n"), "train.tsv")},
                               content_type="multipart/form-data")
        html = response.get_data(as_text=True)
        assert response.status_code == 503 and "The import queue (Redis) cannot be reached" in html
        assert re.search(r'<option selected value="liar">|<option value="liar" selected', html)
        job = load_job(app, 1)
        assert job.status == "failed" and job.error and "cannot be reached" in job.error
    finally:
        app.extensions["engine"].dispose()
