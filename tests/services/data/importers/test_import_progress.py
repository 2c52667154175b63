"""The import's progress covers reading and writing: the bar fills only when the data is stored."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tracker.services.data.importers.run import run_import
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def test_progress_covers_the_write(app: Flask) -> None:
    events: list[tuple[str, int]] = []
    with app.app_context():
        result = run_import(get_session(), FIXTURES / "liar_sample.tsv", "liar",
                            on_total=lambda n: events.append(("total", n)),
                            progress=lambda n: events.append(("step", n)),
                            on_write=lambda: events.append(("write", 0)))
    total = events[0][1]
    # Progress is in bytes of the file: read once, then stored once.
    assert events[0] == ("total", (FIXTURES / "liar_sample.tsv").stat().st_size) and result.read > 0
    write_at = events.index(("write", 0))
    assert sum(n for kind, n in events[:write_at] if kind == "step") == total
    assert sum(n for kind, n in events[write_at:] if kind == "step") == total
