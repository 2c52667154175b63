"""Facet counts for a search: top speakers, outlets, years and kinds among a sample of
matching statements (services.search decides which sample)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from tracker.models import Account, Article, Outlet, Speaker, Statement, StatementKind

FACET_LIMIT = 10


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with how many matching statements have it."""

    value: str
    label: str
    count: int



def _top(counts: Counter[int], names: dict[int, str]) -> list[tuple[int, str, int]]:
    """The FACET_LIMIT most frequent ids, ties by name."""
    ranked = sorted(((i, names[i], n) for i, n in counts.items() if i in names),
                    key=lambda item: (-item[2], item[1]))
    return ranked[:FACET_LIMIT]


def _names(session: Session, model: type[Speaker] | type[Outlet], counts: Counter[int]) -> dict[int, str]:
    """Names of the ids that can make the top FACET_LIMIT (those counted at least as often as
    the FACET_LIMIT-th), so a sample of hundreds needs only a handful of names."""
    if not counts:
        return {}
    floor = sorted(counts.values(), reverse=True)[:FACET_LIMIT][-1]
    wanted = [i for i, n in counts.items() if n >= floor]
    return dict(session.execute(select(model.id, model.name).where(model.id.in_(wanted))).tuples().all())


def facets(session: Session, ids: list[int]) -> dict[str, list[FacetValue]]:
    """Top values of speaker, outlet, year and kind among the given (matching) statements.

    Two narrow queries count (one over the statements, one over their live accounts'
    articles), then only the names that can make the top ten are read: joining names into
    the grouping queries cost several times more at a million statements."""
    if not ids:
        return {"speaker": [], "outlet": [], "year": [], "kind": []}
    speakers: Counter[int] = Counter()
    years: Counter[int] = Counter()
    kinds: Counter[StatementKind] = Counter()
    for speaker_id, said_on, kind in session.execute(
            select(Statement.speaker_id, Statement.said_on, Statement.kind)
            .where(Statement.id.in_(ids))).tuples():
        speakers[speaker_id] += 1
        kinds[kind] += 1
        if said_on is not None:
            years[said_on.year] += 1
    outlets: Counter[int] = Counter()
    for outlet_id, n in session.execute(
            select(Article.outlet_id, func.count(distinct(Account.statement_id)))
            .join(Article, Article.id == Account.article_id)
            .where(Account.statement_id.in_(ids), Account.deleted_at.is_(None),
                   Article.outlet_id.is_not(None))
            .group_by(Article.outlet_id)).tuples():
        if outlet_id is not None:
            outlets[outlet_id] = n
    top_years = sorted(years.items(), key=lambda item: (-item[1], -item[0]))[:FACET_LIMIT]
    top_kinds = sorted(kinds.items(), key=lambda item: (-item[1], item[0].value))[:FACET_LIMIT]
    return {
        "speaker": [FacetValue(str(i), name, n) for i, name, n in
                    _top(speakers, _names(session, Speaker, speakers))],
        "outlet": [FacetValue(str(i), name, n) for i, name, n in
                   _top(outlets, _names(session, Outlet, outlets))],
        "year": sorted((FacetValue(str(y), str(y), n) for y, n in top_years),
                       key=lambda f: f.value, reverse=True),
        "kind": [FacetValue(k.value, k.value.replace("_", " "), n) for k, n in top_kinds],
    }
