"""Revisions: every change to a record says who made it, when, and the record before and after.

One shape for every write, whichever road it takes (forms, the API, seeds, every import
format, restores, merges):

- ``entity_type`` is the record's kind (its table: ``statement``, ``speaker``, … ``user``,
  ``api_token``), ``entity_id`` its id; ``action`` is ``create``, ``update``, ``restore``,
  ``delete``, ``undelete``, ``merge`` or ``unmerge``.
- ``before`` and ``after`` are whole documents of the record (``documents.document``: the
  tracker's JSON shape, keyed, naming other records by key, child rows inline, no ids, no
  timestamps) just before and just after the change, never a partial diff. ``before`` is None
  when the change made the record visible (create, undelete), ``after`` None when it hid it
  (delete). The history page compares the two sides; restoring either one loads it again
  through the Loader, so every side of every revision of a record can be restored.
- A merge writes, beside the speaker's fields in ``after``, what undoing it needs:
  ``merged_into`` (``merged_from`` on the kept speaker), ``moved`` and ``aliases_added``;
  ``documents.record_fields`` leaves them out of a restore.
- Users and API tokens keep their revisions in the same table, with their own documents
  (``services.access``): never a password or its hash. A password change records the user's
  document on both sides (nothing a document shows changed); its summary says what happened.

The one exception is what a bulk import creates: since migration 0015 it stores no ``create``
revision per record but one import run with the ids it created (``created``); the history
shows such a record's Created entry all the same, rebuilt with id 0 from the run (who, when,
"imported from <file>") and, as ``after``, the ``before`` of the record's earliest revision
(or its document now when it has none). It is restored like any other side. Create revisions
stored before 0015 stay and coexist with import runs.

Migration 0006 turned the shapes stored before into this one: the Loader's column snapshots
(with an ``id``, often taken before the record had one) and the bulk import's column values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session

from tracker.models import Base, Revision


def record(
    session: Session,
    entity: Base,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    user_id: int | None = None,
    summary: str | None = None,
) -> Revision:
    """Add a Revision for an entity (flushes so a new entity has its id)."""
    session.flush()
    revision = Revision(
        entity_type=entity.__tablename__,
        entity_id=inspect(entity).identity[0],  # type: ignore[index]
        action=action,
        user_id=user_id,
        before=before,
        after=after,
        summary=summary,
    )
    session.add(revision)
    return revision


def record_many(
    session: Session,
    kind: str,
    action: str,
    changes: Sequence[tuple[int, dict[str, Any] | None, dict[str, Any] | None]],
    user_id: int | None = None,
    summary: str | None = None,
) -> None:
    """The revisions ``record`` would add, for many records of one kind (``changes``: id, before,
    after), written in one statement: a bulk import's updates."""
    if changes:
        session.execute(insert(Revision), [
            {"entity_type": kind, "entity_id": record_id, "action": action, "user_id": user_id,
             "before": before, "after": after, "summary": summary}
            for record_id, before, after in changes])
