"""CSV export: a .zip with one CSV per resource; cells are escaped so no spreadsheet runs a formula.

``statements.csv`` is in the tracker's CSV import shape (docs/data-format.md), so it can be
imported again with `import --format csv`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tracker.services.data.cells import csv_cell
from tracker.services.data.exporters import dump
from tracker.services.data.importers.tabular import COLUMNS as STATEMENT_COLUMNS
from tracker.services.data.importers.tabular import TOPIC_SEPARATOR


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """One CSV document with formula-escaped cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def _flat(records: list[dict[str, Any]], columns: Sequence[str]) -> list[list[object]]:
    return [[_cell(r.get(c)) for c in columns] for r in records]


def _table(records: list[dict[str, Any]], columns: Sequence[str]) -> str:
    return csv_text(columns, _flat(records, columns))


def _cell(value: object) -> object:
    if isinstance(value, list):
        return TOPIC_SEPARATOR.join(str(v) for v in value)
    return value


def tables(session: Session) -> dict[str, str]:
    """File name -> CSV text for every resource."""
    data = dump.dump(session)
    speakers_by_key = {s["key"]: s for s in data["speakers"]}
    files = {
        "topics.csv": csv_text(("key", "name"), _flat(data["topics"], ("key", "name"))),
        "speakers.csv": csv_text(
            ("key", "name", "kind", "wikidata_id", "country", "description", "aliases"),
            [[s["key"], s["name"], s["kind"], s["wikidata_id"], s["country"], s["description"],
              TOPIC_SEPARATOR.join(a["name"] for a in s["aliases"])] for s in data["speakers"]]),
        "outlets.csv": _table(data["outlets"], ("key", "name", "kind", "country", "url", "language",
                                                "domain")),
        "events.csv": _table(data["events"], ("key", "name", "place", "start", "start_precision", "end",
                                              "end_precision", "parent")),
        "articles.csv": _table(data["articles"], ("key", "outlet", "url", "title", "authors", "published",
                                                  "published_precision", "language")),
    }
    statement_rows, account_rows = [], []
    for s in data["statements"]:
        speaker = speakers_by_key.get(s["speaker"], {})
        row = {**s, "speaker_name": speaker.get("name"), "speaker_wikidata_id": speaker.get("wikidata_id"),
               "source_url": None}
        statement_rows.append([_cell(row.get(c)) for c in STATEMENT_COLUMNS])
        for a in s["accounts"]:
            chain = " > ".join(h.get("speaker") or h.get("outlet") or h.get("label", "") for h in a["chain"])
            account_rows.append([a["key"], s["key"], a["narrator"], a["article"], a["wording"], a["stance"],
                                 a["note"], a["language"], a["original_text"], a["translation_note"],
                                 a["translator"], chain])
    files["statements.csv"] = csv_text(STATEMENT_COLUMNS, statement_rows)
    files["accounts.csv"] = csv_text(
        ("key", "statement", "narrator", "article", "wording", "stance", "note", "language", "original_text",
         "translation_note", "translator", "chain"), account_rows)
    files["conflicts.csv"] = csv_text(
        ("key", "title", "status", "summary", "members"),
        [[c["key"], c["title"], c["status"], c["summary"],
          TOPIC_SEPARATOR.join(next(iter(m.values())) for m in c["members"])] for c in data["conflicts"]])
    return files


def write_zip(session: Session, path: Path) -> int:
    """Write the CSV files into a .zip (fixed timestamps, so the same data gives the same bytes)."""
    files = tables(session)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return sum(text.count("\n") - 1 for text in files.values())
