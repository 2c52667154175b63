"""The documents of staged records: what the bulk writer compares with each stored record's
(``updates``: a record that differs is changed through the Loader, with a revision).

The fields, their order and their values are ``services.editing.documents``'; only the source
differs: staged dataclasses instead of models. A document names records by the key they are
stored under, which is not always the staged one (``stored``). New records need none: their
Created entry is rebuilt from the stored record (``services.editing.created``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Topic
from tracker.services.data.importers.base import ACCOUNT_WORDS, BATCH_SIZE, AccountIn, StatementIn
from tracker.services.editing import documents


class StagedDocuments:
    """Builds documents of staged statements and accounts, to compare with stored ones."""

    def __init__(self) -> None:
        # table -> staged key -> the key the record is stored under, where the two differ (found
        # by identity, or a merged speaker's).
        self.stored: dict[str, dict[str, str]] = {"speaker": {}, "outlet": {}, "topic": {}}
        self.topic_order: dict[str, int] = {}  # stored topic key -> its place in name order

    def key(self, table: str, staged: str | None) -> str | None:
        """The key a staged record (or a reference) is stored under."""
        return None if staged is None else self.stored[table].get(staged, staged)

    def order_topics(self, session: Session, ids: Sequence[int]) -> None:
        """Learn the name order of these topics, as the database sorts names (a document lists a
        statement's topics in that order, as ``Statement.topics`` loads them)."""
        query = select(Topic.key).order_by(Topic.name)
        if len(ids) <= BATCH_SIZE:  # else every topic, in one query: sorted apart, batches would not merge
            query = query.where(Topic.id.in_(ids))
        self.topic_order = {key: place for place, key in enumerate(session.scalars(query)) if key}

    def topic_keys(self, s: StatementIn) -> list[str]:
        """A statement's topics as its document lists them: stored keys, in name order."""
        keys = {self.stored["topic"].get(t, t) for t in s.topic_keys}
        return sorted(keys, key=self.topic_order.__getitem__)

    def statement(self, s: StatementIn) -> dict[str, Any]:
        """One staged statement's document (compared with the stored one's)."""
        return {"key": s.key, "speaker": self.key("speaker", s.speaker_key), "event": s.event_key,
                "said": documents.date_text(s.said.value, s.said.precision) if s.said else None,
                "said_precision": documents.approx(s.said.precision) if s.said else None,
                "said_note": s.said_note, "wording": s.wording, "kind": s.kind.value, "language": s.language,
                "original_text": s.original_text, "translation_note": s.translation_note,
                "verdict": s.verdict, "speaker_candidates": s.speaker_candidates,
                "topics": self.topic_keys(s)}

    def chain(self, a: AccountIn) -> list[dict[str, Any]]:
        """An account's chain as its document lists it."""
        return [documents.hop(h.role.value, self.key("speaker", h.speaker_key),
                              self.key("outlet", h.outlet_key), h.label) for h in a.hops]

    def account(self, a: AccountIn) -> dict[str, Any]:
        """One staged account's document fields (compared with the stored one's)."""
        return {"key": a.key, "narrator": self.key("speaker", a.narrator_key), "article": a.article_key,
                "wording": a.wording, "stance": a.stance.value, "note": a.note,
                **{name: getattr(a, name) for name in ACCOUNT_WORDS}, "chain": self.chain(a)}
