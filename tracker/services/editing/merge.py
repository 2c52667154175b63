"""Merging speakers (admins): one person under two records becomes one, and can be split again.

Statements, narrated accounts and chain hops move to the kept speaker; the other's names
become its aliases; the other record stays, pointing at the kept one so its URL redirects.
The merge revision lists exactly what moved, which is what undoing it moves back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Account, AccountHop, Revision, Speaker, SpeakerAlias, Statement
from tracker.models.base import utcnow
from tracker.services.editing import history, sources
from tracker.services.editing.edits import EditError, document, speakers_named
from tracker.services.input.records import whole_number


def merge(session: Session, keep: Speaker, other: Speaker, *, user_id: int | None) -> Revision:
    """Merge ``other`` into ``keep``; returns the revision recorded on ``other``."""
    if keep.id == other.id:
        raise EditError("keep", "A speaker cannot be merged into itself.")
    for speaker in (keep, other):
        if speaker.deleted_at is not None or speaker.merged_into_id is not None:
            raise EditError("keep", f"{speaker.name} is deleted or already merged.")
    before_keep, before_other = document(keep), document(other)
    moved: dict[str, list[int]] = {"statements": [], "narrated": [], "hops": [], "merged": [], "sources": []}
    for statement in session.scalars(select(Statement).where(Statement.speaker_id == other.id)):
        statement.speaker_id = keep.id
        moved["statements"].append(statement.id)
    for account in session.scalars(select(Account).where(Account.narrator_id == other.id)):
        account.narrator_id = keep.id
        moved["narrated"].append(account.id)
    for hop in session.scalars(select(AccountHop).where(AccountHop.speaker_id == other.id)):
        hop.speaker_id = keep.id
        moved["hops"].append(hop.id)
    for earlier in session.scalars(select(Speaker).where(Speaker.merged_into_id == other.id)):
        earlier.merged_into_id = keep.id
        moved["merged"].append(earlier.id)
    # The sources' keys for the other speaker now mean the kept one (the next import finds it).
    moved["sources"] = sources.move(session, other.id, keep.id)
    known = {a.name_key for a in keep.aliases}
    added: list[SpeakerAlias] = []
    for alias in other.aliases:
        if alias.name_key in known:
            continue
        known.add(alias.name_key)
        added.append(SpeakerAlias(name=alias.name, name_key=alias.name_key, is_canonical=False,
                                  language=alias.language, script=alias.script,
                                  romanization=alias.romanization, note=alias.note))
    keep.aliases.extend(added)
    other.merged_into_id = keep.id
    keep.updated_at = other.updated_at = utcnow()
    session.flush()
    summary = f"merged {other.name} (#{other.id}) into {keep.name} (#{keep.id})"
    history.record(session, keep, "merge", before_keep,
                   {**document(keep), "merged_from": other.id}, user_id, summary)
    revision = history.record(session, other, "merge", before_other, {
        **document(other), "merged_into": keep.id, "moved": moved,
        "aliases_added": [a.id for a in added]}, user_id, summary)
    session.flush()
    return revision


def speakers_meant(session: Session, typed: str) -> list[Speaker]:
    """The speakers a merge form's "keep" field may mean: #number, a number, or an exact name."""
    raw = typed.strip().lstrip("#")
    number = whole_number(raw)
    if number is not None:
        return [s for s in [session.get(Speaker, number)] if s is not None]
    return speakers_named(session, raw)


def last_merge(session: Session, other: Speaker) -> Revision | None:
    """The revision of the merge that ``other`` is merged by, if it can be undone."""
    if other.merged_into_id is None:
        return None
    revision = session.scalar(
        select(Revision).where(Revision.entity_type == "speaker", Revision.entity_id == other.id,
                               Revision.action == "merge").order_by(Revision.id.desc()).limit(1))
    if revision is None or not isinstance(revision.after, dict) or "moved" not in revision.after:
        return None
    return revision


def unmerge(session: Session, other: Speaker, *, user_id: int | None) -> Speaker:
    """Undo the last merge of ``other``: everything it moved goes back; returns the kept speaker."""
    revision = last_merge(session, other)
    if revision is None or revision.after is None:
        raise EditError(None, f"{other.name} is not merged, so there is nothing to undo.")
    keep = session.get(Speaker, other.merged_into_id)
    assert keep is not None
    moved: dict[str, Any] = dict(revision.after["moved"])  # type: ignore[call-overload]
    before_keep, before_other = document(keep), document(other)
    for statement in session.scalars(select(Statement).where(
            Statement.id.in_(moved["statements"]), Statement.speaker_id == keep.id)):
        statement.speaker_id = other.id
    for account in session.scalars(select(Account).where(
            Account.id.in_(moved["narrated"]), Account.narrator_id == keep.id)):
        account.narrator_id = other.id
    for hop in session.scalars(select(AccountHop).where(
            AccountHop.id.in_(moved["hops"]), AccountHop.speaker_id == keep.id)):
        hop.speaker_id = other.id
    for earlier in session.scalars(select(Speaker).where(
            Speaker.id.in_(moved["merged"]), Speaker.merged_into_id == keep.id)):
        earlier.merged_into_id = other.id
    sources.move(session, keep.id, other.id, only=_ids(moved.get("sources")))
    first = session.get(Speaker, revision.after.get("merged_into"))  # type: ignore[union-attr]
    before_first = document(first) if first is not None and first is not keep else None
    _take_back_names(session, revision)
    other.merged_into_id = None
    keep.updated_at = other.updated_at = utcnow()
    session.flush()
    summary = f"undid the merge of {other.name} (#{other.id}) into {keep.name} (#{keep.id})"
    history.record(session, keep, "unmerge", before_keep, document(keep), user_id, summary)
    if first is not None and before_first is not None:  # merged on since: it lost names too
        history.record(session, first, "unmerge", before_first, document(first), user_id, summary)
    history.record(session, other, "unmerge", before_other, document(other), user_id, summary)
    session.flush()
    return keep


def _take_back_names(session: Session, revision: Revision) -> None:
    """Remove the names a merge added, and every copy later merges made of them.

    A→K adds A's names to K; K→L then copies K's names, A's among them, to L (and A now points
    at L). Undoing A removes the rows it added to K and, following K's own merge and each one
    after it, the copies of those names it added to the next speaker; a name that speaker had
    of its own was never copied, so it stays."""
    after: dict[str, Any] = dict(revision.after or {})
    added = [a for a in session.scalars(select(SpeakerAlias).where(
        SpeakerAlias.id.in_(_ids(after.get("aliases_added")))))]
    names = {a.name_key for a in added}
    _remove(session, added)
    speaker = session.get(Speaker, after.get("merged_into"))
    seen: set[int] = set()
    while names and speaker is not None and speaker.merged_into_id is not None and speaker.id not in seen:
        seen.add(speaker.id)
        onward = last_merge(session, speaker)
        if onward is None or not isinstance(onward.after, dict):
            break
        _remove(session, [a for a in session.scalars(select(SpeakerAlias).where(
            SpeakerAlias.id.in_(_ids(onward.after.get("aliases_added"))),
            SpeakerAlias.speaker_id == speaker.merged_into_id)) if a.name_key in names])
        speaker = session.get(Speaker, speaker.merged_into_id)


def _ids(value: object) -> list[int]:
    return [i for i in value if isinstance(i, int)] if isinstance(value, list) else []


def _remove(session: Session, aliases: list[SpeakerAlias]) -> None:
    for alias in aliases:
        owner = session.get(Speaker, alias.speaker_id)
        assert owner is not None
        owner.aliases.remove(alias)
