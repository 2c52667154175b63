"""Editing: create, update, soft-delete and restore records, each recorded as a Revision.

Forms do not validate on their own: they build a record in the import shape
(docs/data-format.md) and hand it to the same Loader that seeds and imports use, so one set
of rules (RecordReader) decides what may be stored. Revisions hold whole records in that
shape, so restoring any version is loading it again through the same path.
"""

from __future__ import annotations

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
    Event,
    Outlet,
    Revision,
    Speaker,
    SpeakerAlias,
    Statement,
    Topic,
)
from tracker.models.base import utcnow
from tracker.services.editing import created, documents, history
from tracker.services.editing.loader import Loader
from tracker.services.input.names import name_orders
from tracker.services.input.records import RecordError, RecordReader
from tracker.services.input.text import escape_like, fold, name_key
from tracker.services.input.variants import name_variant
from tracker.services.pages import queries

MODELS: dict[str, type[Any]] = {
    "speaker": Speaker, "outlet": Outlet, "event": Event, "article": Article,
    "statement": Statement, "account": Account, "conflict": Conflict,
}
# Topics are saved through here too (their form), but have no versions, deletes or history page.
SAVED: dict[str, type[Any]] = {**MODELS, "topic": Topic}
SECTIONS = {"speaker": "speakers", "outlet": "outlets", "event": "events", "article": "articles",
            "statement": "statements", "conflict": "conflicts", "topic": "topics"}


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


# -- keys and documents: services.editing.documents (named here too: views and merges use them) --

document, ensure_key, new_key = documents.document, documents.ensure_key, documents.new_key


def kind_of(obj: Base) -> str:
    """The record's kind, which is also its revisions' entity_type."""
    return str(obj.__tablename__)


def get_record(session: Session, kind: str, record_id: int, *, for_edit: bool = False) -> Any | None:
    """A record of this kind by id, deleted ones included (they can be restored); for_edit
    also loads everything its edit form reads, in a fixed number of queries."""
    model = SAVED.get(kind)
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
    model = SAVED[kind]
    before: dict[str, Any] | None = None
    if obj is not None:
        if version is not None and version != obj.version:
            raise StaleEditError(document(obj), obj.version)
        before = document(obj)
        data = {**data, "key": ensure_key(obj)}
    else:
        data = {**data, "key": data.get("key") or new_key(kind, data.get("name") or data.get("title"))}
    marker = session.scalar(select(func.max(Revision.id))) or 0
    # A conflict saved again names its members by key: those document() just read need no query.
    known = [m.account or m.statement for m in obj.members] if isinstance(obj, Conflict) else []
    loader = Loader(session, user_id=user_id, summary=summary or f"edited {kind}", by_identity=False,
                    known=known)
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
        raise EditError(None, "Another record already has one of these values (a web domain, a "
                        "Wikidata id or a topic's name must be unique).") from exc
    saved = loader.find(model, data["key"])
    assert saved is not None
    after = document(saved)
    if before == after:
        return saved
    _fix_revision(session, saved, marker, action or ("update" if obj is not None else "create"),
                  before, after, user_id, summary)
    return saved


def _fix_revision(session: Session, saved: Any, marker: int, action: str, before: dict[str, Any] | None,
                  after: dict[str, Any], user_id: int | None, summary: str | None) -> Revision:
    """Give the Loader's revision of this record this save's action, sides and summary."""
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
    """Whether this side of a revision can be restored: every side that holds a record does
    (one shape for all, services.editing.history); a delete's ``after`` holds none."""
    data = revision.after if side == "after" else revision.before
    return isinstance(data, dict) and revision.entity_type in MODELS and bool(data.get("key"))


def restore(session: Session, obj: Any, revision: Revision, side: str, *, user_id: int | None,
            version: int | None) -> Any:
    """Make a record look as it did in one revision (a new revision; nothing is lost)."""
    if not restorable(revision, side) or revision.entity_id != obj.id:
        raise EditError(None, "That version cannot be restored here.")
    stored = revision.after if side == "after" else revision.before
    data = documents.record_fields(kind_of(obj), stored or {})
    saved = save(session, kind_of(obj), data, obj=obj, version=version, user_id=user_id,
                 summary=f"restored the version {'after' if side == 'after' else 'before'} the change "
                 f"of {revision.created_at:%-d %B %Y, %H:%M:%S} UTC", action="restore")
    undelete(session, saved, user_id=user_id)
    return saved


