"""The JSON read API under /api/v1: the pages' queries and rows (``services.pages``), and their
404 loaders (``web.records``), so an endpoint answers what its page's JSON twin does."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.wrappers import Response

from tracker.api.representation import article as article_json
from tracker.api.representation import event as event_json
from tracker.api.representation import outlet as outlet_json
from tracker.api.representation import represent
from tracker.models import ConflictStatus, SpeakerKind
from tracker.services.input.parameters import ParameterError
from tracker.services.pages import browse, page_rows, queries, serialize
from tracker.services.pages.browse import TimelineFilter
from tracker.services.pages.pagination import Page, page_args
from tracker.web import records
from tracker.web.database import get_session

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _no_nul_in_arguments() -> None:
    """A NUL character can be stored in no text column (PostgreSQL refuses it): say so, early."""
    for name, value in request.args.items(multi=True):
        if "\x00" in value or "\x00" in name:
            raise ParameterError(name, "contains a NUL character")


def _choice(name: str, kind: Any) -> Any:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise ParameterError(name, f"“{raw}” is not one of: {allowed}") from None


def _check_args(*allowed: str) -> None:
    unknown = sorted(set(request.args) - set(allowed))
    if unknown:
        raise ParameterError(unknown[0], f"is not a parameter here; use {', '.join(allowed)}")


def _page_json(page: Page[Any], items: list[Any]) -> Response:
    return jsonify({"items": items, "pagination": page.meta()})


@bp.get("/speakers")
def speakers() -> Response:
    """Speakers by name or alias (case-, accent-, hyphen- and space-insensitive)."""
    _check_args("q", "kind", "country", "page", "per_page")
    page, per_page = page_args(request.args, current_app.config["PAGE_SIZE"],
                               current_app.config["MAX_PAGE_SIZE"])
    session = get_session()
    result = queries.speaker_list(session, page, per_page, q=request.args.get("q"),
                                  kind=_choice("kind", SpeakerKind), country=request.args.get("country"))
    counts = queries.statement_counts(session, [s.id for s in result.items])
    return _page_json(result, [serialize.speaker_summary(s, counts.get(s.id, 0)) for s in result.items])


@bp.get("/speakers/<int:speaker_id>")
def speaker(speaker_id: int) -> Response:
    """A speaker: aliases, roles and statements in date order (paginated)."""
    _check_args("page", "per_page")
    session = get_session()
    found = records.speaker(session, speaker_id)
    page, per_page = page_args(request.args, current_app.config["PAGE_SIZE"],
                               current_app.config["MAX_PAGE_SIZE"])
    # The speaker page's rows, paged by number (the page itself pages by cursor).
    statements = browse.timeline(session, page, per_page, TimelineFilter(speaker_ids=[found.id]),
                                 page_rows.statements_in_full)
    body = {**serialize.speaker_detail(found), "version": found.version}
    body["statements"] = [serialize.statement(s) for s in statements.items]
    body["statements_pagination"] = statements.meta()
    return jsonify(body)


@bp.get("/statements/<int:statement_id>")
def statement(statement_id: int) -> Response:
    """A statement with every account and its chain of attribution."""
    _check_args()
    return jsonify(represent(records.statement(get_session(), statement_id)))


@bp.get("/conflicts")
def conflicts() -> Response:
    """Conflicts, newest first, optionally by status."""
    _check_args("status", "page", "per_page")
    page, per_page = page_args(request.args, current_app.config["PAGE_SIZE"],
                               current_app.config["MAX_PAGE_SIZE"])
    result = queries.conflict_list(get_session(), page, per_page, _choice("status", ConflictStatus))
    return _page_json(result, [serialize.conflict_summary(c) for c in result.items])


@bp.get("/conflicts/<int:conflict_id>")
def conflict(conflict_id: int) -> Response:
    """A conflict with its versions and the points on which they differ."""
    _check_args()
    return jsonify(represent(records.conflict(get_session(), conflict_id)))


def _paging() -> tuple[int, int]:
    return page_args(request.args, current_app.config["PAGE_SIZE"], current_app.config["MAX_PAGE_SIZE"])


@bp.get("/outlets")
def outlets() -> Response:
    """Outlets A–Z."""
    _check_args("page", "per_page")
    page, per_page = _paging()
    result = browse.outlet_list(get_session(), page, per_page)
    return _page_json(result, [outlet_json(o) for o in result.items])


@bp.get("/outlets/<int:outlet_id>")
def outlet(outlet_id: int) -> Response:
    """An outlet."""
    _check_args()
    return jsonify(outlet_json(records.outlet(get_session(), outlet_id)))


@bp.get("/events")
def events() -> Response:
    """Events by start date (undated last), then name."""
    _check_args("page", "per_page")
    page, per_page = _paging()
    result = browse.event_list(get_session(), page, per_page)
    return _page_json(result, [event_json(e) for e in result.items])


@bp.get("/events/<int:event_id>")
def event(event_id: int) -> Response:
    """An event."""
    _check_args()
    return jsonify(event_json(records.event(get_session(), event_id)))


@bp.get("/articles/<int:article_id>")
def article(article_id: int) -> Response:
    """An article with its outlet."""
    _check_args()
    return jsonify(article_json(records.article(get_session(), article_id)))


@bp.get("/accounts/<int:account_id>")
def account(account_id: int) -> Response:
    """An account of a statement: narrator, article, wording, stance and chain."""
    _check_args()
    return jsonify(represent(records.account(get_session(), account_id)))


@bp.get("/topics")
def topics() -> Response:
    """Every topic (statements refer to topics by key)."""
    _check_args()
    found = browse.all_topics(get_session())
    return jsonify({"items": [{"id": t.id, "key": t.key, "name": t.name} for t in found]})
