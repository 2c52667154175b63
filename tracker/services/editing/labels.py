"""What people see of a stored document: field labels and names instead of internal names.

A revision stores the record's document (``documents``): fields named as in the code
(``said_note``) and other records named by key (``joe-biden``). History pages and the
conflict views show the label a form gives the field and the name of the record a key
stands for ("Joe Biden"), read for a whole page of revisions in one query per kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import Date, Select, String, Text, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from tracker.models import Account, Article, Conflict, DatePrecision, Event, Outlet, Speaker, Statement, Topic
from tracker.services.input.dates import human_date

LABELS = {
    "name": "Name", "kind": "Kind", "wikidata_id": "Wikidata id", "country": "Country",
    "description": "Description", "aliases": "Other names", "roles": "Roles", "language": "Language",
    "url": "Web address", "domain": "Web domain", "place": "Place", "start": "Start",
    "start_precision": "Start date is approximate", "end": "End",
    "end_precision": "End date is approximate", "parent": "Part of", "outlet": "Outlet",
    "title": "Title", "authors": "Authors", "published": "Published on",
    "published_precision": "Publication date is approximate",
    "published_note": "How the publication date was inferred",
    "text": "Article text", "speaker": "Speaker", "event": "Event", "said": "Said on",
    "said_precision": "Date is approximate", "said_note": "How the date was inferred",
    "wording": "Wording", "original_text": "Original-language text", "translation_note": "Translation note",
    "translator": "Translated by", "verdict": "Verdict", "speaker_candidates": "Candidate speakers",
    "topics": "Topics", "statement": "Statement", "narrator": "Told by", "article": "Article",
    "stance": "Stance", "note": "Note", "chain": "Chain of attribution", "summary": "Summary",
    "status": "Status", "resolution": "Resolution", "members": "Versions", "points": "Points of difference",
    "email": "Email", "role": "Role", "active": "Active", "organization": "Organization",
    "script": "Script", "romanization": "Romanization", "label": "Description", "aspect": "Point",
    "claims": "Claims", "account": "Account",
}
# Fields (at any depth) whose value is the key of another record, and that record's kind.
REFERENCES = {"speaker": "speaker", "narrator": "speaker", "event": "event", "parent": "event",
              "outlet": "outlet", "article": "article", "statement": "statement", "account": "account",
              "topics": "topic"}
_MODELS: dict[str, Any] = {"speaker": Speaker, "event": Event, "outlet": Outlet, "article": Article,
                           "statement": Statement, "account": Account, "topic": Topic,
                           "conflict": Conflict}


def label(field: str) -> str:
    """The label a person reads for a document field."""
    return LABELS.get(field, field.replace("_", " ").capitalize())


def _keys(value: Any, field: str | None = None) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from _keys(inner, name)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner, field)
    elif isinstance(value, str) and field in REFERENCES:
        yield REFERENCES[field], value


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def record_names(session: Session, documents: Iterable[Any]) -> dict[tuple[str, str], str]:
    """(kind, key) -> a readable name, for every record these documents refer to."""
    wanted: dict[str, set[str]] = {}
    for doc in documents:
        for kind, key in _keys(doc):
            wanted.setdefault(kind, set()).add(key)
    if not wanted:
        return {}
    # One query for the page whatever kinds its revisions name: a UNION of one select per kind.
    parts = [_named(kind, sorted(keys)) for kind, keys in sorted(wanted.items())]
    names: dict[tuple[str, str], str] = {}
    for kind, key, name, wording, said_on, precision in session.execute(union_all(*parts)):
        names[(kind, key)] = _describe(kind, name, wording, said_on, precision)
    return names


def _named(kind: str, keys: list[str]) -> Select[Any]:
    # Typed nulls: PostgreSQL takes a UNION's column types from its first SELECT, and an untyped
    # NULL there is text, which a statement's said_on (a date) cannot join.
    no_text, no_day, no_precision = cast(null(), Text), cast(null(), Date), cast(null(), String)
    if kind == "statement":
        return (select(literal(kind), Statement.key, Speaker.name, Statement.wording, Statement.said_on,
                       cast(Statement.said_precision, String))
                .join(Speaker, Speaker.id == Statement.speaker_id).where(Statement.key.in_(keys)))
    if kind == "account":
        return (select(literal(kind), Account.key, Speaker.name, Account.wording, no_day, no_precision)
                .outerjoin(Speaker, Speaker.id == Account.narrator_id).where(Account.key.in_(keys)))
    if kind == "article":
        return select(literal(kind), Article.key, func.coalesce(Article.title, Article.url), no_text,
                      no_day, no_precision).where(Article.key.in_(keys))
    model = _MODELS[kind]
    return (select(literal(kind), model.key, model.name, no_text, no_day, no_precision)
            .where(model.key.in_(keys)))


def _describe(kind: str, name: str | None, wording: str | None, said_on: date | str | None,
              precision: str | None) -> str:
    """A record as a person names it: a statement by its speaker, date and words."""
    if kind == "statement":
        if isinstance(said_on, str):  # SQLite's UNION returns the stored ISO text
            said_on = date.fromisoformat(said_on[:10])
        when = human_date(said_on, DatePrecision(precision) if precision else None)
        return f"{name}, {when}: “{_short(wording or '')}”"
    if kind == "account":
        return f"as {name or 'an unattributed source'} tells it: “{_short(wording or '')}”"
    return name or "an untitled article"


def readable(value: Any, names: dict[tuple[str, str], str], field: str | None = None) -> Any:
    """The value with every key of another record replaced by that record's name."""
    if isinstance(value, dict):
        return {label(k): readable(v, names, k) for k, v in value.items() if v not in (None, "", [])}
    if isinstance(value, list):
        return [readable(v, names, field) for v in value]
    if isinstance(value, str) and field in REFERENCES:
        return names.get((REFERENCES[field], value), value)
    return value
