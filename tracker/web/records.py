"""One 404 loader per record type, for the reading pages and the API alike.

Each loads the record through the read service its page uses (the same query for HTML, its
JSON twin and the API) and answers a missing one with a 404 that names it, as HTML or JSON
(``web.errors``). A merged speaker is redirected here, once, to the speaker it was merged
into: 301 for the pages, 308 for the API (a client must repeat its method), with
``Cache-Control: no-store`` on both, since a merge can be undone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from flask import abort, redirect, request, url_for
from sqlalchemy.orm import Session

from tracker.models import Account, Article, Event, Outlet, Statement
from tracker.services.editing import edits
from tracker.services.pages import browse, page_rows, queries
from tracker.services.pages.page_rows import SpeakerRow

T = TypeVar("T")
# How a merged speaker's URL moves: decided here for every page and endpoint.
MOVED = {"page": 301, "api": 308}


def missing(kind: str, record_id: int, *, deleted: bool = False) -> NoReturn:
    """The 404 for a record that is not there (or not live)."""
    abort(404, f"There is no {kind} {record_id}" + (" (it may have been deleted)." if deleted else "."))


def found(record: T | None, kind: str, record_id: int) -> T:
    """The record, or the 404 naming it."""
    if record is None:
        missing(kind, record_id)
    return record


def moved(into: int, arg: str) -> NoReturn:
    """Redirect this request to the same endpoint for record ``into`` (keeping its query)."""
    target = url_for(request.endpoint or "", **{**(request.view_args or {}), arg: into})
    query = request.query_string.decode()
    answer = redirect(f"{target}?{query}" if query else target,
                      MOVED["api" if (request.blueprint or "").startswith("api") else "page"])
    answer.headers["Cache-Control"] = "no-store"
    abort(answer)


def speaker(session: Session, speaker_id: int) -> SpeakerRow:
    """A live speaker with names and roles (plain rows); a merged one redirects to the kept one."""
    row = found(page_rows.speaker(session, speaker_id), "speaker", speaker_id)
    if row.merged_into_id is not None:
        moved(row.merged_into_id, "speaker_id")
    return row


def statement(session: Session, statement_id: int) -> Statement:
    """A live statement with every account and its chain."""
    return found(queries.get_statement(session, statement_id), "statement", statement_id)


def conflict(session: Session, conflict_id: int,
             load: Callable[[Session, int], T | None] = queries.get_conflict) -> T:  # type: ignore[assignment]
    """A live conflict, loaded by ``load`` (the comparison page reads it as rows)."""
    return found(load(session, conflict_id), "conflict", conflict_id)


def event(session: Session, event_id: int) -> Event:
    """A live event."""
    return found(browse.get_event(session, event_id), "event", event_id)


def outlet(session: Session, outlet_id: int) -> Outlet:
    """A live outlet."""
    return found(browse.get_outlet(session, outlet_id), "outlet", outlet_id)


def article(session: Session, article_id: int) -> Article:
    """A live article with its outlet."""
    return found(browse.get_article(session, article_id), "article", article_id)


def account(session: Session, account_id: int) -> Account:
    """A live account of a live statement."""
    return found(queries.get_account(session, account_id), "account", account_id)


def editable(session: Session, kind: str, record_id: int, *, live: bool = True,
             for_edit: bool = False) -> Any:
    """Any record an editor changes (deleted ones too unless ``live``): the edit forms, history
    pages and the write API; ``for_edit`` loads what its form reads."""
    obj = edits.get_record(session, kind, record_id, for_edit=for_edit)
    if obj is None or (live and obj.deleted_at is not None):
        missing(kind, record_id, deleted=live)
    return obj

