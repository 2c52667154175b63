"""The full dump in the tracker's JSON shape: what `import --format json` reads back.

Deterministic: sections in load order, records sorted by key, children in their stored order,
no ids or timestamps.  A record without a key is written with ``<table>:<id>``; importing the
dump stores that key, so export -> import -> export gives an identical file.  Soft-deleted
records are left out.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import (
    Account,
    Article,
    Base,
    Conflict,
    ConflictPoint,
    DatePrecision,
    Event,
    Outlet,
    Speaker,
    Statement,
    Topic,
)
from tracker.services.input.dates import format_partial, is_approximate

FORMAT_NAME = "claim-quote-tracker"
FORMAT_VERSION = 1


def key_of(obj: Base | None) -> str | None:
    """The record's key, or a stable generated one for a record that has none."""
    if obj is None:
        return None
    key: str | None = getattr(obj, "key", None)
    return key or f"{obj.__tablename__}:{obj.id}"  # type: ignore[attr-defined]


def approximate(precision: DatePrecision | None) -> str | None:
    """Only "approximate" needs saying: the other precisions are the date string's form."""
    return "approximate" if is_approximate(precision) else None


def _live(model: type[Any]) -> Any:
    return select(model).where(model.deleted_at.is_(None))


def topics(session: Session) -> list[dict[str, Any]]:
    """Every topic."""
    rows = [{"key": key_of(t), "name": t.name} for t in session.scalars(select(Topic))]
    return sorted(rows, key=lambda r: r["key"])


def speakers(session: Session) -> list[dict[str, Any]]:
    """Every speaker with aliases (stored order) and roles."""
    rows = []
    query = _live(Speaker).options(selectinload(Speaker.aliases), selectinload(Speaker.roles))
    for s in session.scalars(query):
        roles = [{"title": r.title, "organization": r.organization,
                  "start": format_partial(r.start_date, r.start_precision),
                  "end": format_partial(r.end_date, r.end_precision)} for r in s.roles]
        roles.sort(key=lambda r: (r["start"] or "", r["end"] or "", r["title"], r["organization"] or ""))
        rows.append({
            "key": key_of(s), "name": s.name, "kind": s.kind.value, "wikidata_id": s.wikidata_id,
            "country": s.country, "description": s.description,
            "aliases": [{"name": a.name, "language": a.language, "script": a.script,
                         "romanization": a.romanization, "note": a.note}
                        for a in sorted(s.aliases, key=lambda a: a.id) if not a.is_canonical],
            "roles": roles,
        })
    return sorted(rows, key=lambda r: r["key"])


def outlets(session: Session) -> list[dict[str, Any]]:
    """Every outlet."""
    rows = [{"key": key_of(o), "name": o.name, "kind": o.kind.value, "country": o.country,
             "url": o.url, "language": o.language, "domain": o.domain}
            for o in session.scalars(_live(Outlet))]
    return sorted(rows, key=lambda r: r["key"])


def events(session: Session) -> list[dict[str, Any]]:
    """Every event, parents before children (then by key)."""
    found = list(session.scalars(_live(Event)))
    by_id = {e.id: e for e in found}

    def depth(e: Event) -> int:
        level, seen = 0, set()
        while e.parent_id is not None and e.parent_id in by_id and e.id not in seen:
            seen.add(e.id)
            e, level = by_id[e.parent_id], level + 1
        return level

    rows = [(depth(e), {
        "key": key_of(e), "name": e.name, "place": e.place,
        "start": format_partial(e.start_date, e.start_precision),
        "start_precision": approximate(e.start_precision),
        "end": format_partial(e.end_date, e.end_precision),
        "end_precision": approximate(e.end_precision),
        "parent": key_of(by_id.get(e.parent_id)) if e.parent_id else None,
        "description": e.description,
    }) for e in found]
    return [row for _, row in sorted(rows, key=lambda r: (r[0], r[1]["key"]))]


