"""Whole-list downloads (``?all=1``): rows per second and peak memory at any archive size.

    .venv/bin/python -m bench.downloads --database-url sqlite:///bench/data/bench-100k.sqlite

Runs each download through the app in this process (Flask's test client, the response read
chunk by chunk as a server would send it, never joined), ``--repeat`` times, and reports the
median rows per second and bytes, then the peak of memory Python allocated while one more
run streamed (``tracemalloc``, which slows it: timed runs go without it), and the process's
peak RSS. Constant memory shows as the same peak at 10k and at 100k statements.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc
from typing import Any

from sqlalchemy import func, select

from tracker import create_app
from tracker.models import Speaker, Statement
from tracker.web.database import get_session

PATHS = ("/timeline.csv?all=1", "/timeline.json?all=1", "/speakers.csv?all=1",
         "/search.json?q=the&all=1", "/search.csv?q=the&sort=oldest&all=1")


def stream(client: Any, path: str) -> tuple[int, bytes]:
    """One download read chunk by chunk: its size and its last chunk."""
    response = client.get(path)
    assert response.status_code == 200 and response.is_streamed, (path, response.status_code)
    size, last = 0, b""
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(data)
        last = data or last
    response.close()
    return size, last


def main() -> None:
    """Measure every download and print one JSON line per path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = create_app({"DATABASE_URL": args.database_url, "SERVER_NAME": "bench.local"})
    client = app.test_client()
    with app.app_context():
        session = get_session()
        totals = {"/timeline": session.scalar(select(func.count()).select_from(Statement)
                                              .where(Statement.deleted_at.is_(None))),
                  "/speakers": session.scalar(select(func.count()).select_from(Speaker).where(
                      Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None)))}
    for path in PATHS:
        seconds, size, last = [], 0, b""
        for _ in range(args.repeat):
            start = time.perf_counter()
            size, last = stream(client, path)
            seconds.append(time.perf_counter() - start)
        if path.startswith("/search.json"):
            rows = int(last.rsplit(b'"count":', 1)[1].rstrip(b"}"))
        elif path.startswith("/search"):
            rows = None
        else:
            rows = totals[path.split(".", 1)[0]]
        tracemalloc.start()
        stream(client, path)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        median = statistics.median(seconds)
        print(json.dumps({"path": path, "rows": rows, "bytes": size, "median_s": round(median, 3),
                          "rows_per_s": round(rows / median) if rows else None,
                          "peak_traced_mib": round(peak / 2**20, 1),
                          "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                                                1)}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
