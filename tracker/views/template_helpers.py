"""Filters and globals the browsing templates share."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import Flask

from tracker.services.input.dates import format_partial, human_date, read_as
from tracker.views.params import url_with

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def lang_tag(language: str | None, script: str | None = None) -> str | None:
    """A BCP 47 tag for text not in the page's English ('ko', 'ja-Jpan'), else None."""
    if not language or not _LANG.match(language):
        return None
    if language.split("-")[0].lower() == "en" and script in (None, "Latn"):
        return None
    if script and re.fullmatch(r"[A-Z][a-z]{3}", script) and "-" not in language:
        return f"{language}-{script}"
    return language


def _label(field: Any) -> str:
    label = getattr(field, "label", None)
    return str(getattr(label, "text", "") or field.name)


def error_list(form: Any, extra: Iterable[str] = ()) -> list[tuple[str | None, str]]:
    """Every error of a form for its summary: (the id of the field it is about, or None;
    the message, starting with the field's label), in the order the fields appear, rows
    ("Chain of attribution, row 2, Speaker: …") included; then the form's own errors."""
    found: list[tuple[str | None, str]] = []
    for field in form if form is not None else ():
        if field.type in ("CSRFTokenField", "HiddenField"):
            continue
        entries = getattr(field, "entries", None)
        if entries is not None:
            for position, entry in enumerate(entries, 1):
                subfields = entry.form if hasattr(entry, "form") else [entry]
                for sub in subfields:
                    found.extend((sub.id, f"{_label(field)}, row {position}, {_label(sub)}: {message}")
                                 for message in sub.errors)
            continue
        found.extend((field.id, f"{_label(field)}: {message}") for message in field.errors)
    own = list(getattr(form, "form_errors", None) or [])
    found.extend((None, message) for message in [*own, *extra])
    return found


def init_app(app: Flask) -> None:
    """Register the helpers with Jinja."""
    app.add_template_global(error_list)
    app.add_template_global(read_as)
    app.add_template_filter(lang_tag)
    app.add_template_global(human_date)
    app.add_template_global(format_partial)
    app.add_template_global(url_with)
