"""Load records in the tracker's JSON shape (docs/data-format.md): seeds, imports, restores.

Loading is an upsert by stable key, so a second load of the same data changes nothing, and
the caller runs it inside one transaction, so a bad record anywhere loads nothing at all.
Identity, references and the upsert follow ``rules``; every change is a Revision holding the
record's document before and after (``history``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import (
    Account,
    AccountHop,
    Article,
    Base,
    Conflict,
    ConflictClaim,
    ConflictMember,
    ConflictPoint,
    ConflictStatus,
    Event,
    HopRole,
    Outlet,
    OutletKind,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    SpeakerRole,
    Stance,
    Statement,
    StatementKind,
    Topic,
)
from tracker.models.base import utcnow
from tracker.services.editing import history, rules
from tracker.services.editing.documents import document
from tracker.services.input.names import family_sort_name
from tracker.services.input.records import MAX_TEXT, RecordError, RecordReader
from tracker.services.input.text import fold, name_key

M = TypeVar("M", bound=Base)

SECTIONS = ("topics", "speakers", "outlets", "events", "articles", "statements", "conflicts")


class Loader:
    """Upserts records by key within the caller's transaction and counts what it did."""

    def __init__(self, session: Session, user_id: int | None = None, summary: str = "loaded", *,
                 by_identity: bool = True, known: Iterable[Any] = ()) -> None:
        # by_identity: an import's record with a new key may be one stored under another key (rules.
        # IDENTITY); a form's never is. known: loaded records, found by key without a query.
        self.session = session
        self.user_id = user_id
        self.summary = summary
        self.by_identity = by_identity
        self.stats: Counter[str] = Counter()
        self._cache: dict[tuple[type[Base], str], Any] = {(type(k), k.key): k for k in known if k.key}

    # -- lookups ---------------------------------------------------------------------------

    def find(self, model: type[M], key: str, same: tuple[str, Any] | None = None) -> M | None:
        """The record of this model with this key, if any; else the one with the same value in
        ``same`` (column, value): the kind's other unique identity (rules.IDENTITY)."""
        cached = self._cache.get((model, key))
        if cached is None:
            cached = self.session.scalar(select(model).where(model.key == key))  # type: ignore[attr-defined]
            if cached is None and same is not None and same[1] is not None:
                cached = self.session.scalar(select(model).where(getattr(model, same[0]) == same[1]))
            if cached is not None:
                self._cache[(model, key)] = cached
        return cached

    def ref(self, reader: RecordReader, field: str, model: type[M], *, required: bool = False) -> M | None:
        """Resolve a reference by key, with a clear error when it points nowhere."""
        key = reader.key(field, required=required)
        if key is None:
            return None
        found = self.find(model, key)
        if found is None:
            raise reader.error(field, f"refers to {model.__tablename__} “{key}”, which is not defined "
                               "(define it earlier in this file or in an earlier file)")
        if isinstance(found, Speaker) and found.merged_into_id is not None:  # rules: the kept one
            return self.session.get(model, found.merged_into_id) or found
        return found

    # -- the upsert ------------------------------------------------------------------------

    def upsert(
        self,
        model: type[M],
        key: str,
        fields: dict[str, Any],
        children: tuple[Callable[[Any], Hashable], Callable[[M], None]] | None = None,
    ) -> M:
        """Create or update one keyed record; children = (signature of obj, rebuild obj)."""
        identity = rules.IDENTITY.get(model) if self.by_identity else None
        obj = self.find(model, key, (identity, fields.get(identity)) if identity else None)
        label = model.__tablename__
        if obj is None:
            obj = model(key=key, **fields)
            self.session.add(obj)
            if children:
                children[1](obj)
            self._cache[(model, key)] = obj
            self.session.flush()
            history.record(self.session, obj, "create", None, document(obj), self.user_id, self.summary)
            self.stats[f"{label} created"] += 1
            return obj
        changed = {name: value for name, value in fields.items() if getattr(obj, name) != value}
        rebuild = children is not None and children[0](obj) != children[0](_Probe(obj, fields, children))
        if not changed and not rebuild:
            self.stats[f"{label} unchanged"] += 1
            return obj
        before = document(obj)
        for name, value in changed.items():
            setattr(obj, name, value)
        if rebuild and children:
            children[1](obj)
            if not changed:  # only child rows changed: the record's version goes up all the same
                setattr(obj, "updated_at", utcnow())  # noqa: B010 - every keyed model has it
        self.session.flush()
        history.record(self.session, obj, "update", before, document(obj), self.user_id, self.summary)
        self.stats[f"{label} updated"] += 1
        return obj

    # -- entry point -----------------------------------------------------------------------

    def load(self, source: str, data: object) -> None:
        """Load one document (a dict of sections); raise RecordError on the first bad record."""
        if not isinstance(data, dict):
            raise RecordError(source, "document", None, "expected a JSON object with lists such as "
                              "“speakers” and “statements”")
        unknown = sorted(set(data) - set(SECTIONS) - {"format", "version", "exported_at"})
        if unknown:
            raise RecordError(source, "document", unknown[0], "is not a known section; expected "
                              + ", ".join(SECTIONS))
        for section in SECTIONS:
            records = data.get(section) or []
            if not isinstance(records, list):
                raise RecordError(source, "document", section, "expected a list")
            loader = getattr(self, f"_load_{section}")
            for position, record in enumerate(records):
                label = record.get("key") if isinstance(record, dict) else None
                name = f"{section}[{position}]" + (f" (key “{label}”)" if label else "")
                loader(RecordReader(source, name, record))
        self.session.flush()

    # -- sections --------------------------------------------------------------------------

    def _load_topics(self, r: RecordReader) -> None:
        key = _key(r)
        self.upsert(Topic, key, {"name": r.required_text("name", max_length=200)})

    def _load_speakers(self, r: RecordReader) -> None:
        key = _key(r)
        name = r.required_text("name")
        aliases: list[tuple[Any, ...]] = [(name, name_key(name), True, None, None, None, None)] \
            if rules.searchable(name) else []
        seen = {name}
        for position, raw in enumerate(rules.children(r, "aliases")):
            a = r.child("aliases", position, raw)
            alias = a.required_text("name")
            if not rules.searchable(alias):
                raise a.error("name", "has no letters or digits to search by")
            if alias in seen:
                continue
            seen.add(alias)
            aliases.append((alias, name_key(alias), False, a.text("language", max_length=16),
                            a.text("script", max_length=8), a.text("romanization", max_length=200),
                            a.text("note", max_length=2000)))
        roles = []
        for position, raw in enumerate(rules.children(r, "roles")):
            ro = r.child("roles", position, raw)
            start, end = ro.partial_date("start"), ro.partial_date("end")
            if start and end and end.value < start.value:
                raise ro.error("end", "is before the start")
            roles.append((ro.required_text("title"), ro.text("organization"),
                          start.value if start else None, start.precision if start else None,
                          end.value if end else None, end.precision if end else None))
        kind, country = r.choice("kind", SpeakerKind, SpeakerKind.PERSON), rules.country(r)
        fields = {
            "name": name,
            "sort_name": family_sort_name(name, kind == SpeakerKind.PERSON, country, [a[0] for a in aliases]),
            "kind": kind,
            "wikidata_id": rules.wikidata_id(r),
            "country": country,
            "description": r.text("description", max_length=MAX_TEXT),
        }

        def signature(obj: Any) -> Hashable:
            if isinstance(obj, _Probe):
                return (tuple(aliases), tuple(roles))
            return (
                tuple((x.name, x.name_key, x.is_canonical, x.language, x.script, x.romanization, x.note)
                      for x in obj.aliases),
                tuple((x.title, x.organization, x.start_date, x.start_precision, x.end_date,
                       x.end_precision) for x in obj.roles),
            )

        def rebuild(obj: Speaker) -> None:
            self._clear(obj.aliases, obj.roles)
            obj.aliases.extend(
                SpeakerAlias(name=a[0], name_key=a[1], is_canonical=a[2], language=a[3], script=a[4],
                             romanization=a[5], note=a[6]) for a in aliases)
            obj.roles.extend(
                SpeakerRole(title=x[0], organization=x[1], start_date=x[2], start_precision=x[3],
                            end_date=x[4], end_precision=x[5]) for x in roles)

        self.upsert(Speaker, key, fields, (signature, rebuild))

    def _load_outlets(self, r: RecordReader) -> None:
        key = _key(r)
        name = r.required_text("name")
        domain = r.text("domain", max_length=255)
        self.upsert(Outlet, key, {
            "name": name,
            "sort_name": fold(name),
            "kind": r.choice("kind", OutletKind, OutletKind.OTHER),
            "country": rules.country(r),
            "language": r.text("language", max_length=16),
            "url": r.url("url"),
            "domain": domain.lower() if domain else None,
        })

    def _load_events(self, r: RecordReader) -> None:
        key = _key(r)
        start, end = r.partial_date("start", "start_precision"), r.partial_date("end", "end_precision")
        if start and end and end.value < start.value:
            raise r.error("end", "is before the start")
        parent = self.ref(r, "parent", Event)
        if parent is not None and parent.key == key:
            raise r.error("parent", "an event cannot be its own parent")
        self.upsert(Event, key, {
            "name": r.required_text("name", max_length=500),
            "place": r.text("place"),
            "description": r.text("description", max_length=MAX_TEXT),
            "start_date": start.value if start else None,
            "start_precision": start.precision if start else None,
            "end_date": end.value if end else None,
            "end_precision": end.precision if end else None,
            "parent": parent,
        })

    def _load_articles(self, r: RecordReader) -> None:
        key = _key(r)
        published = r.partial_date("published", "published_precision")
        self.upsert(Article, key, {
            "outlet": self.ref(r, "outlet", Outlet),
            "url": r.url("url"),
            "title": r.text("title", max_length=1000),
            "authors": r.strings("authors"),
            "published_on": published.value if published else None,
            "published_precision": published.precision if published else None,
            "published_note": r.text("published_note", max_length=MAX_TEXT),
            "language": r.text("language", max_length=16),
            "text": r.text("text", max_length=1_000_000),
        })

    def _load_statements(self, r: RecordReader) -> None:
        key = _key(r)
        said = r.partial_date("said", "said_precision")
        topics = [self.ref(r.child("topics", i, {"key": k}), "key", Topic, required=True)
                  for i, k in enumerate(rules.children(r, "topics"))]
        statement = self.upsert(Statement, key, {
            "speaker": self.ref(r, "speaker", Speaker, required=True),
            "event": self.ref(r, "event", Event),
            "said_on": said.sort_day if said else None,
            "said_precision": said.precision if said else None,
            "said_note": r.text("said_note", max_length=MAX_TEXT),
            "wording": r.required_text("wording", max_length=MAX_TEXT),
            "kind": r.choice("kind", StatementKind, StatementKind.DIRECT_QUOTE),
            "language": r.text("language", max_length=16),
            "original_text": r.text("original_text", max_length=MAX_TEXT),
            "translation_note": r.text("translation_note", max_length=MAX_TEXT),
            "verdict": r.text("verdict", max_length=64),
            "speaker_candidates": rules.candidates(r),
            "topics": sorted(topics, key=lambda t: t.name),  # type: ignore[union-attr]
        })
        for position, raw in enumerate(rules.children(r, "accounts")):
            self._load_account(r.child("accounts", position, raw), statement)

    def _load_account(self, r: RecordReader, statement: Statement) -> None:
        key = _key(r)
        hops = []
        for position, raw in enumerate(rules.children(r, "chain")):
            h = r.child("chain", position, raw)
            role = h.choice("role", HopRole)
            if role is None:
                raise h.error("role", "is required: speaker, narrator, intermediary or outlet")
            speaker, outlet = self.ref(h, "speaker", Speaker), self.ref(h, "outlet", Outlet)
            label = h.text("label")
            if speaker is None and outlet is None and label is None:
                raise h.error(None, "a hop names a speaker, an outlet, or gives a label")
            hops.append((role, speaker.id if speaker else None, outlet.id if outlet else None, label))

        def signature(obj: Any) -> Hashable:
            if isinstance(obj, _Probe):
                return tuple(hops)
            return tuple((x.role, x.speaker_id, x.outlet_id, x.label) for x in obj.hops)

        def rebuild(obj: Account) -> None:
            self._clear(obj.hops)
            obj.hops.extend(AccountHop(position=i, role=h[0], speaker_id=h[1], outlet_id=h[2], label=h[3])
                            for i, h in enumerate(hops))

        self.upsert(Account, key, {
            "statement": statement,
            "narrator": self.ref(r, "narrator", Speaker),
            "article": self.ref(r, "article", Article),
            "wording": r.required_text("wording", max_length=MAX_TEXT),
            "stance": r.choice("stance", Stance, Stance.AFFIRMS),
            "note": r.text("note", max_length=MAX_TEXT),
            "language": r.language("language"),
            "original_text": r.text("original_text", max_length=MAX_TEXT),
            "translation_note": r.text("translation_note", max_length=MAX_TEXT),
            "translator": r.text("translator"),
            **(r.anchor() if r.has("anchor") else {}),  # an account given without one keeps its anchor
        }, (signature, rebuild))

    def _load_conflicts(self, r: RecordReader) -> None:
        key = _key(r)
        members: list[tuple[str, int | None, int | None]] = []
        for position, raw in enumerate(rules.children(r, "members")):
            m = r.child("members", position, raw)
            if m.has("account") == m.has("statement"):
                raise m.error(None, "a member names exactly one of “account” or “statement”")
            account, stmt = self.ref(m, "account", Account), self.ref(m, "statement", Statement)
            member_key = m.key("account" if account else "statement")
            assert member_key is not None
            members.append((member_key, account.id if account else None, stmt.id if stmt else None))
        if len(members) < 2:
            raise r.error("members", "a conflict needs at least two accounts or statements")
        member_keys = [m[0] for m in members]
        if len(set(member_keys)) != len(member_keys):
            raise r.error("members", "lists the same account or statement twice")
        points = []
        for position, raw in enumerate(rules.children(r, "points")):
            p = r.child("points", position, raw)
            claims = p.data.get("claims") or {}
            if not isinstance(claims, dict):
                raise p.error("claims", "expected an object mapping member keys to what each says")
            for member_key, claim in claims.items():
                if member_key not in member_keys:
                    raise p.error("claims", f"“{member_key}” is not one of this conflict's members")
                if not isinstance(claim, str) or not claim.strip():
                    raise p.error(f"claims.{member_key}", "expected non-empty text")
            points.append((p.required_text("aspect", max_length=500),
                           tuple((member_keys.index(k), c.strip()) for k, c in claims.items())))

        def signature(obj: Any) -> Hashable:
            if isinstance(obj, _Probe):
                return (tuple(m[1:] for m in members), tuple(points))
            return (
                tuple((x.account_id, x.statement_id) for x in obj.members),
                tuple((p.aspect, tuple((c.member.position, c.text) for c in p.claims)) for p in obj.points),
            )

        def rebuild(obj: Conflict) -> None:
            self._clear(obj.points, obj.members)
            rows = [ConflictMember(position=i, account_id=m[1], statement_id=m[2])
                    for i, m in enumerate(members)]
            obj.members.extend(rows)
            for i, (aspect, claims) in enumerate(points):
                obj.points.append(ConflictPoint(position=i, aspect=aspect, claims=[
                    ConflictClaim(member=rows[index], text=text) for index, text in claims]))

        self.upsert(Conflict, key, {
            "title": r.required_text("title", max_length=500),
            "summary": r.text("summary", max_length=MAX_TEXT),
            "status": r.choice("status", ConflictStatus, ConflictStatus.OPEN),
            "resolution": r.text("resolution", max_length=MAX_TEXT),
        }, (signature, rebuild))

    def _clear(self, *collections: list[Any]) -> None:
        """Empty child collections and flush, so rebuilt rows never collide with old ones."""
        if any(collections):
            for collection in collections:
                collection.clear()
            self.session.flush()


class _Probe:
    """Stands for the incoming version of a record when comparing child signatures."""

    def __init__(self, obj: Any, fields: dict[str, Any], children: Any) -> None:
        self.obj, self.fields, self.children = obj, fields, children


def _key(r: RecordReader) -> str:
    key = r.key()
    assert key is not None
    return key
