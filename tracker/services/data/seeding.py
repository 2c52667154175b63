"""Load JSON documents in the tracker's shape, all-or-nothing (seeds and `import --format json`)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Speaker, Statement
from tracker.services.editing import identity
from tracker.services.editing.loader import Loader
from tracker.services.input.records import RecordError

SEEDS_DIR = Path(__file__).resolve().parents[3] / "seeds"


def read_document(path: Path) -> object:
    """Parse one JSON file; a syntax error names the file, line and column."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RecordError(path.name, f"line {exc.lineno}, column {exc.colno}", None,
                          f"not valid JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise RecordError(path.name, "document", None, "is not UTF-8 text") from None
    except OSError as exc:
        raise RecordError(str(path), "document", None, f"cannot be read ({exc.strerror})") from None


def load_files(session: Session, paths: list[Path], user_id: int | None = None) -> Counter[str]:
    """Load every file in one transaction; on any error nothing is kept and RecordError says where."""
    loader = Loader(session, user_id=user_id)
    try:
        last = session.scalar(select(func.max(Speaker.id))) or 0
        for path in paths:
            loader.summary = f"loaded from {path.name}"
            loader.load(path.name, read_document(path))
        # New speakers that may be stored ones go to the review queue (never merged silently).
        loader.stats["speaker queued for review"] += identity.queue_created_after(session, last)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return loader.stats


def has_statements(session: Session) -> bool:
    """Whether the database holds any statement yet (``seed --if-empty``)."""
    return session.scalar(select(Statement.id).limit(1)) is not None


def seed_files(directory: Path = SEEDS_DIR) -> list[Path]:
    """The seed documents, in name order (earlier files define what later ones refer to)."""
    return sorted(directory.glob("*.json"))
