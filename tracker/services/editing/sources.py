"""Each source's own key for a speaker, stored once (``SpeakerSource``).

An import that resolves a staged speaker (by its key, this mapping, its Wikidata id or its
name) records which stored speaker the source's key means, so the next import finds that
speaker by the key alone: after an editor renamed it and removed the name the source uses,
after a merge (``merge`` moves the rows to the kept speaker, and its undo moves them back).
Everything here works a batch at a time: one query per 500 keys to read, one to write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from tracker.models import Speaker, SpeakerSource

CHUNK = 500


def namespace(key: str) -> str:
    """The source a key comes from: what stands before its first colon ("" for a plain key)."""
    head, colon, _ = key.partition(":")
    return head[:32] if colon else ""


def mapped(session: Session, keys: Iterable[str]) -> dict[str, int]:
    """Source key -> the live speaker it was resolved to (a merged one's keeper), for the keys
    that have a mapping."""
    wanted = sorted(set(keys))
    found: dict[str, int] = {}
    for at in range(0, len(wanted), CHUNK):
        rows = session.execute(
            select(SpeakerSource.source_key, Speaker.id, Speaker.merged_into_id)
            .join(Speaker, Speaker.id == SpeakerSource.speaker_id)
            .where(SpeakerSource.source_key.in_(wanted[at:at + CHUNK]), Speaker.deleted_at.is_(None)))
        for key, sid, into in rows:
            found[key] = into or sid
    return found


def record(session: Session, resolved: Mapping[str, int]) -> int:
    """Store source key -> speaker id for each pair not stored so; a key mapped to another
    speaker is moved to this one (the import resolved it afresh). Returns how many changed."""
    stored: dict[str, int] = {}
    wanted = sorted(resolved)
    for at in range(0, len(wanted), CHUNK):
        stored.update(session.execute(select(SpeakerSource.source_key, SpeakerSource.speaker_id).where(
            SpeakerSource.source_key.in_(wanted[at:at + CHUNK]))).tuples().all())
    new = [{"source": namespace(k), "source_key": k, "speaker_id": resolved[k]} for k in wanted
           if k not in stored]
    if new:
        session.execute(insert(SpeakerSource), new)
    moved = [k for k in wanted if k in stored and stored[k] != resolved[k]]
    for key in moved:
        session.execute(update(SpeakerSource).where(SpeakerSource.source_key == key)
                        .values(speaker_id=resolved[key]))
    return len(new) + len(moved)


def keys_of(session: Session, speaker_id: int) -> list[str]:
    """The source keys that name one speaker, A–Z (evidence for the review queue)."""
    return list(session.scalars(select(SpeakerSource.source_key).where(
        SpeakerSource.speaker_id == speaker_id).order_by(SpeakerSource.source_key)))


def move(session: Session, from_id: int, to_id: int, only: Iterable[int] | None = None) -> list[int]:
    """Point the mappings of one speaker (or just the rows ``only``) at another; returns the
    ids of the rows moved (what a merge records, so that its undo moves them back)."""
    query = select(SpeakerSource.id).where(SpeakerSource.speaker_id == from_id)
    if only is not None:
        query = query.where(SpeakerSource.id.in_(list(only)))
    ids = list(session.scalars(query.order_by(SpeakerSource.id)))
    if ids:
        session.execute(update(SpeakerSource).where(SpeakerSource.id.in_(ids)).values(speaker_id=to_id))
    return ids
