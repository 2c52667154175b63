"""Search documents are numbered in the order search shows them: by date, then statement.

A document's id (the FTS5 rowid on SQLite) is built from its statement's date, the statement
id and the document's place among the statement's documents::

    id = ordinal(said_on) << 41 | statement_id << 10 | seq

``ordinal`` is ``date.toordinal()`` (0 for an undated statement, so those sort last when
newest comes first), ``statement_id`` takes 31 bits (ids stop at 2**31 - 1) and ``seq`` is 0
for the statement's own text and 1, 2, … for its accounts' texts in account-id order. The
largest id (year 9999) stays below 2**63. Reading ``search_fts`` by rowid, newest first, is
then reading matches in (said_on DESC, statement id DESC) order, which SQLite's FTS5 does
without looking at any other match: a page of a search costs the same for a word in three
documents or in three million. A statement whose date changes gets its documents renumbered
(every change to a statement rewrites its documents anyway).

Pure functions only: migration 0005 uses them, and must not import app models.
"""

from __future__ import annotations

from datetime import date

SEQ_BITS = 10
STATEMENT_BITS = 31
DATE_SHIFT = SEQ_BITS + STATEMENT_BITS
MAX_SEQ = (1 << SEQ_BITS) - 1  # a statement's 1,024th and later accounts share the last document
MAX_STATEMENT_ID = (1 << STATEMENT_BITS) - 1
DATED_FLOOR = 1 << DATE_SHIFT  # ids below this belong to undated statements
MAX_DOCUMENT_ID = (1 << 63) - 1


def document_id(said_on: date | None, statement_id: int, seq: int) -> int:
    """The id of a statement's ``seq``-th document (0: the statement's own text)."""
    if not 0 < statement_id <= MAX_STATEMENT_ID:
        raise ValueError(f"statement id {statement_id} does not fit the search index")
    if not 0 <= seq <= MAX_SEQ:
        raise ValueError(f"document {seq} of statement {statement_id} does not fit the search index")
    ordinal = said_on.toordinal() if said_on is not None else 0
    return ordinal << DATE_SHIFT | statement_id << SEQ_BITS | seq


def statement_id_of(doc_id: int) -> int:
    """The statement a document belongs to."""
    return (doc_id >> SEQ_BITS) & MAX_STATEMENT_ID


def year_bounds(year: int) -> tuple[int, int]:
    """The first and last document id of statements said in ``year`` (inclusive)."""
    return (date(year, 1, 1).toordinal() << DATE_SHIFT,
            ((date(year, 12, 31).toordinal() + 1) << DATE_SHIFT) - 1)
