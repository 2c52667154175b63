"""Editing: create, update, soft-delete and restore records, each recorded as a Revision.

Forms do not validate on their own: they build a record in the import shape
(docs/data-format.md) and hand it to the same Loader that seeds and imports use, so one set
of rules (RecordReader) decides what may be stored. Revisions hold whole records in that
shape, so restoring any version is loading it again through the same path.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from tracker.models import (
    Account,
    Article,
    Base,
    Conflict,
    DatePrecision,
    Event,
    Outlet,
    Revision,
    Speaker,
    SpeakerAlias,
    Statement,
)
from tracker.models.base import utcnow
from tracker.services.editing import history
from tracker.services.editing.loader import Loader
from tracker.services.input.dates import format_partial
from tracker.services.input.records import RecordError, RecordReader
from tracker.services.input.text import escape_like, fold, name_key
from tracker.services.pages import queries

MODELS: dict[str, type[Any]] = {
    "speaker": Speaker, "outlet": Outlet, "event": Event, "article": Article,
    "statement": Statement, "account": Account, "conflict": Conflict,
}
SECTIONS = {"speaker": "speakers", "outlet": "outlets", "event": "events", "article": "articles",
            "statement": "statements", "conflict": "conflicts"}
# Revisions whose `after` is a whole record in the import shape; they can be restored.
RESTORABLE_ACTIONS = {"create", "update", "restore", "undelete"}


class StaleEditError(Exception):
    """The record changed since the form was opened; carries the version now stored."""

    def __init__(self, current: dict[str, Any], current_version: int) -> None:
        self.current, self.current_version = current, current_version
        super().__init__("This record was changed by someone else after you opened the form.")


class EditError(ValueError):
    """An edit refused for a reason RecordReader does not cover; names the field if any."""

    def __init__(self, field: str | None, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(message)


# -- keys and documents -------------------------------------------------------------------

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


def _approx(precision: DatePrecision | None) -> str | None:
    return "approximate" if precision == DatePrecision.APPROXIMATE else None


def document(obj: Base) -> dict[str, Any]:
    """The record in the import shape: what revisions store and what restores load."""
    if isinstance(obj, Speaker):
        return {
            "key": ensure_key(obj), "name": obj.name, "kind": obj.kind.value,
            "wikidata_id": obj.wikidata_id, "country": obj.country, "description": obj.description,
            "aliases": [{"name": a.name, "language": a.language, "script": a.script,
                         "romanization": a.romanization, "note": a.note}
                        for a in obj.aliases if not a.is_canonical],
            "roles": [{"title": r.title, "organization": r.organization,
                       "start": format_partial(r.start_date, r.start_precision),
                       "end": format_partial(r.end_date, r.end_precision)} for r in obj.roles],
        }
    if isinstance(obj, Outlet):
        return {"key": ensure_key(obj), "name": obj.name, "kind": obj.kind.value, "country": obj.country,
                "language": obj.language, "url": obj.url, "domain": obj.domain}
    if isinstance(obj, Event):
        return {"key": ensure_key(obj), "name": obj.name, "place": obj.place,
                "description": obj.description,
                "start": format_partial(obj.start_date, obj.start_precision),
                "start_precision": _approx(obj.start_precision),
                "end": format_partial(obj.end_date, obj.end_precision),
                "end_precision": _approx(obj.end_precision), "parent": _key_of(obj.parent)}
    if isinstance(obj, Article):
        return {"key": ensure_key(obj), "outlet": _key_of(obj.outlet), "url": obj.url, "title": obj.title,
                "authors": list(obj.authors or []),
                "published": format_partial(obj.published_on, obj.published_precision),
                "published_precision": _approx(obj.published_precision),
                "published_note": obj.published_note, "language": obj.language, "text": obj.text}
    if isinstance(obj, Statement):
        return {"key": ensure_key(obj), "speaker": _key_of(obj.speaker), "event": _key_of(obj.event),
                "said": format_partial(obj.said_on, obj.said_precision),
                "said_precision": _approx(obj.said_precision), "said_note": obj.said_note,
                "wording": obj.wording, "kind": obj.kind.value, "language": obj.language,
                "original_text": obj.original_text, "translation_note": obj.translation_note,
                "verdict": obj.verdict, "speaker_candidates": obj.speaker_candidates,
                "topics": [ensure_key(t) for t in obj.topics]}
    if isinstance(obj, Account):
        chain: list[dict[str, Any]] = []
        for hop in obj.hops:
            link: dict[str, Any] = {"role": hop.role.value}
            if hop.speaker is not None:
                link["speaker"] = ensure_key(hop.speaker)
            if hop.outlet is not None:
                link["outlet"] = ensure_key(hop.outlet)
            if hop.label:
                link["label"] = hop.label
            chain.append(link)
        return {"key": ensure_key(obj), "statement": ensure_key(obj.statement),
                "narrator": _key_of(obj.narrator), "article": _key_of(obj.article),
                "wording": obj.wording, "stance": obj.stance.value, "note": obj.note, "chain": chain}
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


def kind_of(obj: Base) -> str:
    """The record's kind, which is also its revisions' entity_type."""
    return str(obj.__tablename__)


def get_record(session: Session, kind: str, record_id: int, *, for_edit: bool = False) -> Any | None:
    """A record of this kind by id, deleted ones included (they can be restored); for_edit
    also loads everything its edit form reads, in a fixed number of queries."""
    model = MODELS.get(kind)
    if model is None:
        return None
    options = queries.edit_loads(kind) if for_edit else []
    return session.get(model, record_id, options=options)  # type: ignore[arg-type]


# -- saving -------------------------------------------------------------------------------

def save(session: Session, kind: str, data: dict[str, Any], *, obj: Any | None = None,
         version: int | None = None, user_id: int | None = None, summary: str | None = None,
         action: str | None = None) -> Any:
    """Create (obj None) or update one record from import-shaped data, recording a Revision.

    Raises RecordError for bad input, StaleEditError when ``version`` is not the stored one, and
    EditError when the database refuses the record (a duplicate unique value)."""
    model = MODELS[kind]
    before: dict[str, Any] | None = None
    before_version: int | None = None
    if obj is not None:
        if version is not None and version != obj.version:
            raise StaleEditError(document(obj), obj.version)
        before, before_version = document(obj), obj.version
        data = {**data, "key": ensure_key(obj)}
    else:
        data = {**data, "key": data.get("key") or new_key(kind, data.get("name") or data.get("title"))}
    marker = session.scalar(select(func.max(Revision.id))) or 0
    loader = Loader(session, user_id=user_id, summary=summary or f"edited {kind}")
    try:
        with session.begin_nested():
            if kind == "account":
                statement = loader.find(Statement, str(data.get("statement") or ""))
                if statement is None:
                    raise RecordError("form", "account", "statement", "names no statement")
                # The Loader reads accounts inside their statement; this is that same reader.
                loader._load_account(RecordReader("form", "account", data), statement)
                session.flush()
            else:
                loader.load("form", {SECTIONS[kind]: [data]})
    except StaleDataError:
        if obj is None:
            raise
        session.refresh(obj)
        raise StaleEditError(document(obj), obj.version) from None
    except IntegrityError as exc:
        raise EditError(None, "Another record already has one of these values (a web domain or "
                        "Wikidata id must be unique).") from exc
    saved = loader.find(model, data["key"])
    assert saved is not None
    after = document(saved)
    if before == after:
        return saved
    if before_version is not None and saved.version == before_version:
        # Only child rows (aliases, hops, points) changed: bump the version all the same.
        saved.updated_at = utcnow()
        session.flush()
    _fix_revision(session, saved, marker, action or ("update" if obj is not None else "create"),
                  before, after, user_id, summary)
    return saved


def _fix_revision(session: Session, saved: Any, marker: int, action: str, before: dict[str, Any] | None,
                  after: dict[str, Any], user_id: int | None, summary: str | None) -> Revision:
    """Make the Loader's revision for this record hold whole records (for diffs and restores)."""
    revision = session.scalar(
        select(Revision).where(Revision.entity_type == kind_of(saved), Revision.entity_id == saved.id,
                               Revision.id > marker).order_by(Revision.id.desc()).limit(1))
    if revision is None:
        revision = history.record(session, saved, action, before, after, user_id, summary)
    revision.action, revision.before, revision.after = action, before, after
    revision.summary = summary
    session.flush()
    return revision


