"""Dates as people type them, in English, Korean, Japanese and Chinese forms: one reading each,
to the precision given; a date that could be read two ways is asked about, never guessed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.models import DatePrecision
from tracker.services.input.dates import DateError, parse_partial, read_as

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@pytest.mark.parametrize(("typed", "value", "precision"), [
    ("15 Nov 2021", date(2021, 11, 15), DAY),
    ("28 June 2022", date(2022, 6, 28), DAY),
    ("June 28, 2022", date(2022, 6, 28), DAY),
    ("28th of June 2022", date(2022, 6, 28), DAY),
    ("2021年11月15日", date(2021, 11, 15), DAY),
    ("2021년 11월 15일", date(2021, 11, 15), DAY),
    ("２０２１年１１月１５日", date(2021, 11, 15), DAY),  # full-width digits
    ("2021/11/15", date(2021, 11, 15), DAY),
    ("2021.11.15", date(2021, 11, 15), DAY),
    ("15/11/2021", date(2021, 11, 15), DAY),  # only one way round is a date
    ("11/15/2021", date(2021, 11, 15), DAY),
    ("June 2022", date(2022, 6, 1), MONTH),
    ("Sept. 2022", date(2022, 9, 1), MONTH),
    ("2022年6月", date(2022, 6, 1), MONTH),
    ("2022년 6월", date(2022, 6, 1), MONTH),
    ("2022-06", date(2022, 6, 1), MONTH),
    ("2022", date(2022, 1, 1), YEAR),
    ("2022年", date(2022, 1, 1), YEAR),
    ("c. 30 June 2022", date(2022, 6, 30), DatePrecision.APPROXIMATE),
    ("2022年6月30日頃", date(2022, 6, 30), DatePrecision.APPROXIMATE),
])
def test_typed_dates_are_read_to_their_precision(typed: str, value: date, precision: DatePrecision) -> None:
    parsed = parse_partial(typed)
    assert (parsed.value, parsed.precision) == (value, precision)


def test_an_ambiguous_date_is_asked_about() -> None:
    with pytest.raises(DateError) as caught:
        parse_partial("01/02/2021")
    question = str(caught.value)
    assert question.startswith("Is “01/02/2021” 1 February 2021 or 2 January 2021?")
    assert "2021-02-01" in question
    assert read_as("01/02/2021") is None


@pytest.mark.parametrize(("typed", "reason"), [("31 Smarch 2021", "not the name of a month"),
                                               ("30 February 2022", "has no day 30"),
                                               ("13/14/2021", "neither 13 nor 14 is a month"),
                                               ("28 June", "is not a date")])
def test_bad_typed_dates_say_why(typed: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_partial(typed)


def test_the_preview_says_how_it_was_read() -> None:
    assert read_as("2021년 11월 15일") == "15 November 2021 (a day)"
    assert read_as("June 2022") == "June 2022 (a month)"
    assert read_as("") is None and read_as("whenever") is None


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_every_way_of_writing_a_day_reads_the_same(day: date) -> None:
    name = MONTHS[day.month - 1]
    spellings = [day.isoformat(), f"{day.day} {name} {day.year}", f"{name} {day.day}, {day.year}",
                 f"{day.day} {name[:3]} {day.year}", f"{day.year}/{day.month:02d}/{day.day:02d}",
                 f"{day.year}年{day.month}月{day.day}日", f"{day.year}년 {day.month}월 {day.day}일"]
    if day.day > 12 or day.day == day.month:
        spellings.append(f"{day.day:02d}/{day.month:02d}/{day.year}")
    for typed in spellings:
        assert parse_partial(typed) == parse_partial(day.isoformat()), typed
