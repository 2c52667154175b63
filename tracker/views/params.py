"""Reading the browsing pages' query parameters: a bad one is a 400 that says why."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any, TypeVar

from flask import current_app, request, url_for

from tracker.services.input.dates import DateError, parse_partial, period
from tracker.services.input.parameters import ParameterError
from tracker.services.input.records import MAX_ID
from tracker.services.pages.pagination import page_args

E = TypeVar("E", bound=enum.Enum)


def pages() -> tuple[int, int]:
    """``page`` and ``per_page`` within the configured bounds."""
    return page_args(request.args, current_app.config["PAGE_SIZE"], current_app.config["MAX_PAGE_SIZE"])


def _to_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(name, f"“{raw}” is not an id (a whole number)") from None
    if value < 1:
        raise ParameterError(name, f"“{raw}” is not an id (ids start at 1)")
    if value > MAX_ID:
        raise ParameterError(name, f"there is no record {raw} (ids go up to {MAX_ID})")
    return value


def int_arg(name: str) -> int | None:
    """An optional id parameter."""
    raw = request.args.get(name, "").strip()
    return _to_int(name, raw) if raw else None


def int_list(name: str) -> list[int]:
    """A repeatable id parameter (``?speaker=1&speaker=2``), duplicates removed, order kept."""
    values = [_to_int(name, raw.strip()) for raw in request.args.getlist(name) if raw.strip()]
    return list(dict.fromkeys(values))


def choice(name: str, kind: type[E]) -> E | None:
    """An optional enumeration value."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise ParameterError(name, f"“{raw}” is not one of: {allowed}") from None


def text_arg(name: str, max_length: int = 200) -> str | None:
    """An optional free-text parameter, trimmed."""
    raw = request.args.get(name, "").strip()
    if len(raw) > max_length:
        raise ParameterError(name, f"is longer than {max_length} characters")
    return raw or None


def date_range() -> tuple[date | None, date | None]:
    """``from`` and ``to`` as partial dates; ``to=2022-06`` runs to the end of June."""
    bounds: list[date | None] = []
    for name, last in (("from", False), ("to", True)):
        raw = request.args.get(name, "").strip()
        if not raw:
            bounds.append(None)
            continue
        try:
            partial = parse_partial(raw)
        except DateError as exc:
            raise ParameterError(name, str(exc)) from None
        first_day, last_day = period(partial.value, partial.precision)
        bounds.append(last_day if last else first_day)
    start, end = bounds
    if start and end and start > end:
        raise ParameterError("to", "the end of the date range comes before its start")
    return start, end


def url_with(**changes: Any) -> str:
    """The current page's URL with some query parameters changed (None removes one)."""
    args: dict[str, Any] = {k: request.args.getlist(k) for k in request.args if not k.startswith("_")}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    values = dict(request.view_args or {})
    for key in values:
        args.pop(key, None)
    return url_for(request.endpoint or "home.index", **values, **args)