def delete(session: Session, obj: Any, *, user_id: int | None, version: int | None = None) -> None:
    """Soft-delete: the record is hidden from readers and can be restored."""
    if version is not None and version != obj.version:
        raise StaleEditError(document(obj), obj.version)
    if obj.deleted_at is not None:
        return
    if isinstance(obj, Speaker):
        live = session.scalar(select(func.count()).select_from(Statement).where(
            Statement.speaker_id == obj.id, Statement.deleted_at.is_(None))) or 0
        if live:
            raise EditError(None, f"{obj.name} has {live} statement(s). Delete or move them first, "
                            "or merge this speaker into another.")
    before = document(obj)
    obj.deleted_at = utcnow()
    history.record(session, obj, "delete", before, None, user_id, f"deleted {kind_of(obj)}")
    session.flush()


def undelete(session: Session, obj: Any, *, user_id: int | None) -> None:
    """Undo a soft delete."""
    if obj.deleted_at is None:
        return
    obj.deleted_at = None
    history.record(session, obj, "undelete", None, document(obj), user_id, f"restored deleted {kind_of(obj)}")
    session.flush()


def restorable(revision: Revision, side: str) -> bool:
    """Whether this side of a revision is a whole record that can be loaded again."""
    data = revision.after if side == "after" else revision.before
    # Column snapshots written by imports carry an "id"; whole records never do.
    return data is not None and "id" not in data and "key" in data


