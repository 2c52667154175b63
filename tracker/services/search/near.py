"""Near-duplicate statements: the same words by the same speaker, entered or imported twice.

Two wordings are compared folded (case, accents, punctuation and spacing ignored:
``text.name_key``, the folding search uses; Han characters, kana and Hangul stay as written)
by rapidfuzz's normalised Indel similarity (``fuzz.ratio``, 0–100: twice the characters in
common over the characters of both). ``THRESHOLD`` was measured in ``bench/near_duplicates.py``
(bench/RESULTS.md): at it, two changed words in a sentence still match, and two different
sentences of one speaker almost never do. Wordings under ``MIN_CHARACTERS`` folded characters
("No.", "Thank you") are never called duplicates: short replies repeat honestly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Statement
from tracker.services.input.text import name_key

THRESHOLD = 85.0
MIN_CHARACTERS = 20
# The newest statements of a speaker a new one is compared with (bounded work per save).
LOOK_BACK = 20_000
# An import batch's new statement is compared with at most this many statements of its speaker
# said before it (same batch or stored): the bound keeps a speaker of 100k quotes linear.
IMPORT_WINDOW = 200


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """A stored statement whose words nearly match, and how nearly (0–100)."""

    statement_id: int
    key: str | None
    wording: str
    score: float


def folded(wording: str) -> str:
    """The form two wordings are compared in."""
    return name_key(wording)


def similarity(a: str, b: str) -> float:
    """How alike two wordings are, 0–100 (folded; 0 when either is too short to tell)."""
    fa, fb = folded(a), folded(b)
    if len(fa) < MIN_CHARACTERS or len(fb) < MIN_CHARACTERS:
        return 0.0
    return float(fuzz.ratio(fa, fb))


def best_matches(wording: str, others: Sequence[str],
                 threshold: float = THRESHOLD) -> list[tuple[int, float]]:
    """(position in ``others``, score) of the wordings at least ``threshold`` alike, best first."""
    query = folded(wording)
    if len(query) < MIN_CHARACTERS:
        return []
    choices = [folded(o) for o in others]
    found = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
    return [(position, float(score)) for _, score, position in found
            if len(choices[position]) >= MIN_CHARACTERS]


def near_duplicates(session: Session, speaker_id: int, wording: str, *,
                    exclude: Iterable[int] = (), limit: int = 5) -> list[NearDuplicate]:
    """Live statements by this speaker whose words nearly match ``wording``, best first."""
    rows = session.execute(
        select(Statement.id, Statement.key, Statement.wording)
        .where(Statement.speaker_id == speaker_id, Statement.deleted_at.is_(None),
               Statement.id.not_in(list(exclude))).order_by(Statement.id.desc()).limit(LOOK_BACK)).all()
    found = best_matches(wording, [r.wording for r in rows])
    return [NearDuplicate(rows[i].id, rows[i].key, rows[i].wording, score) for i, score in found[:limit]]


@dataclass(frozen=True, slots=True)
class Repeat:
    """A statement just made whose words nearly repeat an older one of the same speaker."""

    statement_id: int
    key: str | None
    older_id: int
    older_key: str | None
    score: float


def among(session: Session, statement_ids: Iterable[int], threshold: float = THRESHOLD,
          window: int | None = None, before: int | None = None) -> list[Repeat]:
    """For statements an import just made: the older statement by the same speaker whose words
    match each best (at least ``threshold``), in key order.

    With ``window`` (an import's batch), each is compared with at most the ``window`` statements
    of its speaker just before it: the other given statements before it, then the newest ones
    stored before the import (ids below ``before``, by default below the first given one); only
    those are read, and a speaker with thousands of statements in one batch stays linear."""
    wanted = sorted(set(statement_ids))
    columns = (Statement.id, Statement.key, Statement.speaker_id, Statement.wording)
    new: list[Any] = []
    for at in range(0, len(wanted), 500):
        new.extend(session.execute(select(*columns).where(Statement.id.in_(wanted[at:at + 500]))).all())
    speakers = sorted({row.speaker_id for row in new})
    pool: dict[int, list[Any]] = {}
    if window is not None and new:
        # The batch's statements (read once, above), and the newest ``window`` older ones of each speaker.
        first = min(row.id for row in new) if before is None else before
        for row in new:
            pool.setdefault(row.speaker_id, []).append(row)
        stored: set[int] = set()
        for at in range(0, len(speakers), 500):
            stored.update(session.scalars(select(Statement.speaker_id).distinct().where(
                Statement.speaker_id.in_(speakers[at:at + 500]), Statement.id < first)))
        for speaker_id in speakers:
            older = session.execute(select(*columns).where(
                Statement.speaker_id == speaker_id, Statement.id < first, Statement.deleted_at.is_(None))
                .order_by(Statement.id.desc()).limit(window)).all() if speaker_id in stored else []
            pool[speaker_id] = [*reversed(older), *sorted(pool.get(speaker_id, []), key=lambda r: r.id)]
    for at in range(0, len(speakers), 500) if window is None else ():
        query = select(*columns).where(
            Statement.speaker_id.in_(speakers[at:at + 500]), Statement.deleted_at.is_(None))
        for row in session.execute(query.order_by(Statement.id)):
            pool.setdefault(row.speaker_id, []).append(row)
    found: list[Repeat] = []
    is_new = set(wanted)
    for rows in pool.values():
        if len(rows) < 2:  # nothing older to compare with
            continue
        choices = [folded(r.wording) for r in rows]
        for position, row in enumerate(rows):
            if row.id not in is_new or len(choices[position]) < MIN_CHARACTERS or not position:
                continue
            start = 0 if window is None else max(0, position - window)
            best = process.extractOne(choices[position], choices[start:position], scorer=fuzz.ratio,
                                      score_cutoff=threshold)
            if best is not None and len(choices[start + best[2]]) >= MIN_CHARACTERS:
                older = rows[start + best[2]]
                found.append(Repeat(row.id, row.key, older.id, older.key, float(best[1])))
    return sorted(found, key=lambda f: f.key or "")