def articles(session: Session) -> list[dict[str, Any]]:
    """Every article."""
    rows = [{"key": key_of(a), "outlet": key_of(a.outlet), "url": a.url, "title": a.title,
             "authors": list(a.authors or []),
             "published": format_partial(a.published_on, a.published_precision),
             "published_precision": approximate(a.published_precision),
             "published_note": a.published_note, "language": a.language, "text": a.text}
            for a in session.scalars(_live(Article).options(selectinload(Article.outlet)))]
    return sorted(rows, key=lambda r: r["key"])


def account(a: Account) -> dict[str, Any]:
    """One account with its chain."""
    chain = []
    for h in a.hops:
        hop: dict[str, Any] = {"role": h.role.value}
        if h.speaker is not None:
            hop["speaker"] = key_of(h.speaker)
        if h.outlet is not None:
            hop["outlet"] = key_of(h.outlet)
        if h.label is not None:
            hop["label"] = h.label
        chain.append(hop)
    return {"key": key_of(a), "narrator": key_of(a.narrator), "article": key_of(a.article),
            "wording": a.wording, "stance": a.stance.value, "note": a.note, "language": a.language,
            "original_text": a.original_text, "translation_note": a.translation_note,
            "translator": a.translator, "chain": chain}


def statements(session: Session) -> list[dict[str, Any]]:
    """Every statement with its accounts (sorted by key)."""
    query = _live(Statement).options(
        selectinload(Statement.speaker), selectinload(Statement.event), selectinload(Statement.topics),
        selectinload(Statement.accounts).options(
            selectinload(Account.narrator), selectinload(Account.article),
            selectinload(Account.hops)))
    rows = []
    for s in session.scalars(query):
        rows.append({
            "key": key_of(s), "speaker": key_of(s.speaker), "event": key_of(s.event),
            "said": format_partial(s.said_on, s.said_precision),
            "said_precision": approximate(s.said_precision), "said_note": s.said_note,
            "wording": s.wording, "kind": s.kind.value, "language": s.language,
            "original_text": s.original_text, "translation_note": s.translation_note,
            "verdict": s.verdict, "speaker_candidates": s.speaker_candidates,
            "topics": sorted(str(key_of(t)) for t in s.topics),
            "accounts": sorted((account(a) for a in s.accounts if a.deleted_at is None),
                               key=lambda r: r["key"]),
        })
    return sorted(rows, key=lambda r: r["key"])


def conflicts(session: Session) -> list[dict[str, Any]]:
    """Every conflict with its members (stored order) and points."""
    query = _live(Conflict).options(selectinload(Conflict.members),
                                    selectinload(Conflict.points).selectinload(ConflictPoint.claims))
    rows = []
    for c in session.scalars(query):
        members, member_keys = [], {}
        for m in c.members:
            kind = "account" if m.account is not None else "statement"
            member_key = key_of(m.account if m.account is not None else m.statement)
            members.append({kind: member_key})
            member_keys[m.id] = member_key
        rows.append({
            "key": key_of(c), "title": c.title, "summary": c.summary, "status": c.status.value,
            "resolution": c.resolution, "members": members,
            "points": [{"aspect": p.aspect, "claims": {member_keys[cl.member_id]: cl.text for cl in p.claims}}
                       for p in c.points],
        })
    return sorted(rows, key=lambda r: r["key"])


def dump(session: Session) -> dict[str, Any]:
    """The whole database as one document in the tracker's shape."""
    return {
        "format": FORMAT_NAME, "version": FORMAT_VERSION,
        "topics": topics(session), "speakers": speakers(session), "outlets": outlets(session),
        "events": events(session), "articles": articles(session), "statements": statements(session),
        "conflicts": conflicts(session),
    }


def dump_text(session: Session) -> str:
    """The dump as UTF-8 JSON text, one stable layout."""
    return json.dumps(dump(session), ensure_ascii=False, indent=1) + "\n"
