"""Links to records by id, for pages that show hundreds of them.

``url_for`` costs some 15 µs a call (URL map lookup, converters, quoting); a page of twenty
statements with their accounts links a hundred records. ``id_link`` calls it once, with a
placeholder id, and formats each id into the result, so the links stay exactly what
``url_for`` builds (application root, SCRIPT_NAME and all).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for

_PLACEHOLDER = 9_876_543_210


def id_link(endpoint: str, key: str, external: bool = False) -> Callable[[int], str]:
    """A function of an id giving ``url_for(endpoint, **{key: id}, _external=external)``."""
    values: dict[str, Any] = {key: _PLACEHOLDER, "_external": external}
    head, found, tail = url_for(endpoint, **values).rpartition(str(_PLACEHOLDER))
    assert found, f"{endpoint} does not put {key} in its URL"

    def link(record_id: int) -> str:
        return f"{head}{record_id}{tail}"

    return link


def record_links() -> dict[str, Any]:
    """The link functions (``Callable[[int], str]``) a list of statements with their accounts
    uses (``_statement_list.html``), as template context."""
    return {"statement_url": id_link("statements.detail", "statement_id"),
            "event_url": id_link("events.detail", "event_id"),
            "speaker_url": id_link("speakers.detail", "speaker_id"),
            "article_url": id_link("articles.detail", "article_id"),
            "outlet_url": id_link("outlets.detail", "outlet_id")}
