"""Store a staged bundle fast: one IN query per batch to find what exists, bulk INSERTs for the rest.

The rules are the Loader's (``services.editing.rules``): a record is found by key, else by its
kind's identity (a speaker's Wikidata id, an outlet's domain, a topic's name); a reference to
a merged speaker means the one it was merged into; names without letters are no aliases.
This module only batches them. No ORM object is built per new row, nor a dict: rows go to the
database column by column (``columns``). New records get no revision each: the ids each
INSERT gave back go, as runs of consecutive ids, to the import run
(``services.editing.created``), which stands for their ``create`` revisions. Records already
stored go to ``updates``, which compares them in bulk and has the Loader change those that
differ, each with a revision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from tracker.models import (
    Account,
    AccountHop,
    Article,
    Event,
    Outlet,
    SearchDocument,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    Statement,
    Topic,
    statement_topic,
)
from tracker.services.data.importers import base
from tracker.services.data.importers.base import Bundle, ImportResult, StatementIn, TopicIn
from tracker.services.data.importers.columns import (
    Column,
    Columns,
    Same,
    statement_columns,
)
from tracker.services.data.importers.staged_documents import StagedDocuments
from tracker.services.data.importers.store import S, Store, chunks, table_of
from tracker.services.data.importers.updates import Updates
from tracker.services.editing import identity, rules, sources
from tracker.services.editing.created import ImportRecorder
from tracker.services.input.names import family_sort_name
from tracker.services.input.text import fold, name_key
from tracker.services.input.variants import name_variant
from tracker.services.search import index as search_index


class BulkWriter(Store):
    """Writes one bundle inside the caller's transaction and fills in the result's counts.

    ``floor``: the first statement id an earlier batch of the same import created; a statement
    found at or above it came from this file, so a later row with its key only adds accounts
    (as a repeat within one batch does) and is never compared as an update. ``run`` records
    what the import created (one per ``run_import``, shared by its batches)."""

    def __init__(self, session: Session, result: ImportResult, run: ImportRecorder,
                 gives: dict[str, tuple[str, ...]] | None = None, floor: int | None = None) -> None:
        super().__init__(session)
        self.floor = floor
        self.result = result
        self.run = run  # who imports, and the summary every revision of the import carries
        # table -> ids of the records this batch created, in the order they were inserted.
        self.created: dict[str, list[int]] = {}
        self.touched: set[int] = set()
        # table -> staged key -> the key the record is stored under, where the two differ (found
        # by identity, or a merged speaker's): documents name records by their stored key.
        self.docs = StagedDocuments()
        self.updates = Updates(session, result, gives or {}, run.user_id, run.summary)
        self.by_name: set[str] = set()  # staged speaker keys found by name (identity)

    def insert_keyed(self, model: Any, columns: dict[str, Column], count: int) -> dict[str, int]:
        """Bulk-insert keyed rows (the first column is ``key``); return key -> new id and note
        the ids as created by this import (``run``)."""
        if not count:
            return {}
        table = model.__tablename__
        versioned = {"version": Same(1)} if "version" in table_of(model).c else {}
        rows = self.insert(model, {**columns, **versioned}, count, ("id", "key"))
        ids: dict[str, int] = {key: row_id for row_id, key in rows}
        self.result.created[table] += count
        self.created.setdefault(table, []).extend(ids[key] for key in columns["key"])  # type: ignore[union-attr]
        return ids

    def stored_keys(self, model: Any, ids: dict[str, int], staged: Iterable[str]) -> None:
        """Remember the stored key of staged records found under another one (one query)."""
        wanted: dict[int, list[str]] = {}
        for k in staged:
            if k in ids:
                wanted.setdefault(ids[k], []).append(k)
        if wanted:
            for row_id, key in self.session.execute(select(model.id, model.key).where(model.id.in_(wanted))):
                for staged_key in wanted[row_id]:
                    if key != staged_key:
                        self.docs.stored[model.__tablename__][staged_key] = key

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
        referenced = ({s.speaker_key for s in bundle.statements.values()}
                      | {k for s in bundle.statements.values() for a in s.accounts
                         for k in (a.narrator_key, *(h.speaker_key for h in a.hops)) if k}) - set(speakers)
        speakers.update(self.lookup(Speaker.key, referenced, Speaker.id))
        speakers.update(sources.mapped(self.session, referenced - set(speakers)))
        self._follow_merges(speakers)
        sources.record(self.session, {key: speakers[key] for key in bundle.speakers})  # found once
        outlets = self._outlets(bundle)
        articles = self._articles(bundle, outlets)
        events = self.lookup(Event.key, [s.event_key for s in bundle.statements.values()], Event.id)
        self._statements(bundle, speakers, events, topics, articles, outlets)
        self.run.add(self.created)
        self.touched |= self.updates.write()
        # Bulk INSERTs bypass the ORM events that keep the search index current.
        search_index.reindex_statements(self.session, self.touched)
        self.session.flush()

    def _follow_merges(self, speakers: dict[str, int]) -> None:
        """References to a merged speaker go to the one it was merged into (rules)."""
        merged: dict[int, int] = {}
        for chunk in chunks(sorted(set(speakers.values()))):
            merged.update((sid, into) for sid, into in self.session.execute(
                select(Speaker.id, Speaker.merged_into_id).where(
                    Speaker.id.in_(chunk), Speaker.merged_into_id.is_not(None))).tuples() if into is not None)
        if merged:
            kept = dict(self.session.execute(select(Speaker.id, Speaker.key).where(
                Speaker.id.in_(set(merged.values())))).tuples().all())
            for key, sid in list(speakers.items()):
                if sid in merged:
                    speakers[key] = merged[sid]
                    self.docs.stored["speaker"][key] = kept[merged[sid]] or key

    def _topics(self, bundle: Bundle) -> dict[str, int]:
        staged = list(bundle.topics.values())
        ids = self.lookup(Topic.key, [t.key for t in staged], Topic.id)
        # The same topic under another key: matched by name (rules.IDENTITY); one new per name.
        new: dict[str, TopicIn] = {}
        for t in self.known_elsewhere(staged, ids, Topic.name, "name", Topic.id):
            new.setdefault(t.name, t)
        keys, names = [t.key for t in new.values()], list(new)
        columns: dict[str, Column] = {"key": keys, "name": names}
        created = self.insert_keyed(Topic, columns, len(new))
        for t in staged:
            if t.key not in ids:  # created, or named like one created under another key
                ids[t.key] = created[t.key] if t.key in created else created[new[t.name].key]
        self.stored_keys(Topic, ids, [t.key for t in staged])
        self.docs.order_topics(self.session, sorted(set(ids.values())))
        return ids

    def known_elsewhere(self, staged: Sequence[S], ids: dict[str, int], column: InstrumentedAttribute[Any],
                        attribute: str, id_column: InstrumentedAttribute[int]) -> list[S]:
        """Staged records whose key is not stored yet: those already stored under another key
        but the same ``column`` value (rules.IDENTITY) get that record's id in ``ids``; the rest
        are returned (to be created)."""
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
        # The source's key resolved by an earlier import (sources), whatever the names are now;
        # then the same person under another key: matched by Wikidata id.
        mapped = sources.mapped(self.session, [s.key for s in staged if s.key not in ids])
        ids.update(mapped)
        self.by_name |= set(mapped)
        new = self.known_elsewhere(staged, ids, Speaker.wikidata_id, "wikidata_id", Speaker.id)
        # Then by name (identity): a sure match is the stored speaker, an unsure one is queued.
        found = identity.resolve_new(self.session, [identity.Incoming(
            s.key, s.name, tuple(s.aliases), s.wikidata_id, str(s.kind)) for s in new])
        ids.update(found.sure)
        self.by_name |= set(found.sure)
        self.result.speakers_matched += len(found.sure) + len(found.same)
        same, queued = found.same, found.queued
        new = [s for s in new if s.key not in found.sure and s.key not in same]
        others = [rules.new_names([s.name], s.aliases) for s in new]  # names besides the canonical
        titles = [list(dict.fromkeys(s.roles)) for s in new]
        keys, kinds, descriptions = [s.key for s in new], [s.kind for s in new], [s.description for s in new]
        wikidata = [s.wikidata_id for s in new]
        filed_as = [family_sort_name(s.name, s.kind == "person", None, o)
                    for s, o in zip(new, others, strict=True)]
        ids.update(self.insert_keyed(Speaker, {
            "key": keys, "name": [s.name for s in new], "sort_name": filed_as,
            "kind": kinds, "wikidata_id": wikidata, "description": descriptions,
        }, len(new)))
        created = {s.key for s in new}
        for key, other in same.items():  # surely another record of this file, created just now
            ids[key] = ids[other]
        self.result.speakers_queued += identity.queue(
            self.session, [(ids[key], candidate, reason) for key, candidate, reason in queued]
            + [(ids[key], ids[other], reason) for key, other, reason in found.pairs])
        self.stored_keys(Speaker, ids, [s.key for s in staged if s.key not in created])
        self.updates.speakers([s for s in staged if s.key not in created], ids,
                              {s.key for s in staged if s.key in same or s.key in self.by_name})
        aliases: list[tuple[int, str, str, bool]] = []
        roles: list[tuple[int, str]] = []
        for s, names, row in zip(new, others, titles, strict=True):
            sid = ids[s.key]
            canonical = rules.searchable(s.name)
            if canonical:
                aliases.append((sid, s.name, canonical, True))
            aliases.extend((sid, name, name_key(name), False) for name in names)
            roles.extend((sid, title) for title in row)
        self.insert_plain(SpeakerAlias, {
            "speaker_id": [a[0] for a in aliases], "name": [a[1] for a in aliases],
            "name_key": [a[2] for a in aliases], "is_canonical": [a[3] for a in aliases],
            "variant_key": [name_variant(a[1]) or None for a in aliases],
        }, len(aliases), "speaker_alias")
        self.insert_plain(SpeakerRole, {"speaker_id": [r[0] for r in roles], "title": [r[1] for r in roles]},
                          len(roles), "speaker_role")
        return ids

    def _outlets(self, bundle: Bundle) -> dict[str, int]:
        staged = list(bundle.outlets.values())
        ids = self.lookup(Outlet.key, [o.key for o in staged], Outlet.id)
        new = self.known_elsewhere(staged, ids, Outlet.domain, "domain", Outlet.id)  # same domain
        self.stored_keys(Outlet, ids, [o.key for o in staged])
        keys, names, kinds = [o.key for o in new], [o.name for o in new], [o.kind for o in new]
        domains, urls = [o.domain for o in new], [o.url for o in new]
        ids.update(self.insert_keyed(Outlet, {
            "key": keys, "name": names, "sort_name": [fold(o.name) for o in new], "kind": kinds,
            "domain": domains, "url": urls,
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
        floor = self.floor
        ours = {k for k, i in ids.items() if floor is not None and i >= floor}  # earlier batches'
        new = [s for s in staged if s.key not in existed]
        created = self.insert_keyed(Statement, statement_columns(new, speakers, events), len(new))
        if created and self.floor is None:
            self.floor = min(created.values())
        ids.update(created)
        links = [(ids[s.key], topics[t]) for s in new for t in dict.fromkeys(s.topic_keys)]
        self.insert_plain(statement_topic, {"statement_id": [link[0] for link in links],
                                            "topic_id": [link[1] for link in links]}, len(links))
        old = {ids[s.key]: s for s in staged if s.key in existed and s.key not in ours}
        self.updates.statements(sorted(old), lambda i: self.docs.statement(old[i]))
        accounts = [(s, a) for s in staged for a in s.accounts]
        account_ids = self.lookup(Account.key, [a.key for _, a in accounts], Account.id)
        new_accounts = [(s, a) for s, a in accounts if a.key not in account_ids] if account_ids else accounts
        told = {account_ids[a.key]: a for _, a in accounts if a.key in account_ids}
        self.updates.accounts(sorted(told), lambda i: self.docs.account(told[i]))
        touched = {s.key for s, _ in new_accounts}
        self.result.duplicates += bundle.duplicates + len(ours)
        updated = {old[i].key for i in self.updates.pending["statement"]}
        self.result.unchanged += len(existed - ours - touched - updated)
        self.touched = {ids[key] for key in touched if key in existed}
        new_ids = self.insert_keyed(Account, {
            "key": [a.key for _, a in new_accounts],
            "statement_id": [ids[s.key] for s, _ in new_accounts],
            "wording": [a.wording for _, a in new_accounts],
            "stance": [a.stance for _, a in new_accounts],
            "note": [a.note for _, a in new_accounts],
            **{name: [getattr(a, name) for _, a in new_accounts] for name in base.ACCOUNT_WORDS},
            "article_id": [articles[a.article_key] if a.article_key else None for _, a in new_accounts],
            "narrator_id": [speakers[a.narrator_key] if a.narrator_key else None for _, a in new_accounts],
        }, len(new_accounts))
        self.staged_documents(new, ids, new_ids)
        hops = [(new_ids[a.key], i, h.role, h.label, speakers[h.speaker_key] if h.speaker_key else None,
                 outlets[h.outlet_key] if h.outlet_key else None)
                for _, a in new_accounts for i, h in enumerate(a.hops)]
        self.insert_plain(AccountHop, {
            name: [hop[position] for hop in hops]
            for position, name in enumerate(("account_id", "position", "role", "label", "speaker_id",
                                             "outlet_id"))}, len(hops), "account_hop")

    def staged_documents(self, new: list[StatementIn], ids: dict[str, int],
                         account_ids: dict[str, int]) -> None:
        """Index the new statements from their staged texts; one whose accounts are not all new
        (an account key stored under another statement) is re-read instead."""
        texts: list[search_index.Texts] = []
        for s in new:
            accounts = sorted((account_ids[a.key], a.wording, a.original_text)
                              for a in s.accounts if a.key in account_ids)
            if len(accounts) < len(s.accounts):
                self.touched.add(ids[s.key])
                continue
            texts.append((ids[s.key], s.said.sort_day if s.said else None, s.wording, s.original_text,
                          accounts))
        rows = search_index.build_documents(texts)
        self.insert(SearchDocument, {name: [row[name] for row in rows]
                                     for name in ("id", "statement_id", "account_id", "text")}, len(rows))
