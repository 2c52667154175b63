"""The date a statement was made, read from the text relative to the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.models import DatePrecision

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_ORDINAL = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month_day", re.compile(_MONTH + r"\s+(?P<mday>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b")),
    (
        "part_of_day",
        re.compile(
            r"\b(?:the\s+)?(?P<part>morning|afternoon|evening|night)\s+of\s+the\s+" + _ORDINAL + r"\b",
            re.IGNORECASE,
        ),
    ),
    ("ordinal", re.compile(r"\b(?:on|since|by)\s+the\s+" + _ORDINAL + r"\b", re.IGNORECASE)),
    ("cjk_day", re.compile(r"(?P<day>[0-3]?\d)日")),
    (
        "relative_day",
        re.compile(
            r"\b(?P<word>today|tonight|this morning|this afternoon|this evening|"
            r"yesterday|last night|the day before)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"(?:’s|'s)?\b"
        ),
    ),
    (
        "relative_period",
        re.compile(
            r"\b(?P<period>last week|this week|earlier this week|last month|"
            r"earlier this month|this month|last year|this year)\b",
            re.IGNORECASE,
        ),
    ),
    ("in_month", re.compile(r"\bin\s+" + _MONTH + r"(?:\s+(?P<year>\d{4}))?\b")),
]


@dataclass(frozen=True)
class Said:
    """When the words were said, to a precision, and how we know."""

    date: date | None
    precision: DatePrecision | None
    note: str

    def as_json(self) -> dict[str, str | None]:
        return {
            "date": self.date.isoformat() if self.date else None,
            "precision": self.precision.value if self.precision else None,
            "note": self.note,
        }


def _month_number(name: str) -> int:
    folded = name.casefold().rstrip(".")
    return next(i for i, month in enumerate(MONTHS, 1) if month.startswith(folded[:3]))


def _day_in_month_of(published: date, day: int) -> date | None:
    year, month = published.year, published.month
    if day > published.day:
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_start(value: date, back: int = 0) -> date:
    year, month = value.year, value.month - back
    while month <= 0:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def _resolve(kind: str, match: re.Match[str], published: date) -> Said | None:
    phrase = match.group(0)
    pub = published.isoformat()
    if kind == "month_day":
        month, day = _month_number(match["month"]), int(match["mday"])
        year = int(match["year"]) if match["year"] else published.year
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if not match["year"] and found > published:
            found = found.replace(year=year - 1)
        how = "" if match["year"] else f", the year taken from the publication date ({pub})"
        return Said(found, DatePrecision.DAY, f"“{phrase}” in the text{how}.")
    if kind in ("part_of_day", "ordinal", "cjk_day"):
        day = int(match["day"])
        in_month = _day_in_month_of(published, day)
        if in_month is None:
            return None
        return Said(
            in_month,
            DatePrecision.DAY,
            f"“{phrase}”: day {day} of the month of publication or the month before ({pub}).",
        )
    if kind == "relative_day":
        word = match["word"].casefold()
        back = 1 if word in ("yesterday", "last night", "the day before") else 0
        return Said(
            published - timedelta(days=back),
            DatePrecision.DAY,
            f"“{phrase}”, counted from the publication date ({pub}).",
        )
    if kind == "weekday":
        wanted = WEEKDAYS.index(match["weekday"].casefold())
        back = (published.weekday() - wanted) % 7
        return Said(
            published - timedelta(days=back),
            DatePrecision.DAY,
            f"“{phrase}”: the {match['weekday']} on or before the publication date ({pub}).",
        )
    if kind == "relative_period":
        period = match["period"].casefold()
        if period.endswith("week"):
            back = 7 if period == "last week" else 0
            return Said(
                published - timedelta(days=back),
                DatePrecision.APPROXIMATE,
                f"“{phrase}”, counted from the publication date ({pub}); the day is not given.",
            )
        if period.endswith("month"):
            return Said(
                _month_start(published, 1 if period == "last month" else 0),
                DatePrecision.MONTH,
                f"“{phrase}”, counted from the publication date ({pub}).",
            )
        year = published.year - (1 if period == "last year" else 0)
        return Said(
            date(year, 1, 1), DatePrecision.YEAR, f"“{phrase}”, counted from the publication date ({pub})."
        )
    month = _month_number(match["month"])
    year = int(match["year"]) if match["year"] else published.year
    found = date(year, month, 1)
    if not match["year"] and found > published:
        found = found.replace(year=year - 1)
    return Said(
        found, DatePrecision.MONTH, f"“{phrase}” in the text; the year from the publication date ({pub})."
    )


def said_date(text: str, windows: list[tuple[int, int]], published: date | None) -> Said:
    """The first date expression in the windows (the attribution around the content) resolved."""
    if published is None:
        return Said(None, None, "No publication date given, so no date could be inferred.")
    for kind, pattern in PATTERNS:
        for start, end in windows:
            match = pattern.search(text, start, end)
            if match:
                said = _resolve(kind, match, published)
                if said is not None:
                    return said
    return Said(
        published,
        DatePrecision.APPROXIMATE,
        f"No date in the text: on or before the publication date ({published.isoformat()}).",
    )
