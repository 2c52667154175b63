"""Writing the search index: one document per live statement and per live account with words of
its own, numbered in date order (services.search_order).

Every result is a statement, so an account whose words (tokenised) run, in order, inside a
document of its statement already gets no document of its own: every phrase of it is found
there. That is an account carrying its statement's words, as a CSV row's source account and most
of Quotebank's do, and the statement's document also holds its original-language text. Under
relevance order such a statement is scored by its own, whole document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, delete, event, func, insert, select, text
from sqlalchemy.orm import Session

from tracker.models import Account, SearchDocument, Statement
from tracker.services.search.order import MAX_SEQ, document_id
from tracker.services.search.text import index_text

BATCH = 2000
REBUILD_AT = 1000  # statements; below this the triggers index row by row


# One statement's texts: (statement id, said_on, wording, original text, its live accounts as
# (account id, wording, original text) in account-id order).
Texts = tuple[int, date | None, str, str | None, list[tuple[int, str, str | None]]]


def build_documents(statements: Iterable[Texts]) -> list[dict[str, object]]:
    """The search documents of these statements, numbered in date order (services.search_order)."""
    statements = list(statements)
    pairs: list[tuple[str, str | None]] = []
    for _, _, wording, original, accounts in statements:
        pairs.append((wording, original))
        pairs.extend((w, o) for _, w, o in accounts)  # an account's own words are found as its English is
    words = iter(tokenised(pairs))
    rows: list[dict[str, object]] = []
    for statement_id, said_on, _, _, accounts in statements:
        own = next(words)
        if own:
            rows.append({"id": document_id(said_on, statement_id, 0), "statement_id": statement_id,
                         "account_id": None, "text": own})
        seq = 0
        indexed = [f" {own} "]  # the texts this statement's documents hold already, space-bounded
        for account_id, _, _ in accounts:
            told = next(words)
            if not told or any(f" {told} " in held for held in indexed):
                continue  # every phrase of it is found in a document of the statement already
            indexed.append(f" {told} ")
            seq += 1
            if seq > MAX_SEQ:  # a statement with over a thousand accounts: the rest share the last one
                rows[-1]["text"] = f"{rows[-1]['text']} {told}"
                continue
            rows.append({"id": document_id(said_on, statement_id, seq),
                         "statement_id": statement_id, "account_id": account_id, "text": told})
    return rows


def tokenised(pairs: Sequence[tuple[str, str | None]]) -> list[str]:
    """``index_text`` of each (wording, original) pair, in one pass. (Splitting a batch between
    processes was measured, bench/RESULTS.md: on this shared 2-CPU machine it does not pay.)"""
    done: dict[tuple[str, str | None], str] = {}  # an account often carries its statement's words
    out = []
    for pair in pairs:
        text = done.get(pair)
        if text is None:
            text = done[pair] = index_text(*pair)
        out.append(text)
    return out


def _documents(session: Session, ids: list[int]) -> list[dict[str, object]]:
    """The documents of these live statements, read back from the database."""
    texts: dict[int, Texts] = {}
    statements = session.execute(
        select(Statement.id, Statement.said_on, Statement.wording, Statement.original_text)
        .where(Statement.id.in_(ids), Statement.deleted_at.is_(None))
    ).tuples()
    for statement_id, said_on, wording, original in statements:
        texts[statement_id] = (statement_id, said_on, wording, original, [])
    accounts = session.execute(
        select(Account.id, Account.statement_id, Account.wording, Account.original_text)
        .where(Account.statement_id.in_(list(texts)), Account.deleted_at.is_(None))
        .order_by(Account.statement_id, Account.id)
    ).tuples()
    for account_id, statement_id, wording, original in accounts:
        texts[statement_id][4].append((account_id, wording, original))
    return build_documents(texts.values())


def reindex_statements(session: Session, ids: Iterable[int]) -> int:
    """Rebuild the documents of these statements (and their accounts); returns how many.

    Documents are built in Python and inserted in batches (one executemany each). On SQLite a
    big reindex (a first import) skips the per-row FTS5 trigger and rebuilds the FTS table once
    at the end: about twenty times faster than indexing row by row.
    """
    wanted = sorted(set(ids))
    fts = DeferredFts(session)
    if not fts.pays(len(wanted)):
        return _write_documents(session, wanted)
    # Indexing a row by trigger costs ~20x a row of the one rebuild, which reads the whole table.
    fts.start()
    try:
        written = _write_documents(session, wanted)
    except BaseException:
        fts.finish(rebuild=False)
        raise
    fts.finish()
    return written


def _write_documents(session: Session, wanted: list[int]) -> int:
    written = 0
    lock = session.get_bind().dialect.name == "postgresql"
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start:start + BATCH]
        if lock:
            # Document ids are fixed by statement and date, so two transactions rewriting one
            # statement's documents would insert the same ids (the second one's delete cannot
            # see the first one's new rows). Take the statements' row locks first, in id order:
            # the second waits, and its delete then sees what the first committed.
            session.execute(select(Statement.id).where(Statement.id.in_(batch))
                            .order_by(Statement.id).with_for_update())
        session.execute(delete(SearchDocument).where(SearchDocument.statement_id.in_(batch)))
        rows = _documents(session, batch)
        if rows:
            # Core executemany: one INSERT per batch, no ORM bookkeeping per row.
            session.execute(insert(cast(Table, SearchDocument.__table__)), rows)
        written += len(rows)
    return written


class DeferredFts:
    """For a big load on SQLite: the FTS insert trigger dropped (``start``) and the FTS table
    rebuilt once (``finish``, before each commit), all inside the transaction. Elsewhere a no-op."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.trigger: str | None = None

    def pays(self, statements: int) -> bool:
        """Whether a load of about this many statements should rebuild rather than index row by
        row (the rule of ``reindex_statements``: the rebuild reads every document)."""
        return self.session.get_bind().dialect.name == "sqlite" and statements >= REBUILD_AT and \
            statements * 10 >= (self.session.scalar(select(func.count()).select_from(SearchDocument)) or 0)

    def start(self) -> None:
        """Stop indexing row by row."""
        if self.trigger is not None or self.session.get_bind().dialect.name != "sqlite":
            return
        self.trigger = self.session.scalar(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                                "AND name = 'search_fts_ai'"))
        if self.trigger is not None:
            self.session.execute(text("DROP TRIGGER search_fts_ai"))

    def finish(self, rebuild: bool = True) -> None:
        """Rebuild the FTS table from the documents and put the trigger back (only put it back
        when ``rebuild`` is false: the load failed and its transaction is about to roll back)."""
        if self.trigger is None:
            return
        if rebuild:
            self.session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
        self.session.execute(text(self.trigger))
        self.trigger = None


def reindex_all(session: Session) -> int:
    """Rebuild the whole index (after a bulk change made outside the app)."""
    session.execute(delete(SearchDocument))
    ids = list(session.scalars(select(Statement.id).where(Statement.deleted_at.is_(None))))
    return reindex_statements(session, ids)


# -- keeping the index current ------------------------------------------------------------
# Any commit that touches statements or accounts refreshes their documents, whichever write
# path made the change (forms, API, Loader, merges). Registered when the services are
# imported (``tracker/services/__init__.py``): models call no service.

_PENDING = "search_pending_statements"


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context: Any) -> None:
    pending: set[int] = session.info.setdefault(_PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Statement) and obj.id is not None:
            pending.add(obj.id)
        elif isinstance(obj, Account) and obj.statement_id is not None:
            pending.add(obj.statement_id)


@event.listens_for(Session, "before_commit")
def _reindex(session: Session) -> None:
    session.flush()
    pending: set[int] = session.info.pop(_PENDING, set())
    if pending:
        reindex_statements(session, sorted(pending))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
