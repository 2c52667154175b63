"""The bulk import's column helpers write exactly what the row-by-row path wrote."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from tracker.models import DatePrecision, StatementKind
from tracker.services.data.importers.columns import converted
from tracker.services.input.records import RecordReader
from tracker.services.input.text import clean

VALUES: list[Any] = [
    None, "", "plain", "  padded  ", "quote \" and \\ backslash", "line\nbreak\ttab", "Yoon Suk-yeol",
    "윤석열", "岸田文雄", "Julián", "e\u0301", "\u2028", "emoji 🙂", 0, -7, 2**40, 1.5, float("nan"),
    True, False, StatementKind.PARAPHRASE, DatePrecision.DAY, date(2022, 6, 28),
    datetime(2022, 6, 28, 12, 30), [], [["Jane", 0.81], ["None", 0.19]], {"a": [1, None]},
]


def test_converted_keeps_equal_values_of_other_types_apart() -> None:
    # 1 == 1.0 == True, but a bind processor may write each differently.
    assert converted(repr, [1, True, 1.0, 1, True], is_json=False) == ["1", "True", "1.0", "1", "True"]
    assert converted(json.dumps, [[1], [1]], is_json=True) == ["[1]", "[1]"]


def test_text_fast_path_matches_clean() -> None:
    for value in VALUES:
        if isinstance(value, str):
            assert RecordReader("test", "record", {"f": value}).text("f", max_length=10**6) == clean(value)
