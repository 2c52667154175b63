"""One revision shape: every stored before/after becomes the record's document.

Until now revisions came in three shapes, told apart only by whether they carried an ``id``:
forms and the API stored whole records in the tracker's JSON shape (a *document*: keyed,
naming other records by key, child rows inline); the Loader (seeds, ``import --format json``)
stored column snapshots with an ``id`` (for a new record taken before it had one, so its
``id`` and every foreign key were null); the bulk import stored column values without an
``id``. A history page offered "restore" for the last kind and restoring failed ("field
speaker is required"). From now on every write stores documents (services/editing/history.py);
this migration converts what is stored.

A snapshot is turned into a document field by field: dates and their precision become the
partial-date text, foreign keys become the key of the record they name. What a snapshot did
not hold is taken from the version after it (the next revision's ``before``, or the record as
it is now, for the newest): child rows (aliases, roles, topics, chain, members, points), and
the references of snapshots taken before a flush (a new record's, or an update's ``after``).
A user's password change, recorded with nothing on either side, gets the user's document on
both. Records without a key get the one the export already writes for them (``<table>:<id>``),
so a document can name them. SQL only, through op.get_bind(); no app models.

The downgrade leaves the documents: the code before this stored them too (from forms) and
reads them as it did.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

BATCH = 2_000
KEYED = ("topic", "speaker", "outlet", "event", "article", "statement", "account", "conflict")
# Each kind's document fields, in order (services/editing/documents.py, as of this revision).
FIELDS = {
    "topic": ("key", "name"),
    "speaker": ("key", "name", "kind", "wikidata_id", "country", "description", "aliases", "roles"),
    "outlet": ("key", "name", "kind", "country", "language", "url", "domain"),
    "event": ("key", "name", "place", "description", "start", "start_precision", "end", "end_precision",
              "parent"),
    "article": ("key", "outlet", "url", "title", "authors", "published", "published_precision",
                "published_note", "language", "text"),
    "statement": ("key", "speaker", "event", "said", "said_precision", "said_note", "wording", "kind",
                  "language", "original_text", "translation_note", "verdict", "speaker_candidates",
                  "topics"),
    "account": ("key", "statement", "narrator", "article", "wording", "stance", "note", "chain"),
    "conflict": ("key", "title", "summary", "status", "resolution", "members", "points"),
    "user": ("email", "role", "active"),
}
MERGE_EXTRAS = {"merged_into", "merged_from", "moved", "aliases_added"}
CHILDREN = {"aliases", "roles", "topics", "chain", "members", "points"}  # never in a snapshot
# Partial dates: document field -> (date column, precision column).
DATES = {"said": ("said_on", "said_precision"), "start": ("start_date", "start_precision"),
         "end": ("end_date", "end_precision"), "published": ("published_on", "published_precision")}
# References: document field -> (foreign key column, table it names).
REFS = {"speaker": ("speaker_id", "speaker"), "event": ("event_id", "event"), "parent": ("parent_id", "event"),
        "outlet": ("outlet_id", "outlet"), "statement": ("statement_id", "statement"),
        "narrator": ("narrator_id", "speaker"), "article": ("article_id", "article")}


def _json(value: Any) -> Any:
    """A JSON column's value (SQLite hands back text, PostgreSQL parsed values)."""
    return json.loads(value) if isinstance(value, str) else value


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _partial(value: Any, precision: str | None) -> str | None:
    """A stored date written to its precision ('2022', '2022-06', '2022-06-28')."""
    text = _iso(value)
    if text is None:
        return None
    return text[:4] if precision == "year" else text[:7] if precision == "month" else text[:10]


def _approx(precision: str | None) -> str | None:
    return "approximate" if precision == "approximate" else None


def _rows(bind: sa.Connection, sql: str, ids: Sequence[int], **params: Any) -> Iterator[sa.Row[Any]]:
    query = sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))
    yield from bind.execute(query, {"ids": list(ids), **params})


def _grouped(bind: sa.Connection, sql: str, ids: Sequence[int],
             make: Callable[[sa.Row[Any]], Any]) -> dict[int, list[Any]]:
    """Child rows by their first column (the owner's id), in the query's order."""
    found: dict[int, list[Any]] = {}
    for row in _rows(bind, sql, ids):
        found.setdefault(row[0], []).append(make(row))
    return found


