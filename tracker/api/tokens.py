"""The write API's door: ``token_required`` checks a per-user bearer token
(``services.access.tokens`` issues and revokes them)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, jsonify, request
from werkzeug.wrappers import Response

from tracker.models.base import utcnow
from tracker.services.access import tokens
from tracker.web.database import write_session

F = TypeVar("F", bound=Callable[..., Any])


def _unauthorized(message: str) -> Response:
    response = jsonify({"error": {"status": 401, "title": "Unauthorized", "message": message}})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def token_required(view: F) -> F:
    """Require ``Authorization: Bearer <token>`` of an active user's unrevoked token."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _, plain = header.partition(" ")
        if scheme.lower() != "bearer" or not plain.strip():
            return _unauthorized("Send an API token: Authorization: Bearer <token>.")
        session = write_session()
        token = tokens.token_for(session, plain)
        if token is None or token.revoked_at is not None or not token.user.active:
            return _unauthorized("This API token is unknown or revoked.")
        token.last_used_at = utcnow()
        g.api_user_id = token.user_id
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]

