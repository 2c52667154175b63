"""Property test of the upload form (``tests/hostile.py``): any file name, content, format and
skip-bad value is answered without a 5xx; an upload refused leaves the database as it was, and
one accepted is a queued job. Uploads are queued on a Redis queue of the test's own that no
worker reads, so nothing is imported in the background while the database is watched."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st
from rq import Queue

from tests.conftest import make_app
from tests.edit_helpers import login, make_user, token
from tests.hostile import HOSTILE, Watcher, form_value, nasty_text

REDIS_URL = "redis://127.0.0.1:6379/14"
BOUNDARY = "hostile-boundary-7f3a"
ENDINGS = [".csv", ".tsv", ".json", ".jsonl", ".bz2", ".zip", ".jsonl.bz2", ".CSV", ".txt", ""]
FORMATS = st.sampled_from(["auto", "quotebank", "liar", "csv", "json"])
# Half the time an upload that may well be stored (a name we read, a format from the list), half
# the time anything: any name, bytes, format and skip-bad value, or no file at all.
PLAUSIBLE = st.tuples(st.tuples(nasty_text, st.sampled_from(ENDINGS[:7])).map("".join),
                      st.binary(min_size=1, max_size=3_000), FORMATS,
                      st.one_of(st.none(), st.just("y")), st.just(True))
ANYTHING = st.tuples(st.one_of(nasty_text, st.tuples(nasty_text, st.sampled_from(ENDINGS)).map("".join)),
                     st.binary(max_size=3_000), st.one_of(FORMATS, form_value("format")),
                     st.one_of(st.none(), form_value("skip_bad")), st.booleans())


@pytest.fixture
def queued_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app with a queue no worker reads."""
    application = make_app(database_url, tmp_path, REDIS_URL=REDIS_URL,
                           IMPORT_QUEUE=f"test-hostile-imports-{uuid.uuid4().hex}", UPLOAD_MAX_BYTES=2_000)
    yield application
    queue = Queue(application.config["IMPORT_QUEUE"], connection=redis.Redis.from_url(REDIS_URL))
    queue.delete(delete_jobs=True)
    application.extensions["engine"].dispose()


def test_any_upload_is_answered_without_a_5xx(queued_app: Flask, database_url: str) -> None:
    client = queued_app.test_client()
    make_user(queued_app, "hostile-upload@example.org")
    login(client, "hostile-upload@example.org")
    csrf = token(client, "/imports")
    watcher = Watcher(database_url)

    @HOSTILE
    @given(st.one_of(PLAUSIBLE, ANYTHING))
    def upload(case: tuple[str, bytes, Any, Any, bool]) -> None:
        name, content, fmt, skip_bad, with_file = case
        fields: list[tuple[str, Any]] = [("csrf_token", csrf), *_values("format", fmt)]
        if skip_bad is not None:
            fields += _values("skip_bad", skip_bad)
        body = _multipart(fields, (name, content) if with_file else None)
        response = client.post("/imports", data=body,
                               content_type=f"multipart/form-data; boundary={BOUNDARY}")
        assert response.status_code < 500, (response.status_code, name, fmt)
        if response.status_code == 303:
            watcher.written()
        else:
            assert response.status_code in (400, 413), response.status_code
            watcher.assert_unchanged((name, content[:20], fmt))

    try:
        upload()
    finally:
        watcher.close()


def _values(name: str, value: Any) -> list[tuple[str, Any]]:
    return [(name, v) for v in (value if isinstance(value, list) else [value])]


def _bytes(text: str) -> bytes:
    """Text as a client that is not a browser may send it: a lone surrogate as its UTF-8 bytes."""
    return text.encode("utf-8", "surrogatepass")


def _multipart(fields: list[tuple[str, Any]], file: tuple[str, bytes] | None) -> bytes:
    """A multipart body built by hand, so names and values may hold any bytes."""
    start = b"--" + BOUNDARY.encode() + b"\r\n"
    parts = [start + b'Content-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
             % (name.encode(), _bytes(str(value))) for name, value in fields]
    if file is not None:
        quoted = _bytes(file[0]).replace(b"\\", b"\\\\").replace(b'"', b'\\"')
        quoted = quoted.replace(b"\r", b"").replace(b"\n", b"")
        parts.append(start + b'Content-Disposition: form-data; name="file"; filename="%s"\r\n'
                     b"Content-Type: application/octet-stream\r\n\r\n%s\r\n" % (quoted, file[1]))
    return b"".join(parts) + b"--" + BOUNDARY.encode() + b"--\r\n"
