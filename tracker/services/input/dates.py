"""Partial dates: '2022', '2022-06', '2022-06-28', each stored with its precision.

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
from dataclasses import dataclass
from datetime import date

from tracker.models import DatePrecision

_PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?$")
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


def parse_partial(text: str, approximate: bool = False) -> PartialDate:
    """Read '2022', '2022-06' or '2022-06-28'; raise DateError with a readable reason."""
    match = _PARTIAL.match(text.strip())
    if not match:
        raise DateError(f"“{text}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-06-28.")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
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
