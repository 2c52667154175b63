"""Partial dates: '2022', '2022-06', '2022-06-28', each stored with its precision, read from
what people type ('28 June 2022', '2022年6月28日', '2022년 6월 28일', 'June 2022'...).

A precision says two things: the date's granularity (day, month, year) and whether it is
approximate. "2022-06" marked approximate is an approximate *month*: stored, written and shown
as "c. June 2022", never as a day.

Sorting: a statement dated only to a month or a year sorts at the end of its period, after
every day in it ("June 2022" after "28 June 2022", before "1 July 2022"), on both databases:
the statement's stored day (``said_on``) is the period's last day (``sort_day``), so every
(said_on, id) index, keyset cursor and search document id orders it there. The written and
shown forms depend only on the year and month, so they are the same whichever day is stored.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from tracker.models import DatePrecision

# The years a date may have: every page can draw them (the timeline's axis and periods reach a
# year either side without leaving Python's date range), and no statement we track is older.
MIN_YEAR, MAX_YEAR = 1000, 2999


class DateError(ValueError):
    """A date a person typed that we cannot read; the message says why."""


@dataclass(frozen=True)
class PartialDate:
    """A date known to a precision; ``value`` is the first day of the period."""

    value: date
    precision: DatePrecision

    @property
    def sort_day(self) -> date:
        """The day a statement with this date is stored and sorted on: its period's last."""
        return sort_day(self.value, self.precision)

    def iso(self) -> str:
        """The date written to its precision ('2022-06' for a month)."""
        text = format_partial(self.value, self.precision)
        assert text is not None
        return text


# -- dates as people type them ------------------------------------------------------------

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
# Ways of saying "about": before the date ("c. 2022", "약 2022년") or after it ("2022年頃").
_ABOUT_BEFORE = re.compile(r"^(?:c\.|ca\.|circa|about|around|approx\.?|approximately|약|大约|大約|約)\s*",
                           re.IGNORECASE)
