"""Name folding and partial dates: the rules every input path shares."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.models import DatePrecision
from tracker.services.input.dates import (
    DateError,
    format_partial,
    granularity,
    human_date,
    is_approximate,
    parse_partial,
    period,
)
from tracker.services.input.records import RecordError, RecordReader
from tracker.services.input.text import bad_character, clean, escape_like, fold, name_key


@pytest.mark.parametrize("spelling", ["Yoon Suk-yeol", "yoon suk yeol", "YOON  SUK YEOL", "Yoon-Suk-Yeol"])
def test_name_key_ignores_case_hyphens_and_spacing(spelling: str) -> None:
    assert name_key(spelling) == "yoonsukyeol"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_name_key_of_ascii_text_is_its_folded_form_without_spaces(text: str) -> None:
    """The ASCII fast path (one str.translate) gives what folding gives."""
    assert name_key(text) == fold(text).replace(" ", "")
    assert name_key(text + "é") == fold(text + "é").replace(" ", "")  # the general path


def test_name_key_ignores_accents_and_keeps_other_scripts() -> None:
    assert name_key("Émile Zola") == name_key("emile zola")
    assert name_key("岸田 文雄") == "岸田文雄"
    assert name_key("윤석열") == "윤석열"
    assert name_key("Румен Радев") == "руменрадев"


def test_clean_normalizes_to_nfc_and_trims() -> None:
    assert clean("  Cafe\u0301 ") == "Café"
    assert clean("   ") is None


def test_escape_like() -> None:
    assert escape_like("50%_a\\b") == "50\\%\\_a\\\\b"


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2022", date(2022, 1, 1), DatePrecision.YEAR),
        ("2022-06", date(2022, 6, 1), DatePrecision.MONTH),
        ("2022-06-28", date(2022, 6, 28), DatePrecision.DAY),
    ],
)
def test_partial_dates_keep_their_precision(text: str, value: date, precision: DatePrecision) -> None:
    parsed = parse_partial(text)
    assert (parsed.value, parsed.precision) == (value, precision)
    assert parsed.iso() == text


def test_approximate_dates() -> None:
    parsed = parse_partial("2022-06-30", approximate=True)
    assert parsed.precision is DatePrecision.APPROXIMATE
    assert human_date(parsed.value, parsed.precision) == "c. 30 June 2022"
    assert format_partial(parsed.value, parsed.precision) == "2022-06-30"


@pytest.mark.parametrize(
    ("text", "shown", "kind"),
    [("2022-06", "c. June 2022", DatePrecision.MONTH), ("2022", "c. 2022", DatePrecision.YEAR),
     ("2022-02", "c. February 2022", DatePrecision.MONTH)],
)
def test_an_approximate_month_or_year_never_becomes_a_day(text: str, shown: str,
                                                          kind: DatePrecision) -> None:
    parsed = parse_partial(text, approximate=True)
    assert granularity(parsed.precision) is kind and is_approximate(parsed.precision)
    assert human_date(parsed.value, parsed.precision) == shown
    assert parsed.iso() == text
    # Whichever day of the period is stored, the date reads back the same.
    assert human_date(parsed.sort_day, parsed.precision) == shown
    assert format_partial(parsed.sort_day, parsed.precision) == text


def test_a_month_or_year_is_stored_on_its_last_day_a_day_on_itself() -> None:
    assert parse_partial("2022-06").sort_day == date(2022, 6, 30)
    assert parse_partial("2024-02", approximate=True).sort_day == date(2024, 2, 29)
    assert parse_partial("2022").sort_day == date(2022, 12, 31)
    assert parse_partial("2022-06-28", approximate=True).sort_day == date(2022, 6, 28)
    days = [parse_partial(f"2022-06-{d:02d}").sort_day for d in range(1, 31)]
    assert all(day <= parse_partial("2022-06").sort_day < parse_partial("2022-07-01").sort_day
               for day in days)


def test_periods() -> None:
    assert period(date(2022, 2, 1), DatePrecision.MONTH) == (date(2022, 2, 1), date(2022, 2, 28))
    assert period(date(2022, 2, 28), DatePrecision.APPROXIMATE_MONTH) == (date(2022, 2, 1),
                                                                        date(2022, 2, 28))
    assert period(date(2020, 1, 1), DatePrecision.YEAR) == (date(2020, 1, 1), date(2020, 12, 31))
    assert period(date(2020, 12, 31), DatePrecision.APPROXIMATE_YEAR) == (date(2020, 1, 1),
                                                                         date(2020, 12, 31))
    assert period(date(2020, 5, 5), DatePrecision.DAY) == (date(2020, 5, 5), date(2020, 5, 5))


@pytest.mark.parametrize(
    ("text", "reason"),
    [("2022-13-45", "no month 13"), ("2022-02-30", "has no day 30"), ("28 June", "is not a date"),
     ("", "is not a date"), ("0000", "between 1000 and 2999")],
)
def test_bad_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_partial(text)


@pytest.mark.parametrize("text,named", [("a\x00b", "NUL"), ("a\x07b", "U+0007"), ("a\x7fb", "U+007F"),
                                        ("a\ud800b", "surrogate"), ("a\x1bb", "U+001B")])
def test_bad_characters_are_named(text: str, named: str) -> None:
    reason = bad_character(text)
    assert reason is not None and named in reason
    with pytest.raises(RecordError) as caught:
        RecordReader("api", "speaker", {"name": text}).text("name")
    assert caught.value.field == "name" and named in caught.value.message
    with pytest.raises(RecordError) as listed:
        RecordReader("api", "speaker", {"aliases": ["ok", text]}).strings("aliases")
    assert listed.value.field == "aliases[1]"


@pytest.mark.parametrize("text", ["tab\there", "two\nlines", "윤석열 尹錫悦 ユン・ソンニョル", "\u0085 kept"])
def test_ordinary_text_passes(text: str) -> None:
    assert bad_character(text) is None


def test_line_breaks_are_written_as_lf_and_a_trailing_cr_is_stripped() -> None:
    assert clean("one\r\ntwo\rthree\r\n") == "one\ntwo\nthree"
    assert RecordReader("form", "statement", {"wording": "a\r\nb\r"}).text("wording") == "a\nb"


@pytest.mark.parametrize("text", ["0999", "3000", "0001-01-01", "9999-12-31"])
def test_years_outside_1000_to_2999_are_refused(text: str) -> None:
    with pytest.raises(DateError, match="between 1000 and 2999"):
        parse_partial(text)


@pytest.mark.parametrize("text", ["1000", "2999-12-31", "2022-06-28"])
def test_years_at_the_bounds_are_read(text: str) -> None:
    assert parse_partial(text).iso() == text


def test_dates_for_readers() -> None:
    day = date(2022, 6, 30)
    assert human_date(None, None) == "date unknown"
    assert human_date(day, DatePrecision.DAY) == "30 June 2022"
    assert human_date(day, DatePrecision.APPROXIMATE) == "c. 30 June 2022"
    assert human_date(day, DatePrecision.MONTH) == "June 2022"
    assert human_date(day, DatePrecision.YEAR) == "2022"
