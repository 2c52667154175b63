"""gunicorn settings, read from the working directory by `make serve`, the benchmark and the
browser tests' live server. Command-line options (workers, bind) still override these."""

from __future__ import annotations

import gc
import os
from typing import Any

# A worker is replaced after this many requests (spread so they do not restart together):
# a cheap bound on memory that grows in long-lived processes. Only with REDIS_URL: without it
# the login rate limit counts in each worker's memory, and a restart would reset it.
if os.environ.get("REDIS_URL"):
    max_requests = 10_000
    max_requests_jitter = 1_000


def post_worker_init(worker: Any) -> None:
    """Move everything loaded at start-up (modules, the app, its templates) out of the
    garbage collector's reach: later collections then scan only what requests allocate,
    which keeps their pauses out of the slowest responses."""
    gc.collect()
    gc.freeze()
