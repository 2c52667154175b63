"""Accepting a proposal: its statement, its account in the article (anchored) and any new
speaker, in one transaction, through services.editing (RecordReader checks, a Revision each)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Account, Article, Speaker, Statement
from tracker.services.editing import edits
from tracker.services.editing.documents import ensure_key, new_key
from tracker.services.input.records import RecordError
from tracker.services.input.text import fold

CONTEXT = 32  # characters of text either side kept in an anchor


@dataclass(frozen=True)
class Accepted:
    """What the editor accepted (possibly edited): offsets into the article's text."""

    speaker_id: int | None
    speaker_name: str
    speaker_kind: str
    wording: str
    kind: str
    said: str | None
    said_precision: str | None
    said_note: str | None
    start: int
    end: int


def anchor(text: str, start: int, end: int) -> dict[str, Any]:
    """A text-quote anchor for text[start:end]."""
    if not 0 <= start < end <= len(text):
        raise RecordError("form", "proposal", "start", "the passage is not inside the article's text")
    return {
        "exact": text[start:end].strip() or text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
        "start": start,
        "end": end,
    }


def anchored_passages(session: Session, article_id: int) -> set[tuple[int, int]]:
    """(start, end) of every live account already anchored in the article (accepted passages)."""
    rows = session.execute(
        select(Account.anchor_start, Account.anchor_end).where(
            Account.article_id == article_id, Account.deleted_at.is_(None), Account.anchor_start.is_not(None)
        )
    )
    return {(start, end) for start, end in rows if start is not None and end is not None}


def matching_statement(session: Session, speaker_id: int | None, wording: str) -> Statement | None:
    """A live statement of the same speaker in nearly the same words (an account to add)."""
    if speaker_id is None:
        return None
    wanted = fold(wording)
    for statement in session.scalars(
        select(Statement).where(Statement.speaker_id == speaker_id, Statement.deleted_at.is_(None)).limit(500)
    ):
        if difflib.SequenceMatcher(None, wanted, fold(statement.wording)).ratio() >= 0.85:
            return statement
    return None


def accounts_differ(statement: Statement) -> bool:
    """Whether the statement's live accounts give it in different words (case, accents and
    spacing ignored): what a conflict between them would record."""
    return len({fold(a.wording) for a in statement.accounts if a.deleted_at is None}) > 1


def _speaker(session: Session, accepted: Accepted, user_id: int | None) -> Speaker:
    if accepted.speaker_id is not None:
        found = session.get(Speaker, accepted.speaker_id)
        if found is None or found.deleted_at is not None:
            raise RecordError("form", "proposal", "speaker_id", "names no speaker")
        return session.get(Speaker, found.merged_into_id) or found if found.merged_into_id else found
    saved: Speaker = edits.save(
        session,
        "speaker",
        {"name": accepted.speaker_name, "kind": accepted.speaker_kind},
        user_id=user_id,
        summary="created from an article's proposal",
    )
    return saved


def accept(
    session: Session,
    article: Article,
    accepted: Accepted,
    *,
    user_id: int | None,
    add_to: Statement | None = None,
) -> Statement:
    """Create the statement (or, with ``add_to``, an account of that one) with its anchored
    account in ``article``; nothing is left written if any part is refused."""
    if not article.text:
        raise RecordError("form", "proposal", "article", "the article has no text to point into")
    account = {
        "key": new_key("account", accepted.wording[:40]),
        "article": ensure_key(article),
        "wording": accepted.wording,
        "anchor": anchor(article.text, accepted.start, accepted.end),
    }
    with session.begin_nested():
        if add_to is not None:
            edits.save(
                session,
                "account",
                {**account, "statement": ensure_key(add_to)},
                user_id=user_id,
                summary="account added from an article's proposal",
            )
            return add_to
        speaker = _speaker(session, accepted, user_id)
        statement: Statement = edits.save(
            session,
            "statement",
            {
                "speaker": ensure_key(speaker),
                "wording": accepted.wording,
                "kind": accepted.kind,
                "said": accepted.said,
                "said_precision": accepted.said_precision,
                "said_note": accepted.said_note,
                "accounts": [account],
            },
            user_id=user_id,
            summary="accepted from an article's proposal",
        )
        return statement
