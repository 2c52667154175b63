"""One validation path: a reader that checks one incoming record (seed, import, API body).

Every error names where it came from (file), which record, and which field, in words a
person understands.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import urlsplit

from tracker.services.input.dates import DateError, PartialDate, parse_partial
from tracker.services.input.text import bad_character, clean

E = TypeVar("E", bound=enum.Enum)

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._:-]{0,199}$")
# A language tag as BCP 47 writes one (what JSON-LD's inLanguage takes): "zh", "ko", "zh-Hant".
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
MAX_SHORT = 300
MAX_TEXT = 20_000
# The largest id an Integer column holds on both backends; a larger number names no record.
MAX_ID = 2**31 - 1


@lru_cache(maxsize=4096)
def _parsed_date(text: str, approximate: bool) -> PartialDate:
    """``parse_partial``, remembered: a bulk import reads the same dates over and over (the result
    is immutable; a bad date raises every time)."""
    return parse_partial(text, approximate=approximate)


def whole_number(raw: object, high: int = MAX_ID) -> int | None:
    """A form or URL value as a whole number in 0..high written in ASCII digits, else None.

    ``str.isdigit`` alone lets "²" (int() rejects it) and 30-digit ids (the database rejects
    them) through to a 500."""
    text = str(raw if raw is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(high)):
        return None
    value = int(text)
    return value if value <= high else None


class RecordError(ValueError):
    """A record that cannot be stored; names the source, the record and the field."""

    def __init__(self, source: str, record: str, field: str | None, message: str) -> None:
        self.source, self.record, self.field, self.message = source, record, field, message
        where = f"{source}: {record}"
        if field:
            where += f", field “{field}”"
        super().__init__(f"{where}: {message}")

    def as_dict(self) -> dict[str, str | None]:
        """The error for a JSON answer."""
        return {"source": self.source, "record": self.record, "field": self.field,
                "message": self.message}


class RecordReader:
    """Reads typed, normalized fields out of one dict, raising RecordError on bad input."""

    def __init__(self, source: str, record: str, data: object) -> None:
        self.source, self.record = source, record
        if type(data) is not dict and not isinstance(data, Mapping):
            raise RecordError(source, record, None, "expected an object with named fields")
        self.data: Mapping[str, Any] = data

    def error(self, field: str | None, message: str) -> RecordError:
        """An error about this record."""
        return RecordError(self.source, self.record, field, message)

    def has(self, field: str) -> bool:
        """Whether the record gives this field at all."""
        return field in self.data

    def text(self, field: str, *, required: bool = False, max_length: int = MAX_SHORT) -> str | None:
        """A string, NFC-normalized and trimmed; empty means absent."""
        raw = self.data.get(field)
        if type(raw) is str and raw.isascii() and "\r" not in raw:
            value = raw.strip() or None  # ASCII text is already NFC: only trim (as clean does)
        elif raw is None or raw == "":
            value = None
        elif not isinstance(raw, str):
            raise self.error(field, f"expected text, got {type(raw).__name__}")
        else:
            value = clean(raw)
        if value is None:
            if required:
                raise self.error(field, "is required and may not be empty")
            return None
        reason = bad_character(value)
        if reason:
            raise self.error(field, reason)
        if len(value) > max_length:
            raise self.error(field, f"is {len(value):,} characters long; the limit is {max_length:,}")
        return value

    def required_text(self, field: str, *, max_length: int = MAX_SHORT) -> str:
        """A string that must be present."""
        value = self.text(field, required=True, max_length=max_length)
        assert value is not None
        return value

    def key(self, field: str = "key", *, required: bool = True) -> str | None:
        """A stable source id."""
        value = self.text(field, required=required, max_length=200)
        if value is not None and not KEY_PATTERN.match(value):
            raise self.error(field, f"“{value}” is not a valid key: use lowercase letters, digits, "
                             "“-”, “.”, “_” or “:”, starting with a letter or digit")
        return value

    def language(self, field: str = "language") -> str | None:
        """A language tag (BCP 47, as inLanguage takes it): "ko", "ja", "zh-Hans"; "" is absent."""
        value = self.text(field)
        if value is not None and (len(value) > 16 or not LANGUAGE_PATTERN.match(value)):
            raise self.error(field, f"“{value}” is not a language code: write two or three letters "
                             "as ISO 639 gives them (“zh”, “ko”, “ja”, “en”), optionally with a script "
                             "or region (“zh-Hant”)")
        return value

    def choice(self, field: str, kind: type[E], default: E | None = None) -> E | None:
        """One of an enumeration's values."""
        value = self.text(field, max_length=64)
        if value is None:
            return default
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in kind)
            raise self.error(field, f"“{value}” is not one of: {allowed}") from None

    def partial_date(self, field: str, precision_field: str | None = None) -> PartialDate | None:
        """A partial date, optionally marked approximate by a sibling precision field."""
        value = self.data.get(field)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.error(field, "expected a date written as YYYY, YYYY-MM or YYYY-MM-DD")
        approximate = False
        if precision_field:
            precision = self.text(precision_field, max_length=32)
            if precision not in (None, "day", "month", "year", "approximate"):
                raise self.error(precision_field, f"“{precision}” is not one of: day, month, year, "
                                 "approximate")
            approximate = precision == "approximate"
        try:
            return _parsed_date(value, approximate)
        except DateError as exc:
            raise self.error(field, str(exc)) from None

    def url(self, field: str) -> str | None:
        """An http(s) URL."""
        value = self.text(field, max_length=2000)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise self.error(field, f"“{value}” is not a web address starting with http:// or https://")
        return value

    def items(self, field: str) -> list[Any]:
        """A list (absent means empty)."""
        value = self.data.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(field, "expected a list")
        return value

    def strings(self, field: str, *, max_length: int = MAX_SHORT) -> list[str]:
        """A list of non-empty strings."""
        result = []
        for position, raw in enumerate(self.items(field)):
            if not isinstance(raw, str) or not clean(raw):
                raise self.error(f"{field}[{position}]", "expected non-empty text")
            value = clean(raw)
            assert value is not None
            if len(value) > max_length:
                raise self.error(f"{field}[{position}]", f"is longer than {max_length} characters")
            reason = bad_character(value)
            if reason:
                raise self.error(f"{field}[{position}]", reason)
            result.append(value)
        return result

    def anchor(self, field: str = "anchor") -> dict[str, Any]:
        """A text-quote anchor into an article's text: ``{"exact", "prefix", "suffix", "start",
        "end"}`` as the ``anchor_*`` columns (all None when absent)."""
        value = self.data.get(field)
        columns: dict[str, Any] = dict.fromkeys(("anchor_exact", "anchor_prefix", "anchor_suffix",
                                                 "anchor_start", "anchor_end"))
        if value is None:
            return columns
        if not isinstance(value, dict):
            raise self.error(field, "expected an object with exact, prefix, suffix, start and end")
        inner = RecordReader(self.source, f"{self.record} > {field}", value)
        columns["anchor_exact"] = inner.required_text("exact", max_length=MAX_TEXT)
        for name in ("prefix", "suffix"):  # kept as given: their spaces are part of the context
            raw_text = value.get(name)
            if raw_text is not None and (not isinstance(raw_text, str) or len(raw_text) > 200):
                raise inner.error(name, "expected text of at most 200 characters")
            columns[f"anchor_{name}"] = raw_text or None
        for name in ("start", "end"):
            raw = value.get(name)
            number = whole_number(raw) if raw is not None else None
            if raw is not None and number is None:
                raise inner.error(name, "expected a character offset (a whole number, 0 or more)")
            columns[f"anchor_{name}"] = number
        if (columns["anchor_start"] is None) != (columns["anchor_end"] is None) or (
                columns["anchor_start"] is not None and columns["anchor_end"] < columns["anchor_start"]):
            raise inner.error("end", "start and end go together, and end is not before start")
        return columns

    def child(self, field: str, position: int, data: object, label: str | None = None) -> RecordReader:
        """A reader for a nested record, named for error messages."""
        name = f"{self.record} > {field}[{position}]" + (f" ({label})" if label else "")
        return RecordReader(self.source, name, data)
