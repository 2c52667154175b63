"""Name folding and partial dates: the rules every input path shares."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.models import DatePrecision
from tracker.services.input.dates import DateError, format_partial, human_date, parse_partial
from tracker.services.input.text import clean, escape_like, name_key


@pytest.mark.parametrize("spelling", ["Yoon Suk-yeol", "yoon suk yeol", "YOON  SUK YEOL", "Yoon-Suk-Yeol"])
def test_name_key_ignores_case_hyphens_and_spacing(spelling: str) -> None:
    assert name_key(spelling) == "yoonsukyeol"


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
    ("text", "reason"),
    [("2022-13-45", "no month 13"), ("2022-02-30", "has no day 30"), ("28 June", "is not a date"),
     ("", "is not a date"), ("0000", "1 or later")],
)
def test_bad_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_partial(text)