def revision_of(session: Session, kind: str, record_id: int, revision_id: int) -> Revision | None:
    """One revision of this record (None when it is another record's, or none at all); id
    ``created.CREATED_BY_IMPORT`` is the Created entry of a record an import made."""
    if revision_id == created.CREATED_BY_IMPORT:
        obj = get_record(session, kind, record_id)
        if obj is None:
            return None
        mine = (Revision.entity_type == kind, Revision.entity_id == record_id)
        earliest = session.scalars(select(Revision).where(*mine).order_by(Revision.id).limit(1)).first()
        return created.created_entry(session, obj, earliest)
    revision = session.get(Revision, revision_id)
    if revision is None or revision.entity_type != kind or revision.entity_id != record_id:
        return None
    return revision


def key_taken(session: Session, kind: str, key: str) -> bool:
    """Whether a record of this kind has this key (deleted ones too: keys stay taken)."""
    model = MODELS[kind]
    return session.scalar(select(model.id).where(model.key == key)) is not None


def live_statement(session: Session, key: object) -> Statement | None:
    """The live statement with this key (what a new account must name)."""
    if not isinstance(key, str):
        return None
    return session.scalar(select(Statement).where(Statement.key == key, Statement.deleted_at.is_(None)))


def revisions(session: Session, kind: str, record_id: int) -> list[Revision]:
    """A record's revisions, newest first, with who made them (joined: the same queries with or
    without); a record an import made ends with its Created entry (``created``, not stored)."""
    stored = list(session.scalars(
        select(Revision).where(Revision.entity_type == kind, Revision.entity_id == record_id)
        .options(joinedload(Revision.user)).order_by(Revision.id.desc())))
    if stored and stored[-1].action == "create":
        return stored
    obj = get_record(session, kind, record_id)
    entry = created.created_entry(session, obj, stored[-1] if stored else None) if obj is not None else None
    return [*stored, entry] if entry is not None else stored


# -- finding speakers before making new ones ----------------------------------------------

def _live_speakers() -> Any:
    return (select(Speaker).where(Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None))
            .options(selectinload(Speaker.aliases)).order_by(Speaker.sort_name, Speaker.id))


def speakers_named(session: Session, name: str) -> list[Speaker]:
    """Live speakers with exactly this name or alias (case, accents and spacing ignored)."""
    keys = name_orders(name)  # in either order: "Kishida Fumio" is Fumio Kishida
    if not keys:
        return []
    ids = select(SpeakerAlias.speaker_id).where(SpeakerAlias.name_key.in_(keys))
    return list(session.scalars(_live_speakers().where(Speaker.id.in_(ids))))


def speakers_by_keys(session: Session, keys: set[str]) -> dict[str, Speaker]:
    """Live speakers by the ``name_key`` of any of their names or aliases (the article extractor's
    one lookup for a whole text); a key two speakers share goes to the lower id."""
    found: dict[str, Speaker] = {}
    ordered = sorted(keys)
    for at in range(0, len(ordered), 500):
        chunk = ordered[at:at + 500]
        rows = session.execute(
            select(SpeakerAlias.name_key, Speaker).join(Speaker, Speaker.id == SpeakerAlias.speaker_id)
            .where(SpeakerAlias.name_key.in_(chunk), Speaker.deleted_at.is_(None),
                   Speaker.merged_into_id.is_(None)).order_by(Speaker.id))
        for key, speaker in rows:
            found.setdefault(key, speaker)
    return found


def similar_speakers(session: Session, name: str, limit: int = 10) -> list[Speaker]:
    """Live speakers who may be the same as ``name``: shared names or words in any alias."""
    key = name_key(name)
    if not key:
        return []
    terms = {key} | {token for token in fold(name).split() if len(token) >= 3}
    bare = name_key(name_variant(name))  # 岸田首相 -> 岸田: a title or honorific is no part of a name
    if len(bare) >= 2 and bare != key:
        terms.add(bare)
    ids = select(SpeakerAlias.speaker_id).where(or_(
        *(SpeakerAlias.name_key.like(f"%{escape_like(term)}%", escape="\\") for term in terms)))
    return list(session.scalars(_live_speakers().where(Speaker.id.in_(ids)).limit(limit)))


def also_known_as(speaker: Speaker) -> str:
    """'Fumio Kishida, also Kishida Wenxiong, 岸田文雄' for choosing between speakers."""
    others = [a.name for a in speaker.aliases if not a.is_canonical and a.name != speaker.name]
    return speaker.name + (", also " + ", ".join(others[:4]) if others else "")
