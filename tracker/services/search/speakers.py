"""Searching by who spoke: a query that is one of a speaker's names finds their statements.

Readers search with any name a speaker goes by, in any script ("拜登", "Biden", "岸田",
"윤석열", "Yin Xiyue"): the whole query is compared with every name and alias the way name
searches compare names (``name_key``: case, accents, spaces and punctuation ignored), so
it finds the speaker even when no statement's wording contains that spelling. The search
(``query.search``) lists those speakers' statements first, then the full-text hits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tracker.models import Speaker, SpeakerAlias, Statement
from tracker.services.input.text import name_key

MAX_SPEAKERS = 10  # a name shared by more speakers than this is not a way to pick one


@dataclass(frozen=True, slots=True)
class NamedSpeaker:
    """A live speaker one of whose names is the query."""

    id: int
    name: str


def speakers_named(session: Session, query: str) -> list[NamedSpeaker]:
    """Live speakers with a name or alias equal to the whole query (as name searches compare
    names), in name order; none for a query of fewer than two letters."""
    key = name_key(query)
    if len(key) < 2:
        return []
    ids = select(SpeakerAlias.speaker_id).where(SpeakerAlias.name_key == key)
    rows = session.execute(
        select(Speaker.id, Speaker.name)
        .where(Speaker.id.in_(ids), Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None))
        .order_by(Speaker.sort_name, Speaker.id).limit(MAX_SPEAKERS + 1)).all()
    if len(rows) > MAX_SPEAKERS:
        return []
    return [NamedSpeaker(speaker_id, name) for speaker_id, name in rows]


def their_statements(speakers: Sequence[NamedSpeaker], conditions: list[Any], order: list[Any],
                     limit: int | None) -> Select[tuple[int]]:
    """Ids of these speakers' live statements under the search's filters, in its order (all
    of them when ``limit`` is None)."""
    return (select(Statement.id)
            .where(Statement.speaker_id.in_([s.id for s in speakers]), *conditions)
            .order_by(*order).limit(limit))
