"""Records a bulk import created: which import run made each, and the Created entry of its history.

A bulk import (``services.data.importers``) writes no ``create`` revision per record. It writes
one ``import_run`` row (file, format, who, when, summary) and the ids it created, kind by kind,
as runs of consecutive ids (``import_run_range``): a handful of rows per batch instead of one
revision, with a whole document, per record.

A record an import made still has a Created entry at the start of its history: a ``Revision``
built here and never stored, with the id ``CREATED_BY_IMPORT`` (0: stored ids start at 1, so
``…/history/0/restore`` names it), the run's user, time and summary, ``before`` None and as
``after`` the record's document when it was created. That document is not stored either: every
revision holds the whole document before its change (``history``), so it is the ``before`` of
the record's earliest stored revision, or the record's document now when it has none.

Create revisions stored before migration 0015 stay: a record whose earliest revision is a
``create`` has no import entry, whatever the ranges say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, joinedload

from tracker.models import ImportRun, ImportRunRange, Revision
from tracker.services.editing import documents

CREATED_BY_IMPORT = 0  # the id of a Created entry rebuilt from an import run


def id_runs(ids: Iterable[int]) -> list[tuple[int, int]]:
    """The ids as (first, last) runs of consecutive ids, ascending (a repeated id counts once).

    An INSERT … RETURNING normally gives one run per table and batch, but on PostgreSQL writers
    running at once draw from the same sequence, so the runs come from the ids themselves."""
    runs: list[tuple[int, int]] = []
    for record_id in sorted(set(ids)):
        if runs and runs[-1][1] == record_id - 1:
            runs[-1] = (runs[-1][0], record_id)
        else:
            runs.append((record_id, record_id))
    return runs


class ImportRecorder:
    """One import run: its ``import_run`` row, written with the first records it creates (an
    import that creates nothing leaves no row), then the ranges of every batch."""

    def __init__(self, session: Session, source: str, fmt: str, user_id: int | None, summary: str) -> None:
        self.session = session
        self.source, self.format, self.user_id, self.summary = source, fmt, user_id, summary
        self.run_id: int | None = None  # kept across commits (``--commit-every``)

    def add(self, created: Mapping[str, Sequence[int]]) -> None:
        """Record the ids of each kind (table name -> ids) as created by this run."""
        runs = [(kind, first, last) for kind, ids in created.items() for first, last in id_runs(ids)]
        if not runs:
            return
        if self.run_id is None:
            run = ImportRun(source=self.source, format=self.format, user_id=self.user_id,
                            summary=self.summary)
            self.session.add(run)
            self.session.flush()
            self.run_id = run.id
        for kind, first, last in runs:
            _trim(self.session, kind, first, last)
            self.session.add(ImportRunRange(import_run_id=self.run_id, entity_type=kind, first_id=first,
                                            last_id=last))
        self.session.flush()


def _trim(session: Session, kind: str, first: int, last: int) -> None:
    """Take ids ``first``-``last`` out of older ranges: they name new records now. (Ids only grow
    on PostgreSQL; SQLite gives the highest id again once its row is gone, which the app never
    does but a person at the database may.) Normally one seek that finds nothing."""
    overlapping = (ImportRunRange.entity_type == kind, ImportRunRange.last_id >= first,
                   ImportRunRange.first_id <= last)
    for older in session.scalars(select(ImportRunRange).where(*overlapping)):
        if older.last_id > last:  # the ids above stay the older run's
            session.add(ImportRunRange(import_run_id=older.import_run_id, entity_type=kind,
                                       first_id=last + 1, last_id=older.last_id))
        if older.first_id < first:
            older.last_id = first - 1
        else:
            session.delete(older)


def import_run_of(session: Session, kind: str, record_id: int) -> ImportRun | None:
    """The import run that created record (kind, id), with its user; None when none did.

    One seek on (entity_type, last_id): the range of this kind ending at or above the id first is
    the only one that can hold it (ranges of one kind never overlap)."""
    found = session.scalars(
        select(ImportRunRange).where(ImportRunRange.entity_type == kind, ImportRunRange.last_id >= record_id)
        .order_by(ImportRunRange.last_id).limit(1)
        .options(joinedload(ImportRunRange.run).joinedload(ImportRun.user))).first()
    return found.run if found is not None and found.first_id <= record_id else None


def created_entry(session: Session, obj: Any, earliest: Revision | None) -> Revision | None:
    """The Created entry of a record an import made (not stored, id ``CREATED_BY_IMPORT``), given
    its earliest stored revision; None when that is a stored ``create`` or no import made it."""
    if earliest is not None and earliest.action == "create":
        return None
    kind = str(obj.__tablename__)
    record_id = int(inspect(obj).identity[0])
    run = import_run_of(session, kind, record_id)
    if run is None:
        return None
    document = earliest.before if earliest is not None and earliest.before is not None \
        else documents.document(obj)
    return Revision(id=CREATED_BY_IMPORT, entity_type=kind, entity_id=record_id, action="create",
                    user_id=run.user_id, user=run.user, created_at=run.created_at, before=None,
                    after=document, summary=run.summary)
