"""schema.org JSON-LD (Quotation; ClaimReview where a verdict exists) and TimelineJS JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Account, AccountHop, Article, Conflict, DatePrecision, Event, Speaker, Statement
from tracker.services.data.exporters.dump import key_of
from tracker.services.input.dates import granularity, human_date
from tracker.services.pages import structured


def _statements(session: Session, where: Any = None) -> list[Statement]:
    query = (select(Statement).where(Statement.deleted_at.is_(None))
             .options(selectinload(Statement.speaker), selectinload(Statement.event),
                      selectinload(Statement.accounts).options(
                          selectinload(Account.article).selectinload(Article.outlet),
                          selectinload(Account.hops).selectinload(AccountHop.outlet)))
             .order_by(Statement.said_on, Statement.key, Statement.id))
    if where is not None:
        query = query.where(where)
    return list(session.scalars(query))


def _relative(kind: str, record_id: int) -> str:
    """Where the record's page is, relative to the archive's address (the export knows no host)."""
    return f"/{kind}s/{record_id}"


def jsonld(session: Session) -> dict[str, Any]:
    """Every statement as a schema.org Quotation, plus a ClaimReview for each verdict
    (services/pages/structured.py, as the statement pages write them)."""
    graph: list[dict[str, Any]] = []
    for s in _statements(session):
        graph.extend(structured.graph(s, _relative))
    return {"@context": "https://schema.org", "@graph": graph}


def _date(value: Any, precision: DatePrecision | None) -> dict[str, Any]:
    data: dict[str, Any] = {"year": value.year}
    kind = granularity(precision)
    if kind != DatePrecision.YEAR:
        data["month"] = value.month
    if kind == DatePrecision.DAY:
        data["day"] = value.day
    data["display_date"] = human_date(value, precision)
    return data


def timeline(session: Session, which: str | None = None) -> dict[str, Any]:
    """TimelineJS JSON for ``speaker:KEY``, ``event:KEY``, ``conflict:KEY`` or every dated statement."""
    title, where = "Statements", None
    if which:
        kind, _, key = which.partition(":")
        model = {"speaker": Speaker, "event": Event, "conflict": Conflict}.get(kind)
        if model is None or not key:
            raise ValueError(f"“{which}” is not speaker:KEY, event:KEY or conflict:KEY")
        found = session.scalar(select(model).where(model.key == key))  # type: ignore[attr-defined]
        if found is None:
            raise LookupError(f"There is no {kind} with the key “{key}”.")
        if isinstance(found, Speaker):
            title, where = found.name, Statement.speaker_id == found.id
        elif isinstance(found, Event):
            ids, frontier = {found.id}, [found]
            while frontier:
                frontier = [c for e in frontier for c in e.children if c.id not in ids]
                ids.update(c.id for c in frontier)
            title, where = found.name, Statement.event_id.in_(ids)
        else:
            assert isinstance(found, Conflict)
            ids = {m.statement_id or (m.account.statement_id if m.account else 0) for m in found.members}
            title, where = found.title, Statement.id.in_(ids)
    events = []
    for s in _statements(session, where):
        if s.said_on is None:
            continue
        events.append({
            "unique_id": str(key_of(s)).replace(":", "-"),
            "start_date": _date(s.said_on, s.said_precision),
            "text": {"headline": s.speaker.name, "text": s.wording},
            "group": s.event.name if s.event is not None else None,
        })
    return {"title": {"text": {"headline": title, "text": f"{len(events)} dated statement(s)"}},
            "events": events}
