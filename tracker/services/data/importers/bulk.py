"""Store a staged bundle fast: one IN query per batch to find what exists, bulk INSERTs for the rest.

No ORM object is built per row, nor a dict: rows go to the database column by column
(``columns``).  Existing records are never overwritten (an editor may have corrected them
since); an import only adds what is new: records, aliases, roles, accounts.  Every created
keyed record gets a ``create`` revision, written in bulk too; its ``after`` is the record's
values as JSON text, written straight from the columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import ARRAY, ColumnElement, String, Table, any_, bindparam, select
from sqlalchemy import Column as Column_
from sqlalchemy.orm import InstrumentedAttribute, Session

from tracker.models import (
    Account,
    AccountHop,
    Article,
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
from tracker.services.data.importers import pg
from tracker.services.data.importers.base import BATCH_SIZE, Bundle, ImportResult, StatementIn
from tracker.services.data.importers.columns import (
    SQLITE_MAX_VARIABLES,
    Column,
    Columns,
    Ready,
    Same,
    generic_insert,
    json_objects,
    python_defaults,
    sliced,
    sqlite_insert,
)
from tracker.services.input.text import fold, name_key
from tracker.services.search import index as search_index

T = TypeVar("T")


class _Staged(Protocol):
    @property
    def key(self) -> str: ...


S = TypeVar("S", bound=_Staged)


def chunks(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def table_of(model: Any) -> Table:
    """The Core table of a model (or the table itself)."""
    table: Table = getattr(model, "__table__", model)
    return table


class BulkWriter:
    """Writes one bundle inside the caller's transaction and fills in the result's counts."""

    def __init__(self, session: Session, result: ImportResult, user_id: int | None = None) -> None:
        self.session = session
        self.result = result
        self.user_id = user_id
        self.summary = f"imported from {result.source}"
        self.dialect = session.get_bind().dialect.name
        # The ``create`` revisions, column by column: entity type, entity id, JSON text of after.
        self.revisions: tuple[list[str], list[int], list[str]] = ([], [], [])
        self.touched: set[int] = set()

    # -- helpers ---------------------------------------------------------------------------

    def lookup(self, column: InstrumentedAttribute[Any], values: Iterable[Any],
               id_column: InstrumentedAttribute[int]) -> dict[Any, int]:
        """value -> id for rows whose column is one of the values (one IN query per batch)."""
        wanted = sorted({v for v in values if v is not None})
        found: dict[Any, int] = {}
        if not wanted:
            return found
        if self.dialect == "sqlite":
            # Straight through the DB-API cursor: as many values per query as SQLite allows.
            value_column = cast(Column_[Any], column.expression)
            table, name = value_column.table.name, value_column.name
            id_name = cast(Column_[Any], id_column.expression).name
            cursor = self.session.connection().connection.cursor()
            try:
                for chunk in chunks(wanted, SQLITE_MAX_VARIABLES):
                    cursor.execute(f'SELECT "{id_name}", "{name}" FROM "{table}" '  # noqa: S608
                                   f'WHERE "{name}" IN ({", ".join("?" * len(chunk))})', tuple(chunk))
                    found.update((value, row_id) for row_id, value in cursor.fetchall())
            finally:
                cursor.close()
            return found
        for chunk in chunks(wanted):
            query = select(id_column, column).where(in_list(self.session, column, chunk))
            for row_id, value in self.session.execute(query):
                found[value] = row_id
        return found

    def insert(self, model: Any, columns: Columns, count: int,
               returning: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
        """Insert ``count`` rows given column by column; return the ``returning`` columns of each.

        PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per batch; SQLite: multi-row INSERT …
        RETURNING, or one executemany when nothing is read back."""
        if not count:
            return []
        table = table_of(model)
        if self.dialect == "postgresql":
            out: list[tuple[Any, ...]] = []
            for start in range(0, count, BATCH_SIZE):
                stop = min(count, start + BATCH_SIZE)
                out.extend(pg.insert_columns(self.session, table, sliced(columns, start, stop),
                                             stop - start, returning))
            return out
        defaults = python_defaults(table, columns)
        if self.dialect != "sqlite" or defaults is None:
            return generic_insert(self.session, table, columns, count, returning)
        return sqlite_insert(self.session.connection(), table, {**defaults, **columns}, count, returning)

    def insert_keyed(self, model: Any, columns: dict[str, Column], count: int) -> dict[str, int]:
        """Bulk-insert keyed rows (the first column is ``key``); return key -> new id and queue
        their revisions, whose ``after`` holds the given columns."""
        if not count:
            return {}
        rows = self.insert(model, {**columns, "version": Same(1)}, count, ("id", "key"))
        ids: dict[str, int] = {key: row_id for row_id, key in rows}
        table = model.__tablename__
        self.result.created[table] += count
        types, entity_ids, after = self.revisions
        types.extend([table] * count)
        entity_ids.extend([ids[key] for key in columns["key"]])  # type: ignore[union-attr]
        after.extend(json_objects(list(columns), list(columns.values()), count,
                                  ensure_ascii=self.dialect != "postgresql"))
        return ids

    def insert_plain(self, model: Any, columns: Columns, count: int, label: str | None = None) -> None:
        """Bulk-insert rows nobody refers to by key (aliases, roles, hops, links, revisions)."""
        self.insert(model, columns, count)
        if label and count:
            self.result.created[label] += count

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
        types, entity_ids, after = self.revisions
        self.insert_plain(Revision, {
            "entity_type": types, "entity_id": entity_ids, "action": Same("create"),
            "user_id": Same(self.user_id), "before": Same(None), "after": Ready(after),
            "summary": Same(self.summary)}, len(types))
        # Bulk INSERTs bypass the ORM events that keep the search index current.
        search_index.reindex_statements(self.session, self.touched)
        self.session.flush()

    def _topics(self, bundle: Bundle) -> dict[str, int]:
        ids = self.lookup(Topic.key, bundle.topics, Topic.id)
        by_name = self.lookup(Topic.name, [t.name for t in bundle.topics.values()], Topic.id)
        new: list[tuple[str, str]] = []
        for t in bundle.topics.values():
            if t.key not in ids:
                if t.name in by_name:
                    ids[t.key] = by_name[t.name]
                else:
                    new.append((t.key, t.name))
                    by_name[t.name] = -1
        if new:
            rows = self.insert(Topic, {"key": [k for k, _ in new], "name": [n for _, n in new]},
                               len(new), ("id", "key"))
            ids.update((k, i) for i, k in rows)
            self.result.created["topic"] += len(new)
        return ids

    def known_elsewhere(self, staged: Sequence[S], ids: dict[str, int], column: InstrumentedAttribute[Any],
                        attribute: str, id_column: InstrumentedAttribute[int]) -> list[S]:
        """Staged records whose key is not stored yet: those already stored under another key
        but the same ``column`` value get that record's id in ``ids``; the rest are returned
        (to be created)."""
        values = [getattr(r, attribute) for r in staged]
        by_value = self.lookup(column, values, id_column)
        new: list[S] = []
        for record, value in zip(staged, values, strict=True):
            if record.key in ids:
                continue
            if value in by_value:
                ids[record.key] = by_value[value]
            else:
                new.append(record)
        return new

    def _speakers(self, bundle: Bundle) -> dict[str, int]:
        staged = list(bundle.speakers.values())
        ids = self.lookup(Speaker.key, [s.key for s in staged], Speaker.id)
        # The same person under another key: matched by Wikidata id.
        new = self.known_elsewhere(staged, ids, Speaker.wikidata_id, "wikidata_id", Speaker.id)
        ids.update(self.insert_keyed(Speaker, {
            "key": [s.key for s in new], "name": [s.name for s in new],
            "sort_name": [fold(s.name) for s in new], "kind": [s.kind for s in new],
            "wikidata_id": [s.wikidata_id for s in new], "description": [s.description for s in new],
        }, len(new)))
        created = {s.key for s in new}
        existing_names: set[tuple[int, str]] = set()
        existing_roles: set[tuple[int, str]] = set()
        old_ids = [ids[s.key] for s in staged if s.key not in created]
        for chunk in chunks(old_ids):
            existing_names.update(self.session.execute(  # type: ignore[arg-type]
                select(SpeakerAlias.speaker_id, SpeakerAlias.name).where(SpeakerAlias.speaker_id.in_(chunk))))
            existing_roles.update(self.session.execute(  # type: ignore[arg-type]
                select(SpeakerRole.speaker_id, SpeakerRole.title).where(SpeakerRole.speaker_id.in_(chunk))))
        aliases: list[tuple[int, str, str, bool]] = []
        roles: list[tuple[int, str]] = []
        for s in staged:
            sid = ids[s.key]
            for position, name in enumerate([s.name, *s.aliases]):
                key = name_key(name)
                if (sid, name) in existing_names or not key:
                    continue
                existing_names.add((sid, name))
                aliases.append((sid, name, key, position == 0 and s.key in created))
            for title in s.roles:
                if (sid, title) not in existing_roles:
                    existing_roles.add((sid, title))
                    roles.append((sid, title))
        self.insert_plain(SpeakerAlias, {
            "speaker_id": [a[0] for a in aliases], "name": [a[1] for a in aliases],
            "name_key": [a[2] for a in aliases], "is_canonical": [a[3] for a in aliases],
        }, len(aliases), "speaker_alias")
        self.insert_plain(SpeakerRole, {"speaker_id": [r[0] for r in roles], "title": [r[1] for r in roles]},
                          len(roles), "speaker_role")
        return ids

    def _outlets(self, bundle: Bundle) -> dict[str, int]:
        staged = list(bundle.outlets.values())
        ids = self.lookup(Outlet.key, [o.key for o in staged], Outlet.id)
        new = self.known_elsewhere(staged, ids, Outlet.domain, "domain", Outlet.id)  # same domain
        ids.update(self.insert_keyed(Outlet, {
            "key": [o.key for o in new], "name": [o.name for o in new],
            "sort_name": [fold(o.name) for o in new], "kind": [o.kind for o in new],
            "domain": [o.domain for o in new], "url": [o.url for o in new],
        }, len(new)))
        return ids

    def _articles(self, bundle: Bundle, outlets: dict[str, int]) -> dict[str, int]:
        staged = list(bundle.articles.values())
        ids = self.lookup(Article.key, [a.key for a in staged], Article.id)
        new = [a for a in staged if a.key not in ids]
        ids.update(self.insert_keyed(Article, {
            "key": [a.key for a in new], "url": [a.url for a in new], "authors": Same([]),
            "outlet_id": [outlets[a.outlet_key] if a.outlet_key else None for a in new],
        }, len(new)))
        return ids

    def _statements(self, bundle: Bundle, speakers: dict[str, int], events: dict[str, int],
                    topics: dict[str, int], articles: dict[str, int], outlets: dict[str, int]) -> None:
        staged = list(bundle.statements.values())
        ids = self.lookup(Statement.key, [s.key for s in staged], Statement.id)
        existed = set(ids)
        new = [s for s in staged if s.key not in existed]
        ids.update(self.insert_keyed(Statement, statement_columns(new, speakers, events), len(new)))
        links = [(ids[s.key], topics[t]) for s in new for t in dict.fromkeys(s.topic_keys)]
        self.insert_plain(statement_topic, {"statement_id": [link[0] for link in links],
                                            "topic_id": [link[1] for link in links]}, len(links))
        accounts = [(s, a) for s in staged for a in s.accounts]
        account_ids = self.lookup(Account.key, [a.key for _, a in accounts], Account.id)
        new_accounts = [(s, a) for s, a in accounts if a.key not in account_ids] if account_ids else accounts
        touched = {s.key for s, _ in new_accounts}
        self.result.duplicates += bundle.duplicates
        self.result.merged += len(existed & touched)
        self.result.unchanged += len(existed - touched)
        self.touched = {ids[key] for key in (set(ids) - existed) | touched}
        new_ids = self.insert_keyed(Account, {
            "key": [a.key for _, a in new_accounts],
            "statement_id": [ids[s.key] for s, _ in new_accounts],
            "wording": [a.wording for _, a in new_accounts],
            "stance": [a.stance for _, a in new_accounts],
            "note": [a.note for _, a in new_accounts],
            "article_id": [articles[a.article_key] if a.article_key else None for _, a in new_accounts],
            "narrator_id": [speakers[a.narrator_key] if a.narrator_key else None for _, a in new_accounts],
        }, len(new_accounts))
        hops = [(new_ids[a.key], i, h.role, h.label, speakers[h.speaker_key] if h.speaker_key else None,
                 outlets[h.outlet_key] if h.outlet_key else None)
                for _, a in new_accounts for i, h in enumerate(a.hops)]
        self.insert_plain(AccountHop, {
            name: [hop[position] for hop in hops]
            for position, name in enumerate(("account_id", "position", "role", "label", "speaker_id",
                                             "outlet_id"))}, len(hops), "account_hop")


def statement_columns(new: list[StatementIn], speakers: dict[str, int],
                      events: dict[str, int]) -> dict[str, Column]:
    """The statement table's columns for new statements (``key`` first, as revisions list them)."""
    return {
        "key": [s.key for s in new],
        "speaker_id": [speakers[s.speaker_key] for s in new],
        "event_id": [events[s.event_key] if s.event_key else None for s in new],
        "said_on": [s.said.value if s.said else None for s in new],
        "said_precision": [s.said.precision if s.said else None for s in new],
        "said_note": [s.said_note for s in new], "wording": [s.wording for s in new],
        "kind": [s.kind for s in new], "language": [s.language for s in new],
        "original_text": [s.original_text for s in new],
        "translation_note": [s.translation_note for s in new], "verdict": [s.verdict for s in new],
        "speaker_candidates": [s.speaker_candidates for s in new],
    }


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
