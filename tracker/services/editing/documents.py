"""A record as a document: the tracker's JSON shape (docs/data-format.md), one dict per record.

This is the one shape a record takes outside its tables: revisions store it (``history``), a
restore loads it again through the ``Loader``, forms and the API start from it, and the bulk
import writes it for every record it creates (``importers.bulk``, column by column but in the
field order and with the values given here). A document names other records by key, never by
id, holds its child rows (aliases, roles, topics, chain, members, points) inline in their
stored order, and leaves out ids, timestamps, the version and the soft-delete mark.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

from tracker.models import (
    Account,
    Article,
    Base,
    Conflict,
    DatePrecision,
    Event,
    Outlet,
    Speaker,
    Statement,
    Topic,
)
from tracker.services.input.dates import format_partial, is_approximate
from tracker.services.input.text import fold

# Every document's fields, in the order a document lists them (so a history page lists them
# in one order whichever road wrote the revision).
FIELDS: dict[str, tuple[str, ...]] = {
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
    "account": ("key", "statement", "narrator", "article", "wording", "stance", "note", "language",
                "original_text", "translation_note", "translator", "anchor", "chain"),
    "conflict": ("key", "title", "summary", "status", "resolution", "members", "points"),
}
ALIAS_FIELDS = ("name", "language", "script", "romanization", "note")
ROLE_FIELDS = ("title", "organization", "start", "end")


def new_key(kind: str, hint: str | None) -> str:
    """A fresh stable key: a readable slug of the name plus a random suffix."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(hint or "")).strip("-")[:60].strip("-")
    return f"{slug or kind}-{secrets.token_hex(3)}"


def ensure_key(obj: Any) -> str:
    """The record's key, giving it one first if it came in without (records refer by key)."""
    if obj.key is None:
        obj.key = new_key(obj.__tablename__, getattr(obj, "name", None) or getattr(obj, "title", None))
    return str(obj.key)


def _key_of(obj: Any | None) -> str | None:
    return ensure_key(obj) if obj is not None else None


def approx(precision: DatePrecision | None) -> str | None:
    """A date's ``*_precision`` field: only "approximate" is written (the rest is the date's form)."""
    return "approximate" if is_approximate(precision) else None


def date_text(value: date | None, precision: DatePrecision | None) -> str | None:
    """A stored date as a document writes it ('2022', '2022-06', '2022-06-28')."""
    return format_partial(value, precision)


def alias(name: str, language: str | None = None, script: str | None = None,
          romanization: str | None = None, note: str | None = None) -> dict[str, Any]:
    """One of a speaker's other names, as its document lists it."""
    return {"name": name, "language": language, "script": script, "romanization": romanization,
            "note": note}


def role(title: str, organization: str | None = None, start: str | None = None,
         end: str | None = None) -> dict[str, Any]:
    """One of a speaker's roles, as its document lists it."""
    return {"title": title, "organization": organization, "start": start, "end": end}


def hop(role_name: str, speaker: str | None = None, outlet: str | None = None,
        label: str | None = None) -> dict[str, Any]:
    """One link of an account's chain: its role and whichever of speaker, outlet, label it has."""
    link: dict[str, Any] = {"role": role_name}
    if speaker is not None:
        link["speaker"] = speaker
    if outlet is not None:
        link["outlet"] = outlet
    if label:
        link["label"] = label
    return link


def anchor_of(account: Account) -> dict[str, Any] | None:
    """An account's text-quote anchor in the document shape, or None."""
    if account.anchor_exact is None:
        return None
    return {"exact": account.anchor_exact, "prefix": account.anchor_prefix, "suffix": account.anchor_suffix,
            "start": account.anchor_start, "end": account.anchor_end}


def document(obj: Base) -> dict[str, Any]:
    """The record in the import shape: what revisions store and what restores load."""
    if isinstance(obj, Topic):
        return {"key": ensure_key(obj), "name": obj.name}
    if isinstance(obj, Speaker):
        return {
            "key": ensure_key(obj), "name": obj.name, "kind": obj.kind.value,
            "wikidata_id": obj.wikidata_id, "country": obj.country, "description": obj.description,
            "aliases": [alias(a.name, a.language, a.script, a.romanization, a.note)
                        for a in obj.aliases if not a.is_canonical],
            "roles": [role(r.title, r.organization, date_text(r.start_date, r.start_precision),
                           date_text(r.end_date, r.end_precision)) for r in obj.roles],
        }
    if isinstance(obj, Outlet):
        return {"key": ensure_key(obj), "name": obj.name, "kind": obj.kind.value, "country": obj.country,
                "language": obj.language, "url": obj.url, "domain": obj.domain}
    if isinstance(obj, Event):
        return {"key": ensure_key(obj), "name": obj.name, "place": obj.place,
                "description": obj.description,
                "start": date_text(obj.start_date, obj.start_precision),
                "start_precision": approx(obj.start_precision),
                "end": date_text(obj.end_date, obj.end_precision),
                "end_precision": approx(obj.end_precision), "parent": _key_of(obj.parent)}
    if isinstance(obj, Article):
        return {"key": ensure_key(obj), "outlet": _key_of(obj.outlet), "url": obj.url, "title": obj.title,
                "authors": list(obj.authors or []),
                "published": date_text(obj.published_on, obj.published_precision),
                "published_precision": approx(obj.published_precision),
                "published_note": obj.published_note, "language": obj.language, "text": obj.text}
    if isinstance(obj, Statement):
        return {"key": ensure_key(obj), "speaker": _key_of(obj.speaker), "event": _key_of(obj.event),
                "said": date_text(obj.said_on, obj.said_precision),
                "said_precision": approx(obj.said_precision), "said_note": obj.said_note,
                "wording": obj.wording, "kind": obj.kind.value, "language": obj.language,
                "original_text": obj.original_text, "translation_note": obj.translation_note,
                "verdict": obj.verdict, "speaker_candidates": obj.speaker_candidates,
                "topics": [ensure_key(t) for t in obj.topics]}
    if isinstance(obj, Account):
        return {"key": ensure_key(obj), "statement": ensure_key(obj.statement),
                "narrator": _key_of(obj.narrator), "article": _key_of(obj.article),
                "wording": obj.wording, "stance": obj.stance.value, "note": obj.note,
                "language": obj.language, "original_text": obj.original_text,
                "translation_note": obj.translation_note, "translator": obj.translator,
                "anchor": anchor_of(obj),
                "chain": [hop(h.role.value, _key_of(h.speaker), _key_of(h.outlet), h.label)
                          for h in obj.hops]}
    if isinstance(obj, Conflict):
        refs: list[dict[str, str | None]] = [
            {"account": ensure_key(m.account)} if m.account is not None
            else {"statement": _key_of(m.statement)} for m in obj.members]
        member_keys = [next(iter(r.values())) for r in refs]
        return {"key": ensure_key(obj), "title": obj.title, "summary": obj.summary,
                "status": obj.status.value, "resolution": obj.resolution, "members": refs,
                "points": [{"aspect": p.aspect,
                            "claims": {member_keys[c.member.position]: c.text for c in p.claims}}
                           for p in obj.points]}
    raise TypeError(f"no document shape for {type(obj).__name__}")


def record_fields(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Only the record's own fields of a revision side (a merge adds what undoing it needs)."""
    fields = FIELDS.get(kind)
    return dict(data) if fields is None else {name: data[name] for name in fields if name in data}