_ABOUT_AFTER = re.compile(r"\s*(?:頃|ごろ|左右|前后|前後|경|쯤)$")
_ISO_LIKE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_CJK = re.compile(r"^(\d{4})\s*[年년](?:\s*(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日일号號]?)?)?$")
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = re.compile(rf"^{_ORDINAL}\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{{4}})$")
_MONTH_DAY_YEAR = re.compile(rf"^([a-z]+)\.?\s+{_ORDINAL},?\s+(\d{{4}})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
EXAMPLES = "2022-06-28, 28 June 2022, June 28, 2022, June 2022, 2022/06/28, 2022年6月28日 or 2022년 6월 28일"


def _month(name: str, text: str) -> int:
    number = _MONTHS.get(name)
    if number is None:
        raise DateError(f"“{text}”: “{name}” is not the name of a month (write January or Jan, …).")
    return number


def _numeric(first: int, second: int, year: int, text: str) -> tuple[int, int]:
    """(month, day) of 15/11/2021 or 11/15/2021; a date either way round is asked about."""
    if first == second or (first > 12 >= second):
        return second, first
    if second > 12 >= first:
        return first, second
    if first > 12 and second > 12:
        raise DateError(f"“{text}”: neither {first} nor {second} is a month.")
    raise DateError(
        f"Is “{text}” {first} {_MONTH_NAMES[second - 1]} {year} or {second} {_MONTH_NAMES[first - 1]} "
        f"{year}? Write the month as a word (“{first} {_MONTH_NAMES[second - 1][:3]} {year}”) or the date "
        f"as {year:04d}-{second:02d}-{first:02d}, so nobody has to guess.")


def _read(text: str) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a date written in one of the ways ``EXAMPLES`` shows."""
    for pattern in (_ISO_LIKE, _CJK):
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) if part else None for part in match.groups())
            assert year is not None
            return year, month, day
    lowered = text.lower()
    if match := _DAY_MONTH_YEAR.match(lowered):
        return int(match[3]), _month(match[2], text), int(match[1])
    if match := _MONTH_DAY_YEAR.match(lowered):
        return int(match[3]), _month(match[1], text), int(match[2])
    if match := _MONTH_YEAR.match(lowered):
        return int(match[2]), _month(match[1], text), None
    if match := _NUMERIC.match(text):
        year = int(match[3])
        month, day = _numeric(int(match[1]), int(match[2]), year, text)
        return year, month, day
    raise DateError(f"“{text}” is not a date: write it as {EXAMPLES} (or only the year).")


def parse_partial(text: str, approximate: bool = False) -> PartialDate:
    """Read a date as people type it, to the precision given: '2022', 'June 2022',
    '28 June 2022', 'June 28, 2022', '2022-06-28', '2022/06/28', '2022年6月28日',
    '2022년 6월 28일'; 'c. 2022' or '2022年頃' is approximate. A date that could be read two
    ways (01/02/2021) is refused with the question; DateError always says why."""
    typed = " ".join(unicodedata.normalize("NFKC", text).split())
    about = _ABOUT_BEFORE.sub("", typed)
    about = _ABOUT_AFTER.sub("", about)
    approximate = approximate or about != typed
    year, month, day = _read(about)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"“{text}”: the year must be between {MIN_YEAR} and {MAX_YEAR}.")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"“{text}”: there is no month {month}; months run from 01 to 12.")
    try:
        value = date(year, month or 1, day or 1)
    except ValueError:
        raise DateError(f"“{text}”: month {month} of {year} has no day {day}.") from None
    granularity = (DatePrecision.DAY if day is not None else DatePrecision.MONTH if month is not None
                   else DatePrecision.YEAR)
    return PartialDate(value, with_approximate(granularity, approximate))


_APPROXIMATE = {DatePrecision.DAY: DatePrecision.APPROXIMATE,
                DatePrecision.MONTH: DatePrecision.APPROXIMATE_MONTH,
                DatePrecision.YEAR: DatePrecision.APPROXIMATE_YEAR}
_GRANULARITY = {DatePrecision.APPROXIMATE: DatePrecision.DAY,
                DatePrecision.APPROXIMATE_MONTH: DatePrecision.MONTH,
                DatePrecision.APPROXIMATE_YEAR: DatePrecision.YEAR}


def with_approximate(granularity: DatePrecision, approximate: bool) -> DatePrecision:
    """The precision of a date of this granularity (day, month, year), approximate or not."""
    granularity = _GRANULARITY.get(granularity, granularity)
    return _APPROXIMATE[granularity] if approximate else granularity


def granularity(precision: DatePrecision | None) -> DatePrecision:
    """Day, month or year: what a date knows, approximate or not (no precision: a day)."""
    if precision is None:
        return DatePrecision.DAY
    return _GRANULARITY.get(precision, precision)


def is_approximate(precision: DatePrecision | None) -> bool:
    """Whether a date is marked approximate ("c. …"), whatever its granularity."""
    return precision in _GRANULARITY


def period(value: date, precision: DatePrecision | None) -> tuple[date, date]:
    """The first and last day a partial date may mean."""
    kind = granularity(precision)
    if kind == DatePrecision.YEAR:
        return date(value.year, 1, 1), date(value.year, 12, 31)
    if kind == DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return date(value.year, value.month, 1), date(value.year, value.month, last)
    return value, value


def sort_day(value: date, precision: DatePrecision | None) -> date:
    """The day a statement is stored and sorted on: a month or year at its period's end."""
    return period(value, precision)[1]


def read_as(text: str | None) -> str | None:
    """How a typed date was read, for the preview beside a date field ('28 June 2022 (a day)',
    'June 2022 (a month)'); None for an empty or unreadable one (its error says why)."""
    if not text or not text.strip():
        return None
    try:
        partial = parse_partial(text)
    except DateError:
        return None
    what = {DatePrecision.DAY: "a day", DatePrecision.MONTH: "a month",
            DatePrecision.YEAR: "a year"}[granularity(partial.precision)]
    if is_approximate(partial.precision):
        what = f"{what}, approximate"
    return f"{human_date(partial.value, partial.precision)} ({what})"


def format_partial(value: date | None, precision: DatePrecision | None) -> str | None:
    """Write a stored date back to the precision it is known to."""
    if value is None:
        return None
    kind = granularity(precision)
    if kind == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if kind == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def human_date(value: date | None, precision: DatePrecision | None) -> str:
    """A date for readers: '28 June 2022', 'June 2022', '2022', 'c. 30 June 2022', 'c. June 2022'."""
    if value is None:
        return "date unknown"
    kind = granularity(precision)
    if kind == DatePrecision.YEAR:
        text = str(value.year)
    elif kind == DatePrecision.MONTH:
        text = value.strftime("%B %Y")
    else:
        text = f"{value.day} {value.strftime('%B %Y')}"
    return f"c. {text}" if is_approximate(precision) else text
