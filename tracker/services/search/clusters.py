"""One quote in several places: statements of one speaker grouped when their words nearly match.

A Statement is one moment as its source dated it, so two statements whose words nearly repeat
(Quotebank's same quote under two quoteIDs from different outlets, a quotation entered twice)
are not merged: the later joins the group (``StatementCluster``) of the earlier one it matches
best (``near``, the threshold measured in bench/RESULTS.md), and the statement page lists the
others of its group as "also reported as", each with its date and outlets, for an editor to
compare (or to move an account over). One Quotebank quoteID is already one statement with an
account per URL (the importer's key). Groups are made when statements are: by every import
(``near.among``) and by a form or API save whose words nearly repeat a stored statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Account, Article, Outlet, Statement, StatementCluster
from tracker.models.base import DatePrecision
from tracker.services.search import near

MAX_SHOWN = 20


@dataclass(frozen=True, slots=True)
class AlsoReported:
    """Another statement of the same group, as the statement page lists it."""

    id: int
    key: str | None
    wording: str
    said_on: date | None
    said_precision: DatePrecision | None
    accounts: int
    outlets: list[str]


def join(session: Session, matches: Iterable[tuple[int, int, float]]) -> int:
    """Group each new statement with the older one it nearly repeats: (statement id, older id,
    score). The older one's group is joined (its earliest statement names it); a statement in a
    group already stays where it is. One query per 500 older ids; returns how many joined."""
    wanted = {new: (older, score) for new, older, score in matches if new != older}
    if not wanted:
        return 0
    ids = sorted({older for older, _ in wanted.values()} | set(wanted))
    stored: dict[int, int] = {}
    for at in range(0, len(ids), 500):
        stored.update(session.execute(
            select(StatementCluster.statement_id, StatementCluster.cluster_id)
            .where(StatementCluster.statement_id.in_(ids[at:at + 500]))).tuples().all())
    made: dict[int, int] = {}
    rows = []
    for new in sorted(wanted):  # older first, so a chain made in one import ends in one group
        older, score = wanted[new]
        if new in stored or new in made:
            continue
        root = stored.get(older, made.get(older, older))
        made[new] = root
        rows.append(StatementCluster(statement_id=new, cluster_id=root, score=score))
    session.add_all(rows)
    session.flush()
    return len(rows)


def join_nearest(session: Session, statement: Statement) -> near.NearDuplicate | None:
    """Group a statement just saved with the stored statement of its speaker its words repeat
    best, if any (the form's "keep it a statement of its own", the API's create)."""
    found = near.near_duplicates(session, statement.speaker_id, statement.wording, exclude=[statement.id],
                                 limit=1)
    if not found:
        return None
    join(session, [(statement.id, found[0].statement_id, found[0].score)])
    return found[0]


def also_reported(session: Session, statement_id: int) -> list[AlsoReported]:
    """The other live statements of a statement's group, earliest first (three queries)."""
    root = session.scalar(select(StatementCluster.cluster_id).where(
        StatementCluster.statement_id == statement_id)) or statement_id
    members = select(StatementCluster.statement_id).where(StatementCluster.cluster_id == root)
    rows = session.execute(
        select(Statement.id, Statement.key, Statement.wording, Statement.said_on, Statement.said_precision)
        .where((Statement.id == root) | Statement.id.in_(members), Statement.id != statement_id,
               Statement.deleted_at.is_(None)).order_by(Statement.id).limit(MAX_SHOWN)).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    counts: dict[int, int] = {}
    outlets: dict[int, list[str]] = {}
    for sid, outlet, n in session.execute(
            select(Account.statement_id, Outlet.name, func.count(Account.id))
            .outerjoin(Article, Article.id == Account.article_id)
            .outerjoin(Outlet, Outlet.id == Article.outlet_id)
            .where(Account.statement_id.in_(ids), Account.deleted_at.is_(None))
            .group_by(Account.statement_id, Outlet.name).order_by(Account.statement_id, Outlet.name)):
        counts[sid] = counts.get(sid, 0) + n
        if outlet is not None:
            outlets.setdefault(sid, []).append(outlet)
    return [AlsoReported(r.id, r.key, r.wording, r.said_on, r.said_precision, counts.get(r.id, 0),
                         outlets.get(r.id, [])[:5]) for r in rows]
