"""A server-rendered SVG timeline: one lane per source that tells the statements.

Pure Python over already-loaded statements: no queries, no scripts. Every piece of text is
escaped. A day-precise date is a dot; a month or year is a bar across the period it covers;
an approximate date has a dashed outline, so the picture never claims more than we know.
Any date a ``date`` holds can be drawn, 0001-01-01 and 9999-12-31 included: the margins and
ticks stop at the calendar's ends instead of overflowing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from typing import Protocol

from tracker.models import DatePrecision, Stance
from tracker.services.input.dates import human_date, is_approximate, period

WIDTH = 800
LEFT = 10
RIGHT = 10
LANE_HEIGHT = 46
TOP = 10
AXIS_HEIGHT = 30
STANCE_FILL = {"affirms": "#1f5fa8", "differs": "#a8590f", "denies": "#b0203a", None: "#4a4a4a"}
NO_ACCOUNT = "No account recorded"


class _Named(Protocol):
    @property
    def name(self) -> str: ...


class _Article(Protocol):
    @property
    def outlet(self) -> _Named | None: ...


class _Account(Protocol):
    @property
    def narrator(self) -> _Named | None: ...
    @property
    def article(self) -> _Article | None: ...
    @property
    def wording(self) -> str: ...
    @property
    def stance(self) -> Stance: ...
    @property
    def deleted_at(self) -> datetime | None: ...


class TimelineStatement(Protocol):
    """What the timeline reads of a statement: a model, or a ``page_rows.StatementRow``."""

    @property
    def id(self) -> int: ...
    @property
    def said_on(self) -> date | None: ...
    @property
    def said_precision(self) -> DatePrecision | None: ...
    @property
    def wording(self) -> str: ...
    @property
    def accounts(self) -> Sequence[_Account]: ...


@dataclass(frozen=True)
class Mark:
    """One statement as one source tells it."""

    statement_id: int
    start: date
    end: date
    precision: DatePrecision | None
    stance: str | None
    label: str


@dataclass
class Lane:
    """Everything one source (narrator, outlet) says the speaker said."""

    label: str
    marks: list[Mark] = field(default_factory=list)


def _shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at the first and last day a ``date`` can hold."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _source(narrator: str | None, outlet: str | None) -> str:
    if narrator and outlet:
        return f"{narrator}, in {outlet}"
    return narrator or outlet or "Unnamed source"


def lanes_for(statements: Sequence[TimelineStatement]) -> list[Lane]:
    """Group dated statements into lanes, one per narrator/outlet pair carrying them."""
    lanes: dict[str, Lane] = {}
    for s in statements:
        if s.said_on is None:
            continue
        start, end = period(s.said_on, s.said_precision)
        when = human_date(s.said_on, s.said_precision)
        accounts = [a for a in s.accounts if a.deleted_at is None]
        if not accounts:
            lane = lanes.setdefault(NO_ACCOUNT, Lane(NO_ACCOUNT))
            lane.marks.append(Mark(s.id, start, end, s.said_precision, None, f"{when}: {s.wording}"))
            continue
        for a in accounts:
            outlet = a.article.outlet.name if a.article is not None and a.article.outlet else None
            key = _source(a.narrator.name if a.narrator else None, outlet)
            lane = lanes.setdefault(key, Lane(key))
            lane.marks.append(Mark(s.id, start, end, s.said_precision, a.stance.value,
                                   f"{when} ({a.stance.value}): {a.wording}"))
    return sorted(lanes.values(), key=lambda lane: (lane.label == NO_ACCOUNT, lane.label.casefold()))


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Day ticks for spans under two months, month ticks under three years, year ticks beyond."""
    ticks: list[tuple[date, str]] = []
    days = (last - first).days
    if days <= 62:
        step_days = max(1, days // 8)
        return [(first + timedelta(days=n), (first + timedelta(days=n)).strftime("%-d %b"))
                for n in range(0, days + 1, step_days)]
    if (last - first).days <= 3 * 366:
        cursor = first.replace(day=1)
        while cursor <= last:
            if cursor >= first:
                ticks.append((cursor, cursor.strftime("%b %Y")))
            if cursor.year == date.max.year and cursor.month == 12:
                break
            cursor = (cursor + timedelta(days=32)).replace(day=1)
        step = max(1, len(ticks) // 8)
        return ticks[::step]
    for year in range(first.year, last.year + 1):
        tick = date(year, 1, 1)
        if first <= tick <= last:
            ticks.append((tick, str(year)))
    step = max(1, len(ticks) // 10)
    return ticks[::step]


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(lanes: Sequence[Lane], title: str, title_id: str = "timeline-title") -> str:
    """The timeline as an SVG element (a string of markup with every text escaped)."""
    marks = [m for lane in lanes for m in lane.marks]
    if not marks:
        return ""
    first = _shift(min(m.start for m in marks), -3)
    last = _shift(max(m.end for m in marks), 3)
    span = max(1, (last - first).days)
    plot = WIDTH - LEFT - RIGHT

    def x(day: date) -> float:
        return round(LEFT + plot * (day - first).days / span, 1)

    height = TOP + LANE_HEIGHT * len(lanes) + AXIS_HEIGHT
    desc_id = f"{title_id}-desc"
    parts = [
        f'<svg class="timeline-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{escape(title_id)} {escape(desc_id)}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{len(lanes)} sources, {len(marks)} marks. '
        "Dots are exact days (side by side when several fall on one day), bars are months or years, "
        "dashed outlines are approximate dates; "
        "the list below gives every statement in full.</desc>",
    ]
    for index, lane in enumerate(lanes):
        top = TOP + index * LANE_HEIGHT
        middle = top + 30
        fill = "#f3f5f8" if index % 2 == 0 else "#ffffff"
        parts.append(f'<rect x="0" y="{top}" width="{WIDTH}" height="{LANE_HEIGHT}" fill="{fill}"/>')
        parts.append(f'<text x="{LEFT}" y="{top + 14}" font-size="12" fill="#1a1a1a">'
                     f"{escape(_shorten(lane.label, 90))}</text>")
        parts.append(f'<line x1="{LEFT}" y1="{middle}" x2="{WIDTH - RIGHT}" y2="{middle}" '
                     'stroke="#9aa3ad" stroke-width="1"/>')
        seen: dict[float, int] = {}
        for mark in lane.marks:
            # Marks on the same day sit side by side instead of hiding each other.
            start = x(mark.start)
            nudge = seen.get(start, 0)
            seen[start] = nudge + 1
            parts.append(_mark(mark, start, x, middle, 9 * nudge))
    axis = TOP + LANE_HEIGHT * len(lanes)
    parts.append(f'<line x1="{LEFT}" y1="{axis}" x2="{WIDTH - RIGHT}" y2="{axis}" stroke="#1a1a1a"/>')
    for day, label in _ticks(first, last):
        at = x(day)
        parts.append(f'<line x1="{at}" y1="{axis}" x2="{at}" y2="{axis + 5}" stroke="#1a1a1a"/>')
        anchor = "start" if at < 60 else "end" if at > WIDTH - 60 else "middle"
        parts.append(f'<text x="{at}" y="{axis + 18}" font-size="11" fill="#1a1a1a" '
                     f'text-anchor="{anchor}">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _mark(mark: Mark, start: float, x: Callable[[date], float], middle: int, dx: int = 0) -> str:
    """A dot or a bar; ``start`` is ``x(mark.start)``."""
    fill = STANCE_FILL.get(mark.stance, STANCE_FILL[None])
    dashed = ' stroke-dasharray="3 2"' if is_approximate(mark.precision) else ""
    tooltip = f"<title>{escape(_shorten(mark.label))}</title>"
    if mark.start == mark.end:
        return (f'<circle cx="{start + dx}" cy="{middle}" r="6" fill="{fill}" fill-opacity="0.85" '
                f'stroke="#1a1a1a"{dashed}>{tooltip}</circle>')
    left, right = start + dx, x(_shift(mark.end, 1)) + dx
    width = max(4.0, right - left)
    return (f'<rect x="{left}" y="{middle - 5}" width="{round(width, 1)}" height="10" rx="3" '
            f'fill="{fill}" fill-opacity="0.45" stroke="{fill}"{dashed}>{tooltip}</rect>')
