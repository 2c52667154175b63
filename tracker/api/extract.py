"""`POST /api/v1/extract`: the statements an article's text proposes (nothing is written)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

from tracker.api.tokens import token_required
from tracker.api.write import ApiError, read_body
from tracker.services.extraction.known import MAX_ARTICLE, extract
from tracker.web.database import get_session
from tracker.web.errors import error_response

bp = Blueprint("api_extract", __name__, url_prefix="/api/v1")


@bp.errorhandler(ApiError)
def _refused(exc: ApiError) -> tuple[Response | str, int]:
    return error_response(exc.status, exc.title, exc.message, **exc.extra)


@bp.post("/extract")
@token_required
def extract_article() -> Response:
    """Body ``{"text": "...", "published": "YYYY-MM-DD" or null}``; answers ``{"proposals": [...]}``."""
    body = read_body()
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(422, "Invalid request", "“text” must be the article's text.", field="text")
    if len(text) > MAX_ARTICLE:
        raise ApiError(422, "Invalid request", f"“text” has {len(text):,} characters; the limit is "
                       f"{MAX_ARTICLE:,}.", field="text")
    raw = body.get("published")
    published: date | None = None
    if raw is not None:
        try:
            published = date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            published = None
        if published is None:
            raise ApiError(422, "Invalid request", "“published” must be a date, YYYY-MM-DD.",
                           field="published")
    return jsonify(extract(get_session(), text, published))
