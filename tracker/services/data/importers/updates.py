"""Records an import gives that are stored already: compared in bulk, changed by the Loader.

The bulk writer inserts what is new and hands the rest here. One query per batch reads the
fields the import's format gives (its source's ``gives``) as a document would write them;
``rules.changed`` compares them with what the file says; only the records that differ are
loaded as models and written by the ``Loader``, as a form save writes them: the fields
replaced, the version up, a Revision with the whole document before and after. The names
and roles an import gives a speaker are added to it (``rules.new_names``), never removed.
A speaker that only gains names and roles (the common case: a later batch spells a person
another way) is written in bulk to the same end: its new rows added beside the ones it has
(where the Loader would delete and insert again the same rows), its sort name filed again
from all its names, its version up and a Revision each, in one statement per table per
batch (``_add_names``). One that would pass a child limit (``rules.MAX_CHILDREN``) goes
through the Loader, which refuses it.
Re-importing a file reads, compares and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from tracker.models import (
    Account,
    AccountHop,
    Article,
    Event,
    Outlet,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    SpeakerRole,
    Statement,
    Topic,
    statement_topic,
)
from tracker.models.base import utcnow
from tracker.services.data.importers.base import ACCOUNT_WORDS, BATCH_SIZE, ImportResult
from tracker.services.editing import documents, history, rules
from tracker.services.editing.loader import Loader
from tracker.services.input.names import family_sort_name
from tracker.services.input.records import RecordReader
from tracker.services.input.text import name_key
from tracker.services.input.variants import name_variant
from tracker.services.pages import queries

Document = dict[str, Any]
ADDITIONS = frozenset({"+aliases", "+roles"})  # a speaker's change that only adds names and roles


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), BATCH_SIZE):
        yield ids[start:start + BATCH_SIZE]


class Updates:
    """Finds what an import changes in stored records and writes it through the Loader."""

    def __init__(self, session: Session, result: ImportResult, gives: Mapping[str, Sequence[str]],
                 user_id: int | None, summary: str) -> None:
        self.session, self.result, self.gives = session, result, gives
        self.loader = Loader(session, user_id=user_id, summary=summary, by_identity=False)
        # kind -> record id -> the fields to change (already in document terms)
        self.pending: dict[str, dict[int, Document]] = {"speaker": {}, "statement": {}, "account": {}}

    # -- comparing -------------------------------------------------------------------------

    def speakers(self, staged: Iterable[Any], ids: Mapping[str, int],
                 by_name: set[str] | None = None) -> None:
        """Queue the names, roles and (where given) kind and description a stored speaker lacks;
        to a speaker found by name (``by_name``: staged keys) only names and roles are added."""
        given = set(self.gives.get("speaker", ()))
        by_id = {ids[s.key]: s for s in staged}
        named = {ids[key] for key in by_name or ()}
        if not by_id or not given:
            return
        names: dict[int, list[str]] = {}
        titles: dict[int, list[str]] = {}
        fields: dict[int, Document] = {}
        for chunk in _chunks(sorted(by_id)):
            for sid, name in self.session.execute(select(SpeakerAlias.speaker_id, SpeakerAlias.name)
                                                  .where(SpeakerAlias.speaker_id.in_(chunk))):
                names.setdefault(sid, []).append(name)
            for sid, title in self.session.execute(select(SpeakerRole.speaker_id, SpeakerRole.title)
                                                   .where(SpeakerRole.speaker_id.in_(chunk))):
                titles.setdefault(sid, []).append(title)
            for sid, kind, description in self.session.execute(
                    select(Speaker.id, Speaker.kind, Speaker.description).where(Speaker.id.in_(chunk))):
                fields[sid] = {"kind": kind.value, "description": description}
        for sid, s in by_id.items():
            change = {} if sid in named else rules.changed(
                fields.get(sid, {}), {"kind": s.kind.value, "description": s.description},
                given & {"kind", "description"})
            if "names" in given and (added := rules.new_names(names.get(sid, []), [s.name, *s.aliases])):
                change["+aliases"] = added
            more = [t for t in dict.fromkeys(s.roles) if t not in titles.get(sid, [])]
            if "roles" in given and more:
                change["+roles"] = more
            if change:
                self.pending["speaker"][sid] = change

    def compare(self, kind: str, stored: Mapping[int, Document], incoming: Mapping[int, Document]) -> None:
        """Queue the given fields on which each stored record and the file differ."""
        given = self.gives.get(kind, ())
        for record_id, doc in incoming.items():
            change = rules.changed(stored.get(record_id, {}), doc, given)
            if change:
                self.pending[kind][record_id] = change

    def statements(self, ids: Sequence[int], incoming: Callable[[int], Document]) -> None:
        """Compare stored statements with the file's (their document fields the format gives)."""
        given = self.gives.get("statement", ())
        if not ids or not given:
            return
        speaker, event, topic = aliased(Speaker), aliased(Event), aliased(Topic)
        stored: dict[int, Document] = {}
        for chunk in _chunks(ids):
            topics: dict[int, list[str]] = {}
            if "topics" in given:
                for sid, key in self.session.execute(
                        select(statement_topic.c.statement_id, topic.key)
                        .join(topic, topic.id == statement_topic.c.topic_id)
                        .where(statement_topic.c.statement_id.in_(chunk)).order_by(topic.name)):
                    topics.setdefault(sid, []).append(key)
            for (sid, speaker_key, event_key, said_on, precision, said_note, wording, kind, language,
                 original, translation, verdict, candidates) in self.session.execute(
                    select(Statement.id, speaker.key, event.key, Statement.said_on, Statement.said_precision,
                           Statement.said_note, Statement.wording, Statement.kind, Statement.language,
                           Statement.original_text, Statement.translation_note, Statement.verdict,
                           Statement.speaker_candidates)
                    .join(speaker, speaker.id == Statement.speaker_id)
                    .outerjoin(event, event.id == Statement.event_id).where(Statement.id.in_(chunk))):
                stored[sid] = {
                    "speaker": speaker_key, "event": event_key,
                    "said": documents.date_text(said_on, precision),
                    "said_precision": documents.approx(precision), "said_note": said_note, "wording": wording,
                    "kind": kind.value, "language": language, "original_text": original,
                    "translation_note": translation, "verdict": verdict, "speaker_candidates": candidates,
                    "topics": topics.get(sid, [])}
        self.compare("statement", stored, {i: incoming(i) for i in ids})

    def accounts(self, ids: Sequence[int], incoming: Callable[[int], Document]) -> None:
        """Compare stored accounts with the file's."""
        given = self.gives.get("account", ())
        if not ids or not given:
            return
        narrator, speaker = aliased(Speaker), aliased(Speaker)
        article, outlet = aliased(Article), aliased(Outlet)
        stored: dict[int, Document] = {}
        for chunk in _chunks(ids):
            chains: dict[int, list[Document]] = {}
            if "chain" in given:
                for account_id, role, speaker_key, outlet_key, label in self.session.execute(
                        select(AccountHop.account_id, AccountHop.role, speaker.key, outlet.key,
                               AccountHop.label)
                        .outerjoin(speaker, speaker.id == AccountHop.speaker_id)
                        .outerjoin(outlet, outlet.id == AccountHop.outlet_id)
                        .where(AccountHop.account_id.in_(chunk)).order_by(AccountHop.position)):
                    chains.setdefault(account_id, []).append(
                        documents.hop(role.value, speaker_key, outlet_key, label))
            for account_id, wording, stance, note, narrator_key, article_key, *own in self.session.execute(
                    select(Account.id, Account.wording, Account.stance, Account.note, narrator.key,
                           article.key, *(getattr(Account, name) for name in ACCOUNT_WORDS))
                    .outerjoin(narrator, narrator.id == Account.narrator_id)
                    .outerjoin(article, article.id == Account.article_id).where(Account.id.in_(chunk))):
                stored[account_id] = {"wording": wording, "stance": stance.value, "note": note,
                                      "narrator": narrator_key, "article": article_key,
                                      **dict(zip(ACCOUNT_WORDS, own, strict=True)),
                                      "chain": chains.get(account_id, [])}
        self.compare("account", stored, {i: incoming(i) for i in ids})

    # -- writing ---------------------------------------------------------------------------

    def write(self) -> set[int]:
        """Write every queued change (speakers only gaining names in bulk, the rest through the
        Loader); returns the statements it touched."""
        touched: set[int] = set()
        self._add_names()
        models: tuple[tuple[str, Any], ...] = (("speaker", Speaker), ("statement", Statement),
                                                ("account", Account))
        for kind, model in models:
            pending = self.pending[kind]
            for chunk in _chunks(sorted(pending)):
                found = self.session.scalars(select(model).where(model.id.in_(chunk))
                                             .options(*queries.edit_loads(kind)))  # type: ignore[arg-type]
                for obj in found:
                    record = _patched(documents.document(obj), pending[obj.id])
                    if isinstance(obj, Account):
                        self.loader._load_account(RecordReader(self.result.source, record["key"], record),
                                                  obj.statement)
                        touched.add(obj.statement_id)
                    else:
                        self.loader.load(self.result.source, {f"{kind}s": [record]})
                        if isinstance(obj, Statement):
                            touched.add(obj.id)
        self.session.flush()
        for name, count in self.loader.stats.items():
            table, _, what = name.rpartition(" ")
            if what == "updated":
                self.result.updated[table] += count
        return touched

    def _add_names(self) -> None:
        """Write the speakers that only gain names and roles, in bulk (see the module's text),
        and take them off the Loader's list; one past a child limit stays on it."""
        pending = self.pending["speaker"]
        adding = sorted(sid for sid, change in pending.items() if change.keys() <= ADDITIONS)
        limits = rules.MAX_CHILDREN
        for chunk in _chunks(adding):
            aliases: list[Document] = []
            roles: list[Document] = []
            speakers: list[Document] = []
            revisions: list[tuple[int, Document | None, Document | None]] = []
            found = self.session.scalars(select(Speaker).where(Speaker.id.in_(chunk))
                                         .options(*queries.edit_loads("speaker"))).all()  # type: ignore[arg-type]
            for obj in found:
                change = pending[obj.id]
                names, titles = change.get("+aliases", []), change.get("+roles", [])
                others = [a.name for a in obj.aliases if not a.is_canonical]  # as its document lists them
                if (len(others) + len(names) > limits["aliases"]
                        or len(obj.roles) + len(titles) > limits["roles"]):
                    continue
                aliases.extend({"speaker_id": obj.id, "name": name, "name_key": name_key(name),
                                "variant_key": name_variant(name) or None, "is_canonical": False}
                               for name in names)
                roles.extend({"speaker_id": obj.id, "title": title} for title in titles)
                filed_by = dict.fromkeys([obj.name] if rules.searchable(obj.name) else [])
                filed_by.update(dict.fromkeys([*others, *names]))  # the Loader's list: each name once
                person = obj.kind == SpeakerKind.PERSON
                speakers.append({"b_id": obj.id, "b_version": obj.version, "b_next": obj.version + 1,
                                 "b_sort": family_sort_name(obj.name, person, obj.country, list(filed_by)),
                                 "b_at": utcnow()})
                before = documents.document(obj)
                revisions.append((obj.id, before, _patched(before, change)))
                del pending[obj.id]
            self._write_additions(found, speakers, aliases, roles)
            history.record_many(self.session, "speaker", "update", revisions, self.loader.user_id,
                                self.loader.summary)
            self.result.updated["speaker"] += len(revisions)

    def _write_additions(self, found: Sequence[Speaker], speakers: list[Document], aliases: list[Document],
                         roles: list[Document]) -> None:
        """One statement each: the speakers' new sort names and versions (refused, as a form save
        would be, if one changed since it was read), their new names, their new roles; the
        loaded speakers then hold what was written."""
        if not speakers:
            return
        table = cast(Table, Speaker.__table__)
        refiled = cast(CursorResult[Any], self.session.execute(
            update(table).where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
            .values(sort_name=bindparam("b_sort"), updated_at=bindparam("b_at"), version=bindparam("b_next")),
            speakers))
        if refiled.rowcount != len(speakers):
            raise StaleDataError(f"{len(speakers) - refiled.rowcount} of the import's speakers were "
                                 "changed by someone else while it ran; import the file again")
        if aliases:
            self.session.execute(insert(SpeakerAlias), aliases)
        if roles:
            self.session.execute(insert(SpeakerRole), roles)
        by_id = {obj.id: obj for obj in found}
        for row in speakers:
            obj = by_id[row["b_id"]]
            for name, key in (("sort_name", "b_sort"), ("version", "b_next"), ("updated_at", "b_at")):
                set_committed_value(obj, name, row[key])
            self.session.expire(obj, ["aliases", "roles"])  # read again if anything asks


def _patched(document: Document, change: Document) -> Document:
    """The stored document with an import's changes: fields replaced, names and roles added."""
    record = {**document, **{k: v for k, v in change.items() if not k.startswith("+")}}
    record["aliases"] = [*document.get("aliases", []), *map(documents.alias, change.get("+aliases", []))]
    record["roles"] = [*document.get("roles", []), *map(documents.role, change.get("+roles", []))]
    if "aliases" not in document:
        del record["aliases"], record["roles"]
    return record