def _hop(role: str, speaker: str | None, outlet: str | None, label: str | None) -> dict[str, Any]:
    link: dict[str, Any] = {"role": role}
    if speaker is not None:
        link["speaker"] = speaker
    if outlet is not None:
        link["outlet"] = outlet
    if label:
        link["label"] = label
    return link


def _documents(bind: sa.Connection, kind: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The current document of each record (as services/editing/documents.py writes it)."""
    if kind == "topic":
        return {r.id: {"key": r.key, "name": r.name} for r in _rows(
            bind, "SELECT id, key, name FROM topic WHERE id IN :ids", ids)}
    if kind == "user":
        return {r.id: {"email": r.email, "role": r.role, "active": bool(r.active)} for r in _rows(
            bind, "SELECT id, email, role, active FROM user_account WHERE id IN :ids", ids)}
    if kind == "speaker":
        aliases = _grouped(bind, "SELECT speaker_id, name, language, script, romanization, note "
                           "FROM speaker_alias WHERE speaker_id IN :ids AND NOT is_canonical "
                           "ORDER BY speaker_id, id", ids,
                           lambda r: {"name": r[1], "language": r[2], "script": r[3], "romanization": r[4],
                                      "note": r[5]})
        roles = _grouped(bind, "SELECT speaker_id, title, organization, start_date, start_precision, "
                         "end_date, end_precision FROM speaker_role WHERE speaker_id IN :ids "
                         "ORDER BY speaker_id, start_date, id", ids,
                         lambda r: {"title": r[1], "organization": r[2], "start": _partial(r[3], r[4]),
                                    "end": _partial(r[5], r[6])})
        return {r.id: {"key": r.key, "name": r.name, "kind": r.kind, "wikidata_id": r.wikidata_id,
                       "country": r.country, "description": r.description,
                       "aliases": aliases.get(r.id, []), "roles": roles.get(r.id, [])}
                for r in _rows(bind, "SELECT id, key, name, kind, wikidata_id, country, description "
                               "FROM speaker WHERE id IN :ids", ids)}
    if kind == "outlet":
        return {r.id: {"key": r.key, "name": r.name, "kind": r.kind, "country": r.country,
                       "language": r.language, "url": r.url, "domain": r.domain}
                for r in _rows(bind, "SELECT id, key, name, kind, country, language, url, domain "
                               "FROM outlet WHERE id IN :ids", ids)}
    if kind == "event":
        return {r.id: {"key": r.key, "name": r.name, "place": r.place, "description": r.description,
                       "start": _partial(r.start_date, r.start_precision),
                       "start_precision": _approx(r.start_precision),
                       "end": _partial(r.end_date, r.end_precision), "end_precision": _approx(r.end_precision),
                       "parent": r.parent}
                for r in _rows(bind, "SELECT e.id, e.key, e.name, e.place, e.description, e.start_date, "
                               "e.start_precision, e.end_date, e.end_precision, p.key AS parent FROM event e "
                               "LEFT JOIN event p ON p.id = e.parent_id WHERE e.id IN :ids", ids)}
    if kind == "article":
        return {r.id: {"key": r.key, "outlet": r.outlet, "url": r.url, "title": r.title,
                       "authors": list(_json(r.authors) or []),
                       "published": _partial(r.published_on, r.published_precision),
                       "published_precision": _approx(r.published_precision),
                       "published_note": r.published_note, "language": r.language, "text": r.text}
                for r in _rows(bind, "SELECT a.id, a.key, o.key AS outlet, a.url, a.title, a.authors, "
                               "a.published_on, a.published_precision, a.published_note, a.language, a.text "
                               "FROM article a LEFT JOIN outlet o ON o.id = a.outlet_id WHERE a.id IN :ids",
                               ids)}
    if kind == "statement":
        topics = _grouped(bind, "SELECT st.statement_id, t.key FROM statement_topic st JOIN topic t "
                          "ON t.id = st.topic_id WHERE st.statement_id IN :ids ORDER BY st.statement_id, "
                          "t.name", ids, lambda r: r[1])
        return {r.id: {"key": r.key, "speaker": r.speaker, "event": r.event,
                       "said": _partial(r.said_on, r.said_precision), "said_precision": _approx(r.said_precision),
                       "said_note": r.said_note, "wording": r.wording, "kind": r.kind, "language": r.language,
                       "original_text": r.original_text, "translation_note": r.translation_note,
                       "verdict": r.verdict, "speaker_candidates": _json(r.speaker_candidates),
                       "topics": topics.get(r.id, [])}
                for r in _rows(bind, "SELECT s.id, s.key, sp.key AS speaker, e.key AS event, s.said_on, "
                               "s.said_precision, s.said_note, s.wording, s.kind, s.language, s.original_text, "
                               "s.translation_note, s.verdict, s.speaker_candidates FROM statement s "
                               "JOIN speaker sp ON sp.id = s.speaker_id LEFT JOIN event e ON e.id = s.event_id "
                               "WHERE s.id IN :ids", ids)}
    if kind == "account":
        hops = _grouped(bind, "SELECT h.account_id, h.role, sp.key, o.key, h.label FROM account_hop h "
                        "LEFT JOIN speaker sp ON sp.id = h.speaker_id LEFT JOIN outlet o ON o.id = h.outlet_id "
                        "WHERE h.account_id IN :ids ORDER BY h.account_id, h.position", ids,
                        lambda r: _hop(r[1], r[2], r[3], r[4]))
        return {r.id: {"key": r.key, "statement": r.statement, "narrator": r.narrator, "article": r.article,
                       "wording": r.wording, "stance": r.stance, "note": r.note, "chain": hops.get(r.id, [])}
                for r in _rows(bind, "SELECT a.id, a.key, s.key AS statement, n.key AS narrator, "
                               "ar.key AS article, a.wording, a.stance, a.note FROM account a "
                               "JOIN statement s ON s.id = a.statement_id LEFT JOIN speaker n ON n.id = "
                               "a.narrator_id LEFT JOIN article ar ON ar.id = a.article_id WHERE a.id IN :ids",
                               ids)}
    assert kind == "conflict"
    members = _grouped(bind, "SELECT m.conflict_id, m.position, a.key, s.key FROM conflict_member m "
                       "LEFT JOIN account a ON a.id = m.account_id LEFT JOIN statement s ON s.id = "
                       "m.statement_id WHERE m.conflict_id IN :ids ORDER BY m.conflict_id, m.position", ids,
                       lambda r: (r[1], {"account": r[2]} if r[2] is not None else {"statement": r[3]}))
    points = _grouped(bind, "SELECT p.conflict_id, p.id, p.aspect FROM conflict_point p "
                      "WHERE p.conflict_id IN :ids ORDER BY p.conflict_id, p.position", ids,
                      lambda r: (r[1], r[2]))
    point_ids = [point for found in points.values() for point, _ in found]
    claims: dict[int, list[Any]] = {}
    for start in range(0, len(point_ids), BATCH):
        claims.update(_grouped(bind, "SELECT c.point_id, m.position, c.text FROM conflict_claim c "
                               "JOIN conflict_member m ON m.id = c.member_id WHERE c.point_id IN :ids "
                               "ORDER BY c.point_id, c.id", point_ids[start:start + BATCH],
                               lambda r: (r[1], r[2])))
    found = {}
    for r in _rows(bind, "SELECT id, key, title, summary, status, resolution FROM conflict WHERE id IN :ids",
                   ids):
        refs = [ref for _, ref in members.get(r.id, [])]
        keys = {position: next(iter(ref.values())) for position, ref in members.get(r.id, [])}
        found[r.id] = {"key": r.key, "title": r.title, "summary": r.summary, "status": r.status,
                       "resolution": r.resolution, "members": refs,
                       "points": [{"aspect": aspect, "claims": {keys.get(p): text for p, text in claims.get(pid, [])}}
                                  for pid, aspect in points.get(r.id, [])]}
    return found


def _is_document(kind: str, data: dict[str, Any]) -> bool:
    fields = set(FIELDS[kind])
    return set(data) <= fields | MERGE_EXTRAS and ("key" in data or kind == "user")


class _Keys:
    """id -> key of the records snapshots refer to, read once per table."""

    def __init__(self, bind: sa.Connection) -> None:
        self.bind = bind
        self.tables: dict[str, dict[int, str]] = {}

    def __call__(self, table: str, record_id: Any) -> str | None:
        if record_id is None:
            return None
        if table not in self.tables:
            self.tables[table] = dict(self.bind.execute(sa.text(f"SELECT id, key FROM {table}")).tuples().all())  # noqa: S608
        return self.tables[table].get(int(record_id))


def _converted(kind: str, snapshot: dict[str, Any], base: dict[str, Any], refs_reliable: bool,
               keys: _Keys) -> dict[str, Any]:
    """A column snapshot as a document; what it does not hold comes from ``base``."""
    doc = {name: base.get(name) for name in FIELDS[kind]}
    for name in FIELDS[kind]:
        if name in DATES:
            column, precision = DATES[name]
            if column in snapshot:
                doc[name] = _partial(snapshot[column], snapshot.get(precision))
                doc[f"{name}_precision"] = _approx(snapshot.get(precision))
        elif name in REFS:
            column, table = REFS[name]
            if column in snapshot and refs_reliable:
                doc[name] = keys(table, snapshot[column])
        elif name in snapshot and name not in CHILDREN and name.removesuffix("_precision") not in DATES:
            doc[name] = snapshot[name]
    if not doc.get("key"):
        doc["key"] = base.get("key")
    if kind == "article":
        doc["authors"] = list(doc.get("authors") or [])
    return doc


def _convert_record(kind: str, revisions: list[sa.Row[Any]], current: dict[str, Any] | None,
                    keys: _Keys) -> list[dict[str, Any]]:
    """The revisions of one record (oldest first) that change, as UPDATE parameters."""
    later = current or {}
    changes = []
    for rev in reversed(revisions):
        before, after = _json(rev.before), _json(rev.after)
        new_before, new_after = before, after
        if kind == "user":
            if rev.action == "update" and before is None and after is None:
                new_before = new_after = dict(later)
        else:
            if isinstance(after, dict) and not _is_document(kind, after):
                # The bulk import's values (no "id") name records by id reliably; the Loader's
                # were taken before a flush, when foreign keys may still have been unset.
                new_after = _converted(kind, after, later, "id" not in after, keys)
            if isinstance(before, dict) and not _is_document(kind, before):
                new_before = _converted(kind, before, new_after if isinstance(new_after, dict) else later,
                                        True, keys)
        if new_before is not before or new_after is not after:
            changes.append({"id": rev.id, "before": new_before, "after": new_after})
        if isinstance(new_before, dict):
            later = new_before
        elif isinstance(new_after, dict):
            later = new_after
    return changes


def _give_keys(bind: sa.Connection) -> None:
    """Records without a key get ``<table>:<id>`` (what the export writes for them), unless taken."""
    for table in KEYED:
        bind.execute(sa.text(
            f"UPDATE {table} SET key = '{table}:' || CAST(id AS VARCHAR(20)) WHERE key IS NULL "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {table} t2 WHERE t2.key = '{table}:' || CAST({table}.id AS VARCHAR(20)))"))


def upgrade() -> None:
    bind = op.get_bind()
    _give_keys(bind)
    keys = _Keys(bind)
    update = sa.text('UPDATE revision SET "before" = :before, "after" = :after WHERE id = :id').bindparams(
        sa.bindparam("before", type_=sa.JSON), sa.bindparam("after", type_=sa.JSON))
    for kind in (*KEYED, "user"):
        table = "user_account" if kind == "user" else kind
        ids = [row[0] for row in bind.execute(sa.text(
            "SELECT DISTINCT entity_id FROM revision WHERE entity_type = :kind ORDER BY entity_id"),
            {"kind": table})]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            by_record: dict[int, list[sa.Row[Any]]] = {}
            for rev in _rows(bind, 'SELECT id, entity_id, action, "before", "after" FROM revision '
                             "WHERE entity_type = :kind AND entity_id IN :ids ORDER BY entity_id, id",
                             chunk, kind=table):
                by_record.setdefault(rev.entity_id, []).append(rev)
            current = _documents(bind, kind, chunk)
            changes = [change for record_id, revs in by_record.items()
                       for change in _convert_record(kind, revs, current.get(record_id), keys)]
            if changes:
                bind.execute(update, changes)


def downgrade() -> None:
    # The documents stay: the code before this revision wrote them too (forms) and reads them.
    pass
