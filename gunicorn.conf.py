"""gunicorn settings, read from the working directory by `make serve`, the benchmark and the
browser tests' live server. Command-line options (workers, bind) still override these.

Threaded workers (``gthread``): a sync worker serves one connection at a time, so two clients
that send half a request and wait held both workers until the timeout and every other reader
waited 30 s (issue 17). With threads, each worker keeps serving while a few clients dawdle, and
its main thread keeps the heartbeat, so a slow client no longer gets a worker killed (which
also emptied the in-memory login counters without Redis). Against many slow clients, put
nginx in front: it buffers whole requests before they reach gunicorn (docs/deploy.md)."""

from __future__ import annotations

import gc
import os
from typing import Any

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))  # per worker; each may hold a connection
timeout = 30  # a worker whose main thread stops answering this long is replaced
graceful_timeout = 20  # on restart, requests in flight get this long to finish
keepalive = 5  # seconds an idle keep-alive connection is kept (behind nginx: its upstream pool)
limit_request_line = 8190  # gunicorn's defaults, stated: the longest request line and header
limit_request_field_size = 8190
limit_request_fields = 100

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
