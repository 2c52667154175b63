"""The JSON read API under /api/v1."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, redirect, request, url_for
from werkzeug.wrappers import Response

from .db import get_session
from .errors import ParameterError
from .models import ConflictStatus, SpeakerKind
from .services import queries, serialize
from .services.pagination import Page, page_args

bp = Blueprint("api", __name__, url_prefix="/api/v1")


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
    found = queries.get_speaker(session, speaker_id)
    if found is None:
        abort(404, f"There is no speaker {speaker_id}.")
    if found.merged_into_id is not None:
        query = request.query_string.decode()
        target = url_for(".speaker", speaker_id=found.merged_into_id)
        return redirect(f"{target}?{query}" if query else target, 308)
    page, per_page = page_args(request.args, current_app.config["PAGE_SIZE"],
                               current_app.config["MAX_PAGE_SIZE"])
    statements = queries.statement_list(session, page, per_page, speaker_id=found.id)
    body = serialize.speaker_detail(found)
    body["statements"] = [serialize.statement(s) for s in statements.items]
    body["statements_pagination"] = statements.meta()
    return jsonify(body)


@bp.get("/statements/<int:statement_id>")
def statement(statement_id: int) -> Response:
    """A statement with every account and its chain of attribution."""
    _check_args()
    found = queries.get_statement(get_session(), statement_id)
    if found is None:
        abort(404, f"There is no statement {statement_id}.")
    return jsonify(serialize.statement(found))


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
    found = queries.get_conflict(get_session(), conflict_id)
    if found is None:
        abort(404, f"There is no conflict {conflict_id}.")
    return jsonify(serialize.conflict_detail(found))
