"""The conflict comparison: one column per version, a word diff of any two, the points of
disagreement as a table, and how long after the moment each version appeared.

Built once from ``load_conflict`` and used by the HTML page and its JSON twin.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..errors import ParameterError
from ..models import (
    Account,
    AccountHop,
    Article,
    Conflict,
    ConflictMember,
    ConflictPoint,
    DatePrecision,
    Speaker,
    Statement,
)
from . import serialize
from .dates import format_partial, human_date
from .diff import Segment, similarity, word_diff


@dataclass(frozen=True)
class Lag:
    """How long after the statement was made the version was published, to the precision
    both dates allow."""

    min_days: int | None
    max_days: int | None
    approximate: bool
    text: str

    def as_json(self) -> dict[str, Any]:
        """Plain data for the JSON twin."""
        return {"min_days": self.min_days, "max_days": self.max_days,
                "approximate": self.approximate, "text": self.text}


@dataclass(frozen=True)
class Column:
    """One version in the comparison: an account, or a statement as first reported."""

    member: ConflictMember
    statement: Statement
    account: Account | None
    giver: Speaker | None
    giver_role: str
    article: Article | None
    wording: str
    lag: Lag

    @property
    def position(self) -> int:
        """The member's position in the conflict (used in ?a= and ?b=)."""
        return self.member.position

    @property
    def number(self) -> int:
        """The column's number for readers, from 1."""
        return self.member.position + 1

    @property
    def stance(self) -> str | None:
        """An account's stance toward the other accounts of its statement."""
        return self.account.stance.value if self.account else None


@dataclass(frozen=True)
class PointRow:
    """One point of disagreement and what each column claims on it (None: says nothing)."""

    aspect: str
    cells: list[str | None]


@dataclass(frozen=True)
class Comparison:
    """Everything the comparison page shows."""

    conflict: Conflict
    columns: list[Column]
    points: list[PointRow]
    left: Column
    right: Column
    diff: list[Segment]
    similarity: float


def _statement_loads() -> list[Any]:
    # Many-to-one relations ride along in the same query (joined); only collections cost a query.
    return [joinedload(Statement.speaker), joinedload(Statement.event), selectinload(Statement.topics)]


def _comparison_loads() -> list[Any]:
    """What the page and its twin show, and no more: a member account with its statement,
    narrator, article and chain; a member statement with the articles that carried it (not
    those accounts' narrators or chains, nor the speakers' other statements)."""
    members = selectinload(Conflict.members)
    return [
        members.joinedload(ConflictMember.account).options(
            joinedload(Account.statement).options(*_statement_loads()),
            joinedload(Account.narrator),
            joinedload(Account.article).joinedload(Article.outlet),
            selectinload(Account.hops).options(joinedload(AccountHop.speaker), joinedload(AccountHop.outlet)),
        ),
        members.joinedload(ConflictMember.statement).options(
            *_statement_loads(),
            selectinload(Statement.accounts).joinedload(Account.article).joinedload(Article.outlet),
        ),
        selectinload(Conflict.points).selectinload(ConflictPoint.claims),
    ]


def load_conflict(session: Session, conflict_id: int) -> Conflict | None:
    """A live conflict with what the comparison shows, in a fixed number of queries."""
    return session.scalar(select(Conflict).where(Conflict.id == conflict_id, Conflict.deleted_at.is_(None))
                          .options(*_comparison_loads()))


def _bounds(value: date, precision: DatePrecision | None) -> tuple[date, date]:
    if precision == DatePrecision.YEAR:
        return date(value.year, 1, 1), date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return date(value.year, value.month, 1), date(value.year, value.month, last)
    return value, value


def _days(n: int) -> str:
    return "1 day" if abs(n) == 1 else f"{abs(n)} days"


