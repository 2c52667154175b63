"""Store a staged bundle fast: one IN query per batch to find what exists, bulk INSERTs for the rest.

No ORM object is built per row.  Existing records are never overwritten (an editor may have
corrected them since); an import only adds what is new: records, aliases, roles, accounts.
Every created keyed record gets a ``create`` revision, written in bulk too.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar, cast

from sqlalchemy import ARRAY, ColumnElement, String, Table, any_, bindparam, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ...models import (
    Account,
    AccountHop,
    Article,
    Base,
    Event,
    Outlet,
    Revision,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    Statement,
    Topic,
    statement_topic,
)
from .. import search_index
from ..text import fold, name_key
from . import pg
from .base import BATCH_SIZE, Bundle, ImportResult

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _json_safe(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


SQLITE_MAX_VARIABLES = 32_766  # SQLite >= 3.32


def sqlite_insert(session: Session, table: Table, rows: list[dict[str, Any]],
                  returning: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Insert rows (all with the same columns) as plain tuples through the DB-API cursor.

    The values go through the same bind processors SQLAlchemy would apply (enums, dates, JSON),
    but without building a parameter dict per row. Without ``returning``: one executemany;
    with it: multi-row INSERT … VALUES … RETURNING, as many rows per statement as SQLite allows.
    """
    if not rows:
        return []
    rows = pg.with_defaults(table, rows)
    names = list(rows[0])
    if session.get_bind().dialect.name != "sqlite" or any(
            c.default is not None and not c.primary_key and c.name not in rows[0] for c in table.columns):
        # Another backend, or a column default only SQLAlchemy can fill in: the generic path.
        statement = insert(table)
        if returning:
            statement = statement.returning(*(table.c[name] for name in returning))
            return [tuple(r) for r in session.execute(statement, rows)]
        session.execute(statement, rows)
        return []
    connection = session.connection()
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=names)
    processors = cast(Mapping[str, Callable[[Any], Any]], compiled._bind_processors)
    convert = [(name, processors.get(name)) for name in names]
    values = [tuple(row[name] if process is None else process(row[name]) for name, process in convert)
              for row in rows]
    columns = ", ".join(f'"{name}"' for name in names)
    one = f"({', '.join('?' * len(names))})"
    if not returning:
        connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) VALUES {one}', values)  # noqa: S608
        return []
    out: list[tuple[Any, ...]] = []
    per_statement = max(1, SQLITE_MAX_VARIABLES // len(names))
    back = ", ".join(f'"{name}"' for name in returning)
    for start in range(0, len(values), per_statement):
        batch = values[start:start + per_statement]
        sql = (f'INSERT INTO "{table.name}" ({columns}) VALUES {", ".join([one] * len(batch))} '  # noqa: S608
               f"RETURNING {back}")
        out.extend(tuple(r) for r in connection.exec_driver_sql(sql, tuple(v for row in batch for v in row)))
    return out


class BulkWriter:
    """Writes one bundle inside the caller's transaction and fills in the result's counts."""

    def __init__(self, session: Session, result: ImportResult, user_id: int | None = None) -> None:
        self.session = session
        self.result = result
        self.user_id = user_id
        self.summary = f"imported from {result.source}"
        self.revisions: list[dict[str, Any]] = []
        self.touched: set[int] = set()

    # -- helpers ---------------------------------------------------------------------------

    def lookup(self, column: InstrumentedAttribute[Any], values: Iterable[Any],
               id_column: InstrumentedAttribute[int]) -> dict[Any, int]:
        """value -> id for rows whose column is one of the values (one IN query per batch)."""
        wanted = sorted({v for v in values if v is not None})
        found: dict[Any, int] = {}
        for chunk in chunks(wanted):
            query = select(id_column, column).where(in_list(self.session, column, chunk))
            for row_id, value in self.session.execute(query):
                found[value] = row_id
        return found

    def execute_insert(self, table: Any, rows: Sequence[dict[str, Any]],
                       returning: tuple[str, ...]) -> list[tuple[Any, ...]]:
        """One batch: unnest arrays on PostgreSQL, a multi-row INSERT … RETURNING elsewhere."""
        real: Table = getattr(table, "__table__", table)
        if self.session.get_bind().dialect.name == "postgresql":
            return pg.insert_unnest(self.session, real, list(rows), returning)
        return sqlite_insert(self.session, real, list(rows), returning)

    def insert_keyed(self, model: type[Base], rows: list[dict[str, Any]]) -> dict[str, int]:
        """Bulk-insert keyed rows; return key -> new id and queue their revisions."""
        if not rows:
            return {}
        ids: dict[str, int] = {}
        for chunk in chunks(rows):
            # RETURNING makes SQLAlchemy batch many rows per INSERT ("insertmanyvalues") and
            # hands back the new ids without another query.
            result = self.execute_insert(model, [{**row, "version": 1} for row in chunk], ("id", "key"))
            ids.update((key, row_id) for row_id, key in result)
        table = model.__tablename__
        self.result.created[table] += len(rows)
        for row in rows:
            after = {k: _json_safe(v) for k, v in row.items()}
            self.revisions.append({"entity_type": table, "entity_id": ids[row["key"]], "action": "create",
                                   "user_id": self.user_id, "before": None, "after": after,
                                   "summary": self.summary})
        return ids

    def insert_plain(self, table: Any, rows: list[dict[str, Any]], label: str | None = None) -> None:
        """Bulk-insert rows nobody refers to by key (aliases, roles, hops, links, revisions)."""
        real: Table = getattr(table, "__table__", table)
        if self.session.get_bind().dialect.name == "postgresql":
            column = next(iter(real.primary_key.columns))
            for chunk in chunks(rows):
                self.execute_insert(table, chunk, (column.name,))
        elif rows:
            # Nothing to read back: one plain executemany (no RETURNING, no multi-row VALUES).
            sqlite_insert(self.session, real, rows, ())
        if label and rows:
            self.result.created[label] += len(rows)

    # -- the write -------------------------------------------------------------------------

    def write(self, bundle: Bundle) -> None:
        """Store the bundle: topics, speakers, outlets, articles, statements, accounts."""
        topics = self._topics(bundle)
        speakers = self._speakers(bundle)
        referenced = {s.speaker_key for s in bundle.statements.values()} - set(speakers)
        speakers.update(self.lookup(Speaker.key, referenced, Speaker.id))
        outlets = self._outlets(bundle)
        articles = self._articles(bundle, outlets)
        events = self.lookup(Event.key, [s.event_key for s in bundle.statements.values()], Event.id)
        self._statements(bundle, speakers, events, topics, articles, outlets)
        self.insert_plain(Revision, self.revisions)
        # Bulk INSERTs bypass the ORM events that keep the search index current.
        search_index.reindex_statements(self.session, self.touched)
        self.session.flush()

    def _topics(self, bundle: Bundle) -> dict[str, int]:
        ids = self.lookup(Topic.key, bundle.topics, Topic.id)
        by_name = self.lookup(Topic.name, [t.name for t in bundle.topics.values()], Topic.id)
        new: list[dict[str, Any]] = []
        for t in bundle.topics.values():
            if t.key not in ids:
                if t.name in by_name:
                    ids[t.key] = by_name[t.name]
                else:
                    new.append({"key": t.key, "name": t.name})
                    by_name[t.name] = -1
        if new:
            for chunk in chunks(new):
                ids.update((k, i) for i, k in self.execute_insert(Topic, chunk, ("id", "key")))
            self.result.created["topic"] += len(new)
        return ids

    def _speakers(self, bundle: Bundle) -> dict[str, int]:
        staged = list(bundle.speakers.values())
        ids = self.lookup(Speaker.key, [s.key for s in staged], Speaker.id)
        by_qid = self.lookup(Speaker.wikidata_id, [s.wikidata_id for s in staged], Speaker.id)
        new = []
        for s in staged:
            if s.key not in ids and s.wikidata_id in by_qid:
                ids[s.key] = by_qid[s.wikidata_id]  # the same person under another key
            elif s.key not in ids:
                new.append({"key": s.key, "name": s.name, "sort_name": fold(s.name), "kind": s.kind,
                            "wikidata_id": s.wikidata_id, "description": s.description})
        ids.update(self.insert_keyed(Speaker, new))
        created = {row["key"] for row in new}
        existing_names: set[tuple[int, str]] = set()
        existing_roles: set[tuple[int, str]] = set()
        old_ids = [ids[s.key] for s in staged if s.key not in created]
        for chunk in chunks(old_ids):
            existing_names.update(self.session.execute(  # type: ignore[arg-type]
                select(SpeakerAlias.speaker_id, SpeakerAlias.name).where(SpeakerAlias.speaker_id.in_(chunk))))
            existing_roles.update(self.session.execute(  # type: ignore[arg-type]
                select(SpeakerRole.speaker_id, SpeakerRole.title).where(SpeakerRole.speaker_id.in_(chunk))))
        aliases, roles = [], []
        for s in staged:
            sid = ids[s.key]
            for position, name in enumerate([s.name, *s.aliases]):
                if (sid, name) in existing_names or not name_key(name):
                    continue
                existing_names.add((sid, name))
                canonical = position == 0 and s.key in created
                aliases.append({"speaker_id": sid, "name": name, "name_key": name_key(name),
                                "is_canonical": canonical})
            for title in s.roles:
                if (sid, title) not in existing_roles:
                    existing_roles.add((sid, title))
                    roles.append({"speaker_id": sid, "title": title})
        self.insert_plain(SpeakerAlias, aliases, "speaker_alias")
        self.insert_plain(SpeakerRole, roles, "speaker_role")
        return ids

    def _outlets(self, bundle: Bundle) -> dict[str, int]:
        staged = list(bundle.outlets.values())
        ids = self.lookup(Outlet.key, [o.key for o in staged], Outlet.id)
        by_domain = self.lookup(Outlet.domain, [o.domain for o in staged], Outlet.id)
        new = []
        for o in staged:
            if o.key not in ids and o.domain in by_domain:
                ids[o.key] = by_domain[o.domain]
            elif o.key not in ids:
                new.append({"key": o.key, "name": o.name, "sort_name": fold(o.name), "kind": o.kind,
                            "domain": o.domain, "url": o.url})
        ids.update(self.insert_keyed(Outlet, new))
        return ids

    def _articles(self, bundle: Bundle, outlets: dict[str, int]) -> dict[str, int]:
        staged = list(bundle.articles.values())
        ids = self.lookup(Article.key, [a.key for a in staged], Article.id)
        new: list[dict[str, Any]] = [{"key": a.key, "url": a.url, "authors": [],
                "outlet_id": outlets[a.outlet_key] if a.outlet_key else None}
               for a in staged if a.key not in ids]
        ids.update(self.insert_keyed(Article, new))
        return ids

    def _statements(self, bundle: Bundle, speakers: dict[str, int], events: dict[str, int],
                    topics: dict[str, int], articles: dict[str, int], outlets: dict[str, int]) -> None:
        staged = list(bundle.statements.values())
        ids = self.lookup(Statement.key, [s.key for s in staged], Statement.id)
        existed = set(ids)
        rows = [{
            "key": s.key, "speaker_id": speakers[s.speaker_key],
            "event_id": events[s.event_key] if s.event_key else None,
            "said_on": s.said.value if s.said else None,
            "said_precision": s.said.precision if s.said else None,
            "said_note": s.said_note, "wording": s.wording, "kind": s.kind, "language": s.language,
            "original_text": s.original_text, "translation_note": s.translation_note,
            "verdict": s.verdict, "speaker_candidates": s.speaker_candidates,
        } for s in staged if s.key not in existed]
        ids.update(self.insert_keyed(Statement, rows))
        links = [{"statement_id": ids[s.key], "topic_id": topics[t]}
                 for s in staged if s.key not in existed for t in dict.fromkeys(s.topic_keys)]
        self.insert_plain(statement_topic, links)
        accounts = [(s, a) for s in staged for a in s.accounts]
        account_ids = self.lookup(Account.key, [a.key for _, a in accounts], Account.id)
        new_accounts = [(s, a) for s, a in accounts if a.key not in account_ids]
        touched = {s.key for s, _ in new_accounts}
        self.result.duplicates += bundle.duplicates
        self.result.merged += len(existed & touched)
        self.result.unchanged += len(existed - touched)
        self.touched = {ids[key] for key in (set(ids) - existed) | touched}
        new_ids = self.insert_keyed(Account, [{
            "key": a.key, "statement_id": ids[s.key], "wording": a.wording, "stance": a.stance,
            "note": a.note, "article_id": articles[a.article_key] if a.article_key else None,
            "narrator_id": speakers[a.narrator_key] if a.narrator_key else None,
        } for s, a in new_accounts])
        hops = [{"account_id": new_ids[a.key], "position": i, "role": h.role, "label": h.label,
                 "speaker_id": speakers[h.speaker_key] if h.speaker_key else None,
                 "outlet_id": outlets[h.outlet_key] if h.outlet_key else None}
                for _, a in new_accounts for i, h in enumerate(a.hops)]
        self.insert_plain(AccountHop, hops, "account_hop")


def in_list(session: Session, column: InstrumentedAttribute[Any], values: Sequence[Any]) -> Any:
    """``column IN (…)``; on PostgreSQL ``column = ANY(array)``: one parameter, not thousands."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("values", list(values), type_=ARRAY(String())))
    return column.in_(values)


def missing_keys(session: Session, column: InstrumentedAttribute[Any], keys: Iterable[str],
                 extra: ColumnElement[bool] | None = None) -> set[str]:
    """The keys among ``keys`` that no row has (for references a file must not invent)."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    for chunk in chunks(wanted):
        query = select(column).where(in_list(session, column, chunk))
        if extra is not None:
            query = query.where(extra)
        found.update(session.scalars(query))
    return set(wanted) - found
