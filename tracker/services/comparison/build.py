"""The conflict comparison: one column per version, a word diff of any two, the points of
disagreement as a table, and how long after the moment each version appeared.

Built once from the plain rows of ``comparison_rows.load_conflict`` and used by the HTML page
and its JSON twin (``comparison_json``). The word diff is remembered per pair of wordings
(``diff.compare_wordings``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.models import DatePrecision
from tracker.services.comparison.diff import Segment, compare_wordings
from tracker.services.comparison.rows import ConflictRow, MemberRow, StatementRow
from tracker.services.input.dates import granularity, is_approximate, period
from tracker.services.input.parameters import ParameterError
from tracker.services.pages.rows import ArticleRow, ChainedAccountRow, OutletRef, SpeakerRef


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Column:
    """One version in the comparison: an account, or a statement as first reported."""

    member: MemberRow
    statement: StatementRow
    account: ChainedAccountRow | None
    giver: SpeakerRef | None
    giver_role: str
    article: ArticleRow[OutletRef] | None
    wording: str
    lag: Lag
    position: int  # the member's position in the conflict (used in ?a= and ?b=)
    number: int  # the column's number for readers, from 1
    original: Original | None = None

    @property
    def stance(self) -> str | None:
        """An account's stance toward the other accounts of its statement."""
        return self.account.stance.value if self.account else None


@dataclass(frozen=True, slots=True)
class Original:
    """A version in its own words: the language it was given in and how it was translated."""

    text: str
    language: str | None
    translation_note: str | None
    translator: str | None


def original_of(statement: StatementRow, account: ChainedAccountRow | None) -> Original | None:
    """The version's own words: an account's override the statement's for that version; a
    statement's own column shows the statement's (an account without original words of its
    own shows none: the statement's original need not be what that narrator said)."""
    if account is not None:
        if account.original_text is None:
            return None
        return Original(account.original_text, account.language or statement.language,
                        account.translation_note, account.translator)
    if statement.original_text is None:
        return None
    return Original(statement.original_text, statement.language, statement.translation_note, None)


# Which words the comparison shows: each version's English and own words side by side, or one.
WORDS = ("both", "original", "english")


def words_shown(args: dict[str, str]) -> str:
    """The ``words`` parameter of the comparison page (both, original or english)."""
    value = args.get("words") or "both"
    if value not in WORDS:
        raise ParameterError("words", f"“{value}” is not one of: {', '.join(WORDS)}")
    return value


@dataclass(frozen=True, slots=True)
class PointRow:
    """One point of disagreement and what each column claims on it (None: says nothing)."""

    aspect: str
    cells: list[str | None]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything the comparison page shows."""

    conflict: ConflictRow
    columns: list[Column]
    points: list[PointRow]
    left: Column
    right: Column
    diff: tuple[Segment, ...]
    similarity: float
    words: str = "both"  # which words each version shows (WORDS)


def _days(n: int) -> str:
    return "1 day" if abs(n) == 1 else f"{abs(n)} days"


def report_lag(said: date | None, said_precision: DatePrecision | None,
               published: date | None, published_precision: DatePrecision | None) -> Lag:
    """Publication date minus statement date, in days, honest about each date's precision."""
    if said is None or published is None:
        missing = "statement date" if said is None else "publication date"
        return Lag(None, None, False, f"lag unknown ({missing} not recorded)")
    said_low, said_high = period(said, said_precision)
    pub_low, pub_high = period(published, published_precision)
    low, high = (pub_low - said_high).days, (pub_high - said_low).days
    notes = []
    for what, precision in (("statement", said_precision), ("publication", published_precision)):
        if granularity(precision) != DatePrecision.DAY:
            notes.append(f"{what} dated only to the {granularity(precision).value}")
        if is_approximate(precision):
            notes.append(f"{what} date approximate")
    approximate = is_approximate(said_precision) or is_approximate(published_precision)
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


def _column(member: MemberRow) -> Column:
    statement = member.statement
    account = member.account
    if account is not None:
        giver, role = (account.narrator, "narrator") if account.narrator else (statement.speaker, "speaker")
        wording, article = account.wording, account.article
    else:
        # A statement's column shows where it was first carried, if anywhere.
        giver, role = statement.speaker, "speaker"
        wording, article = statement.wording, member.first_carried_in
    lag = report_lag(statement.said_on, statement.said_precision,
                     article.published_on if article else None,
                     article.published_precision if article else None)
    return Column(member, statement, account, giver, role, article, wording, lag,
                  member.position, member.position + 1, original_of(statement, account))


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


def build_comparison(conflict: ConflictRow, args: dict[str, str]) -> Comparison:
    """The comparison view-model; ``args`` may choose the diffed pair with ``a`` and ``b``."""
    columns = [_column(m) for m in conflict.members]
    if len(columns) < 2:
        raise ParameterError("conflict", "has fewer than two versions to compare")
    positions = [c.position for c in columns]
    a = _position(args, "a", positions[0], positions)
    b = _position(args, "b", positions[1] if a != positions[1] else positions[0], positions)
    left = columns[positions.index(a)]
    right = columns[positions.index(b)]
    points = [PointRow(point.aspect, [point.claims.get(c.member.id) for c in columns])
              for point in conflict.points]
    diff = compare_wordings(left.wording, right.wording)
    return Comparison(conflict, columns, points, left, right, diff.segments, diff.similarity,
                      words_shown(args))
