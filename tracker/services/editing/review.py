"""The review queue: speakers an import could not be sure are one person (``identity``).

Each open question shows both speakers with the evidence an editor decides by (names, roles
and their dates, when their statements were said, which outlets carried them, the Wikidata id,
its key and the keys the sources gave it). One click merges the newer record into the
candidate (``merge.merge``, so the merge revision holds what undoing it needs) or keeps them
apart (a revision on the newer speaker says so, its document unchanged on both sides); either
is undone from the queue (``merge.unmerge``, or the question reopened).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Account, Article, Outlet, Speaker, SpeakerReview, Statement
from tracker.models.base import utcnow
from tracker.services.editing import history, merge, sources
from tracker.services.editing.edits import EditError, document

DECISIONS = ("merge", "separate", "undo")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One side of a question: the speaker and what is known of it."""

    speaker: Speaker
    statements: int
    first_said: date | None
    last_said: date | None
    outlets: list[str]
    source_keys: list[str]  # what the sources call it (``sources``), besides its own key


@dataclass(frozen=True, slots=True)
class Question:
    """An open or decided question: the newer speaker, the candidate, the import's reason."""

    review: SpeakerReview
    speaker: Evidence
    candidate: Evidence


def _evidence(session: Session, speaker: Speaker) -> Evidence:
    count, first, last = session.execute(
        select(func.count(Statement.id), func.min(Statement.said_on), func.max(Statement.said_on))
        .where(Statement.speaker_id == speaker.id, Statement.deleted_at.is_(None))).one()
    outlets = list(session.scalars(
        select(Outlet.name).join(Article, Article.outlet_id == Outlet.id)
        .join(Account, Account.article_id == Article.id).join(Statement, Statement.id == Account.statement_id)
        .where(Statement.speaker_id == speaker.id).group_by(Outlet.name)
        .order_by(func.count(Account.id).desc(), Outlet.name).limit(5)))
    keys = [k for k in sources.keys_of(session, speaker.id) if k != speaker.key]
    return Evidence(speaker, count or 0, first, last, outlets, keys)


def questions(session: Session, status: str = "open", limit: int = 50) -> list[Question]:
    """Questions of one status (``open``, or ``decided``: merged or kept apart), oldest open
    first, newest decided first; at most ``limit``."""
    query = select(SpeakerReview)
    if status == "open":
        query = query.where(SpeakerReview.status == "open").order_by(SpeakerReview.id)
    else:
        query = query.where(SpeakerReview.status != "open").order_by(SpeakerReview.decided_at.desc(),
                                                                     SpeakerReview.id.desc())
    reviews = list(session.scalars(query.options(selectinload(SpeakerReview.decided_by)).limit(limit)))
    ids = {r.speaker_id for r in reviews} | {r.candidate_id for r in reviews}
    speakers = {s.id: s for s in session.scalars(
        select(Speaker).where(Speaker.id.in_(ids)).options(selectinload(Speaker.aliases),
                                                          selectinload(Speaker.roles)))}
    return [Question(r, _evidence(session, speakers[r.speaker_id]),
                     _evidence(session, speakers[r.candidate_id])) for r in reviews]


def open_count(session: Session) -> int:
    """How many questions wait for an editor."""
    return session.scalar(select(func.count()).select_from(SpeakerReview)
                          .where(SpeakerReview.status == "open")) or 0


def decide(session: Session, review_id: int, decision: str, *, user_id: int | None) -> SpeakerReview:
    """Merge the two speakers of a question, keep them apart, or undo the decision taken."""
    review = session.get(SpeakerReview, review_id)
    if review is None:
        raise EditError("review", "There is no such question in the review queue.")
    if decision not in DECISIONS:
        raise EditError("decision", f"“{decision}” is not a decision: merge, separate or undo.")
    speaker, candidate = session.get(Speaker, review.speaker_id), session.get(Speaker, review.candidate_id)
    assert speaker is not None and candidate is not None
    if decision == "undo":
        if review.status == "open":
            raise EditError("decision", "This question is still open: there is nothing to undo.")
        if review.status == "merged":
            merge.unmerge(session, speaker, user_id=user_id)
        else:
            history.record(session, speaker, "update", document(speaker), document(speaker), user_id,
                           f"reopened the question whether {speaker.name} (#{speaker.id}) is "
                           f"{candidate.name} (#{candidate.id})")
        review.status, review.decided_at, review.decided_by_id = "open", None, None
    else:
        if review.status != "open":
            raise EditError("decision", "This question was decided already; undo that decision first.")
        if decision == "merge":
            merge.merge(session, candidate, speaker, user_id=user_id)
        else:
            history.record(session, speaker, "update", document(speaker), document(speaker), user_id,
                           f"kept {speaker.name} (#{speaker.id}) apart from "
                           f"{candidate.name} (#{candidate.id})")
        review.status = "merged" if decision == "merge" else "separate"
        review.decided_at, review.decided_by_id = utcnow(), user_id
    session.flush()
    return review
