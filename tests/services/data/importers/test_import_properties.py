"""Property tests of every importer: whatever a file holds, an import either stores it or is
refused with the line and field named (``ImportRejectedError`` / ``RecordError``), never another
exception, and a refused import leaves the database exactly as it was (``tests/hostile.py``)."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile import HOSTILE, Watcher, anything, form_value, record
from tracker.api.schemas import INPUTS
from tracker.services.data.importers import ImportRejectedError, run_import
from tracker.services.data.importers.liar import COLUMNS as LIAR_COLUMNS
from tracker.services.data.importers.tabular import COLUMNS as CSV_COLUMNS
from tracker.services.input.records import RecordError
from tracker.web.database import get_session

QUOTEBANK = ("quoteID", "quotation", "speaker", "qids", "date", "probas", "urls", "numOccurrences", "phase")
SECTIONS = {"speakers": "Speaker", "outlets": "Outlet", "events": "Event", "articles": "Article",
            "statements": "Statement", "conflicts": "Conflict"}


def _encode(text: str, bom: bool) -> bytes:
    """UTF-8, a lone surrogate written as the (invalid) bytes that spell it; now and then a BOM."""
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")


@cache
def _cells(names: tuple[str, ...], hostile: bool) -> st.SearchStrategy[list[str]]:
    # Built once per column list: making strategies is dearer than drawing from them.
    return st.tuples(*(form_value(name, hostile).map(lambda v: v if isinstance(v, str) else "|".join(v))
                       for name in names)).map(list)


@cache
def _columns(columns: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(columns), unique=True, min_size=1)


_EXTRA_COLUMN = st.lists(form_value("column"), max_size=1).map(lambda v: [str(x) for x in v])


@st.composite
def _table(draw: st.DrawFn, columns: tuple[str, ...], delimiter: str, header: bool) -> str:
    hostile = draw(st.booleans())
    names = draw(_columns(columns)) if header else list(columns)
    if header and hostile:
        names += draw(_EXTRA_COLUMN)
    rows = draw(st.lists(_cells(tuple(names), hostile), min_size=1, max_size=3))
    if draw(st.booleans()):  # a ragged row
        rows.append(draw(_cells(tuple(names[: draw(st.integers(0, len(names)))]), hostile)))
    if delimiter == "\t":  # LIAR: tab-separated, no quoting (a tab or line break in a cell shifts it)
        return "\n".join("\t".join(row) for row in rows)
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(names)
    writer.writerows(rows)
    return out.getvalue()


def _dump(section: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    return section.map(lambda value: json.dumps(value, ensure_ascii=False))


_JSON_FILE = st.one_of(
    st.fixed_dictionaries({}, optional={name: st.lists(record(list(INPUTS[schema][0])), max_size=2)
                                        for name, schema in SECTIONS.items()}),
    anything)
_QUOTEBANK_LINE = st.one_of(record(list(QUOTEBANK)), record(list(QUOTEBANK)), anything)
FILES: dict[str, tuple[str, st.SearchStrategy[str]]] = {
    "csv": ("sheet.csv", _table(CSV_COLUMNS, ",", header=True)),
    "liar": ("train.tsv", _table(LIAR_COLUMNS, "\t", header=False)),
    "quotebank": ("quotes.jsonl", st.lists(_dump(_QUOTEBANK_LINE), min_size=1, max_size=3).map("\n".join)),
    "json": ("records.json", _dump(_JSON_FILE)),
}


@pytest.mark.parametrize("fmt", list(FILES))
def test_any_file_is_imported_or_refused_by_line(app: Flask, database_url: str, tmp_path: Path,
                                                 fmt: str) -> None:
    name, contents = FILES[fmt]
    path = tmp_path / name
    watcher = Watcher(database_url)

    @HOSTILE
    @given(text=contents, bom=st.booleans())
    def load(text: str, bom: bool) -> None:
        path.write_bytes(_encode(text, bom))
        with app.app_context():
            try:
                run_import(get_session(), path, fmt)
            except (ImportRejectedError, RecordError):
                watcher.assert_unchanged(text)
            else:
                watcher.written()

    try:
        load()
        watcher.assert_every_example_ran()
    finally:
        watcher.close()
