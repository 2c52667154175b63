"""Undoing chains of merges gives every speaker back exactly its own names (issue 17, item 6)."""

from __future__ import annotations

import itertools

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tracker.models import Speaker
from tracker.services.editing import merge
from tracker.services.editing.edits import speakers_named
from tracker.services.editing.loader import Loader
from tracker.web.database import get_session

_runs = itertools.count()


def _speakers(session: Session, count: int) -> list[Speaker]:
    """``count`` new speakers, each with a canonical name and two aliases of its own (one in
    Hangul); one alias is shared by the first two, as two renderings of one person can be."""
    run = next(_runs)
    records = []
    for i in range(count):
        aliases = [{"name": f"Chainname {run}-{i} alt"}, {"name": f"연쇄 {run}-{i}", "language": "ko"}]
        if i < 2:
            aliases.append({"name": f"Shared {run}"})
        records.append({"key": f"chain-{run}-{i}", "name": f"Chain Speaker {run}-{i}", "aliases": aliases})
    Loader(session).load("test", {"speakers": records})
    session.flush()
    return [speakers_named(session, f"Chain Speaker {run}-{i}")[0] for i in range(count)]


def _names(speakers: list[Speaker]) -> list[list[tuple[str, bool, str | None]]]:
    return [sorted((a.name, a.is_canonical, a.language) for a in s.aliases) for s in speakers]


def test_undoing_a_then_k_after_a_k_l_chain_restores_every_name(app: Flask) -> None:
    """A→K, K→L, undo A, undo K: A's names used to stay on K, so they found two speakers."""
    with app.app_context():
        session = get_session()
        a, k, l_ = _speakers(session, 3)
        before = _names([a, k, l_])
        merge.merge(session, k, a, user_id=None)
        merge.merge(session, l_, k, user_id=None)
        merge.unmerge(session, a, user_id=None)
        assert a.merged_into_id is None
        merge.unmerge(session, k, user_id=None)
        session.flush()
        assert _names([a, k, l_]) == before
        for alias in [x for x in a.aliases if not x.name.startswith("Shared")]:
            assert [s.id for s in speakers_named(session, alias.name)] == [a.id], alias.name
        session.rollback()


MERGES = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=MERGES, reverse=st.booleans())
def test_any_merges_undone_restore_every_speakers_names(app: Flask, pairs: list[tuple[int, int]],
                                                        reverse: bool) -> None:
    """Any sequence of merges, undone in reverse order or in the order they were made, leaves
    every speaker with exactly the names it had."""
    with app.app_context():
        session = get_session()
        speakers = _speakers(session, 4)
        before = _names(speakers)
        merged: list[Speaker] = []
        for keep_at, other_at in pairs:
            keep, other = speakers[keep_at], speakers[other_at]
            if keep is other or keep.merged_into_id or other.merged_into_id:
                continue
            merge.merge(session, keep, other, user_id=None)
            merged.append(other)
        order = list(reversed(merged)) if reverse else merged
        for other in order:
            merge.unmerge(session, other, user_id=None)
        session.flush()
        assert all(s.merged_into_id is None for s in speakers)
        assert _names(speakers) == before
        session.rollback()
