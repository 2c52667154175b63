"""Characters no request may carry, refused before any view reads them.

Every query parameter and every form field goes through ``services.input.text.bad_character``
(the rule the ``RecordReader`` applies to API bodies and import rows): a NUL, another control
character or a lone surrogate is a 400 naming the parameter or field, on SQLite and PostgreSQL
alike, before it can reach a query (PostgreSQL refuses NUL in text with an error). Query
parameters are single lines, so CR and LF are refused there too (a ``next=`` carrying a
newline would otherwise reach a ``Location`` header; a tab pasted into the search box is
kept); form fields may hold them (a textarea sends CR LF, which ``clean`` writes as LF).
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.datastructures import MultiDict

from tracker.services.input.parameters import ParameterError
from tracker.services.input.text import bad_character

_LINE_BREAKS = ("\n", "\r")


def _check(values: MultiDict[str, str], single_line: bool) -> None:
    for name, value in values.items(multi=True):
        for text, what in ((name, "the parameter's name"), (value, None)):
            reason = bad_character(text)
            if reason is None and single_line and any(ch in text for ch in _LINE_BREAKS):
                reason = "contains a line break, which a query parameter may not hold"
            if reason:
                label = name if bad_character(name) is None else repr(name)[1:-1][:60]
                raise ParameterError(label, f"{what} {reason}" if what else reason)


def init_app(app: Flask) -> None:
    """Check every request's query string and form before the view runs."""

    @app.before_request
    def _refuse_bad_characters() -> None:
        _check(request.args, single_line=True)
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.mimetype in (
                "application/x-www-form-urlencoded", "multipart/form-data"):
            _check(request.form, single_line=False)
