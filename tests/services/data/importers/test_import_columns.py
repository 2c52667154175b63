"""The bulk import's column helpers write exactly what the row-by-row path wrote."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from tracker.models import DatePrecision, StatementKind
from tracker.services.data.importers.columns import Same, converted, json_objects
from tracker.services.input.records import RecordReader
from tracker.services.input.text import clean

VALUES: list[Any] = [
    None, "", "plain", "  padded  ", "quote \" and \\ backslash", "line\nbreak\ttab", "Yoon Suk-yeol",
    "윤석열", "岸田文雄", "Julián", "e\u0301", "\u2028", "emoji 🙂", 0, -7, 2**40, 1.5, float("nan"),
    True, False, StatementKind.PARAPHRASE, DatePrecision.DAY, date(2022, 6, 28),
    datetime(2022, 6, 28, 12, 30), [], [["Jane", 0.81], ["None", 0.19]], {"a": [1, None]},
]


def _json_safe(value: object) -> object:
    """What the row-by-row writer stored in a revision's ``after``."""
    if isinstance(value, StatementKind | DatePrecision):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def test_json_objects_match_json_dumps() -> None:
    names = ["key", "value", "same", "last"]
    keys = [f"k{i}" for i in range(len(VALUES))]
    columns: list[Sequence[Any] | Same] = [keys, VALUES, Same(StatementKind.DENIAL), list(reversed(VALUES))]
    for ensure_ascii in (True, False):
        written = json_objects(names, columns, len(VALUES), ensure_ascii=ensure_ascii)
        expected = [json.dumps({"key": f"k{i}", "value": _json_safe(v), "same": "denial",
                                "last": _json_safe(VALUES[-1 - i])}, ensure_ascii=ensure_ascii)
                    for i, v in enumerate(VALUES)]
        assert written == expected


def test_converted_keeps_equal_values_of_other_types_apart() -> None:
    # 1 == 1.0 == True, but a bind processor may write each differently.
    assert converted(repr, [1, True, 1.0, 1, True], is_json=False) == ["1", "True", "1.0", "1", "True"]
    assert converted(json.dumps, [[1], [1]], is_json=True) == ["[1]", "[1]"]


def test_text_fast_path_matches_clean() -> None:
    for value in VALUES:
        if isinstance(value, str):
            assert RecordReader("test", "record", {"f": value}).text("f", max_length=10**6) == clean(value)
