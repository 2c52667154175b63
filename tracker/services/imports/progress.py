"""A running import's live progress and its cancel request, as files in the job's folder.

Not in the job's row: on SQLite the import's one transaction holds the database's write lock
while it writes, so any other write (a progress update, a click on Cancel) would wait for the
whole import. A file written whole and renamed into place is read by every process (the web
workers, the RQ worker) on any database, and costs nothing to update.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROGRESS_FILE = "progress.json"
CANCEL_FILE = "cancel"
LOCK_FILE = ".imports.lock"
EVERY_SECONDS = 0.5
log = logging.getLogger(__name__)


@contextmanager
def one_at_a_time(upload_folder: Path) -> Iterator[None]:
    """Hold the imports' lock (a file in UPLOAD_FOLDER): one import runs at a time, whichever
    process (web worker, RQ worker) has it. Two at once would fight over the same speakers and
    outlets, and on SQLite the second would wait for the first's write lock and fail."""
    upload_folder.mkdir(parents=True, exist_ok=True)
    with (upload_folder / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def job_folder(upload_folder: Path, job_id: int) -> Path:
    """Where one job's upload and live files are."""
    return upload_folder / f"job-{job_id}"


class LiveProgress:
    """Counts what the importer reports and writes it out at most every ``every`` seconds."""

    def __init__(self, folder: Path, every: float = EVERY_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.folder, self.every, self.clock = folder, every, clock
        self.total: int | None = None
        self.done = 0
        self.phase = "reading"
        self._written_at: float | None = None

    def start(self, total: int) -> None:
        """The importer's total (records or bytes); written at once."""
        self.total = total
        self.flush()

    def add(self, step: int) -> None:
        """``step`` more units; written when the last write is old enough."""
        self.done += step
        now = self.clock()
        if self._written_at is None or now - self._written_at >= self.every:
            self.flush()

    def writing(self) -> None:
        """The importer started writing; written at once."""
        self.phase = "writing"
        self.flush()

    def flush(self) -> None:
        """Write the state now (to a temporary name, then renamed: readers never see half)."""
        self._written_at = self.clock()
        state = {"total": self.total, "done": self.done, "phase": self.phase, "at": time.time(),
                 "pid": os.getpid(), "host": socket.gethostname()}
        tmp = self.folder / f".{PROGRESS_FILE}.{os.getpid()}"
        try:
            tmp.write_text(json.dumps(state), encoding="utf-8")
            os.replace(tmp, self.folder / PROGRESS_FILE)
        except OSError:
            # The page then shows the last state written; the import itself carries on.
            log.warning("cannot write the progress of %s", self.folder, exc_info=True)


def read_live(folder: Path) -> dict[str, Any] | None:
    """The last state a running import wrote, or None when it wrote none (or it is unreadable)."""
    try:
        state = json.loads((folder / PROGRESS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def runner_gone(state: dict[str, Any] | None) -> bool:
    """Whether the process that wrote ``state`` has stopped (known only on the same host)."""
    if not state or state.get("host") != socket.gethostname() or not isinstance(state.get("pid"), int):
        return False
    try:
        os.kill(state["pid"], 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, as another user
        return False
    return False


def request_cancel(folder: Path) -> None:
    """Ask the job's run to stop; it sees the file at its next progress report."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CANCEL_FILE).touch()


def cancel_requested(folder: Path) -> bool:
    """Whether someone asked the job to stop."""
    return (folder / CANCEL_FILE).exists()
