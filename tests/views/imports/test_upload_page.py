"""The upload page (tracker/views/editing/imports.py; tests/views/editing/ is full): editors
only, a bad upload is a clear 4xx with the form as it was, an upload runs on the web process's
worker thread (no REDIS_URL) and its page shows the summary."""

from __future__ import annotations

import io
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.edit_helpers import editor, login, token  # noqa: F401 (fixture)
from tests.pages_helpers import queries_for
from tests.services.imports.helpers import FIXTURES, csv_rows, fingerprint, load_job, queue_job
from tracker.services.imports.runner import run_job


def _upload(client: FlaskClient, data: bytes | None, name: str = "sheet.csv", **fields: str) -> object:
    form: dict[str, object] = {"csrf_token": token(client, "/imports"), "format": "auto", **fields}
    if data is not None:
        form["file"] = (io.BytesIO(data), name)
    return client.post("/imports", data=form, content_type="multipart/form-data")


def _wait(app: Flask) -> None:
    app.extensions["import_worker"].jobs.join()


def _job_id(location: str) -> int:
    match = re.search(r"/imports/(\d+)$", location)
    assert match, location
    return int(match.group(1))


def test_readers_are_sent_to_log_in(client: FlaskClient) -> None:
    for path in ("/imports", "/imports/1", "/imports/1.json"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    response = client.post("/imports/1/cancel", data={"csrf_token": token(client)})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_upload_runs_in_the_background_and_shows_every_rejected_row(
        app: Flask, client: FlaskClient, editor: str) -> None:  # noqa: F811
    login(client, editor)
    page = client.get("/imports").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "Latest imports" in page
    response = _upload(client, (FIXTURES / "tracker_bad.csv").read_bytes(), "取材メモ.csv", skip_bad="y")
    assert response.status_code == 303  # type: ignore[attr-defined]
    job_id = _job_id(response.headers["Location"])  # type: ignore[attr-defined]
    _wait(app)
    assert load_job(app, job_id).status == "done"
    html = client.get(f"/imports/{job_id}").get_data(as_text=True)
    assert "Status: <span data-field=\"status\">done</span>" in html
    assert html.count("<td>取材メモ.csv</td>") == 4  # every rejected row, with the uploaded name
    assert "refers to speaker" in html and "<td>event</td>" in html
    assert "Newest statements from this import" in html and "A fine row." in html
    assert "<progress" not in html and 'http-equiv="refresh"' not in html
    state = client.get(f"/imports/{job_id}.json").get_json()
    assert state["status"] == "done" and state["percent"] == 100 and state["rejected_total"] == 4
    assert state["summary"]["created"]["statement"] == 1 and "rejected" not in state["summary"]
    assert "取材メモ.csv" in client.get("/imports").get_data(as_text=True)
    assert client.get(f"/imports/{job_id}.xml").status_code == 404
    assert client.get("/imports/999999").status_code == 404


def test_a_queued_job_shows_its_bar_and_can_be_cancelled(app: Flask, client: FlaskClient,
                                                          editor: str) -> None:  # noqa: F811
    login(client, editor)
    job_id = queue_job(app, csv_rows(5, prefix="wait"), "wait.csv")  # queued; no worker takes it
    before = fingerprint(app)
    html = client.get(f"/imports/{job_id}").get_data(as_text=True)
    assert "waiting to start" in html and "<progress" in html and "imports.js" in html
    assert '<noscript><meta http-equiv="refresh"' in html
    page_token = token(client, f"/imports/{job_id}")
    response = client.post(f"/imports/{job_id}/cancel", data={"csrf_token": page_token})
    assert response.status_code == 303
    assert load_job(app, job_id).status == "cancelled"
    page = client.get(f"/imports/{job_id}").get_data(as_text=True)
    assert "Cancelled before it started; nothing was imported." in page
    again = client.post(f"/imports/{job_id}/cancel", data={"csrf_token": token(client, f"/imports/{job_id}")},
                        follow_redirects=True)
    assert "had already ended (cancelled)" in again.get_data(as_text=True)
    assert fingerprint(app) == before
    no_token = client.post(f"/imports/{job_id}/cancel")
    assert no_token.status_code == 400


def test_bad_uploads_are_refused_with_the_form_as_it_was(app: Flask, client: FlaskClient,
                                                         editor: str) -> None:  # noqa: F811
    app.config["UPLOAD_MAX_BYTES"] = 1_000
    login(client, editor)
    cases = [
        (None, "sheet.csv", 400, "Choose a file to import."),
        (b"a,b\n1,2\n", "notes.txt", 400, "is not a file the tracker imports"),
        (b"", "empty.csv", 400, "The file is empty."),
        (b"x" * 5_000, "big.csv", 413, "larger than the limit of"),
    ]
    for data, name, status, message in cases:
        response = _upload(client, data, name, format="liar", skip_bad="y")
        html = response.get_data(as_text=True)  # type: ignore[attr-defined]
        assert response.status_code == status, (name, html[:300])  # type: ignore[attr-defined]
        assert message in html and "There is a problem" in html, name
        assert re.search(r'<option selected value="liar">|<option value="liar" selected', html), name
        assert re.search(r'name="skip_bad"[^>]*checked|checked[^>]*name="skip_bad"', html), name
    # Far past the limit the body is not even read: the form comes back with the limit.
    response = _upload(client, b"x" * 200_000, "huge.csv")
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "larger than the limit of" in response.get_data(as_text=True)  # type: ignore[attr-defined]
    wrong = _upload(client, b"a\n", "x.csv", format="xml")
    assert wrong.status_code == 400 and "Choose a format" in wrong.get_data(as_text=True)  # type: ignore[attr-defined]
    assert client.get("/imports").get_data(as_text=True).count("/imports/") == 0
    assert not [p for p in Path(app.config["UPLOAD_FOLDER"]).glob("**/*") if p.is_file()]  # nothing kept


def test_a_file_name_is_shown_as_its_last_part_without_control_characters(
        app: Flask, client: FlaskClient, editor: str) -> None:  # noqa: F811
    login(client, editor)
    response = _upload(client, csv_rows(2, prefix="named"), "reports/2022/새 파일\x07.csv")
    assert response.status_code == 303  # type: ignore[attr-defined]
    job_id = _job_id(response.headers["Location"])  # type: ignore[attr-defined]
    _wait(app)
    job = load_job(app, job_id)
    assert job.file_name == "새 파일.csv" and job.status == "done"
    assert Path(job.stored_path).name == "upload.csv"


def test_the_import_pages_run_a_fixed_number_of_queries(app: Flask, client: FlaskClient,
                                                        editor: str) -> None:  # noqa: F811
    login(client, editor)
    small = queue_job(app, csv_rows(2, prefix="few"), "few.csv")
    run_job(app.extensions["sessionmaker"], Path(app.config["UPLOAD_FOLDER"]), small)
    one_job = queries_for(app, client, "/imports")
    large = queue_job(app, csv_rows(150, prefix="lots", bad_every=2), "lots.csv", skip_bad=True)
    run_job(app.extensions["sessionmaker"], Path(app.config["UPLOAD_FOLDER"]), large)
    for _ in range(3):
        queue_job(app, csv_rows(1, prefix="more"), "more.csv")
    assert queries_for(app, client, "/imports") == one_job
    assert queries_for(app, client, f"/imports/{large}") == queries_for(app, client, f"/imports/{small}")


def test_bad_rows_without_skip_bad_fail_the_import_and_are_all_shown(
        app: Flask, client: FlaskClient, editor: str) -> None:  # noqa: F811
    login(client, editor)
    response = _upload(client, (FIXTURES / "tracker_bad.csv").read_bytes(), "bad.csv")
    job_id = _job_id(response.headers["Location"])  # type: ignore[attr-defined]
    _wait(app)
    html = client.get(f"/imports/{job_id}").get_data(as_text=True)
    assert "Status: <span data-field=\"status\">failed</span>" in html
    assert "4 bad record(s); nothing was imported." in html and 'role="alert"' in html
    assert "Rejected records" in html and html.count("<td>bad.csv</td>") == 4
    assert "Newest statements from this import" not in html
