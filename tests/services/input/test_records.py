"""RecordReader at its edges: numbers, web addresses, lists of names, months (what mutation
testing found unchecked; bench/RESULTS.md)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.services.input.dates import DateError, parse_partial
from tracker.services.input.records import MAX_ID, RecordError, RecordReader, whole_number


@pytest.mark.parametrize("raw,expected", [
    ("1", 1), (" 42 ", 42), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("9" * 11, None),
    ("0", 0), (None, None), ("", None), ("²", None), ("-1", None), ("1.0", None), ("١٢", None)])
def test_whole_number_reads_ascii_digits_up_to_the_bound(raw: object, expected: int | None) -> None:
    assert whole_number(raw) == expected


def test_whole_number_takes_its_bound_inclusively() -> None:
    assert whole_number("99", high=99) == 99 and whole_number("100", high=99) is None
    assert whole_number("100", high=100) == 100


def _error(data: dict[str, object], read: str) -> RecordError:
    reader = RecordReader("api", "outlet", data)
    with pytest.raises(RecordError) as caught:
        getattr(reader, read)(next(iter(data)))
    return caught.value


@pytest.mark.parametrize("value", ["ftp://example.org/", "example.org/page", "https://", "http:/x",
                                   "javascript:alert(1)"])
def test_a_web_address_needs_http_and_a_host(value: str) -> None:
    error = _error({"url": value}, "url")
    assert error.field == "url" and "http://" in error.message and value in error.message


def test_a_web_address_may_have_2000_characters() -> None:
    longest = "https://example.org/" + "a" * 1980
    assert RecordReader("api", "outlet", {"url": longest}).url("url") == longest
    error = _error({"url": longest + "a"}, "url")
    assert error.field == "url" and "2,000" in error.message


@pytest.mark.parametrize("items,position", [(["ok", ""], 1), (["ok", "  "], 1), ([3], 0), ([["x"]], 0),
                                            (["a", None], 1)])
def test_a_list_of_names_refuses_empty_and_non_text(items: list[object], position: int) -> None:
    error = _error({"authors": items}, "strings")
    assert error.field == f"authors[{position}]" and error.message == "expected non-empty text"


def test_a_list_of_names_is_cleaned_and_bounded() -> None:
    reader = RecordReader("api", "article", {"authors": [" Sword smile ", "Dao Dao sister"],
                                             "x": ["a" * 301]})
    assert reader.strings("authors") == ["Sword smile", "Dao Dao sister"]
    with pytest.raises(RecordError, match="longer than 300"):
        reader.strings("x")
    assert RecordReader("api", "article", {}).strings("authors") == []
    with pytest.raises(RecordError, match="expected a list") as caught:
        RecordReader("api", "article", {"authors": "one"}).strings("authors")
    assert caught.value.field == "authors"


def test_a_child_record_is_named_in_its_errors() -> None:
    parent = RecordReader("seed.json", "speaker “x”", {"aliases": [{"name": 5}]})
    child = parent.child("aliases", 0, parent.items("aliases")[0], label="first")
    with pytest.raises(RecordError) as caught:
        child.text("name")
    error = caught.value
    assert (error.source, error.record, error.field) == (
        "seed.json", "speaker “x” > aliases[0] (first)", "name")
    assert error.as_dict() == {"source": "seed.json", "record": "speaker “x” > aliases[0] (first)",
                               "field": "name", "message": "expected text, got int"}
    assert str(error) == "seed.json: speaker “x” > aliases[0] (first), field “name”: expected text, got int"
    assert parent.child("aliases", 1, {}).record == "speaker “x” > aliases[1]"
    assert parent.has("aliases") and not parent.has("roles")


@pytest.mark.parametrize("text,value", [("2022-01", date(2022, 1, 1)), ("2022-12-31", date(2022, 12, 31)),
                                        ("2022-1-5", date(2022, 1, 5))])
def test_every_month_from_january_to_december_is_read(text: str, value: date) -> None:
    assert parse_partial(text).value == value


@pytest.mark.parametrize("text", ["2022-00", "2022-13", "2022-00-10"])
def test_a_month_outside_1_to_12_is_refused(text: str) -> None:
    with pytest.raises(DateError, match="months run from 01 to 12"):
        parse_partial(text)


def test_a_partial_date_with_its_precision_field() -> None:
    reader = RecordReader("api", "statement", {"said": "2022-06-28", "said_precision": "approximate",
                                               "on": "2022-06", "on_precision": "day", "bad": 2022,
                                               "odd": "2022", "odd_precision": "weekly", "x": "28 June",
                                               "p": "2022", "p_precision": "a" * 33})
    said = reader.partial_date("said", "said_precision")
    assert said is not None and said.precision.value == "approximate" and said.iso() == "2022-06-28"
    on = reader.partial_date("on", "on_precision")
    assert on is not None and on.precision.value == "month"
    plain = reader.partial_date("said")
    assert plain is not None and plain.precision.value == "day"
    assert reader.partial_date("missing", "missing_precision") is None
    for field, precision, named, message in [
            ("bad", None, "bad", "expected a date written as YYYY, YYYY-MM or YYYY-MM-DD"),
            ("odd", "odd_precision", "odd_precision",
             "“weekly” is not one of: day, month, year, approximate"),
            ("x", None, "x", "is not a date"), ("p", "p_precision", "p_precision", "limit is 32")]:
        with pytest.raises(RecordError) as caught:
            reader.partial_date(field, precision)
        assert caught.value.field == named and message in caught.value.message


def test_required_text_and_lengths() -> None:
    reader = RecordReader("api", "speaker", {"name": "a" * 300, "long": "a" * 301, "empty": " "})
    assert reader.required_text("name") == "a" * 300
    for field, message in [("long", "is 301 characters long; the limit is 300"),
                           ("empty", "is required and may not be empty"),
                           ("absent", "is required and may not be empty")]:
        with pytest.raises(RecordError) as caught:
            reader.required_text(field)
        assert caught.value.field == field and caught.value.message == message
    assert reader.required_text("long", max_length=301) == "a" * 301
    with pytest.raises(RecordError, match="longer than 3 characters") as listed:
        RecordReader("api", "article", {"authors": ["abcd"]}).strings("authors", max_length=3)
    assert listed.value.field == "authors[0]"


def test_keys_and_choices() -> None:
    from tracker.models import StatementKind

    reader = RecordReader("api", "statement", {"key": "kishida-1", "bad": "Kishida 1", "long": "k" * 201,
                                               "kind": "denial", "odd": "rumour"})
    assert reader.key() == "kishida-1" and reader.key("absent", required=False) is None
    with pytest.raises(RecordError) as caught:
        reader.key("bad")
    assert caught.value.field == "bad" and caught.value.message.startswith("“Kishida 1” is not a valid key")
    with pytest.raises(RecordError, match="limit is 200"):
        reader.key("long")
    with pytest.raises(RecordError, match="is required"):
        reader.key("absent")
    assert reader.choice("kind", StatementKind) is StatementKind.DENIAL
    assert reader.choice("absent", StatementKind, StatementKind.SUMMARY) is StatementKind.SUMMARY
    with pytest.raises(RecordError) as odd:
        reader.choice("odd", StatementKind)
    assert odd.value.field == "odd" and odd.value.message.startswith("“rumour” is not one of: direct_quote, ")


@pytest.mark.parametrize("data", [[1], "name", 3, None])
def test_a_record_must_be_an_object(data: object) -> None:
    with pytest.raises(RecordError) as caught:
        RecordReader("file.json", "speakers[0]", data)
    error = caught.value
    assert (error.source, error.record, error.field) == ("file.json", "speakers[0]", None)
    assert error.message == "expected an object with named fields"
    assert RecordReader("file.json", "speakers[0]", {"a": 1}).data == {"a": 1}


def test_every_lone_surrogate_is_refused_and_the_next_character_is_not() -> None:
    from tracker.services.input.text import bad_character

    for text in ("\ud800", "\udfff", "\udbff\udc00"):
        assert "surrogate" in (bad_character(text) or "")
    assert bad_character("\ue000") is None and bad_character("\x08") and bad_character("\x0e")
    assert bad_character("\x00") == "contains a NUL character (U+0000), which text may not hold"
    with pytest.raises(RecordError, match=r"^api: r, field “x”: expected a list$"):
        RecordReader("api", "r", {"x": "a"}).items("x")


def test_list_bounds_empty_dates_and_named_characters() -> None:
    reader = RecordReader("api", "article", {"authors": ["a" * 300], "bad": ["ok", "x\x00"], "said": ""})
    assert reader.strings("authors") == ["a" * 300]
    with pytest.raises(RecordError) as caught:
        reader.strings("bad")
    assert caught.value.field == "bad[1]" and "NUL" in caught.value.message
    assert reader.partial_date("said", "said_precision") is None
