"""Extraction against the tracker's own speakers: one alias lookup per article."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tracker.services.editing.edits import speakers_by_keys
from tracker.services.extraction.propose import as_json, propose
from tracker.services.extraction.speakers import KnownSpeaker

MAX_ARTICLE = 200_000  # characters: a long article is some 10,000 words


class SessionLexicon:
    """The live speakers and aliases in the database."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lookup(self, keys: set[str]) -> dict[str, KnownSpeaker]:
        return {
            key: KnownSpeaker(speaker.id, speaker.name, speaker.kind)
            for key, speaker in speakers_by_keys(self.session, keys).items()
        }


def extract(session: Session, text: str, published: date | None) -> dict[str, Any]:
    """``{"proposals": [...]}`` for a text, speakers resolved against the database first."""
    return as_json(text, propose(text, published, SessionLexicon(session)))
