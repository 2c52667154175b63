"""Partial dates: '2022', '2022-06', '2022-06-28', each stored with its precision."""

from __future__ import annotations

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
    if approximate:
        precision = DatePrecision.APPROXIMATE
    elif day is not None:
        precision = DatePrecision.DAY
    elif month is not None:
        precision = DatePrecision.MONTH
    else:
        precision = DatePrecision.YEAR
    return PartialDate(value, precision)


def format_partial(value: date | None, precision: DatePrecision | None) -> str | None:
    """Write a stored date back to the precision it is known to."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def human_date(value: date | None, precision: DatePrecision | None) -> str:
    """A date for readers: '28 June 2022', 'June 2022', '2022', 'c. 30 June 2022'."""
    if value is None:
        return "date unknown"
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    text = f"{value.day} {value.strftime('%B %Y')}"
    return f"c. {text}" if precision == DatePrecision.APPROXIMATE else text
