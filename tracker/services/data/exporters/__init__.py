"""Exports: the full JSON dump (round-trips), CSV per resource, schema.org JSON-LD, TimelineJS."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.services.data.exporters import dump, linked, tables

EXPORT_FORMATS = ("json", "csv", "jsonld", "timelinejs")


def export_file(session: Session, path: Path, fmt: str = "json", timeline: str | None = None) -> int:
    """Write one export; returns how many records (or rows) it holds."""
    if fmt == "csv":
        return tables.write_zip(session, path)
    if fmt == "json":
        data = dump.dump(session)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return sum(len(v) for v in data.values() if isinstance(v, list))
    if fmt == "jsonld":
        doc = linked.jsonld(session)
        count = len(doc["@graph"])
    elif fmt == "timelinejs":
        doc = linked.timeline(session, timeline)
        count = len(doc["events"])
    else:
        raise ValueError(f"“{fmt}” is not one of: {', '.join(EXPORT_FORMATS)}")
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return count