def report_lag(said: date | None, said_precision: DatePrecision | None,
               published: date | None, published_precision: DatePrecision | None) -> Lag:
    """Publication date minus statement date, in days, honest about each date's precision."""
    if said is None or published is None:
        missing = "statement date" if said is None else "publication date"
        return Lag(None, None, False, f"lag unknown ({missing} not recorded)")
    said_low, said_high = _bounds(said, said_precision)
    pub_low, pub_high = _bounds(published, published_precision)
    low, high = (pub_low - said_high).days, (pub_high - said_low).days
    notes = []
    if said_precision in (DatePrecision.MONTH, DatePrecision.YEAR):
        notes.append(f"statement dated only to the {said_precision.value}")
    if said_precision == DatePrecision.APPROXIMATE:
        notes.append("statement date approximate")
    if published_precision in (DatePrecision.MONTH, DatePrecision.YEAR):
        notes.append(f"publication dated only to the {published_precision.value}")
    if published_precision == DatePrecision.APPROXIMATE:
        notes.append("publication date approximate")
    approximate = DatePrecision.APPROXIMATE in (said_precision, published_precision)
    if low == high:
        if low == 0:
            core = "the same day"
        elif low > 0:
            core = f"{_days(low)} after"
        else:
            core = f"{_days(low)} before the statement (check the dates)"
        if approximate:
            core = f"about {core}"
    elif low >= 0:
        core = f"{low}–{high} days after" if low else f"up to {_days(high)} after"
    elif high >= 0:
        core = f"up to {_days(high)} after"
    else:
        core = f"{-high}–{-low} days before the statement (check the dates)"
    if notes:
        core = f"{core} ({'; '.join(notes)})"
    return Lag(low, high, approximate, core)


def _column(member: ConflictMember) -> Column:
    if member.account is not None:
        account = member.account
        statement = account.statement
        giver, role = (account.narrator, "narrator") if account.narrator else (statement.speaker, "speaker")
        wording = account.wording
        source = None
    else:
        assert member.statement is not None
        statement = member.statement
        live = [a for a in statement.accounts if a.deleted_at is None]
        account = None
        giver, role = statement.speaker, "speaker"
        wording = statement.wording
        # A statement's column shows where it was first carried, if anywhere.
        carried = sorted((a for a in live if a.article is not None),
                         key=lambda a: (a.article.published_on or date.max, a.id))  # type: ignore[union-attr]
        source = carried[0] if carried else None
    article = account.article if account is not None else (source.article if source else None)
    lag = report_lag(statement.said_on, statement.said_precision,
                     article.published_on if article else None,
                     article.published_precision if article else None)
    return Column(member, statement, account, giver, role, article, wording, lag)


def _position(args: dict[str, str], name: str, default: int, positions: list[int]) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(name, f"“{raw}” is not a member position") from None
    if value not in positions:
        allowed = ", ".join(str(p) for p in positions)
        raise ParameterError(name, f"this conflict has no member {value}; use one of {allowed}")
    return value


def build_comparison(conflict: Conflict, args: dict[str, str]) -> Comparison:
    """The comparison view-model; ``args`` may choose the diffed pair with ``a`` and ``b``."""
    columns = [_column(m) for m in conflict.members]
    if len(columns) < 2:
        raise ParameterError("conflict", "has fewer than two versions to compare")
    positions = [c.position for c in columns]
    a = _position(args, "a", positions[0], positions)
    b = _position(args, "b", positions[1] if a != positions[1] else positions[0], positions)
    left = columns[positions.index(a)]
    right = columns[positions.index(b)]
    index = {c.member.id: i for i, c in enumerate(columns)}
    points = []
    for point in conflict.points:
        cells: list[str | None] = [None] * len(columns)
        for claim in point.claims:
            if claim.member_id in index:
                cells[index[claim.member_id]] = claim.text
        points.append(PointRow(point.aspect, cells))
    return Comparison(conflict, columns, points, left, right,
                      word_diff(left.wording, right.wording), similarity(left.wording, right.wording))


def column_json(column: Column) -> dict[str, Any]:
    """One column as plain data."""
    article = column.article
    return {
        **serialize.conflict_member(column.member),
        "giver": {**(serialize.speaker_brief(column.giver) or {}), "role": column.giver_role}
        if column.giver else None,
        "wording": column.wording,
        "stance": column.stance,
        "article": serialize.article_brief(article),
        "published_human": human_date(article.published_on, article.published_precision)
        if article else None,
        "said": format_partial(column.statement.said_on, column.statement.said_precision),
        "said_human": human_date(column.statement.said_on, column.statement.said_precision),
        "report_lag": column.lag.as_json(),
    }


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The JSON twin of the comparison page."""
    c = comparison.conflict
    return {
        **serialize.conflict_summary(c),
        "resolution": c.resolution,
        "columns": [column_json(col) for col in comparison.columns],
        "points": [
            {"aspect": row.aspect,
             "claims": [{"member_position": col.position, "text": text}
                        for col, text in zip(comparison.columns, row.cells, strict=True)]}
            for row in comparison.points
        ],
        "diff": {"a": comparison.left.position, "b": comparison.right.position,
                 "similarity": round(comparison.similarity, 3),
                 "segments": [{"op": s.op, "text": s.text} for s in comparison.diff]},
    }

