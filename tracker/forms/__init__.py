"""WTForms classes: they render fields and carry the CSRF token; RecordReader validates."""

from __future__ import annotations

import re
from typing import Any

from tracker.services.input.records import RecordError

_ROW = re.compile(r"(\w+)\[(\d+)\]")


def _add(field: Any, message: str) -> None:
    field.errors = [*field.errors, message]


def attach_error(form: Any, field: str | None, message: str, record: str = "",
                 aliases: dict[str, str] | None = None) -> None:
    """Show an error next to the field it is about (or above the form when it has no field)."""
    aliases = aliases or {}
    nested = _ROW.findall(record.split(">", 1)[1]) if ">" in record else []
    name = aliases.get(field or "", field or "")
    if nested:
        rows, position = nested[-1][0], int(nested[-1][1])
        container = getattr(form, aliases.get(rows, rows), None)
        entries = getattr(container, "entries", None)
        if entries is not None and position < len(entries):
            sub = getattr(entries[position].form, name, None) if name else None
            if sub is not None:
                _add(sub, message)
                return
        if container is not None and hasattr(container, "errors"):
            form.form_errors.append(f"Row {position + 1}: {message}")
            return
    target = getattr(form, name, None) if name else None
    if target is not None and hasattr(target, "entries"):  # about a list of rows as a whole
        form.form_errors.append(f"{target.label.text}: {message}")
    elif target is not None and hasattr(target, "errors"):
        _add(target, message)
    else:
        label = f"{field}: " if field else ""
        form.form_errors.append(label + message)


def attach_record_error(form: Any, exc: RecordError, aliases: dict[str, str] | None = None) -> None:
    """Show a RecordError next to its field."""
    attach_error(form, exc.field, exc.message, exc.record, aliases)