def restore(session: Session, obj: Any, revision: Revision, side: str, *, user_id: int | None,
            version: int | None) -> Any:
    """Make a record look as it did in one revision (a new revision; nothing is lost)."""
    if not restorable(revision, side) or revision.entity_id != obj.id:
        raise EditError(None, "That version cannot be restored here.")
    data = dict((revision.after if side == "after" else revision.before) or {})
    saved = save(session, kind_of(obj), data, obj=obj, version=version, user_id=user_id,
                 summary=f"restored the version {'after' if side == 'after' else 'before'} "
                 f"change #{revision.id}", action="restore")
    undelete(session, saved, user_id=user_id)
    return saved


def revisions(session: Session, kind: str, record_id: int) -> list[Revision]:
    """A record's revisions, newest first, with who made them (joined: the same queries with or without)."""
    return list(session.scalars(
        select(Revision).where(Revision.entity_type == kind, Revision.entity_id == record_id)
        .options(joinedload(Revision.user)).order_by(Revision.id.desc())))


# -- finding speakers before making new ones ----------------------------------------------

def _live_speakers() -> Any:
    return (select(Speaker).where(Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None))
            .options(selectinload(Speaker.aliases)).order_by(Speaker.sort_name, Speaker.id))


def speakers_named(session: Session, name: str) -> list[Speaker]:
    """Live speakers with exactly this name or alias (case, accents and spacing ignored)."""
    key = name_key(name)
    if not key:
        return []
    ids = select(SpeakerAlias.speaker_id).where(SpeakerAlias.name_key == key)
    return list(session.scalars(_live_speakers().where(Speaker.id.in_(ids))))


def similar_speakers(session: Session, name: str, limit: int = 10) -> list[Speaker]:
    """Live speakers who may be the same as ``name``: shared names or words in any alias."""
    key = name_key(name)
    if not key:
        return []
    terms = {key} | {token for token in fold(name).split() if len(token) >= 3}
    ids = select(SpeakerAlias.speaker_id).where(or_(
        *(SpeakerAlias.name_key.like(f"%{escape_like(term)}%", escape="\\") for term in terms)))
    return list(session.scalars(_live_speakers().where(Speaker.id.in_(ids)).limit(limit)))


def also_known_as(speaker: Speaker) -> str:
    """'Fumio Kishida, also Kishida Wenxiong, 岸田文雄' for choosing between speakers."""
    others = [a.name for a in speaker.aliases if not a.is_canonical and a.name != speaker.name]
    return speaker.name + (", also " + ", ".join(others[:4]) if others else "")
